import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { IntegratedGradients, integratedGradients, QUADRATURE_METHODS } from "../../src/sensitivity";
import { normals, randomMlp } from "./helpers";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

describe("sensitivity.integratedGradients", () => {
  it("of a linear function equals gradient × (x − baseline), for every rule and any nSteps", () => {
    const w = tf.tensor2d(normals(6 * 2, 1), [6, 2]), x = tf.tensor2d(normals(3 * 6, 2), [3, 6]), b = tf.tensor2d(normals(3 * 6, 3), [3, 6]);
    const f = (z: tf.Tensor) => tf.add(tf.matMul(z, w), 0.7);
    const wv = w.dataSync(), xv = x.dataSync(), bv = b.dataSync();
    for (const method of QUADRATURE_METHODS) for (const nSteps of [2, 7]) {
      const { attributions, delta } = integratedGradients(f, x, { baseline: b, nSteps, method, target: 1 });
      const a = attributions.dataSync();
      for (let n = 0; n < 3; n++) for (let j = 0; j < 6; j++) {
        expect(a[n * 6 + j]).toBeCloseTo(wv[j * 2 + 1] * (xv[n * 6 + j] - bv[n * 6 + j]), 5);
      }
      for (const d of delta) expect(Math.abs(d)).toBeLessThan(1e-5);
      attributions.dispose();
    }
    tf.dispose([w, x, b]);
  });

  it("completeness on random nonlinear functions: |delta| shrinks as nSteps grows (trapezoid ~n⁻², Gauss–Legendre faster)", () => {
    for (const seed of [10, 20, 30]) {
      const { f, dispose } = randomMlp(8, seed);
      const x = tf.tensor2d(normals(4 * 8, seed + 5, 1.5), [4, 8]);
      const gap = (nSteps: number, method: "riemann_trapezoid" | "gausslegendre") => {
        const r = integratedGradients(f, x, { nSteps, method });
        r.attributions.dispose();
        return Math.max(...Array.from(r.delta, Math.abs));
      };
      const t = [4, 16, 64].map((n) => gap(n, "riemann_trapezoid"));
      expect(t[1]).toBeLessThan(t[0] / 4);
      expect(t[2]).toBeLessThan(t[1] / 4);
      expect(gap(16, "gausslegendre")).toBeLessThan(t[2]);
      dispose(); x.dispose();
    }
  });

  it("is batched: 128 steps of 2 samples in 2 gradient passes, equal to one step per pass", () => {
    const { f, dispose } = randomMlp(5, 7);
    let calls = 0, rows = 0;
    const counted = (z: tf.Tensor) => { calls++; rows = Math.max(rows, z.shape[0]); return f(z); };
    const x = tf.tensor2d(normals(2 * 5, 8), [2, 5]);
    const big = integratedGradients(counted, x, { nSteps: 128, method: "riemann_trapezoid", internalBatchSize: 128 });
    expect(calls).toBe(2 + 2); // F(x), F(baseline), then 2 passes of 64 steps × 2 samples
    expect(rows).toBe(128);
    const small = integratedGradients(f, x, { nSteps: 128, method: "riemann_trapezoid", internalBatchSize: 2 });
    const a = big.attributions.dataSync(), s = small.attributions.dataSync();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(s[i], 5);
    tf.dispose([big.attributions, small.attributions, x]); dispose();
  });

  it("takes a target index or function, NHWC inputs, the attribute interface, and leaves no tensors behind", () => {
    const x = tf.tensor4d(normals(2 * 4 * 4 * 2, 3), [2, 4, 4, 2]);
    const f = (z: tf.Tensor) => tf.tanh(tf.mul(z, 2)); // [N, 4, 4, 2] → same
    const before = tf.memory().numTensors;
    const r = new IntegratedGradients(f).attribute(x, { nSteps: 64, target: (y) => y.slice([0, 1, 1, 0], [-1, 2, 2, 1]).sum([1, 2, 3]) });
    expect(r.attributions.shape).toEqual([2, 4, 4, 2]);
    expect(Math.max(...Array.from(r.delta!, Math.abs))).toBeLessThan(1e-4);
    const a = r.attributions.dataSync();
    expect(a[(0 * 16 + 0 * 4 + 0) * 2]).toBe(0); // outside the target window: no attribution
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const byIndex = integratedGradients(f, x, { nSteps: 8, target: 5 });
    expect(byIndex.attributions.dataSync().filter((v) => v !== 0).length).toBe(2); // entry 5 of each sample
    byIndex.attributions.dispose(); x.dispose();
  });

  it("names bad input: nSteps, baseline shape, method, target, internalBatchSize", () => {
    const x = tf.tensor2d(normals(6, 1), [2, 3]), f = (z: tf.Tensor) => tf.sum(z, 1, true);
    expect(() => integratedGradients(f, x, { nSteps: 0 })).toThrow(/nSteps must be an integer ≥ 1, got 0/);
    expect(() => integratedGradients(f, x, { nSteps: 2.5 })).toThrow(/nSteps must be an integer/);
    expect(() => integratedGradients(f, x, { nSteps: 1, method: "riemann_trapezoid" })).toThrow(/nSteps must be an integer ≥ 2/);
    expect(() => integratedGradients(f, x, { method: "simpson" as never })).toThrow(/method must be one of .*got "simpson"/);
    const b = tf.zeros([2, 4]);
    expect(() => integratedGradients(f, x, { baseline: b })).toThrow(/baseline must have x's shape \[2,3\], got \[2,4\]/);
    expect(() => integratedGradients((z) => z, x)).toThrow(/f returns 3 values per sample .* give target/);
    expect(() => integratedGradients((z) => z, x, { target: 3 })).toThrow(/target must be an integer in \[0, 2\], got 3/);
    expect(() => integratedGradients(f, x, { internalBatchSize: 1 })).toThrow(/internalBatchSize must be ≥ the batch size N = 2/);
    expect(() => integratedGradients(f, tf.zeros([3]) as never)).toThrow(/x must be rank 2 or 3 or 4 or 5/);
    tf.dispose([x, b]);
  });
});
