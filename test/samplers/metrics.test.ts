import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { marginalMoments, meanRmse, ringEnergySpectrum, siteMoments, wasserstein1 } from "../../src/samplers";

const normal = (n: number, seed: number) => new Rng(seed).fillNormal(new Float64Array(n));

describe("sample statistics", () => {
  it("marginalMoments: N(0,1) has skewness ≈ 0 and excess kurtosis ≈ 0; Exp(1) has 2 and 6", () => {
    const g = marginalMoments(normal(200000, 1));
    expect(Math.abs(g.mean)).toBeLessThan(0.01);
    expect(Math.abs(g.std - 1)).toBeLessThan(0.01);
    expect(Math.abs(g.skewness)).toBeLessThan(0.02);
    expect(Math.abs(g.excessKurtosis)).toBeLessThan(0.05);
    const rng = new Rng(2), e = Float64Array.from({ length: 400000 }, () => -Math.log(1 - rng.uniform()));
    const m = marginalMoments(e);
    expect(m.skewness).toBeCloseTo(2, 1);
    expect(Math.abs(m.excessKurtosis - 6)).toBeLessThan(0.5);
  });

  it("wasserstein1: a shift by c costs c; equal sizes reduce to mean |sorted differences|; unequal sizes are exact; bad input is named", () => {
    const a = normal(5000, 3);
    expect(wasserstein1(a, a.map((v) => v + 0.3))).toBeCloseTo(0.3, 10);
    const b = normal(5000, 4), A = a.slice().sort(), B = b.slice().sort();
    expect(wasserstein1(a, b)).toBeCloseTo(A.reduce((s, v, i) => s + Math.abs(v - B[i]), 0) / A.length, 12);
    expect(wasserstein1([0, 1], [0, 0, 1])).toBeCloseTo(1 / 6, 12); // quantiles differ on (1/2, 2/3]
    expect(() => wasserstein1([], [1])).toThrow("samplers.wasserstein1: a must be a non-empty numeric array, got an array of length 0");
    expect(() => wasserstein1([1, NaN], [1])).toThrow("samplers.wasserstein1: a[1] = NaN is not finite");
  });

  it("siteMoments, meanRmse and ringEnergySpectrum (Parseval: Σ E(κ) is the mean variance about each ring's mean; a pure mode κ = 3)", () => {
    const K = 8, S = 500, x = normal(S * K, 5);
    const sm = siteMoments(x, K);
    expect(sm.mean.length).toBe(K);
    sm.std.forEach((s) => expect(Math.abs(s - 1)).toBeLessThan(0.1));
    const { k, energy } = ringEnergySpectrum(x, K);
    expect(Array.from(k)).toEqual([1, 2, 3, 4]);
    let v = 0;
    for (let s = 0; s < S; s++) { const row = x.subarray(s * K, (s + 1) * K), m = row.reduce((p, q) => p + q) / K; v += row.reduce((p, q) => p + (q - m) ** 2, 0) / K / S; }
    expect(energy.reduce((p, q) => p + q)).toBeCloseTo(v, 10);
    const wave = Float64Array.from({ length: K }, (_, j) => 2 * Math.cos((2 * Math.PI * 3 * j) / K));
    expect(Array.from(ringEnergySpectrum(wave, K).energy).map((e) => +e.toFixed(12))).toEqual([0, 0, 2, 0]); // amplitude 2: variance 2
    expect(meanRmse([0, 0, 3, 4], [0, 0, 0, 0], 2)).toBeCloseTo((0 + Math.sqrt(12.5)) / 2, 12);
    expect(() => meanRmse([1, 2, 3], [1, 2, 3], 2)).toThrow("samplers.meanRmse: a must hold whole rings [samples, 2], got length 3");
  });
});
