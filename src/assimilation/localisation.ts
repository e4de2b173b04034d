/**
 * Covariance localisation for the ensemble Kalman filter: the Gaspari–Cohn taper (Gaspari & Cohn
 * 1999, eq. 4.10), a compactly supported fifth-order piecewise rational function that is ~Gaussian
 * with half-width c and exactly 0 beyond 2c, multiplied entry by entry into the sample covariances
 * (Houtekamer & Mitchell 2001) to remove the spurious long-range correlations of a small ensemble.
 */
import { checkFinite, checkPositive } from "../core/checks";
import { checkMatrix } from "./dense";

/** Gaspari–Cohn correlation at r = distance / c (1 at r = 0, 0 for r ≥ 2). */
export function gaspariCohn(r: number): number {
  const s = Math.abs(r);
  if (s >= 2) return 0;
  if (s <= 1) return ((( -0.25 * s + 0.5) * s + 0.625) * s - 5 / 3) * s * s + 1;
  return (((((s / 12 - 0.5) * s + 0.625) * s + 5 / 3) * s - 5) * s + 4) - 2 / (3 * s);
}

/**
 * The taper ρ [p, q] between points a [p, 2] and b [q, 2] (coordinates (y, x), row-major pairs, in
 * length units): ρ_ij = gaspariCohn(|a_i − b_j| / length), the x distance taken on a circle of
 * circumference `periodX` when given (a periodic channel).
 */
export function localisationTaper(a: Float64Array, b: Float64Array, length: number, opts: { periodX?: number } = {}): Float64Array {
  const where = "assimilation.localisationTaper";
  const c = checkPositive(where, "length", length);
  if (a.length % 2 !== 0 || b.length % 2 !== 0) throw new RangeError(`${where}: a and b must be point lists [p, 2] of (y, x), got ${a.length} and ${b.length} numbers`);
  checkMatrix(where, "a", a, a.length, `[${a.length / 2}, 2]`);
  checkMatrix(where, "b", b, b.length, `[${b.length / 2}, 2]`);
  const L = opts.periodX === undefined ? Infinity : checkPositive(where, "periodX", checkFinite(where, "periodX", opts.periodX));
  const p = a.length / 2, q = b.length / 2, rho = new Float64Array(p * q);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < q; j++) {
      const dy = a[2 * i] - b[2 * j];
      let dx = Math.abs(a[2 * i + 1] - b[2 * j + 1]);
      if (L !== Infinity) { dx %= L; dx = Math.min(dx, L - dx); }
      rho[i * q + j] = gaspariCohn(Math.sqrt(dx * dx + dy * dy) / c);
    }
  }
  return rho;
}

/** The (y, x) coordinates [n, 2] of the grid nodes of an [ny, nx] field with spacings dy, dx (node (0, 0) at the origin). */
export function gridCoordinates(ny: number, nx: number, dy: number, dx: number): Float64Array {
  const out = new Float64Array(2 * ny * nx);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) { out[2 * (j * nx + i)] = j * dy; out[2 * (j * nx + i) + 1] = i * dx; }
  return out;
}
