// nn.layers.GatedConv2d: out = φ(conv_f(x)) ⊙ σ(conv_g(x)) on wasm against plain ops on cpu, gradients,
// the masking a gate can do and a plain convolution cannot, config round trip, bad input.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { fromConfig, layers } from "../../src/nn";
import { maxRelDiff, moduleVsReference, normals, onBackend } from "./helpers";

const { GatedConv2d } = layers;
const conv = (x: tf.Tensor, W: tf.Variable, b: tf.Variable, pad: "same" | "valid") => tf.add(tf.conv2d(x as tf.Tensor4D, W as tf.Tensor as tf.Tensor4D, 1, pad), b);

describe("GatedConv2d: values and gradients on wasm vs plain ops on cpu", () => {
  const cases = [
    { name: "3x3 'same' relu [2, 6, 7, 3] → 4", config: { inChannels: 3, outChannels: 4, seed: 2 }, shape: [2, 6, 7, 3], outShape: [2, 6, 7, 4], pad: "same" as const, phi: tf.relu },
    { name: "3x5 'valid' tanh [1, 5, 8, 2] → 2", config: { inChannels: 2, outChannels: 2, kernelSize: [3, 5] as [number, number], padding: "valid" as const, activation: "tanh" as const, seed: 7 },
      shape: [1, 5, 8, 2], outShape: [1, 3, 4, 2], pad: "valid" as const, phi: tf.tanh },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const [ours, ref] = await moduleVsReference({
        make: () => new GatedConv2d(c.config), shape: c.shape, outShape: c.outShape,
        reference: (x, [Wf, bf, Wg, bg]) => tf.mul(c.phi(conv(x, Wf, bf, c.pad)), tf.sigmoid(conv(x, Wg, bg, c.pad))),
      });
      ours.forEach((a, i) => expect(maxRelDiff(a, ref[i])).toBeLessThan(1e-5));
    });
  }
});

describe("GatedConv2d: masking", () => {
  /** A 1-channel field with a hole of garbage values, and its mask channel (1 = valid, 0 = missing). */
  function holeInput(garbage: number): { x: tf.Tensor4D; valid: Float32Array } {
    const H = 8, W = 8, v = normals(H * W, 5), valid = new Float32Array(H * W).fill(1);
    for (let j = 3; j < 6; j++) for (let i = 2; i < 6; i++) { valid[j * W + i] = 0; v[j * W + i] = garbage; }
    const data = new Float32Array(2 * H * W);
    for (let p = 0; p < H * W; p++) { data[2 * p] = v[p]; data[2 * p + 1] = valid[p]; }
    return { x: tf.tensor4d(data, [1, H, W, 2]), valid };
  }

  it("a gate reading the mask channel shuts the response off in the hole, whatever its fill value", async () => {
    await onBackend("wasm", () => {
      const layer = new GatedConv2d({ inChannels: 2, outChannels: 1, kernelSize: 1, activation: "linear", seed: 1 });
      const s = 40; // gate = σ(s·(mask − ½)): ≈ 1 on valid cells, ≈ 0 in the hole
      layer.gate.weight.assign(tf.tensor4d([0, s], [1, 1, 2, 1]));
      (layer.gate.bias as tf.Variable).assign(tf.tensor1d([-s / 2]));
      layer.feature.weight.assign(tf.tensor4d([1, 0], [1, 1, 2, 1])); // feature = the field itself
      (layer.feature.bias as tf.Variable).assign(tf.tensor1d([0]));
      for (const garbage of [0, 1e3]) {
        const { x, valid } = holeInput(garbage);
        const out = layer.apply(x).dataSync(), field = x.dataSync();
        valid.forEach((m, p) => {
          if (m === 0) expect(Math.abs(out[p])).toBeLessThan(1e-6 * Math.max(1, garbage)); // σ(−20) ≈ 2e-9
          else expect(out[p]).toBeCloseTo(field[2 * p], 5);
        });
        const gate = layer.gateOf(x).dataSync();
        valid.forEach((m, p) => expect(gate[p]).toBeCloseTo(m, 6));
      }
      layer.dispose();
    });
  });

  it("with a zero gate branch every feature passes at half strength: out = φ(conv_f(x)) / 2", async () => {
    await onBackend("wasm", () => {
      const layer = new GatedConv2d({ inChannels: 2, outChannels: 3, seed: 4 });
      layer.gate.weight.assign(tf.zerosLike(layer.gate.weight));
      (layer.gate.bias as tf.Variable).assign(tf.zeros([3]));
      const { x } = holeInput(2);
      const expected = tf.mul(layer.feature.apply(x), 0.5);
      expect(maxRelDiff(layer.apply(x).dataSync() as Float32Array, expected.dataSync() as Float32Array)).toBeLessThan(1e-6);
      layer.dispose();
    });
  });
});

describe("GatedConv2d: config is data", () => {
  it("fromConfig(toConfig()) rebuilds an equal layer; branches are seeded apart", async () => {
    await onBackend("wasm", () => {
      const layer = new GatedConv2d({ inChannels: 2, outChannels: 3, kernelSize: 5, padding: "circular", activation: "gelu", seed: 9 });
      expect(layer.toConfig()).toEqual({ className: "GatedConv2d", config: { inChannels: 2, outChannels: 3, kernelSize: [5, 5], padding: "circular", activation: "gelu", seed: 9 } });
      const copy = fromConfig(JSON.parse(JSON.stringify(layer.toConfig())));
      const x = tf.tensor4d(normals(2 * 6 * 6 * 2, 3), [2, 6, 6, 2]);
      expect(Array.from(copy.apply(x).dataSync())).toEqual(Array.from(layer.apply(x).dataSync()));
      expect(Array.from(layer.feature.weight.dataSync())).not.toEqual(Array.from(layer.gate.weight.dataSync()));
      expect(layer.params.names()).toEqual(["feature/weight", "feature/bias", "gate/weight", "gate/bias"]);
      expect(Object.isFrozen(layer.config)).toBe(true);
      copy.dispose(); layer.dispose();
    });
  });

  it("bad configs and inputs fail naming what was expected", async () => {
    expect(() => new GatedConv2d({ inChannels: 0, outChannels: 1 })).toThrow("GatedConv2d: inChannels must be an integer ≥ 1");
    expect(() => new GatedConv2d({ inChannels: 1, outChannels: 1, kernelSize: 2 })).toThrow("GatedConv2d: kernel sizes must be odd, got 2x2");
    expect(() => new GatedConv2d({ inChannels: 1, outChannels: 1, activation: "swish" as never })).toThrow("GatedConv2d: activation must be one of linear, relu, tanh, gelu");
    await onBackend("wasm", () => {
      const layer = new GatedConv2d({ inChannels: 2, outChannels: 1, padding: "valid" });
      expect(() => layer.apply(tf.zeros([1, 4, 4, 3]))).toThrow(/GatedConv2d\.apply: x .*2 channels/);
      expect(() => layer.apply(tf.zeros([4, 4, 2]))).toThrow(/GatedConv2d\.apply: x must be rank 4/);
      expect(() => layer.apply(tf.zeros([1, 2, 4, 2]))).toThrow('GatedConv2d.apply: padding "valid" needs height ≥ 3 and width ≥ 3, got x [1,2,4,2]');
      layer.dispose();
    });
  });
});
