/**
 * The Kalman filter for a linear-Gaussian system (Kalman 1960):
 *
 *   forecast   x_f = M·x_a,           P_f = M·P_a·Mᵀ + Q
 *   analysis   K = P_f·Hᵀ (H·P_f·Hᵀ + R)⁻¹,
 *              x_a = x_f + K (y − H·x_f),  P_a = (I − K·H)·P_f
 *
 * with states x [n], covariances [n, n], observations y [m], H [m, n], R [m, m] (all row-major
 * Float64Array, in the state's and the observations' own units). The analysis mean is the
 * posterior mean E[x | y], the minimiser of the expected squared error — what a network trained
 * with a mean-squared loss on (background, observation) → truth pairs converges to.
 */
import { checkInt } from "../core/checks";
import { matmul, transpose } from "../core/dense-matrix";
import { checkMatrix, solveSpd } from "./dense";
import type { ObservationOperator } from "./observation";

/** A Gaussian state: mean [n] and covariance [n, n]. */
export interface GaussianState {
  mean: Float64Array;
  covariance: Float64Array;
}

function checkState(where: string, s: GaussianState): number {
  if (s === null || typeof s !== "object" || !(s.mean instanceof Float64Array)) throw new TypeError(`${where}: the state must be { mean: Float64Array [n], covariance: Float64Array [n, n] }`);
  const n = s.mean.length;
  checkMatrix(where, "mean", s.mean, n, `[${n}]`);
  checkMatrix(where, "covariance", s.covariance, n * n, `[${n}, ${n}]`);
  return n;
}

/** K = B·Hᵀ (H·B·Hᵀ + R)⁻¹ [n, m] for a background covariance B [n, n], H and R [m, m]. */
export function kalmanGain(B: Float64Array, H: ObservationOperator, R: Float64Array): Float64Array {
  const where = "assimilation.kalmanGain", { m, n } = H;
  checkMatrix(where, "B (background covariance)", B, n * n, `[${n}, ${n}]`);
  checkMatrix(where, "R (observation covariance)", R, m * m, `[${m}, ${m}]`);
  const Hd = H.dense();
  const HB = matmul(Hd, B, m, n, n); // [m, n] = (B·Hᵀ)ᵀ
  const S = matmul(HB, transpose(Hd, m, n), m, n, m);
  for (let i = 0; i < m * m; i++) S[i] += R[i];
  return transpose(solveSpd(S, m, HB, n, where), m, n); // Kᵀ = S⁻¹·H·B
}

/** The analysis of a Gaussian background with observations y [m]: { mean, covariance, gain K [n, m] }. */
export function kalmanAnalysis(background: GaussianState, y: Float64Array, H: ObservationOperator, R: Float64Array): GaussianState & { gain: Float64Array } {
  const where = "assimilation.kalmanAnalysis";
  const n = checkState(where, background), m = H.m;
  if (H.n !== n) throw new RangeError(`${where}: H is [${m}, ${H.n}] but the state has ${n} entries`);
  checkMatrix(where, "y", y, m, `[${m}]`);
  const K = kalmanGain(background.covariance, H, R);
  const d = H.apply(background.mean);
  for (let k = 0; k < m; k++) d[k] = y[k] - d[k];
  const mean = background.mean.slice();
  for (let i = 0; i < n; i++) { let s = 0; for (let k = 0; k < m; k++) s += K[i * m + k] * d[k]; mean[i] += s; }
  const KH = matmul(K, H.dense(), n, m, n);
  const covariance = matmul(KH, background.covariance, n, n, n);
  for (let i = 0; i < n * n; i++) covariance[i] = background.covariance[i] - covariance[i];
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { // symmetrise round-off
    const s = 0.5 * (covariance[i * n + j] + covariance[j * n + i]);
    covariance[i * n + j] = s; covariance[j * n + i] = s;
  }
  return { mean, covariance, gain: K };
}

/** The forecast of a Gaussian state by a linear model M [n, n] with model-error covariance Q [n, n] (default 0). */
export function kalmanForecast(state: GaussianState, M: Float64Array, Q?: Float64Array): GaussianState {
  const where = "assimilation.kalmanForecast", n = checkState(where, state);
  checkInt(where, "n", n, 1);
  checkMatrix(where, "M (model)", M, n * n, `[${n}, ${n}]`);
  const mean = matmul(M, state.mean, n, n, 1);
  const covariance = matmul(matmul(M, state.covariance, n, n, n), transpose(M, n, n), n, n, n);
  if (Q !== undefined) {
    checkMatrix(where, "Q (model-error covariance)", Q, n * n, `[${n}, ${n}]`);
    for (let i = 0; i < n * n; i++) covariance[i] += Q[i];
  }
  return { mean, covariance };
}
