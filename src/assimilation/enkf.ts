/**
 * The stochastic ensemble Kalman filter with perturbed observations (Evensen 1994; Burgers, van
 * Leeuwen & Evensen 1998; Houtekamer & Mitchell 1998). An ensemble X [N, n] (member-major) stands
 * for the background; its sample covariance P = X'X'ᵀ/(N − 1) (anomalies X' about the mean) replaces
 * B in the Kalman gain, optionally tapered entry by entry (localisation, see localisation.ts):
 *
 *   K = (ρ_xo ∘ P·Hᵀ) (ρ_oo ∘ H·P·Hᵀ + R)⁻¹,      P·Hᵀ = X'(H·X')ᵀ/(N − 1)  [n, m]
 *   x_a^k = x_f^k + K (y + ε^k − H·x_f^k),   ε^k ~ N(0, R)
 *
 * P is never formed, so n may be large (a field). With ρ = 1 and N → ∞ the analysis mean and
 * covariance converge to the Kalman filter's. Optional multiplicative inflation scales the
 * anomalies by λ before the update.
 */
import { checkFinite, checkInt, checkObject } from "../core/checks";
import type { Rng } from "../core/random";
import { transpose } from "../core/dense-matrix";
import { checkMatrix, cholesky, solveSpd } from "./dense";
import type { ObservationOperator } from "./observation";

export interface EnkfOptions {
  /** Random stream for the observation perturbations ε^k. */
  rng: Rng;
  /** Observation-error standard deviation σ (R = σ²I), in the observations' units; or give `obsCovariance`. */
  obsStd?: number;
  /** Full observation-error covariance R [m, m]. */
  obsCovariance?: Float64Array;
  /** Multiplicative inflation λ ≥ 1 of the background anomalies (default 1). */
  inflation?: number;
  /** Localisation tapers: ρ_xo [n, m] (state–observation) and ρ_oo [m, m] (observation–observation). */
  localisation?: { stateObs: Float64Array; obsObs: Float64Array };
  /** Also return the gain K [n, m] (an extra solve with n right-hand sides; default false). */
  returnGain?: boolean;
  /** Shift the N perturbations ε^k to zero mean, so the analysis mean is the gain applied to the mean innovation (default true). */
  centrePerturbations?: boolean;
}

/** The analysis ensemble [N, n] and, when asked for (`returnGain`), the gain K [n, m] it used. */
export interface EnkfAnalysis {
  analysis: Float64Array;
  gain?: Float64Array;
}

/** Ensemble mean [n] of X [N, n]. */
export function ensembleMean(X: Float64Array, N: number): Float64Array {
  const where = "assimilation.ensembleMean";
  checkInt(where, "N (members)", N, 1);
  if (X.length % N !== 0) throw new RangeError(`${where}: the ensemble has ${X.length} numbers, not a multiple of N = ${N}`);
  const n = X.length / N, mean = new Float64Array(n);
  for (let k = 0; k < N; k++) for (let i = 0; i < n; i++) mean[i] += X[k * n + i];
  for (let i = 0; i < n; i++) mean[i] /= N;
  return mean;
}

/**
 * Sample correlation [n] of every state entry with entry `index` over the ensemble X [N, n] — one
 * column of the background correlation matrix (0 where an entry does not vary).
 */
