/**
 * The Gaussian fit of a homogeneous ring ensemble — the cheapest generative model a skeptic would
 * fit to a small ensemble before estimating a tail probability: one mean for every site and a
 * circulant covariance C_ij = c(|i − j| mod K), the sample covariance averaged over the ring's
 * shifts (the same translation symmetry a periodic convolutional model builds in). Tail
 * probabilities follow in closed form for one site and by sampling for statistics of the whole
 * ring (its maximum).
 */
import { checkInt } from "../core/checks";
import type { Rng } from "../core/random";
import { sampleGaussian } from "../info/gaussian";
import { normalUpperTail } from "../info/tails";

/** N(mean·1, C) on a ring of K sites with C circulant. */
export interface RingGaussian {
  /** K. */
  sites: number;
  /** Mean over members and sites (state units). */
  mean: number;
  /** c(δ) for δ = 0..K−1 [K]: the covariance of sites δ apart (state units²; c(δ) = c(K − δ)). */
  autocovariance: Float64Array;
  /** C [K, K], C_ij = c((j − i) mod K). */
  covariance: Float64Array;
  /** √c(0), the standard deviation of one site. */
  std: number;
}

/**
 * Fits N(μ·1, C) to an ensemble x [n, K] (flat, row-major; n ≥ 2 independent members): μ the mean
 * over all n·K values, c(δ) = Σ_b Σ_k (x_bk − μ)(x_b,k+δ − μ) / ((n − 1)·K), sites cyclic.
 */
export function fitRingGaussian(x: Float64Array, K: number): RingGaussian {
  const where = "baselines.fitRingGaussian";
  checkInt(where, "K", K, 1);
  if (!(x instanceof Float64Array) || x.length % K !== 0 || x.length < 2 * K) {
    throw new RangeError(`${where}: x must be a Float64Array [n, ${K}] with n ≥ 2 members, got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
  }
  const n = x.length / K;
  let mean = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${where}: x[${Math.floor(i / K)}, ${i % K}] = ${x[i]} is not finite`);
    mean += x[i];
  }
  mean /= x.length;
  const c = new Float64Array(K);
  for (let b = 0; b < n; b++) {
    const o = b * K;
    for (let k = 0; k < K; k++) {
      const a = x[o + k] - mean;
      for (let d = 0; d < K; d++) c[d] += a * (x[o + ((k + d) % K)] - mean);
    }
  }
  for (let d = 0; d < K; d++) c[d] /= (n - 1) * K;
  for (let d = 1; d < K; d++) c[d] = c[K - d] = 0.5 * (c[d] + c[K - d]); // exact symmetry c(δ) = c(K − δ)
  const covariance = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) covariance[i * K + j] = c[(j - i + K) % K];
  return { sites: K, mean, autocovariance: c, covariance, std: Math.sqrt(c[0]) };
}

/** P(X_k > threshold) of one site under the fit: Q((threshold − μ)/σ). */
export function gaussianSiteExceedance(fit: RingGaussian, threshold: number): number {
  return normalUpperTail((threshold - fit.mean) / fit.std);
}

/** n members [n, K] drawn from the fit (Cholesky of the circulant C) with `rng`. */
export function sampleRingGaussian(fit: RingGaussian, n: number, rng: Rng): Float64Array {
  return sampleGaussian(fit.covariance, fit.sites, n, rng, new Float64Array(fit.sites).fill(fit.mean));
}
