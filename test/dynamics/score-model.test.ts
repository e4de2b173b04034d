// Denoising score matching: the learned score of a Gaussian is −Σ⁻¹x; tabulation for scoreResponse.
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { Rng } from "../../src/core/random";
import { fitScoreModel, inverse, tabulatedScore } from "../../src/dynamics";
import { sampleGaussian } from "../../src/info";

describe("fitScoreModel", () => {
  it("2D Gaussian, 20000 samples: the learned σ → 0 score is within 10% (relative L2 over held-out samples) of −Σ⁻¹x, and better than the score of a Gaussian of the wrong width", async () => {
    await initBackend({ backend: "wasm" });
    const S = Float64Array.of(2, 0.9, 0.9, 0.8), P = inverse(S, 2), x = sampleGaussian(S, 2, 20000, new Rng(1));
    const learned = await fitScoreModel(x, 2, { epochs: 30, seed: 2, hiddenFeatures: [32, 32] });
    const test = sampleGaussian(S, 2, 2000, new Rng(3)), s = learned.scoreRows(test);
    let num = 0, den = 0, wrong = 0;
    for (let r = 0; r < 2000; r++) for (let i = 0; i < 2; i++) {
      const exact = -(P[i * 2] * test[2 * r] + P[i * 2 + 1] * test[2 * r + 1]);
      num += (s[2 * r + i] - exact) ** 2; den += exact ** 2; wrong += (0.8 * exact - exact) ** 2;
    }
    const rel = Math.sqrt(num / den);
    console.log(`DSM on a 2D Gaussian: relative L2 error of the learned score ${rel.toFixed(4)} (σ = ${learned.sigmas[0]}, ${learned.training.steps} steps)`);
    expect(rel).toBeLessThan(0.1);
    expect(num).toBeLessThan(wrong);
    learned.net.dispose();
  });

  it("refuses constant samples and a bad noise range", async () => {
    await initBackend({ backend: "wasm" });
    await expect(fitScoreModel(new Float64Array(100).fill(1), 1, { epochs: 1, seed: 0 })).rejects.toThrow(/standard deviation/);
    await expect(fitScoreModel(new Float64Array(100).map((_, i) => i), 1, { epochs: 1, seed: 0, sigma: [0.5, 0.1] })).rejects.toThrow(/sigma \(max\)/);
  });
});

describe("tabulatedScore", () => {
  it("interpolates a linear score exactly inside the grid and holds the end values outside; evaluates scoreRows once", () => {
    let calls = 0;
    const score = tabulatedScore((x) => { calls++; return x.map((v) => 3 - 2 * v); }, { lo: -2, hi: 2, points: 41 }), out = new Float64Array(1);
    for (const v of [-1.97, 0.123, 1.5]) { score(Float64Array.of(v), out); expect(out[0]).toBeCloseTo(3 - 2 * v, 12); }
    score(Float64Array.of(5), out);
    expect(out[0]).toBeCloseTo(-1, 12);
    expect(calls).toBe(1);
  });
});