export function ensembleCorrelation(X: Float64Array, N: number, index: number): Float64Array {
  const where = "assimilation.ensembleCorrelation";
  checkInt(where, "N (members)", N, 2);
  const mean = ensembleMean(X, N), n = mean.length;
  checkInt(where, "index", index, 0, n - 1);
  const cov = new Float64Array(n), v = new Float64Array(n);
  for (let k = 0; k < N; k++) {
    const a = X[k * n + index] - mean[index];
    for (let i = 0; i < n; i++) { const d = X[k * n + i] - mean[i]; cov[i] += a * d; v[i] += d * d; }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v[i] > 0 && v[index] > 0 ? cov[i] / Math.sqrt(v[i] * v[index]) : 0;
  return out;
}

/**
 * One stochastic-EnKF analysis of the background ensemble X [N, n] with observations y [m] of
 * operator H. Returns the analysis ensemble (a new array) and, if asked, the gain.
 */
export function enkfAnalysis(X: Float64Array, N: number, y: Float64Array, H: ObservationOperator, opts: EnkfOptions): EnkfAnalysis {
  const where = "assimilation.enkfAnalysis";
  checkInt(where, "N (members)", N, 2);
  const { m, n } = H;
  checkMatrix(where, "ensemble", X, N * n, `[${N}, ${n}] (N members of the state H acts on)`);
  checkMatrix(where, "y (observations)", y, m, `[${m}]`);
  checkObject(where, "options", opts);
  if (opts.rng === undefined || typeof opts.rng.normal !== "function") throw new TypeError(`${where}: options.rng must be a core.Rng`);
  const R = observationCovariance(where, opts, m);
  const lambda = checkFinite(where, "inflation", opts.inflation ?? 1, 1);
  const loc = opts.localisation;
  if (loc !== undefined) {
    checkMatrix(where, "localisation.stateObs", loc.stateObs, n * m, `[${n}, ${m}]`);
    checkMatrix(where, "localisation.obsObs", loc.obsObs, m * m, `[${m}, ${m}]`);
  }
  const mean = ensembleMean(X, N);
  const A = new Float64Array(N * n); // inflated anomalies
  for (let k = 0; k < N; k++) for (let i = 0; i < n; i++) A[k * n + i] = lambda * (X[k * n + i] - mean[i]);
  const HA = new Float64Array(N * m), Hmean = H.apply(mean);
  for (let k = 0; k < N; k++) HA.set(H.apply(A, k * n), k * m); // H linear: H·x' = H·x − H·mean
  const PHt = new Float64Array(n * m), S = new Float64Array(m * m), w = 1 / (N - 1);
  for (let k = 0; k < N; k++) {
    for (let i = 0; i < n; i++) {
      const a = A[k * n + i] * w;
      if (a === 0) continue;
      for (let j = 0; j < m; j++) PHt[i * m + j] += a * HA[k * m + j];
    }
    for (let i = 0; i < m; i++) { const a = HA[k * m + i] * w; for (let j = 0; j < m; j++) S[i * m + j] += a * HA[k * m + j]; }
  }
  if (loc !== undefined) {
    for (let i = 0; i < n * m; i++) PHt[i] *= loc.stateObs[i];
    for (let i = 0; i < m * m; i++) S[i] *= loc.obsObs[i];
  }
  for (let i = 0; i < m * m; i++) S[i] += R[i];
  const eps = perturbations(opts.rng, R, m, N, opts.centrePerturbations ?? true);
  // innovations D [m, N]: y + ε^k − H·x_f^k, with x_f^k = mean + A^k (inflated)
  const D = new Float64Array(m * N);
  for (let k = 0; k < N; k++) for (let j = 0; j < m; j++) D[j * N + k] = y[j] + eps[k * m + j] - Hmean[j] - HA[k * m + j];
  const W = solveSpd(S, m, D, N, where); // S⁻¹·D [m, N]
  const analysis = new Float64Array(N * n);
  for (let k = 0; k < N; k++) for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += PHt[i * m + j] * W[j * N + k];
    analysis[k * n + i] = mean[i] + A[k * n + i] + s;
  }
  if (opts.returnGain !== true) return { analysis };
  const Kt = solveSpd(S, m, transpose(PHt, n, m), n, where); // Kᵀ = S⁻¹(P·Hᵀ)ᵀ, S symmetric
  return { analysis, gain: transpose(Kt, m, n) };
}

function observationCovariance(where: string, opts: EnkfOptions, m: number): Float64Array {
  if ((opts.obsStd === undefined) === (opts.obsCovariance === undefined)) {
    throw new TypeError(`${where}: give exactly one of obsStd (σ, R = σ²I) and obsCovariance (R [${m}, ${m}])`);
  }
  if (opts.obsCovariance !== undefined) return checkMatrix(where, "obsCovariance", opts.obsCovariance, m * m, `[${m}, ${m}]`);
  const s = checkFinite(where, "obsStd", opts.obsStd, 0);
  if (!(s > 0)) throw new RangeError(`${where}: obsStd must be > 0, got ${s}`);
  const R = new Float64Array(m * m);
  for (let i = 0; i < m; i++) R[i * m + i] = s * s;
  return R;
}

/** N draws [N, m] of ε ~ N(0, R) (R = L·Lᵀ), centred to zero mean when asked. */
function perturbations(rng: Rng, R: Float64Array, m: number, N: number, centre: boolean): Float64Array {
  const L = cholesky(R, m, "assimilation.enkfAnalysis (observation covariance)");
  const z = new Float64Array(m), eps = new Float64Array(N * m);
  for (let k = 0; k < N; k++) {
    rng.fillNormal(z);
    for (let i = 0; i < m; i++) { let s = 0; for (let j = 0; j <= i; j++) s += L[i * m + j] * z[j]; eps[k * m + i] = s; }
  }
  if (centre) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < N; k++) s += eps[k * m + i];
      s /= N;
      for (let k = 0; k < N; k++) eps[k * m + i] -= s;
    }
  }
  return eps;
}
