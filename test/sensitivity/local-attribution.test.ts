import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { attributionPeaks, diffusionIndex, gaussianBlur, LocalAttributionMap, localAttributionMap, windowTarget } from "../../src/sensitivity";
import { normals } from "./helpers";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

/** A small nonlinear image-to-image map with tf ops: 3×3 conv, tanh, 3×3 conv, [N, H, W, 1] → same. */
function tinyConvNet(seed: number) {
  const k1 = tf.tensor4d(normals(9 * 4, seed, 0.6), [3, 3, 1, 4]), k2 = tf.tensor4d(normals(9 * 4, seed + 1, 0.5), [3, 3, 4, 1]);
  const f = (x: tf.Tensor) => tf.tidy(() => tf.conv2d(tf.tanh(tf.conv2d(x as tf.Tensor4D, k1, 1, "same")), k2, 1, "same"));
  return { f, dispose: () => tf.dispose([k1, k2]) };
}

describe("sensitivity.localAttributionMap", () => {
  it("is complete: Σ LAM → F(x) − F(blurred x), the gap shrinking as the path is refined", () => {
    for (const seed of [1, 2]) {
      const { f, dispose } = tinyConvNet(seed);
      const x = tf.tensor4d(normals(2 * 12 * 12, seed + 10, 1), [2, 12, 12, 1]);
      const target = windowTarget(5, 5, 2, 2);
      const rel = (nSteps: number) => {
        const r = localAttributionMap(f, x, { sigma: 2, nSteps, target, internalBatchSize: 64 });
        r.attributions.dispose();
        const fx = target(f(x)).dataSync(), f0 = target(f(tf.tensor4d(Float32Array.from(gaussianBlur(Float64Array.from(x.dataSync()), [2, 12, 12, 1], 2)), [2, 12, 12, 1]))).dataSync();
        return Math.max(...Array.from(r.delta, (d, i) => Math.abs(d) / Math.abs(fx[i] - f0[i])));
      };
      const [coarse, fine] = [rel(8), rel(64)];
      console.log(`LAM completeness gap, seed ${seed}: 8 steps ${coarse.toExponential(2)}, 64 steps ${fine.toExponential(2)}`);
      expect(fine).toBeLessThan(coarse / 30); // midpoint rule: O(K⁻²)
      expect(fine).toBeLessThan(0.005);
      dispose(); x.dispose();
    }
  });

  it("attributes nothing outside the window's receptive field, through the attribute interface", () => {
    const { f, dispose } = tinyConvNet(3);
    const x = tf.tensor4d(normals(16 * 16, 4), [1, 16, 16, 1]);
    const r = new LocalAttributionMap(f).attribute(x, { sigma: 1, nSteps: 16, target: windowTarget(2, 2, 1, 1) });
    const a = r.attributions.dataSync();
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) if (Math.abs(i - 2) > 2 || Math.abs(j - 2) > 2) expect(a[i * 16 + j]).toBe(0);
    r.attributions.dispose(); x.dispose(); dispose();
  });

  it("gaussianBlur keeps constants (reflect) and the mean (circular); σ = 0 copies", () => {
    const c = gaussianBlur(new Float64Array(30).fill(2), [1, 5, 6, 1], 1.5);
    for (const v of c) expect(v).toBeCloseTo(2, 12);
    const x = Float64Array.from(normals(2 * 8 * 8 * 3, 5)), b = gaussianBlur(x, [2, 8, 8, 3], 2, "circular");
    expect(b.reduce((s, v) => s + v, 0)).toBeCloseTo(x.reduce((s, v) => s + v, 0), 9);
    expect(gaussianBlur(x, [2, 8, 8, 3], 0)).toEqual(x);
  });

  it("diffusionIndex: 100 for an even map, 100/m for one pixel, channels summed in |·|", () => {
    const even = tf.fill([1, 4, 4, 2], -0.3), spike = tf.tensor4d(Float32Array.from({ length: 16 }, (_, i) => (i === 5 ? 2 : 0)), [1, 4, 4, 1]);
    expect(diffusionIndex(even)[0]).toBeCloseTo(100, 4);
    expect(diffusionIndex(spike)[0]).toBeCloseTo(100 / 16, 6);
    const half = tf.tensor2d([1, 1, 0, 0], [1, 4]); // G = 1/2
    expect(diffusionIndex(half)[0]).toBeCloseTo(50, 6);
    tf.dispose([even, spike, half]);
  });

  it("names bad input", () => {
    const x = tf.zeros([1, 4, 4, 1]), f = (z: tf.Tensor) => z;
    expect(() => localAttributionMap(f, x, { sigma: 0, target: windowTarget(0, 0, 1, 1) })).toThrow(/sigma must be > 0, got 0/);
    expect(() => localAttributionMap(f, x, { nSteps: -1, target: windowTarget(0, 0, 1, 1) })).toThrow(/nSteps must be an integer ≥ 1, got -1/);
    expect(() => localAttributionMap(f, x, { padding: "zeros" as never })).toThrow(/padding must be one of reflect, circular/);
    expect(() => localAttributionMap(f, tf.zeros([1, 4]) as never)).toThrow(/x must be rank 4 \[N, H, W, C\]/);
    expect(() => localAttributionMap(f, x, { target: windowTarget(3, 3, 2, 2) })).toThrow(/window rows 3…4, columns 3…4, channel 0 lies outside y \[1,4,4,1\]/);
    x.dispose();
  });
});

describe("sensitivity.attributionPeaks", () => {
  it("is the flat index of the largest |A| per sample, channels summed", () => {
    const a = tf.tensor4d([0, 1, -3, 0, /* sample 1 */ 0.5, 0, 0, -0.2], [2, 2, 2, 1]);
    expect(Array.from(attributionPeaks(a))).toEqual([2, 0]);
    const c = tf.tensor4d([1, -1, 0.8, 0.8], [1, 1, 2, 2]); // pixel 0: |1| + |−1| = 2 > 1.6
    expect(Array.from(attributionPeaks(c))).toEqual([0]);
    tf.dispose([a, c]);
  });
});
