// baselines.rmse / psnr / enstrophy: closed forms on fields whose answers are known, and bad input.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { enstrophy, psnr, rmse } from "../../src/baselines";
import { onBackend } from "../core/backends";

describe("baselines SR metrics [N, H, W, C]", () => {
  it("rmse and psnr of a uniform error: RMSE = |e|, PSNR = 20·log10(range / |e|), and PSNR differences are peak-free", async () => {
    await onBackend("wasm", () => {
      // truth sample 0: 0 … 15 (range 15), sample 1: twice that (range 30); errors 0.5 and 3
      const t = Float32Array.from({ length: 32 }, (_, i) => (i < 16 ? i : 2 * (i - 16)));
      const truth = tf.tensor4d(t, [2, 4, 4, 1]), err = tf.tensor4d([...Array(16).fill(0.5), ...Array(16).fill(-3)], [2, 4, 4, 1]);
      const pred = tf.add(truth, err) as tf.Tensor4D;
      expect(Array.from(rmse(pred, truth))).toEqual([0.5, 3].map((v) => expect.closeTo(v, 6)));
      const p = psnr(pred, truth);
      expect(p[0]).toBeCloseTo(20 * Math.log10(15 / 0.5), 5);
      expect(p[1]).toBeCloseTo(20 * Math.log10(30 / 3), 5);
      const half = tf.add(truth, tf.mul(err, 0.5)) as tf.Tensor4D; // half the error: +6.02 dB whatever the peak
      for (const peak of ["range", 7] as const) {
        const gain = psnr(half, truth, { peak }).map((v, i) => v - psnr(pred, truth, { peak })[i]);
        gain.forEach((g) => expect(g).toBeCloseTo(20 * Math.log10(2), 5));
      }
    });
  });

  it("enstrophy of ζ = A·sin(x) on a periodic grid is A²/4", async () => {
    await onBackend("wasm", () => {
      const n = 16, A = 3, z = Float32Array.from({ length: n * n }, (_, p) => A * Math.sin((2 * Math.PI * (p % n)) / n));
      expect(enstrophy(tf.tensor4d(z, [1, n, n, 1]))[0]).toBeCloseTo((A * A) / 4, 5);
    });
  });

  it("refuses mismatched shapes, a wrong rank, two-channel vorticity and a non-positive peak", async () => {
    await onBackend("wasm", () => {
      expect(() => rmse(tf.zeros([1, 4, 4, 1]), tf.zeros([1, 4, 5, 1]))).toThrow("baselines.rmse: pred and truth must have the same shape, got pred [1,4,4,1] and truth [1,4,5,1]");
      expect(() => psnr(tf.zeros([4, 4, 1]) as never, tf.zeros([4, 4, 1]) as never)).toThrow("baselines.psnr: pred must be rank 4 [batch, height, width, channels]");
      expect(() => enstrophy(tf.zeros([1, 4, 4, 2]))).toThrow("baselines.enstrophy: vorticity must have 1 channel, got [1,4,4,2]");
      expect(() => psnr(tf.ones([1, 2, 2, 1]), tf.zeros([1, 2, 2, 1]), { peak: 0 })).toThrow(RangeError);
    });
  });
});
