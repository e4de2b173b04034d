/**
 * Wind through the building layout, along +x with speed U at the inlet, periodic in y. Two models,
 * both returned as discretely divergence-free face winds (see projection.ts):
 *
 *   - "potential": the projection of the uniform wind U — discrete potential flow around the
 *     buildings (no wakes; one Poisson solve).
 *   - "lbm": steady viscous flow from the D2Q9 lattice Boltzmann model (one lattice node per cell,
 *     bounce-back buildings, Zou–He inlet, zero-gradient outlet), with kinematic (eddy) viscosity ν;
 *     wakes and recirculation behind buildings. The node velocities are averaged to the faces and
 *     projected. Units: the lattice runs at speed `latticeVelocity` and is scaled back to U.
 */
import { Lattice2d } from "../lbm/lattice";
import { tauFromViscosity } from "../lbm/d2q9";
import { checkFinite, checkInteger, checkPositive } from "../validate";
import type { FaceWind } from "./faces";
import { projectWind } from "./projection";
import type { BuildingMask } from "./raster";

export interface WindInfo {
  /** "potential" or "lbm". */
  model: string;
  /** Lattice steps taken (lbm) and whether the velocity reached a steady state. */
  steps: number;
  converged: boolean;
  /** Largest change of the lattice velocity over the last check interval, relative to the inlet velocity. */
  change: number;
  /** BGK relaxation time (lbm) or NaN. */
  tau: number;
  /** CG iterations of the projection and the largest relative net outflow of a cell afterwards. */
  projectionIterations: number;
  maxDivergence: number;
}

export interface WindResult {
  wind: FaceWind;
  info: WindInfo;
}

/** Discrete potential flow: the divergence-free projection of a uniform wind `speed` (m/s) along x. */
export function potentialWind(mask: BuildingMask, speed: number): WindResult {
  checkPositive("urban.potentialWind", "speed", speed);
  const { nx, ny } = mask.grid;
  const uniform: FaceWind = { grid: mask.grid, u: new Float64Array(ny * (nx + 1)).fill(speed), v: new Float64Array(nx * ny) };
  const p = projectWind(mask, uniform);
  return { wind: p.wind, info: { model: "potential", steps: 0, converged: true, change: 0, tau: Number.NaN, projectionIterations: p.iterations, maxDivergence: p.maxDivergence } };
}

export interface LbmWindOptions {
  /** Inlet wind speed U (m/s). */
  speed: number;
  /** Kinematic (eddy) viscosity ν (m²/s). */
  viscosity: number;
  /** Lattice inlet velocity (default 0.1, Mach 0.17). */
  latticeVelocity?: number;
  /** Smallest relaxation time accepted (default 0.51); coarser grids need a larger viscosity. */
  minTau?: number;
  /** Steady when the velocity changes by less than tolerance·U per check interval (default 1e-4). */
  tolerance?: number;
  /** Steps between convergence checks (default: a quarter of a flow-through time nx/U_lattice). */
  checkInterval?: number;
  /** Step limit (default 30 flow-through times). Unconverged flows return the mean of the last interval. */
  maxSteps?: number;
}

/** Steady (or last-interval-mean) lattice Boltzmann wind through the mask; requires square cells. */
export function lbmWind(mask: BuildingMask, opts: LbmWindOptions): WindResult {
  const where = "urban.lbmWind";
  const { nx, ny, dx, dy } = mask.grid;
  if (Math.abs(dx - dy) > 1e-9 * dx) throw new RangeError(`${where}: the lattice needs square cells, got dx = ${dx} m and dy = ${dy} m`);
  const speed = checkPositive(where, "speed", opts.speed);
  const nu = checkPositive(where, "viscosity", opts.viscosity);
  const uLat = checkFinite(where, "latticeVelocity", opts.latticeVelocity ?? 0.1, 1e-4, 0.17);
  const minTau = checkFinite(where, "minTau", opts.minTau ?? 0.51, 0.5000001, 10);
  const tol = checkPositive(where, "tolerance", opts.tolerance ?? 1e-4);
  const flowThrough = Math.ceil(nx / uLat);
  const checkInterval = checkInteger(where, "checkInterval", opts.checkInterval ?? Math.max(10, Math.ceil(flowThrough / 4)), 1);
  const maxSteps = checkInteger(where, "maxSteps", opts.maxSteps ?? 30 * flowThrough, 1);
  // Lattice units: Δx = dx, Δt = uLat·dx/U, so ν_lattice = ν·Δt/Δx² = ν·uLat/(U·dx).
  const nuLat = (nu * uLat) / (speed * dx);
  const tau = tauFromViscosity(nuLat);
  if (tau < minTau) {
    const nuMin = ((minTau - 0.5) / 3) * (speed * dx) / uLat;
    throw new RangeError(`${where}: viscosity ${nu} m²/s at dx = ${dx} m and U = ${speed} m/s gives lattice tau ${tau.toFixed(4)} < ${minTau} (cell Reynolds number U·dx/ν = ${(speed * dx / nu).toFixed(1)} too high for BGK); use viscosity ≥ ${nuMin.toPrecision(3)} m²/s or a finer grid`);
  }
  const lattice = new Lattice2d({ nx, ny, tau, solid: mask.solid, xBoundary: { inletVelocity: uLat } });
  const n = nx * ny;
  let prev = lattice.macroscopic();
  const sumX = new Float64Array(n), sumY = new Float64Array(n);
  const buffer = { rho: new Float64Array(n), ux: new Float64Array(n), uy: new Float64Array(n) };
  let steps = 0, change = Infinity, samples = 0;
  while (steps < maxSteps) {
    const chunk = Math.min(checkInterval, maxSteps - steps);
    sumX.fill(0); sumY.fill(0); samples = 0;
    for (let s = 0; s < chunk; s++) {
      lattice.step();
      if (s % 5 === 0 || s === chunk - 1) {
        const m = lattice.macroscopic(buffer);
        for (let c = 0; c < n; c++) { sumX[c] += m.ux[c]; sumY[c] += m.uy[c]; }
        samples++;
      }
    }
    steps += chunk;
    const now = lattice.macroscopic();
    change = 0;
    for (let c = 0; c < n; c++) change = Math.max(change, Math.abs(now.ux[c] - prev.ux[c]), Math.abs(now.uy[c] - prev.uy[c]));
    change /= uLat;
    prev = now;
    if (change < tol) break;
  }
  const converged = change < tol;
  // Steady: the final field; otherwise the mean over the last interval.
  const ux = converged ? prev.ux : sumX.map((v) => v / samples);
  const uy = converged ? prev.uy : sumY.map((v) => v / samples);
  const scale = speed / uLat;
  const star: FaceWind = { grid: mask.grid, u: new Float64Array(ny * (nx + 1)), v: new Float64Array(n) };
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny;
    star.u[j * (nx + 1)] = speed;
    for (let i = 1; i < nx; i++) star.u[j * (nx + 1) + i] = 0.5 * (ux[j * nx + i - 1] + ux[j * nx + i]) * scale;
    star.u[j * (nx + 1) + nx] = ux[j * nx + nx - 1] * scale;
    for (let i = 0; i < nx; i++) star.v[j * nx + i] = 0.5 * (uy[jm * nx + i] + uy[j * nx + i]) * scale;
  }
  const p = projectWind(mask, star);
  return { wind: p.wind, info: { model: "lbm", steps, converged, change, tau, projectionIterations: p.iterations, maxDivergence: p.maxDivergence } };
}
