/**
 * Entropy and mutual information of Gaussian variables, in nats, from covariances (closed form)
 * or from samples (the closed form applied to the sample covariance).
 *
 *   H(X)    = ½ log det(2πe Σ)                                  (Cover & Thomas 2006, Thm 8.4.1)
 *   I(X;Y)  = ½ log(det Σ_xx · det Σ_yy / det Σ)                 (Cover & Thomas 2006, eq. 8.56 ff.)
 *
 * with Σ = [[Σ_xx, Σ_xy], [Σ_yx, Σ_yy]] the joint covariance of (X [dx], Y [dy]). For non-Gaussian
 * variables the sample version is the information a linear-Gaussian model sees (a lower bound on
 * I(X;Y) when the joint law is not Gaussian but has these second moments; Kraskov's k-NN estimator,
 * ksg.ts, sees the rest).
 */
import { checkInt } from "../core/checks";
import { choleskyFactor } from "../core/dense-matrix";
import type { Rng } from "../core/random";
import { checkRowsFinite, checkSameRows, checkSquare } from "./validate";

/** Sample mean [d] and covariance [d, d] (divisor n − 1) of rows x [n, d], n ≥ 2. */
export function sampleCovariance(x: Float64Array, d: number): { mean: Float64Array; covariance: Float64Array } {
  const where = "info.sampleCovariance";
  checkInt(where, "d", d, 1);
  const n = checkRowsFinite(where, "x", x, d, 2);
  const mean = new Float64Array(d), cov = new Float64Array(d * d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i] += x[r * d + i];
  for (let i = 0; i < d; i++) mean[i] /= n;
  const c = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) c[i] = x[r * d + i] - mean[i];
    for (let i = 0; i < d; i++) { const ci = c[i]; for (let j = 0; j <= i; j++) cov[i * d + j] += ci * c[j]; }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) { const v = cov[i * d + j] / (n - 1); cov[i * d + j] = v; cov[j * d + i] = v; }
  return { mean, covariance: cov };
}

/**
 * The Cholesky factor L [d, d] (lower-triangular, S = LLᵀ) of a symmetric positive-definite S [d, d].
 * A RangeError names the pivot where S stops being positive definite.
 */
export function cholesky(S: Float64Array, d: number, where = "info.cholesky"): Float64Array {
  checkSquare(where, "S", S, d);
  const f = choleskyFactor(S, d);
  if ("row" in f) throw new RangeError(`${where}: the matrix is not positive definite (pivot ${f.row} is ${f.pivot.toPrecision(3)}): a degenerate or constant variable`);
  return f.L;
}

/** log det S = 2 Σ log L_ii of a symmetric positive-definite S [d, d] (Cholesky). */
export function logDetSpd(S: Float64Array, d: number, where = "info.logDetSpd"): number {
  const L = cholesky(S, d, where);
  let logDet = 0;
  for (let j = 0; j < d; j++) logDet += 2 * Math.log(L[j * d + j]);
  return logDet;
}

/** Differential entropy ½ log det(2πe Σ) of N(μ, Σ), Σ [d, d] (nats). */
export function gaussianEntropy(covariance: Float64Array, d: number): number {
  checkInt("info.gaussianEntropy", "d", d, 1);
  return 0.5 * (d * Math.log(2 * Math.PI * Math.E) + logDetSpd(covariance, d, "info.gaussianEntropy"));
}

/** The [k, k] block of S [d, d] on the index list `idx`. */
function block(S: Float64Array, d: number, idx: readonly number[]): Float64Array {
  const k = idx.length, B = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) B[a * k + b] = S[idx[a] * d + idx[b]];
  return B;
}

/**
 * I(X;Y) = ½ log(det Σ_xx det Σ_yy / det Σ) (nats) of jointly Gaussian X [dx] and Y [dy], from the
 * joint covariance `joint` [(dx + dy), (dx + dy)] with X first. Exact; ≥ 0 up to round-off.
 */
export function gaussianMutualInformation(joint: Float64Array, dx: number, dy: number): number {
  const where = "info.gaussianMutualInformation";
  checkInt(where, "dx", dx, 1);
  checkInt(where, "dy", dy, 1);
  const d = dx + dy;
  checkSquare(where, "joint", joint, d);
  const ix = Array.from({ length: dx }, (_, i) => i), iy = Array.from({ length: dy }, (_, i) => dx + i);
  return 0.5 * (logDetSpd(block(joint, d, ix), dx, where) + logDetSpd(block(joint, d, iy), dy, where) - logDetSpd(joint, d, where));
}

/** Rows x [n, dx] and y [n, dy] side by side: [n, dx + dy]. */
export function joinColumns(x: Float64Array, dx: number, y: Float64Array, dy: number): Float64Array {
  const n = x.length / dx, d = dx + dy, out = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < dx; i++) out[r * d + i] = x[r * dx + i];
    for (let j = 0; j < dy; j++) out[r * d + dx + j] = y[r * dy + j];
  }
  return out;
}

/**
 * The Gaussian estimate of I(X;Y) (nats) from samples x [n, dx], y [n, dy]: the closed form on the
 * sample covariance of (x, y). Biased upwards by ≈ dx·dy/(2n) for independent variables.
 */
export function gaussianMutualInformationFromSamples(x: Float64Array, dx: number, y: Float64Array, dy: number): number {
  const where = "info.gaussianMutualInformationFromSamples";
  checkInt(where, "dx", dx, 1);
  checkInt(where, "dy", dy, 1);
  checkSameRows(where, checkRowsFinite(where, "x", x, dx, 2), checkRowsFinite(where, "y", y, dy, 2));
  return gaussianMutualInformation(sampleCovariance(joinColumns(x, dx, y, dy), dx + dy).covariance, dx, dy);
}

/**
 * n draws from N(mean, Σ) as rows [n, d] (Σ [d, d] positive definite; mean [d], default 0):
 * x = mean + Lξ with Σ = LLᵀ (Cholesky) and ξ ~ N(0, I) from `rng`.
 */
export function sampleGaussian(covariance: Float64Array, d: number, n: number, rng: Rng, mean?: Float64Array): Float64Array {
  const where = "info.sampleGaussian";
  checkInt(where, "d", d, 1);
  checkInt(where, "n", n, 1);
  if (rng === null || typeof rng !== "object" || typeof (rng as Rng).normal !== "function") throw new TypeError(`${where}: rng must be a core.Rng`);
  if (mean !== undefined && (!(mean instanceof Float64Array) || mean.length !== d)) throw new RangeError(`${where}: mean must be a Float64Array [${d}]`);
  const L = cholesky(covariance, d, where);
  const out = new Float64Array(n * d), xi = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    rng.fillNormal(xi);
    for (let i = 0; i < d; i++) {
      let s = mean === undefined ? 0 : mean[i];
      for (let k = 0; k <= i; k++) s += L[i * d + k] * xi[k];
      out[r * d + i] = s;
    }
  }
  return out;
}
