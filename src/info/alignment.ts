/**
 * How a learned coordinate relates to a known one: the angle between two directions, the linear
 * direction a scalar latent reads from its input, and angles on a ring.
 *
 * - `absCosine(u, v)` = |u·v| / (‖u‖‖v‖): 1 when the directions coincide (either sign), 0 when
 *   orthogonal.
 * - `linearDirection(x, d, h)`: the least-squares fit h ≈ a + wᵀx (normal equations on the sample
 *   covariance, Σ_xx w = Σ_xh) — the direction in x a (possibly nonlinear) encoder reads — with R².
 * - `ringAngle(points)`: the angle of 2D points about their mean after whitening by their sample
 *   covariance (an ellipse becomes a circle, so a ring of any aspect ratio gives uniform angles).
 * - `circularCorrelation(a, b)`: the Fisher–Lee coefficient of two angles (Fisher & Lee 1983,
 *   Biometrika 70, 327, eq. 3), ρ = Σ_{i<j} sin(a_i − a_j) sin(b_i − b_j) / √(Σ sin²(a_i − a_j) Σ
 *   sin²(b_i − b_j)) ∈ [−1, 1]: ±1 when a = ±b + const, ~0 for independent angles; invariant to
 *   rotating either angle. Computed in O(n) from sums of sines and cosines.
 */
import { checkInt } from "../core/checks";
import { cholesky, sampleCovariance } from "./gaussian";
import { checkRowsFinite, checkSameRows } from "./validate";

/** |u·v| / (‖u‖‖v‖) for two vectors of the same length (0 if either is zero). */
export function absCosine(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length !== v.length || u.length === 0) throw new RangeError(`info.absCosine: u and v must be non-empty and of the same length, got ${u.length} and ${v.length}`);
  let uv = 0, uu = 0, vv = 0;
  for (let i = 0; i < u.length; i++) { uv += u[i] * v[i]; uu += u[i] * u[i]; vv += v[i] * v[i]; }
  if (![uv, uu, vv].every(Number.isFinite)) throw new RangeError("info.absCosine: u and v must be finite");
  return uu > 0 && vv > 0 ? Math.abs(uv) / Math.sqrt(uu * vv) : 0;
}

/** Solves S w = b for symmetric positive-definite S [d, d] by Cholesky. */
function solveSpd(where: string, S: Float64Array, b: Float64Array, d: number): Float64Array {
  let L: Float64Array;
  try { L = cholesky(S, d, where); } catch { throw new RangeError(`${where}: the columns of x are linearly dependent (the covariance is singular)`); }
  const z = new Float64Array(d), w = new Float64Array(d);
  for (let i = 0; i < d; i++) { let s = b[i]; for (let k = 0; k < i; k++) s -= L[i * d + k] * z[k]; z[i] = s / L[i * d + i]; }
  for (let i = d - 1; i >= 0; i--) { let s = z[i]; for (let k = i + 1; k < d; k++) s -= L[k * d + i] * w[k]; w[i] = s / L[i * d + i]; }
  return w;
}

/**
 * The least-squares linear read-out of a scalar h [n] from rows x [n, d]: h ≈ a + wᵀx. Returns the
 * unit direction w/‖w‖ (sign: largest-magnitude entry positive), the raw coefficients and R².
 */
export function linearDirection(x: Float64Array, d: number, h: Float64Array): { direction: Float64Array; coefficients: Float64Array; r2: number } {
  const where = "info.linearDirection";
  checkInt(where, "d", d, 1);
  const n = checkSameRows(where, checkRowsFinite(where, "x", x, d, d + 2), checkRowsFinite(where, "h", h, 1, d + 2));
  const joint = new Float64Array(n * (d + 1));
  for (let r = 0; r < n; r++) { for (let i = 0; i < d; i++) joint[r * (d + 1) + i] = x[r * d + i]; joint[r * (d + 1) + d] = h[r]; }
  const C = sampleCovariance(joint, d + 1).covariance, D = d + 1;
  const Sxx = new Float64Array(d * d), sxh = new Float64Array(d);
  for (let i = 0; i < d; i++) { sxh[i] = C[i * D + d]; for (let j = 0; j < d; j++) Sxx[i * d + j] = C[i * D + j]; }
  const w = solveSpd(where, Sxx, sxh, d);
  let explained = 0, norm = 0, peak = 0;
  for (let i = 0; i < d; i++) { explained += w[i] * sxh[i]; norm += w[i] * w[i]; if (Math.abs(w[i]) > Math.abs(peak)) peak = w[i]; }
  const hh = C[d * D + d], s = (peak < 0 ? -1 : 1) / Math.sqrt(norm || 1);
  return { direction: w.map((v) => v * s), coefficients: w, r2: hh > 0 ? explained / hh : 0 };
}

/** Angles θ ∈ (−π, π] [n] of points [n, 2] about their mean, after whitening by their sample covariance. */
export function ringAngle(points: Float64Array): Float64Array {
  const where = "info.ringAngle";
  const n = checkRowsFinite(where, "points", points, 2, 3);
  const { mean, covariance: C } = sampleCovariance(points, 2);
  // W = C^{-1/2} by the 2 × 2 eigen-decomposition C = R diag(λ) Rᵀ
  const a = C[0], b = C[1], c = C[3], tr = a + c, det = a * c - b * b, disc = Math.sqrt(Math.max((tr * tr) / 4 - det, 0));
  const l1 = tr / 2 + disc, l2 = tr / 2 - disc;
  if (!(l2 > 0)) throw new RangeError(`${where}: the points lie on a line (covariance eigenvalues ${l1.toPrecision(3)}, ${l2.toPrecision(3)}): no ring`);
  const phi = 0.5 * Math.atan2(2 * b, a - c), ct = Math.cos(phi), st = Math.sin(phi);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const u = points[2 * r] - mean[0], v = points[2 * r + 1] - mean[1];
    const p = (ct * u + st * v) / Math.sqrt(l1), q = (-st * u + ct * v) / Math.sqrt(l2);
    out[r] = Math.atan2(q, p);
  }
  return out;
}

/** Fisher–Lee circular correlation ρ ∈ [−1, 1] of angles a [n] and b [n] (radians); see the module comment. */
export function circularCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const where = "info.circularCorrelation";
  if (a.length !== b.length || a.length < 2) throw new RangeError(`${where}: a and b must be paired angles (same length ≥ 2), got ${a.length} and ${b.length}`);
  let st = 0, cd = 0, sd = 0, ct = 0, ss = 0, cc = 0, sc = 0, tt = 0, dd = 0, td = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) throw new RangeError(`${where}: a[${i}] = ${a[i]}, b[${i}] = ${b[i]}; angles must be finite`);
    const s = Math.sin(a[i]), c = Math.cos(a[i]), t = Math.sin(b[i]), e = Math.cos(b[i]);
    st += s * t; cd += c * e; sd += s * e; ct += c * t;
    ss += s * s; cc += c * c; sc += s * c; tt += t * t; dd += e * e; td += t * e;
  }
  // Σ_{i,j} sin(a_i − a_j) sin(b_i − b_j) = 2[(Σ s t)(Σ c d) − (Σ s d)(Σ c t)], and likewise for the norms
  const num = st * cd - sd * ct, den = Math.sqrt(Math.max(ss * cc - sc * sc, 0) * Math.max(tt * dd - td * td, 0));
  return den > 0 ? num / den : 0;
}
