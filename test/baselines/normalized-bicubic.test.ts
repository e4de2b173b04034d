// baselines.normalizedBicubic: bicubic of field × weight over bicubic of the weight — a field constant
// over the air comes back exactly from block means that count buildings as 0 (plain bicubic does not),
// weights of 1 give plain bicubic, bad shapes and floors are refused.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { bicubic, normalizedBicubic } from "../../src/baselines";
import { initBackend } from "../../src/core";

beforeAll(async () => {
  await initBackend();
});

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe("baselines.normalizedBicubic", () => {
  it("reproduces a field constant over the air from block means counting buildings as 0, at x4 and x8", () => {
    // fine 32² mask of random rectangles; the field is 2.5 on air, 0 in buildings
    const solid = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([2, 8, 8, 1], 0, 1, "float32", 3), 0.6), "float32").resizeNearestNeighbor([32, 32])) as tf.Tensor4D;
    const air = tf.sub(1, solid) as tf.Tensor4D, field = tf.mul(air, 2.5) as tf.Tensor4D;
    for (const r of [4, 8]) {
      const mean = tf.avgPool(field, r, r, "valid") as tf.Tensor4D, fraction = tf.avgPool(air, r, r, "valid") as tf.Tensor4D;
      const out = normalizedBicubic(mean, fraction, { size: [32, 32], boundary: "clamp", floor: 0.05 });
      const ok = tf.mul(air, tf.cast(tf.greaterEqual(bicubic(fraction, { size: [32, 32], boundary: "clamp" }), 0.05), "float32"));
      expect(tf.sum(ok).dataSync()[0]).toBeGreaterThan(500); // most air cells are covered
      expect(maxAbs(tf.mul(out, ok), tf.mul(ok, 2.5))).toBeLessThan(1e-5);
      const plain = bicubic(mean, { size: [32, 32], boundary: "clamp" });
      expect(maxAbs(tf.mul(plain, ok), tf.mul(ok, 2.5))).toBeGreaterThan(0.5); // the zeros in buildings pull plain bicubic down
    }
  });

  it("is plain bicubic when every weight is 1, per channel", () => {
    const x = tf.randomNormal([2, 6, 5, 3], 0, 1, "float32", 5) as tf.Tensor4D;
    const out = normalizedBicubic(x, tf.ones([2, 6, 5, 1]) as tf.Tensor4D, { factor: 3 });
    expect(out.shape).toEqual([2, 18, 15, 3]);
    expect(maxAbs(out, bicubic(x, { factor: 3 }))).toBeLessThan(1e-5);
  });

  it("refuses mismatched weights and a non-positive floor", () => {
    const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    expect(() => normalizedBicubic(x, tf.ones([1, 4, 4, 2]) as tf.Tensor4D, { factor: 2 })).toThrow(/weights must be \[1, 4, 4, 1\]/);
    expect(() => normalizedBicubic(x, tf.ones([1, 2, 4, 1]) as tf.Tensor4D, { factor: 2 })).toThrow(/weights must be/);
    expect(() => normalizedBicubic(x, tf.ones([1, 4, 4, 1]) as tf.Tensor4D, { factor: 2, floor: 0 })).toThrow(/floor/);
    expect(() => normalizedBicubic(x, tf.ones([1, 4, 4, 1]) as tf.Tensor4D, {} as never)).toThrow(/factor/);
  });
});
