// The Gaussian fit of a homogeneous ring: it recovers a known circulant covariance from samples,
// its one-site tail is Q((x − μ)/σ), and its samples have its covariance.
import { describe, expect, it } from "vitest";
import { fitRingGaussian, gaussianSiteExceedance, sampleRingGaussian } from "../../src/baselines";
import { Rng } from "../../src/core/random";
import { normalUpperTail, sampleGaussian } from "../../src/info";

const K = 8;
/** A circulant covariance with c(δ) = 4·0.5^min(δ, K − δ) − 0.3·[δ = 1 or K − 1]: positive definite, decaying, asymmetric-free. */
function circulant(): { c: Float64Array; C: Float64Array } {
  const c = Float64Array.from({ length: K }, (_, d) => 4 * 0.5 ** Math.min(d, K - d) - (d === 1 || d === K - 1 ? 0.3 : 0));
  const C = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) C[i * K + j] = c[(j - i + K) % K];
  return { c, C };
}

describe("fitRingGaussian", () => {
  it("recovers the mean and c(δ) of 20000 draws of N(2·1, C) within 0.03, with exact symmetry c(δ) = c(K − δ)", () => {
    const { c, C } = circulant();
    const x = sampleGaussian(C, K, 20000, new Rng(1), new Float64Array(K).fill(2));
    const fit = fitRingGaussian(x, K);
    expect(fit.mean).toBeCloseTo(2, 1);
    for (let d = 0; d < K; d++) {
      expect(Math.abs(fit.autocovariance[d] - c[d]), `c(${d})`).toBeLessThan(0.03);
      expect(fit.autocovariance[d]).toBe(fit.autocovariance[(K - d) % K]);
    }
    expect(fit.std).toBeCloseTo(Math.sqrt(fit.autocovariance[0]), 14);
    expect(fit.covariance[1 * K + 3]).toBe(fit.autocovariance[2]);
  });

  it("the one-site tail is Q((x − μ)/σ); samples of the fit reproduce its c(δ) within 0.05", () => {
    const { C } = circulant();
    const fit = fitRingGaussian(sampleGaussian(C, K, 5000, new Rng(2)), K);
    expect(gaussianSiteExceedance(fit, fit.mean + 2.5 * fit.std)).toBeCloseTo(normalUpperTail(2.5), 12);
    const again = fitRingGaussian(sampleRingGaussian(fit, 20000, new Rng(3)), K);
    for (let d = 0; d < K; d++) expect(Math.abs(again.autocovariance[d] - fit.autocovariance[d]), `c(${d})`).toBeLessThan(0.05);
  });

  it("refuses fewer than two members, a length not divisible by K and non-finite entries", () => {
    expect(() => fitRingGaussian(new Float64Array(K), K)).toThrow(`baselines.fitRingGaussian: x must be a Float64Array [n, ${K}] with n ≥ 2 members, got length ${K}`);
    expect(() => fitRingGaussian(new Float64Array(2 * K + 1), K)).toThrow("with n ≥ 2 members");
    const bad = new Float64Array(2 * K);
    bad[K + 2] = NaN;
    expect(() => fitRingGaussian(bad, K)).toThrow("x[1, 2] = NaN is not finite");
  });
});
