/**
 * The D2Q9 velocity set (Qian, d'Humières & Lallemand 1992): nine discrete velocities c_q with
 * weights w_q, lattice sound speed c_s = 1/√3, all in lattice units (cell spacing 1, time step 1).
 *
 * Ordering: 0 rest; 1–4 axis-aligned (+x, +y, −x, −y); 5–8 diagonal (+x+y, −x+y, −x−y, +x−y).
 */
import { checkFinite, checkPositive } from "../validate";

/** x components of c_q. */
export const CX: readonly number[] = Object.freeze([0, 1, 0, -1, 0, 1, -1, -1, 1]);
/** y components of c_q. */
export const CY: readonly number[] = Object.freeze([0, 0, 1, 0, -1, 1, 1, -1, -1]);
/** Weights w_q (sum to 1). */
export const W: readonly number[] = Object.freeze([4 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 36, 1 / 36, 1 / 36, 1 / 36]);
/** Index of −c_q (used by bounce-back). */
export const OPPOSITE: readonly number[] = Object.freeze([0, 3, 4, 1, 2, 7, 8, 5, 6]);
/** Number of velocities. */
export const Q = 9;
/** Squared lattice sound speed c_s² = 1/3. */
export const CS2 = 1 / 3;

/**
 * Second-order equilibrium f_q^eq = w_q ρ (1 + 3 c·u + 4.5 (c·u)² − 1.5 |u|²) for one direction,
 * density ρ and velocity (ux, uy) in lattice units.
 */
export function equilibrium(q: number, rho: number, ux: number, uy: number): number {
  const cu = CX[q] * ux + CY[q] * uy;
  return W[q] * rho * (1 + 3 * cu + 4.5 * cu * cu - 1.5 * (ux * ux + uy * uy));
}

/** Kinematic viscosity ν = c_s² (τ − 1/2) of BGK with relaxation time τ > 1/2 (lattice units). */
export function viscosityFromTau(tau: number): number {
  if (!(checkFinite("lbm.viscosityFromTau", "tau", tau) > 0.5)) {
    throw new RangeError(`lbm.viscosityFromTau: tau must be > 0.5 (the BGK viscosity (tau − 1/2)/3 must be positive), got ${tau}`);
  }
  return CS2 * (tau - 0.5);
}

/** Relaxation time τ = ν / c_s² + 1/2 giving kinematic viscosity ν > 0 (lattice units). */
export function tauFromViscosity(viscosity: number): number {
  return checkPositive("lbm.tauFromViscosity", "viscosity", viscosity) / CS2 + 0.5;
}
