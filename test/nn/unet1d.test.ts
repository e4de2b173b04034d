import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { UNet, fromConfig } from "../../src/nn";
import { gradsOf, maxRelDiff, normals, onBackend } from "./helpers";

/** Circular roll of x [B, H, W, C] by s along the width. */
const roll = (x: tf.Tensor4D, s: number) => tf.concat([x.slice([0, 0, x.shape[2] - s, 0], [-1, -1, s, -1]), x.slice([0, 0, 0, 0], [-1, -1, x.shape[2] - s, -1])], 2);

describe("UNet, spatialDims 1 (Lorenz-96 rings [batch, 1, sites, channels])", () => {
  const config = { inChannels: 1, outChannels: 1, baseChannels: 4, depth: 2, padding: "circular" as const, spatialDims: 1 as const, timeChannels: 8, condChannels: 1, seed: 4 };

  it("maps [3, 1, 40, 1] to [3, 1, 40, 1] with 1×k kernels and width-only halvings; refuses widths not divisible by 2^depth", async () => {
    await onBackend("wasm", () => {
      const m = new UNet({ ...config, timeChannels: 0, condChannels: 0 });
      expect(m.apply(tf.zeros([3, 1, 40, 1])).shape).toEqual([3, 1, 40, 1]);
      expect(m.apply(tf.zeros([2, 3, 8, 1])).shape).toEqual([2, 3, 8, 1]); // rows are independent rings
      expect(m.params.get("down/0/0/weight")?.shape).toEqual([1, 3, 1, 4]);
      expect(m.params.get("down/1/0/weight")?.shape).toEqual([1, 3, 8, 8]); // 2·c₀ channels after one halving
      expect(() => m.apply(tf.zeros([1, 1, 42, 1]))).toThrow("UNet.apply: width must be divisible by 2^depth = 4 (spatialDims 1), got x [1,1,42,1]");
      expect(() => new UNet({ ...config, spatialDims: 3 as never })).toThrow("UNet: spatialDims must be an integer in [1, 2], got 3");
      m.dispose();
    });
  });

  it("periodic: rolling x and cond.field by 2^depth sites rolls the output (to 1e-5); a 1-site roll does not commute (the halvings)", async () => {
    await onBackend("wasm", () => {
      const m = new UNet(config);
      const x = tf.tensor4d(normals(2 * 16, 1), [2, 1, 16, 1]), field = tf.tensor4d(normals(2 * 16, 2), [2, 1, 16, 1]), t = tf.tensor1d([5, 700]);
      const y = m.apply(x, { t, field }) as tf.Tensor4D;
      const y4 = m.apply(roll(x, 4), { t, field: roll(field, 4) });
      expect(maxRelDiff(y4.dataSync(), roll(y, 4).dataSync())).toBeLessThan(1e-5);
      const y1 = m.apply(roll(x, 1), { t, field: roll(field, 1) });
      expect(maxRelDiff(y1.dataSync(), roll(y, 1).dataSync())).toBeGreaterThan(1e-3);
      m.dispose();
    });
  });

  it("circular padding is periodic padding: on a ring it equals the zero-padded U-Net (same weights) on five copies of the ring, centre copy (1D and 2D)", async () => {
    await onBackend("wasm", () => {
      for (const spatialDims of [1, 2] as const) {
        const H = spatialDims === 1 ? 1 : 8, W = 16, c = { ...config, spatialDims, timeChannels: 0, condChannels: 0 };
        const ring = new UNet(c), zero = new UNet({ ...c, padding: "same" });
        const x = tf.tensor4d(normals(2 * H * W, 8), [2, H, W, 1]);
        const wide = tf.tile(x, [1, spatialDims === 1 ? 1 : 5, 5, 1]) as tf.Tensor4D;
        const centre = zero.apply(wide).slice([0, spatialDims === 1 ? 0 : 2 * H, 2 * W, 0], [-1, H, W, -1]);
        expect(maxRelDiff(ring.apply(x).dataSync(), centre.dataSync()), `spatialDims ${spatialDims}`).toBeLessThan(1e-4); // float32 sums in another order
        ring.dispose(); zero.dispose();
      }
    });
  });

  it("value and gradients (x and every weight) with cond.t and cond.field on wasm match cpu (≤ 1e-5)", async () => {
    const x = normals(2 * 16 * 2, 3), field = normals(2 * 16, 4), w = normals(2 * 16, 5);
    const run = () => {
      const m = new UNet({ ...config, inChannels: 2 });
      const cond = { t: tf.tensor1d([3, 420]), field: tf.tensor4d(field, [2, 1, 16, 1]) };
      const r = gradsOf((xv) => m.apply(xv, cond), m.variables(), tf.tensor4d(x, [2, 1, 16, 2]), tf.tensor4d(w, [2, 1, 16, 1]));
      m.dispose();
      return r;
    };
    const ours = await onBackend("wasm", run), ref = await onBackend("cpu", run);
    expect(ours.length).toBe(2 + 37); // y, dx, 12 down + 12 up + 2 head + 1 field + 10 time-projection variables
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });

  it("config round-trips: fromConfig(toConfig()) keeps spatialDims and gives the same outputs", async () => {
    await onBackend("wasm", () => {
      const m = new UNet(config);
      const copy = fromConfig(JSON.parse(JSON.stringify(m.toConfig())));
      expect(copy.toConfig()).toEqual(m.toConfig());
      expect((copy.config as { spatialDims: number }).spatialDims).toBe(1);
      const x = tf.tensor4d(normals(8, 6), [1, 1, 8, 1]), cond = { t: tf.tensor1d([9]), field: tf.tensor4d(normals(8, 7), [1, 1, 8, 1]) };
      expect(Array.from(copy.apply(x, cond).dataSync())).toEqual(Array.from(m.apply(x, cond).dataSync()));
      copy.dispose(); m.dispose();
    });
  });
});
