// nn.layers: shapes, values and gradients on wasm against plain-op references on cpu, config round trips.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { fromConfig, layers, type Module } from "../../src/nn";
import { maxRelDiff, moduleVsReference, normals, onBackend } from "./helpers";

const { Conv2d, GroupNorm, LayerNorm, Linear, MultiHeadAttention, SpectralConv, TimeEmbedding, timeEmbedding } = layers;

/** Periodic tiling of x [B, H, W, C] padded by (ph, pw): an independent reference for circular padding. */
function wrapReference(x: tf.Tensor4D, ph: number, pw: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  const rows = tf.concat([x, x, x], 1), tiled = tf.concat([rows, rows, rows], 2);
  return tiled.slice([0, H - ph, W - pw, 0], [-1, H + 2 * ph, W + 2 * pw, -1]);
}

interface Case {
  name: string;
  make: () => Module;
  shape: number[];
  outShape: number[];
  /** The same function written with plain tf ops from the module's variables (in registration order). */
  reference: (x: tf.Tensor, v: tf.Variable[]) => tf.Tensor;
}

const cases: Case[] = [
  {
    name: "Linear [2, 5, 3] → [2, 5, 4]", make: () => new Linear({ inFeatures: 3, outFeatures: 4, seed: 3 }), shape: [2, 5, 3], outShape: [2, 5, 4],
    reference: (x, [W, b]) => tf.add(tf.matMul(x.reshape([-1, 3]), W), b).reshape([2, 5, 4]),
  },
  {
    name: "Linear without bias, batch 1", make: () => new Linear({ inFeatures: 3, outFeatures: 2, bias: false, seed: 1 }), shape: [1, 3], outShape: [1, 2],
    reference: (x, [W]) => tf.matMul(x, W),
  },
  {
    name: "Conv2d 3x5 'same' tanh [2, 7, 9, 2] → 3 channels", make: () => new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: [3, 5], activation: "tanh", seed: 2 }),
    shape: [2, 7, 9, 2], outShape: [2, 7, 9, 3],
    reference: (x, [W, b]) => tf.tanh(tf.add(tf.conv2d(x as tf.Tensor4D, W as tf.Tensor as tf.Tensor4D, 1, "same"), b)),
  },
  {
    name: "Conv2d 3x3 'valid' [1, 6, 5, 1]", make: () => new Conv2d({ inChannels: 1, outChannels: 2, padding: "valid", seed: 4 }), shape: [1, 6, 5, 1], outShape: [1, 4, 3, 2],
    reference: (x, [W, b]) => tf.add(tf.conv2d(x as tf.Tensor4D, W as tf.Tensor as tf.Tensor4D, 1, "valid"), b),
  },
  {
    name: "Conv2d 3x5 'circular' relu [2, 6, 7, 2]", make: () => new Conv2d({ inChannels: 2, outChannels: 2, kernelSize: [3, 5], padding: "circular", activation: "relu", seed: 5 }),
    shape: [2, 6, 7, 2], outShape: [2, 6, 7, 2],
    reference: (x, [W, b]) => tf.relu(tf.add(tf.conv2d(wrapReference(x as tf.Tensor4D, 1, 2), W as tf.Tensor as tf.Tensor4D, 1, "valid"), b)),
  },
  {
    name: "LayerNorm over 6 features [3, 4, 6]", make: () => new LayerNorm({ features: 6 }), shape: [3, 4, 6], outShape: [3, 4, 6],
    reference: (x, [g, b]) => {
      const m = tf.mean(x, -1, true), v = tf.mean(tf.square(tf.sub(x, m)), -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, m), tf.sqrt(tf.add(v, 1e-5))), g), b);
    },
  },
  {
    name: "GroupNorm 2 groups of 3 channels [2, 3, 5, 6]", make: () => new GroupNorm({ groups: 2, channels: 6 }), shape: [2, 3, 5, 6], outShape: [2, 3, 5, 6],
    reference: (x, [g, b]) => {
      const parts = [0, 1].map((k) => {
        const p = x.slice([0, 0, 0, 3 * k], [-1, -1, -1, 3]);
        const m = tf.mean(p, [1, 2, 3], true), v = tf.mean(tf.square(tf.sub(p, m)), [1, 2, 3], true);
        return tf.div(tf.sub(p, m), tf.sqrt(tf.add(v, 1e-5)));
      });
      return tf.add(tf.mul(tf.concat(parts, 3), g), b);
    },
  },
  {
    name: "MultiHeadAttention 2 heads [2, 5, 4]", make: () => new MultiHeadAttention({ channels: 4, heads: 2, seed: 6 }), shape: [2, 5, 4], outShape: [2, 5, 4],
    reference: (x, [Wq, bq, Wk, bk, Wv, bv, Wo, bo]) => {
      const lin = (t: tf.Tensor, W: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(t.reshape([-1, 4]), W), b).reshape([2, 5, 4]);
      const q = lin(x, Wq, bq), k = lin(x, Wk, bk), v = lin(x, Wv, bv);
      const heads = [0, 1].map((h) => {
        const s = (t: tf.Tensor) => t.slice([0, 0, 2 * h], [-1, -1, 2]);
        const w = tf.softmax(tf.div(tf.matMul(s(q), s(k), false, true), Math.sqrt(2)));
        return tf.matMul(w, s(v));
      });
      return lin(tf.concat(heads, 2), Wo, bo);
    },
  },
];

