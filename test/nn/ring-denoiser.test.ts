import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { RingDenoiser, fromConfig } from "../../src/nn";
import { gradsOf, maxRelDiff, normals, onBackend } from "./helpers";

/** Circular roll of x [B, 1, W, C] by s sites along the width. */
const roll = (x: tf.Tensor, s: number) => tf.concat([x.slice([0, 0, x.shape[2]! - s, 0], [-1, -1, s, -1]), x.slice([0, 0, 0, 0], [-1, -1, x.shape[2]! - s, -1])], 2);

describe("RingDenoiser (translation-equivariant denoiser on rings [batch, 1, sites, channels])", () => {
  const config = { inChannels: 1, outChannels: 1, hiddenChannels: 6, blocks: 2, kernelSize: 3, timeChannels: 8, condChannels: 1, seed: 3 };
  const inputs = (B: number, W: number, seed: number) => ({
    x: tf.tensor4d(normals(B * W, seed), [B, 1, W, 1]), cond: { t: tf.tensor1d(Array.from({ length: B }, (_, i) => 10 + 300 * i)), field: tf.tensor4d(normals(B * W, seed + 1), [B, 1, W, 1]) },
  });

  it("maps [3, 1, 40, 1] to [3, 1, 40, 1]; names its weights; receptive field 1 + (blocks + 1)(k − 1)", async () => {
    await onBackend("wasm", () => {
      const m = new RingDenoiser(config), { x, cond } = inputs(3, 40, 1);
      expect(m.apply(x, cond).shape).toEqual([3, 1, 40, 1]);
      expect(m.params.get("lift/weight")?.shape).toEqual([1, 3, 1, 6]);
      expect(m.params.get("field/weight")?.shape).toEqual([1, 1, 1, 6]);
      expect(m.params.get("time/1/weight")?.shape).toEqual([8, 6]);
      expect(m.params.get("blocks/1/weight")?.shape).toEqual([1, 3, 6, 6]);
      expect(m.receptiveField).toBe(7);
      m.dispose();
    });
  });

  it("commutes with every shift of the ring, one site included (to 1e-5), and depends on t and on the field", async () => {
    await onBackend("wasm", () => {
      const m = new RingDenoiser(config), { x, cond } = inputs(2, 16, 5);
      const y = m.apply(x, cond);
      for (const s of [1, 3, 8]) {
        const ys = m.apply(roll(x, s), { t: cond.t, field: roll(cond.field, s) });
        expect(maxRelDiff(ys.dataSync(), roll(y, s).dataSync()), `shift ${s}`).toBeLessThan(1e-5);
      }
      expect(maxRelDiff(m.apply(x, { t: tf.tensor1d([500, 900]), field: cond.field }).dataSync(), y.dataSync())).toBeGreaterThan(1e-3);
      expect(maxRelDiff(m.apply(x, { t: cond.t, field: tf.zerosLike(cond.field) }).dataSync(), y.dataSync())).toBeGreaterThan(1e-3);
      m.dispose();
    });
  });

  it("is local: a change at one site moves the output only within the receptive field", async () => {
    await onBackend("wasm", () => {
      const m = new RingDenoiser({ ...config, condChannels: 0 }), { x, cond } = inputs(1, 24, 7);
      const bump = tf.tensor4d(Float32Array.from({ length: 24 }, (_, i) => (i === 12 ? 1 : 0)), [1, 1, 24, 1]);
      const d = tf.sub(m.apply(tf.add(x, bump), { t: cond.t }), m.apply(x, { t: cond.t })).dataSync();
      const reach = (m.receptiveField - 1) / 2;
      d.forEach((v, i) => (Math.abs(i - 12) > reach ? expect(v, `site ${i}`).toBe(0) : undefined));
      expect(Math.abs(d[12 + reach]) + Math.abs(d[12 - reach])).toBeGreaterThan(0);
      m.dispose();
    });
  });

  it("value and gradients (x and every weight) on wasm match cpu (≤ 1e-5)", async () => {
    const run = () => {
      const m = new RingDenoiser(config), { x, cond } = inputs(2, 12, 9);
      const r = gradsOf((xv) => m.apply(xv, cond), m.variables(), x, tf.tensor4d(normals(24, 11), [2, 1, 12, 1]));
      m.dispose();
      return r;
    };
    const ours = await onBackend("wasm", run), ref = await onBackend("cpu", run);
    expect(ours.length).toBe(2 + 13); // y, dx, lift (2) + field (1) + 2 × (time 2 + conv 2) + head (2)
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });

  it("config round-trips through fromConfig with the same outputs; bad configs and inputs are named", async () => {
    await onBackend("wasm", () => {
      const m = new RingDenoiser(config), copy = fromConfig(JSON.parse(JSON.stringify(m.toConfig()))), { x, cond } = inputs(1, 8, 13);
      expect(Array.from(copy.apply(x, cond).dataSync())).toEqual(Array.from(m.apply(x, cond).dataSync()));
      expect(() => new RingDenoiser({ ...config, kernelSize: 4 })).toThrow("RingDenoiser: kernel sizes must be odd, got 4x4");
      expect(() => new RingDenoiser({ ...config, timeChannels: 7 })).toThrow("RingDenoiser: timeChannels must be even, got 7");
      expect(() => m.apply(tf.zeros([1, 2, 8, 1]), cond)).toThrow("RingDenoiser.apply: x must be one ring of ≥ 3 sites per sample [batch, 1, sites, 1], got [1,2,8,1]");
      expect(() => m.apply(x, { field: cond.field })).toThrow("RingDenoiser.apply: needs cond.t [batch] (the diffusion time step)");
      expect(() => m.apply(x, { t: cond.t, field: tf.zeros([1, 1, 4, 1]) })).toThrow("RingDenoiser.apply: cond.field [1,1,4,1] must be on x's ring [1, 1, 8, 1]");
      expect(() => m.apply(x, { t: tf.tensor1d([1, 2]), field: cond.field })).toThrow("RingDenoiser.apply: cond.t [2] must have x's batch 1");
      m.dispose(); copy.dispose();
    });
  });
});
