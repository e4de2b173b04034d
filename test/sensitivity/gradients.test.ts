import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { gradientXInput, InputXGradient, Saliency, saliency } from "../../src/sensitivity";
import { normals } from "./helpers";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

describe("sensitivity.saliency and gradientXInput", () => {
  it("saliency of Σ w x is |w| (signed with abs: false)", () => {
    const w = tf.tensor1d(normals(5, 1)), x = tf.tensor2d(normals(10, 2), [2, 5]);
    const f = (z: tf.Tensor) => tf.sum(tf.mul(z, w), 1);
    const a = new Saliency(f).attribute(x).attributions, s = saliency(f, x, { abs: false }).attributions;
    const wv = w.dataSync();
    for (let i = 0; i < 10; i++) { expect(a.dataSync()[i]).toBeCloseTo(Math.abs(wv[i % 5]), 6); expect(s.dataSync()[i]).toBeCloseTo(wv[i % 5], 6); }
    tf.dispose([w, x, a, s]);
  });

  it("gradient × input is complete for a linear map and misses half of a quadratic's Σx²", () => {
    const x = tf.tensor2d(normals(8, 3), [2, 4]), xv = x.dataSync();
    const lin = gradientXInput((z) => tf.add(tf.sum(tf.mul(z, 3), 1), 1), x);
    for (const d of lin.delta) expect(Math.abs(d)).toBeLessThan(1e-5);
    const quad = new InputXGradient((z) => tf.sum(tf.square(z), 1)).attribute(x);
    for (let n = 0; n < 2; n++) {
      const s2 = [0, 1, 2, 3].reduce((s, j) => s + xv[n * 4 + j] ** 2, 0);
      expect(quad.delta![n]).toBeCloseTo(s2, 4); // Σ 2x² − (Σx² − 0)
    }
    tf.dispose([x, lin.attributions, quad.attributions]);
  });

  it("names bad input", () => {
    const x = tf.tensor2d([1, 2], [1, 2]);
    expect(() => saliency("f" as never, x)).toThrow(/f must be a function/);
    expect(() => saliency((z) => z, x, { abs: 1 as never })).toThrow(/abs must be a boolean/);
    expect(() => gradientXInput((z) => z.sum(1), x, { baseline: tf.zeros([1, 3]) })).toThrow(/baseline must have x's shape/);
    x.dispose();
  });
});
