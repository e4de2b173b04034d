import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { circularPad, slicePad } from "../../src/core/circular-pad";
import { normals, onBackend, toArrays } from "./backends";

const cases: [number[], number, number][] = [
  [[2, 1, 40, 3], 0, 2], [[1, 6, 5, 2], 2, 1], [[3, 4, 4, 1], 2, 2], [[2, 7, 1, 2], 3, 0], [[1, 3, 5, 2], 0, 0],
  [[1, 3, 4, 2], 3, 4], // wider than half the grid: the slice form
];

// The reference is the slice-and-concat form (rows first, then columns), differentiated by tfjs.
describe("circularPad", () => {
  for (const backend of ["wasm", "cpu"] as const) {
    for (const [shape, ph, pw] of cases) {
      it(`${backend}: x [${shape}] by ${ph}x${pw}: the slice form's values and gradient, bit for bit`, async () => {
        const [same, gradSame, outShape] = await onBackend(backend, () => {
          const n = shape.reduce((a, b) => a * b, 1);
          const x = tf.tensor4d(normals(n, 1), shape as [number, number, number, number]);
          const weights = tf.tensor(normals((shape[1] + 2 * ph) * (shape[2] + 2 * pw) * shape[3] * shape[0], 2), [shape[0], shape[1] + 2 * ph, shape[2] + 2 * pw, shape[3]]);
          const ours = circularPad(x, ph, pw), theirs = slicePad(x, ph, pw);
          const gOurs = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(circularPad(v as tf.Tensor4D, ph, pw), weights)))(x);
          const gTheirs = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(slicePad(v as tf.Tensor4D, ph, pw), weights)))(x);
          const [a, b, ga, gb] = toArrays([ours, theirs, gOurs, gTheirs]);
          return [a.length === b.length && a.every((v, i) => Object.is(v, b[i])), ga.every((v, i) => Object.is(v, gb[i])), ours.shape];
        });
        expect(outShape).toEqual([shape[0], shape[1] + 2 * ph, shape[2] + 2 * pw, shape[3]]);
        expect(same).toBe(true);
        expect(gradSame).toBe(true);
      });
    }
  }

  for (const order of ["before", "after"] as const) {
    it(`wasm: x also feeding another op created ${order} the pad (a residual path): the gradient is the slice form's, bit for bit`, async () => {
      const same = await onBackend("wasm", () => {
        const x = tf.tensor4d(normals(2 * 6 * 7 * 3, 5), [2, 6, 7, 3]);
        const w = tf.tensor(normals(2 * 8 * 9 * 3, 6), [2, 8, 9, 3]), v = tf.tensor(normals(2 * 6 * 7 * 3, 7), [2, 6, 7, 3]);
        const loss = (padFn: typeof circularPad) => (u: tf.Tensor) => {
          const side = order === "before" ? tf.mul(u, v) : undefined;
          const padded = tf.sum(tf.mul(padFn(u as tf.Tensor4D, 1, 1), w));
          return tf.add(padded, tf.sum(side ?? tf.mul(u, v)));
        };
        const [a, b] = toArrays([tf.grad(loss(circularPad))(x), tf.grad(loss(slicePad))(x)]);
        return a.every((y, i) => Object.is(y, b[i]));
      });
      expect(same).toBe(true);
    });
  }

  it("the second derivative exists (the fold's gradient is the pad)", async () => {
    const ok = await onBackend("wasm", () => {
      const x = tf.tensor4d(normals(2 * 1 * 6 * 2, 3), [2, 1, 6, 2]);
      // d/dx of sum(fold-gradient ⊙ x) through the pad: the gradient of a gradient
      const g2 = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.grad((u: tf.Tensor) => tf.sum(tf.square(circularPad(u as tf.Tensor4D, 0, 2))))(v), v)))(x);
      const ref = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.grad((u: tf.Tensor) => tf.sum(tf.square(slicePad(u as tf.Tensor4D, 0, 2))))(v), v)))(x);
      const [a, b] = toArrays([g2, ref]);
      return a.every((v, i) => Math.abs(v - b[i]) < 1e-6);
    });
    expect(ok).toBe(true);
  });

  it("refuses pads wider than the grid, negative or fractional pads, and non-float32 input", async () => {
    await onBackend("cpu", () => {
      const x = tf.zeros([1, 3, 4, 1]) as tf.Tensor4D;
      expect(() => circularPad(x, 4, 0)).toThrow(/cannot wrap 4x0 cells around a 3x4 grid/);
      expect(() => circularPad(x, -1, 0)).toThrow(/pads must be integers ≥ 0, got -1 and 0/);
      expect(() => circularPad(x, 0, 1.5)).toThrow(/pads must be integers ≥ 0, got 0 and 1.5/);
      expect(() => circularPad(tf.zeros([3, 4]) as unknown as tf.Tensor4D, 1, 1)).toThrow(/x must be a rank 4 float32 tensor/);
      return 0;
    });
  });

  it("leaves no tensors behind across training-style steps", async () => {
    await onBackend("wasm", () => {
      const x = tf.tensor4d(normals(2 * 1 * 8 * 2, 4), [2, 1, 8, 2]);
      const step = () => tf.tidy(() => { tf.grad((v: tf.Tensor) => tf.sum(circularPad(v as tf.Tensor4D, 0, 2)))(x); });
      step();
      const before = tf.memory().numTensors;
      step(); step();
      expect(tf.memory().numTensors).toBe(before);
      return 0;
    });
  });
});
