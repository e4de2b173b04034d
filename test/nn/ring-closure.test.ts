// nn.fitRingClosure / ringClosure: a learned stencil closure for ring models (Lorenz-96 hybrids).
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { fitRingClosure, standardisation, stencils } from "../../src/nn";
import { fitPolynomialClosure } from "../../src/sim/lorenz96";
import { onBackend } from "./helpers";

const K = 8;
/** A record X [rows, K] of normals and U_k = 1 + 0.5·X_k − 0.8·X_{k+1}·X_{k−1}: a nonlinear stencil function. */
function record(rows: number, seed: number) {
  const X = new Rng(seed).fillNormal(new Float64Array(rows * K), 0, 1), U = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) for (let k = 0; k < K; k++) {
    const x = (d: number) => X[r * K + ((k + d + K) % K)];
    U[r * K + k] = 1 + 0.5 * x(0) - 0.8 * x(1) * x(-1);
  }
  return { X, U };
}

describe("ring closures", () => {
  it("stencils are periodic and standardised", async () => {
    await onBackend("wasm", () => {
      const X = Float64Array.from({ length: 2 * K }, (_, i) => i);
      const s = stencils(X, 2, K, 1, { mean: 1, std: 2 }).arraySync() as number[][];
      expect(s.length).toBe(2 * K);
      expect(s[0]).toEqual([(7 - 1) / 2, (0 - 1) / 2, (1 - 1) / 2]); // site 0 of row 0 wraps to site 7
      expect(s[K + 7]).toEqual([(14 - 1) / 2, (15 - 1) / 2, (8 - 1) / 2]);
      expect(standardisation([1, 3])).toEqual({ mean: 2, std: 1 });
    });
  });

  it("learns a nonlinear stencil function (held-out RMSE < 20% of U's spread, < 0.3x a cubic in X_k) and is shift-equivariant on the ring", async () => {
    await onBackend("wasm", () => 0);
    const fit = record(1500, 1), test = record(50, 2);
    const c = await fitRingClosure(fit.X, fit.U, { sites: K, halfWidth: 1, hiddenFeatures: [32, 32], epochs: 20, seed: 3 });
    const out = new Float64Array(test.U.length);
    c.closure(test.X, 50, out);
    const rmse = (p: Float64Array) => { let e = 0; for (let i = 0; i < p.length; i++) e += (p[i] - test.U[i]) ** 2; return Math.sqrt(e / p.length); };
    // control: the best cubic in X_k alone cannot see the neighbours' product
    const cubic = fitPolynomialClosure(fit.X, fit.U, 3), outC = new Float64Array(out.length);
    cubic.closure(test.X, 50, outC);
    expect(rmse(out) / standardisation(test.U).std).toBeLessThan(0.2);
    expect(rmse(out)).toBeLessThan(0.3 * rmse(outC));
    // shifting every state by one site shifts the tendencies by one site
    const shifted = test.X.map((_, i) => test.X[Math.floor(i / K) * K + ((i % K) + 1) % K]), outS = new Float64Array(out.length);
    c.closure(shifted, 50, outS);
    for (let i = 0; i < out.length; i++) expect(outS[i]).toBeCloseTo(out[Math.floor(i / K) * K + ((i % K) + 1) % K], 4);
    expect(c.training.history[c.training.history.length - 1].validationLoss).toBeDefined();
    c.model.dispose();
  });

  it("refuses mismatched records", async () => {
    await onBackend("wasm", () => 0);
    await expect(fitRingClosure(new Float64Array(16), new Float64Array(8), { sites: K, epochs: 1, seed: 0 })).rejects.toThrow("X and U must both be [rows, 8], got lengths 16 and 8");
  });
});
