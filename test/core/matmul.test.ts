import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { matMul } from "../../src/core/matmul";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

// W's buffer is used as the right operand under two shapes: [6, 4] then reshaped to [4, 6].
const x1 = normals(3 * 6, 1), x2 = normals(5 * 4, 2), w = normals(24, 3), t1 = normals(3 * 4, 4), t2 = normals(5 * 6, 5);

/** Loss with the same weights reaching matMul as [6,4] and as [4,6]; returns [loss, dW]. */
function lossAndGrad(mm: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D): Float32Array[] {
  const a1 = tf.tensor2d(x1, [3, 6]), a2 = tf.tensor2d(x2, [5, 4]);
  const f = (W: tf.Tensor) => {
    const r1 = tf.sub(mm(a1, W as tf.Tensor2D), tf.tensor2d(t1, [3, 4]));
    const r2 = tf.sub(mm(a2, W.reshape([4, 6]) as tf.Tensor2D), tf.tensor2d(t2, [5, 6]));
    return tf.add(tf.sum(tf.square(r1)), tf.sum(tf.square(r2))) as tf.Scalar;
  };
  const { value, grad } = tf.valueAndGrad(f)(tf.tensor2d(w, [6, 4]));
  return toArrays([value, grad]);
}

describe("matMul guard against the wasm operator-cache trap", () => {
  it("[3,6]·[6,4] then [5,4]·[4,6] on the same buffer: unguarded wasm is wrong, guarded wasm matches cpu (value and gradient ≤ 1e-5)", async () => {
    const cpu = await onBackend("cpu", () => lossAndGrad((a, b) => tf.matMul(a, b)));
    const wasmRaw = await onBackend("wasm", () => lossAndGrad((a, b) => tf.matMul(a, b)));
    const wasmGuarded = await onBackend("wasm", () => lossAndGrad(matMul));
    // The trap is real with this tfjs version: if this starts failing, tfjs fixed its cache.
    expect(maxRelDiff(wasmRaw[0], cpu[0])).toBeGreaterThan(1e-2);
    expect(maxRelDiff(wasmGuarded[0], cpu[0])).toBeLessThan(1e-5);
    expect(maxRelDiff(wasmGuarded[1], cpu[1])).toBeLessThan(1e-5);
  });

  it("alternating shapes A, B, B, A on one buffer stay correct on wasm", async () => {
    const run = () => {
      const W = tf.tensor2d(w, [6, 4]);
      const a = tf.tensor2d(x1, [3, 6]), b = tf.tensor2d(x2, [5, 4]);
      const outs = [matMul(a, W), matMul(b, W.reshape([4, 6]) as tf.Tensor2D), matMul(b, W.reshape([4, 6]) as tf.Tensor2D), matMul(a, W)];
      return toArrays(outs);
    };
    const cpu = await onBackend("cpu", run);
    const wasm = await onBackend("wasm", run);
    for (let i = 0; i < 4; i++) expect(maxRelDiff(wasm[i], cpu[i])).toBeLessThan(1e-5);
  });

  it("rejects wrong ranks, dtypes and inner dimensions with clear errors", async () => {
    await onBackend("cpu", () => {
      const a = tf.zeros([2, 3]) as tf.Tensor2D;
      expect(() => matMul(a, tf.zeros([4, 2]) as tf.Tensor2D)).toThrow(/inner dimensions differ: a \[2,3\] · b \[4,2\]/);
      expect(() => matMul(tf.zeros([2, 3, 1]) as unknown as tf.Tensor2D, a)).toThrow(/a must be a rank 2 float32 tensor \[M, K\], got rank 3 float32 \(shape \[2,3,1\]\)/);
      expect(() => matMul(a, tf.zeros([3, 2], "int32") as tf.Tensor2D)).toThrow(/b must be a rank 2 float32 tensor \[K, N\], got rank 2 int32/);
    });
  });
});
