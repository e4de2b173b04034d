import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2d } from "../../src/core/conv2d";
import { filterGradient } from "../../src/core/conv-filter-gradient";
import { normals, onBackend, toArrays } from "./backends";

// [x shape, kh, kw, Co, padding]: 'same' and 'valid', square and not, 1-wide, a kernel wider than the grid
const cases: [[number, number, number, number], number, number, number, "same" | "valid"][] = [
  [[8, 16, 16, 4], 3, 3, 5, "same"], [[3, 9, 7, 5], 5, 3, 4, "same"], [[3, 9, 7, 5], 5, 3, 4, "valid"],
  [[2, 6, 6, 3], 1, 1, 4, "same"], [[2, 12, 10, 3], 5, 1, 2, "valid"], [[1, 2, 3, 2], 5, 5, 3, "same"],
];

describe("filterGradient", () => {
  for (const [shape, kh, kw, co, padding] of cases) {
    it(`wasm: x [${shape}], ${kh}x${kw} → ${co}, '${padding}': the matrix form is the conv form, bit for bit`, async () => {
      const [conv, matrix] = await onBackend("wasm", () => {
        const [b, h, w] = shape, ho = padding === "same" ? h : h - kh + 1, wo = padding === "same" ? w : w - kw + 1;
        const x = tf.tensor4d(normals(shape.reduce((p, q) => p * q, 1), 1), shape);
        const g = tf.tensor4d(normals(b * ho * wo * co, 2), [b, ho, wo, co]);
        return toArrays([filterGradient(x, g, kh, kw, padding, "conv"), filterGradient(x, g, kh, kw, padding, "matrix")]);
      });
      expect(matrix.length).toBe(kh * kw * shape[3] * co);
      expect(matrix.every((v, i) => Object.is(v, conv[i]))).toBe(true);
    });
  }

  it("wasm: conv2d's filter gradient (the matrix form at 32² points and 16 channels) is the conv form's, bit for bit", async () => {
    const [ours, reference] = await onBackend("wasm", () => {
      const x = tf.tensor4d(normals(2 * 32 * 32 * 16, 3), [2, 32, 32, 16]), f = tf.tensor4d(normals(3 * 3 * 16 * 16, 4, 0.1), [3, 3, 16, 16]);
      const dW = tf.grad((w: tf.Tensor) => tf.sum(tf.square(conv2d(x, w as tf.Tensor4D))))(f);
      const g = tf.mul(conv2d(x, f), 2) as tf.Tensor4D; // d Σy²/dy
      return toArrays([dW, filterGradient(x, g, 3, 3, "same", "conv")]);
    });
    expect(ours.every((v, i) => Object.is(v, reference[i]))).toBe(true);
  });
});
