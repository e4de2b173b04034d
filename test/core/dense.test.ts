import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { addRows } from "../../src/core/add-rows";
import { dense } from "../../src/core/dense";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

/** Value and gradients (x, W[, b]) of Σ (x·W + b) ⊙ t, by `dense` or by plain ops (tfjs' autodiff). */
function run(s: number, ci: number, co: number, bias: boolean, impl: "ours" | "reference"): Float32Array[] {
  const x = tf.tensor2d(normals(s * ci, 1), [s, ci]), w = tf.tensor2d(normals(ci * co, 2, 0.5), [ci, co]);
  const b = tf.tensor1d(normals(co, 3, 0.3)), t = tf.tensor2d(normals(s * co, 4), [s, co]);
  const f = (...v: tf.Tensor[]) => {
    const [xv, wv, bv] = v as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
    const y = impl === "ours" ? dense(xv, wv, bv) : bv ? tf.add(tf.matMul(xv, wv), bv) : tf.matMul(xv, wv);
    return tf.sum(tf.mul(y, t)) as tf.Scalar;
  };
  const inputs = bias ? [x, w, b] : [x, w];
  const y = impl === "ours" ? dense(x, w, bias ? b : undefined) : tf.matMul(x, w);
  return toArrays([bias ? (impl === "ours" ? y : tf.add(y, b)) : y, ...tf.grads(f)(inputs)]);
}

describe("dense: value and gradients vs cpu autodiff of matMul + add (≤ 1e-5), every dW orientation", () => {
  // Co = 1 (Σ x ⊙ dy), Co < Ci (dy packed), Co = Ci, Co > Ci (x packed), a long S
  for (const [s, ci, co, bias] of [[37, 6, 1, true], [37, 6, 3, true], [20, 4, 4, false], [29, 3, 8, true], [4096, 8, 24, true]] as [number, number, number, boolean][]) {
    it(`x [${s}, ${ci}] · W [${ci}, ${co}]${bias ? " + b" : ""}`, async () => {
      const ref = await onBackend("cpu", () => run(s, ci, co, bias, "reference"));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => run(s, ci, co, bias, "ours"));
        expect(ours.length).toBe(ref.length);
        ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `${backend}, output ${i}`).toBeLessThan(1e-5));
      }
    });
  }
});

describe("dense: one output channel on wasm", () => {
  // dW by the host kernel (rows in order, float32) against xᵀ·dy as XNNPACK's GEMM computes it
  for (const [s, ci] of [[37, 6], [4096, 128], [1000, 1]] as [number, number][]) {
    it(`x [${s}, ${ci}] · W [${ci}, 1]: dW is the GEMM's xᵀ·dy, bit for bit`, async () => {
      const [ours, gemm] = await onBackend("wasm", () => {
        const x = tf.tensor2d(normals(s * ci, 1), [s, ci]), w = tf.tensor2d(normals(ci, 2, 0.5), [ci, 1]), t = tf.tensor2d(normals(s, 4), [s, 1]);
        const dW = tf.grad((wv: tf.Tensor) => tf.sum(tf.mul(dense(x, wv as tf.Tensor2D), t)))(w);
        return toArrays([dW, tf.matMul(tf.transpose(x), t)]);
      });
      expect(ours.length).toBe(ci);
      expect(ours.every((v, i) => Object.is(v, gemm[i]))).toBe(true);
    });
  }
});

describe("addRows: value and gradients vs cpu autodiff of a broadcast add (≤ 1e-5)", () => {
  it("x [5, 12] + p [1, 12]", async () => {
    const go = (impl: "ours" | "reference") => {
      const x = tf.tensor2d(normals(60, 5), [5, 12]), p = tf.tensor2d(normals(12, 6), [1, 12]), t = tf.tensor2d(normals(60, 7), [5, 12]);
      const y = (xv: tf.Tensor, pv: tf.Tensor) => (impl === "ours" ? addRows(xv as tf.Tensor2D, pv as tf.Tensor2D) : tf.add(xv, pv));
      const f = (xv: tf.Tensor, pv: tf.Tensor) => tf.sum(tf.mul(y(xv, pv), t)) as tf.Scalar;
      return toArrays([y(x, p), ...tf.grads(f)([x, p])]);
    };
    const ref = await onBackend("cpu", () => go("reference"));
    for (const backend of ["wasm", "cpu"] as const) {
      const ours = await onBackend(backend, () => go("ours"));
      ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `${backend}, output ${i}`).toBeLessThan(1e-5));
    }
  });
});
