/**
 * How close generated samples are to the truth, for rings of K sites stored flat [S, K] (row-major,
 * any numeric array): one-point statistics of the pooled marginal, the Wasserstein-1 distance
 * between two empirical distributions, per-site moments, the ring's energy spectrum and the
 * per-sample RMSE of a reconstruction.
 */
import { checkInt, describe } from "../core";

type Values = ArrayLike<number>;

function checkValues(where: string, name: string, x: unknown, K = 1): Values {
  const a = x as Values;
  if (a === null || typeof a !== "object" || typeof a.length !== "number" || a.length === 0) throw new TypeError(`${where}: ${name} must be a non-empty numeric array, got ${describe(x)}`);
  if (a.length % K !== 0) throw new RangeError(`${where}: ${name} must hold whole rings [samples, ${K}], got length ${a.length}`);
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new RangeError(`${where}: ${name}[${i}] = ${a[i]} is not finite`);
  return a;
}

/** Mean, standard deviation (1/n), skewness and excess kurtosis of all values. */
export function marginalMoments(x: Values): { mean: number; std: number; skewness: number; excessKurtosis: number } {
  const a = checkValues("samplers.marginalMoments", "x", x), n = a.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i];
  mean /= n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (let i = 0; i < n; i++) { const d = a[i] - mean, d2 = d * d; m2 += d2; m3 += d2 * d; m4 += d2 * d2; }
  m2 /= n; m3 /= n; m4 /= n;
  return { mean, std: Math.sqrt(m2), skewness: m3 / m2 ** 1.5, excessKurtosis: m4 / (m2 * m2) - 3 };
}

/**
 * W1(a, b) = ∫₀¹ |F_a⁻¹(q) − F_b⁻¹(q)| dq between the empirical distributions of two samples
 * (any sizes), exactly: both quantile functions are step functions, integrated over the merged steps.
 */
export function wasserstein1(a: Values, b: Values): number {
  const A = Float64Array.from(checkValues("samplers.wasserstein1", "a", a)).sort(), B = Float64Array.from(checkValues("samplers.wasserstein1", "b", b)).sort();
  const n = A.length, m = B.length;
  let i = 0, j = 0, q = 0, w = 0;
  while (i < n && j < m) {
    const qa = (i + 1) / n, qb = (j + 1) / m, next = Math.min(qa, qb);
    w += (next - q) * Math.abs(A[i] - B[j]);
    q = next;
    if (qa <= next) i++;
    if (qb <= next) j++;
  }
  return w;
}

/** Mean and standard deviation (1/S) of every site of rings x [S, K] → two arrays [K]. */
export function siteMoments(x: Values, K: number): { mean: Float64Array; std: Float64Array } {
  checkInt("samplers.siteMoments", "K", K, 1);
  const a = checkValues("samplers.siteMoments", "x", x, K), S = a.length / K;
  const mean = new Float64Array(K), std = new Float64Array(K);
  for (let s = 0; s < S; s++) for (let k = 0; k < K; k++) mean[k] += a[s * K + k] / S;
  for (let s = 0; s < S; s++) for (let k = 0; k < K; k++) std[k] += (a[s * K + k] - mean[k]) ** 2 / S;
  return { mean, std: std.map(Math.sqrt) };
}

/**
 * Mean energy per wavenumber of rings x [S, K]: E(κ) = (c_κ/K²)·⟨|X̂_κ|²⟩ for κ = 1 … ⌊K/2⌋, with
 * X̂_κ = Σ_j x_j e^{−2πiκj/K} and c_κ = 2 (both ±κ) except c = 1 at the Nyquist wavenumber K/2, so
 * that Σ_κ E(κ) is the mean of the ring's variance about its own mean (Parseval). Units: x².
 */
export function ringEnergySpectrum(x: Values, K: number): { k: Float64Array; energy: Float64Array } {
  checkInt("samplers.ringEnergySpectrum", "K", K, 2);
  const a = checkValues("samplers.ringEnergySpectrum", "x", x, K), S = a.length / K, half = Math.floor(K / 2);
  const energy = new Float64Array(half);
  const cos = Float64Array.from({ length: K }, (_, j) => Math.cos((2 * Math.PI * j) / K)), sin = Float64Array.from({ length: K }, (_, j) => Math.sin((2 * Math.PI * j) / K));
  for (let s = 0; s < S; s++) {
    for (let kk = 1; kk <= half; kk++) {
      let re = 0, im = 0;
      for (let j = 0; j < K; j++) { const p = (kk * j) % K, v = a[s * K + j]; re += v * cos[p]; im -= v * sin[p]; }
      energy[kk - 1] += ((2 * kk === K ? 1 : 2) * (re * re + im * im)) / (K * K * S);
    }
  }
  return { k: Float64Array.from({ length: half }, (_, i) => i + 1), energy };
}

/** Mean over samples of the RMSE over sites, ⟨√(mean_k (a − b)²)⟩, for rings a, b [S, K] (units of x). */
export function meanRmse(a: Values, b: Values, K: number): number {
  checkInt("samplers.meanRmse", "K", K, 1);
  const x = checkValues("samplers.meanRmse", "a", a, K), y = checkValues("samplers.meanRmse", "b", b, K);
  if (x.length !== y.length) throw new RangeError(`samplers.meanRmse: a and b must have the same rings, got lengths ${x.length} and ${y.length}`);
  const S = x.length / K;
  let sum = 0;
  for (let s = 0; s < S; s++) {
    let e = 0;
    for (let k = 0; k < K; k++) e += (x[s * K + k] - y[s * K + k]) ** 2;
    sum += Math.sqrt(e / K);
  }
  return sum / S;
}
