import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { batchMatMul } from "../../src/core/batch-mat-mul";
import { normals, onBackend, toArrays } from "./backends";

// [batch, n, k, m]: contractions of 8, 32 and 48 terms (the per-entry GEMMs), 64 (tf.matMul's blocks), and a small product
const sizes: [number, number, number, number][] = [[8, 256, 32, 32], [4, 300, 48, 24], [2, 200, 64, 40], [8, 1024, 8, 32], [3, 5, 4, 2]];

describe("batchMatMul", () => {
  for (const [P, n, k, m] of sizes) {
    for (const [tA, tB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      it(`wasm: [${P}, ${n}, ${k}] · [${P}, ${k}, ${m}], transposeA ${tA}, transposeB ${tB}: tf.matMul's values and gradients, bit for bit`, async () => {
        const [ours, theirs] = await onBackend("wasm", () => {
          const a = tf.tensor3d(normals(P * n * k, 1), tA ? [P, k, n] : [P, n, k]);
          const b = tf.tensor3d(normals(P * k * m, 2), tB ? [P, m, k] : [P, k, m]);
          const w = tf.tensor3d(normals(P * n * m, 3), [P, n, m]);
          const run = (f: (x: tf.Tensor3D, y: tf.Tensor3D) => tf.Tensor) => {
            const { value, grads } = tf.valueAndGrads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor3D, y as tf.Tensor3D), w)))([a, b]);
            return toArrays([f(a, b), value, ...grads]);
          };
          return [run((x, y) => batchMatMul(x, y, tA, tB)), run((x, y) => tf.matMul(x, y, tA, tB))];
        });
        ours.forEach((o, i) => {
          expect(o.length).toBe(theirs[i].length);
          expect(o.every((v, j) => Object.is(v, theirs[i][j]))).toBe(true);
        });
      });
    }
  }

  it("names a wrong rank or mismatched sizes", async () => {
    await onBackend("cpu", () => {
      expect(() => batchMatMul(tf.zeros([2, 3]) as unknown as tf.Tensor3D, tf.zeros([2, 3, 4]) as tf.Tensor3D)).toThrow(
        "batchMatMul: a must be rank 3 [batch, rows, columns], got rank 2 (shape [2,3])",
      );
      expect(() => batchMatMul(tf.zeros([2, 3, 4]) as tf.Tensor3D, tf.zeros([2, 5, 4]) as tf.Tensor3D)).toThrow(
        "batchMatMul: a [2,3,4] · b [2,5,4]: the batch sizes and inner dimensions must agree",
      );
    });
  });
});