describe("nn.layers: values and gradients on wasm vs plain ops on cpu (≤ 1e-5)", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const [ours, ref] = await moduleVsReference(c, 11);
      expect(ours.length).toBe(ref.length);
      // relative to each reference's scale, floored at 1: the attention's key-bias gradient is exactly
      // zero in exact arithmetic (softmax ignores a shift shared by all keys), round-off in both
      ours.forEach((o, i) => {
        const d = Math.max(...Array.from(o, (v, j) => Math.abs(v - ref[i][j]))), scale = Math.max(1, ...Array.from(ref[i], Math.abs));
        expect(d / scale, `output ${i}`).toBeLessThan(1e-5);
      });
    });
  }
});

describe("nn.layers: config is data", () => {
  it("fromConfig(toConfig()) rebuilds every layer with equal outputs; the config is frozen", async () => {
    await onBackend("wasm", () => {
      const extra: [Module, number[]][] = [
        [new SpectralConv({ inChannels: 2, outChannels: 3, nModes: [3, 2], seed: 8 }), [2, 8, 6, 2]],
        [new TimeEmbedding({ dim: 8 }), [5]],
      ];
      const all: [Module, number[]][] = [...cases.map((c) => [c.make(), c.shape] as [Module, number[]]), ...extra];
      for (const [mod, shape] of all) {
        const x = tf.tensor(normals(shape.reduce((a, b) => a * b, 1), 13), shape);
        const copy = fromConfig(JSON.parse(JSON.stringify(mod.toConfig())));
        expect(copy.toConfig()).toEqual(mod.toConfig());
        expect(Object.isFrozen(mod.config)).toBe(true);
        expect(Array.from(copy.apply(x).dataSync()), mod.className).toEqual(Array.from(mod.apply(x).dataSync()));
        copy.dispose(); mod.dispose();
      }
    });
  });

  it("bad configs and inputs fail naming what was expected", async () => {
    await onBackend("wasm", () => {
      expect(() => new Linear({ inFeatures: 0, outFeatures: 2 })).toThrow("Linear: inFeatures must be an integer ≥ 1, got 0");
      expect(() => new Conv2d({ inChannels: 1, outChannels: 1, padding: "reflect" as never })).toThrow('Conv2d: padding must be one of same, valid, circular, got "reflect"');
      expect(() => new GroupNorm({ groups: 4, channels: 6 })).toThrow("GroupNorm: channels (6) must be divisible by groups (4)");
      expect(() => new MultiHeadAttention({ channels: 6, heads: 4 })).toThrow("channels (6) must be divisible by heads (4)");
      expect(() => new TimeEmbedding({ dim: 5 })).toThrow("TimeEmbedding: dim must be even, got 5");
      const lin = new Linear({ inFeatures: 3, outFeatures: 2 });
      expect(() => lin.apply(tf.zeros([4, 5]))).toThrow("Linear.apply: x must have 3 channels (last axis of [..., features]), got 5 (shape [4,5])");
      const sc = new SpectralConv({ inChannels: 1, outChannels: 1, nModes: [4] });
      expect(() => sc.apply(tf.zeros([1, 6, 1]))).toThrow("SpectralConv.apply: a grid of 6 points cannot carry 4 Fourier modes; it needs at least 2·nModes = 8 points");
      const conv = new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 5, padding: "valid" });
      expect(() => conv.apply(tf.zeros([1, 3, 8, 1]))).toThrow('Conv2d.apply: padding "valid" needs height ≥ 5 and width ≥ 5, got x [1,3,8,1]');
      [lin, sc, conv].forEach((m) => m.dispose());
    });
  });
});

describe("timeEmbedding and attention properties", () => {
  it("timeEmbedding matches the float64 formula sin/cos(t·P^(−i/h))", async () => {
    const ts = [0, 1, 17, 999];
    const e = await onBackend("wasm", () => timeEmbedding(tf.tensor1d(ts), 8).dataSync() as Float32Array);
    const ref = new Float64Array(ts.length * 8);
    ts.forEach((t, b) => { for (let i = 0; i < 4; i++) { const w = Math.pow(10000, -i / 4); ref[b * 8 + i] = Math.sin(t * w); ref[b * 8 + 4 + i] = Math.cos(t * w); } });
    expect(maxRelDiff(e, ref)).toBeLessThan(1e-5);
  });

  it("self-attention is equivariant to permutations of the tokens; cross-attention reads cond.context", async () => {
    await onBackend("wasm", () => {
      const att = new MultiHeadAttention({ channels: 4, heads: 2, seed: 1 });
      const x = tf.tensor3d(normals(2 * 6 * 4, 2), [2, 6, 4]), perm = tf.tensor1d([3, 0, 5, 1, 4, 2], "int32");
      const a = tf.gather(att.apply(x), perm, 1), b = att.apply(tf.gather(x, perm, 1));
      expect(maxRelDiff(a.dataSync(), b.dataSync())).toBeLessThan(1e-5);
      const ctx = tf.tensor3d(normals(2 * 3 * 4, 3), [2, 3, 4]);
      const cross = att.apply(x, { context: ctx });
      expect(cross.shape).toEqual([2, 6, 4]);
      expect(maxRelDiff(cross.dataSync(), att.apply(x).dataSync())).toBeGreaterThan(1e-2);
      expect(() => att.apply(x, { context: tf.zeros([1, 3, 4]) })).toThrow("cond.context [1,3,4] must have x's batch 2");
      att.dispose();
    });
  });
});
