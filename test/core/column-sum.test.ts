import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { columnSum } from "../../src/core/column-sum";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

/** Σ over rows in float64: the reference. */
function sum64(x: Float32Array, s: number, c: number): Float64Array {
  const out = new Float64Array(c);
  for (let i = 0; i < s; i++) for (let j = 0; j < c; j++) out[j] += x[i * c + j];
  return out;
}

describe("columnSum: Σ over the rows of x [S, C] vs a float64 sum (≤ 1e-5 of the largest sum), and its gradient", () => {
  // 131072 columns: pooled as 128 pixels of 1024 channels (the wasm pool fails from 16384 channels); 2053 is prime
  for (const [s, c] of [[1, 1], [7, 3], [1, 9], [32768, 5], [8, 131072], [3, 2053], [5, 16384]] as [number, number][]) {
    it(`[${s}, ${c}]`, async () => {
      const x = Float32Array.from(normals(s * c, 11), (v) => v + 0.3);
      const ref = sum64(x, s, c);
      for (const backend of ["wasm", "cpu"] as const) {
        const [y] = await onBackend(backend, () => toArrays([columnSum(tf.tensor2d(x, [s, c]))]));
        expect(y.length).toBe(c);
        expect(maxRelDiff(y, ref), backend).toBeLessThan(1e-5);
      }
    });
  }

  it("is differentiable: d/dx Σ_j t_j·(Σ_s x_sj) = t on every row (wasm and cpu)", async () => {
    const t = normals(4, 12);
    for (const backend of ["wasm", "cpu"] as const) {
      const [g] = await onBackend(backend, () => toArrays([tf.grad((x: tf.Tensor) => tf.sum(tf.mul(columnSum(x as tf.Tensor2D), tf.tensor1d(t))))(tf.tensor2d(normals(12, 13), [3, 4]))]));
      for (let i = 0; i < 3; i++) expect(maxRelDiff(g.subarray(4 * i, 4 * i + 4), t), backend).toBeLessThan(1e-6);
    }
  });
});
