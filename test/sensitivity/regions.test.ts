import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { integratedGradients, largestMagnitude, regionSums } from "../../src/sensitivity";
import { normals } from "./helpers";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

describe("sensitivity.regionSums", () => {
  it("sums each region per sample, channels too, skipping cells labelled −1", () => {
    // sample 0: 2×2 map, 2 channels; sample 1 likewise
    const a = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, /* sample 1 */ -1, -1, 0.5, 0.5, 2, 0, 0, 10], [2, 2, 2, 2]);
    const s = regionSums(a, [[0, 0, 1, 1], [1, -1, 0, 2]], 3);
    expect(Array.from(s[0])).toEqual([1 + 2 + 3 + 4, 5 + 6 + 7 + 8, 0]);
    expect(Array.from(s[1])).toEqual([2, -2, 10]);
    const feats = regionSums(tf.tensor2d([[1, 2, 3]]), [Int32Array.from([1, 1, 0])], 2);
    expect(Array.from(feats[0])).toEqual([3, 3]);
    a.dispose();
  });

  it("keeps integrated gradients complete: the region sums add up to F(x) − F(0)", () => {
    const w = tf.tensor4d(normals(16, 3, 1), [1, 4, 4, 1]);
    const f = (x: tf.Tensor) => tf.tidy(() => tf.tanh(tf.sum(tf.mul(x, w), [1, 2, 3])).reshape([-1, 1]));
    const x = tf.tensor4d(normals(2 * 16, 4, 1), [2, 4, 4, 1]);
    const ig = integratedGradients(f, x, { nSteps: 256, method: "riemann_trapezoid" });
    const labels = [Int32Array.from({ length: 16 }, (_, q) => q % 3), Int32Array.from({ length: 16 }, (_, q) => (q < 8 ? 0 : 1))];
    const sums = regionSums(ig.attributions, labels, 3);
    const fx = f(x).dataSync(), f0 = f(tf.zerosLike(x)).dataSync();
    sums.forEach((s, k) => expect(s.reduce((p, v) => p + v, 0)).toBeCloseTo(fx[k] - f0[k], 3));
    tf.dispose([w, x, ig.attributions]);
  });

  it("names bad input", () => {
    const a = tf.zeros([1, 2, 2, 1]);
    expect(() => regionSums(a, [[0, 0, 0]], 1)).toThrow(/labels\[0\] must hold one region index per cell \(4\)/);
    expect(() => regionSums(a, [[0, 0, 0, 2]], 2)).toThrow(/labels\[0\]\[3\] must be an integer in \[0, 1\] or −1, got 2/);
    expect(() => regionSums(a, [], 1)).toThrow(/one label array per sample \(1\)/);
    expect(() => regionSums(a, [[0, 0, 0, 0]], 0)).toThrow(/regions/);
    expect(() => regionSums(tf.zeros([2, 2, 2]), [[0], [0]], 1)).toThrow(/attributions must be rank 2 or 4/);
    a.dispose();
  });
});

describe("sensitivity.largestMagnitude", () => {
  it("picks the largest |value|, the first on a tie, and refuses empty or non-finite lists", () => {
    expect(largestMagnitude([0.5, -2, 1.5])).toBe(1);
    expect(largestMagnitude(Float64Array.from([1, -1]))).toBe(0);
    expect(() => largestMagnitude([])).toThrow(/non-empty/);
    expect(() => largestMagnitude([1, NaN])).toThrow(/values\[1\] must be finite, got NaN/);
  });
});
