import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { CNN, FNO, MLP, Module, UNet, fromConfig, layers, modelNames, registerModel } from "../../src/nn";
import { maxRelDiff, normals, onBackend, toArrays } from "./helpers";

/** Gradients of Σ y·t with respect to every parameter and to x, plus y itself. */
function gradsOf(model: { apply(x: tf.Tensor): tf.Tensor; params: { variables(): tf.Variable[] } }, x: tf.Tensor, t: tf.Tensor): Float32Array[] {
  const vars = model.params.variables();
  const f = (xv: tf.Tensor) => tf.sum(tf.mul(model.apply(xv), t)) as tf.Scalar;
  const { grads } = tf.variableGrads(() => f(x), vars);
  const dx = tf.grad(f)(x);
  return toArrays([model.apply(x), dx, ...vars.map((v) => grads[v.name])]);
}

describe("MLP [batch, features]", () => {
  const config = { inFeatures: 3, outFeatures: 2, hiddenFeatures: [8, 5], activation: "tanh" as const, seed: 4 };

  it("maps [7, 3] to [7, 2] and refuses a wrong layout with a clear message", async () => {
    await onBackend("wasm", () => {
      const m = new MLP(config);
      expect(m.apply(tf.zeros([7, 3])).shape).toEqual([7, 2]);
      expect(m.numParams).toBe(3 * 8 + 8 + 8 * 5 + 5 + 5 * 2 + 2);
      expect(() => m.apply(tf.zeros([7, 3, 1]))).toThrow("MLP.apply: x must be rank 2 [batch, features], got rank 3 (shape [7,3,1])");
      expect(() => m.apply(tf.zeros([7, 4]))).toThrow("x must have 3 channels (last axis of [batch, features]), got 4");
      m.dispose();
    });
  });

  it("value and gradients (x and every weight) on wasm match cpu autodiff of plain ops (≤ 1e-5)", async () => {
    const x = normals(6 * 3, 1), t = normals(6 * 2, 2);
    const ours = await onBackend("wasm", () => {
      const m = new MLP(config);
      const r = gradsOf(m, tf.tensor2d(x, [6, 3]), tf.tensor2d(t, [6, 2]));
      m.dispose();
      return r;
    });
    const ref = await onBackend("cpu", () => {
      const m = new MLP(config); // same seed: same weights
      const [W0, b0, W1, b1, W2, b2] = m.params.variables();
      const plain = (xv: tf.Tensor) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(xv, W0), b0)), W1), b1)), W2), b2);
      const r = gradsOf({ apply: plain, params: m.params }, tf.tensor2d(x, [6, 3]), tf.tensor2d(t, [6, 2]));
      m.dispose();
      return r;
    });
    expect(ours.length).toBe(2 + 6);
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });
});

describe("CNN [batch, height, width, channels]", () => {
  it("receptive field: the output at one pixel has exactly zero gradient outside 1 + L·(k−1) pixels, nonzero at its edge", async () => {
    await onBackend("wasm", () => {
      const m = new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 6, nLayers: 3, kernelSize: [3, 5], activation: "tanh", seed: 1 });
      expect(m.receptiveField).toEqual([7, 13]);
      const H = 15, W = 21, r0 = 7, c0 = 10;
      const x = tf.tensor4d(normals(H * W, 3), [1, H, W, 1]);
      const g = tf.grad((xv: tf.Tensor) => m.apply(xv).slice([0, r0, c0, 0], [1, 1, 1, 1]).sum())(x).dataSync();
      let outside = 0, edgeRow = 0, edgeCol = 0;
      for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
        const v = Math.abs(g[r * W + c]);
        if (Math.abs(r - r0) > 3 || Math.abs(c - c0) > 6) outside = Math.max(outside, v);
        if (Math.abs(r - r0) === 3) edgeRow = Math.max(edgeRow, v);
        if (Math.abs(c - c0) === 6) edgeCol = Math.max(edgeCol, v);
      }
      expect(outside).toBe(0);
      expect(edgeRow).toBeGreaterThan(0);
      expect(edgeCol).toBeGreaterThan(0);
      m.dispose();
    });
  });

  it("gradients on wasm match the same model on cpu (≤ 1e-5)", async () => {
    const config = { inChannels: 2, outChannels: 3, hiddenChannels: 5, nLayers: 3, activation: "gelu" as const, seed: 2 };
    const x = normals(2 * 6 * 5 * 2, 4), t = normals(2 * 6 * 5 * 3, 5);
    const run = () => { const m = new CNN(config); const r = gradsOf(m, tf.tensor4d(x, [2, 6, 5, 2]), tf.tensor4d(t, [2, 6, 5, 3])); m.dispose(); return r; };
    const ours = await onBackend("wasm", run), ref = await onBackend("cpu", run);
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });
});

describe("UNet", () => {
  const config = { inChannels: 2, outChannels: 1, baseChannels: 4, depth: 2, seed: 3 };

  it("maps [2, 8, 12, 2] to [2, 8, 12, 1] and refuses sizes not divisible by 2^depth", async () => {
    await onBackend("wasm", () => {
      const m = new UNet(config);
      expect(m.apply(tf.zeros([2, 8, 12, 2])).shape).toEqual([2, 8, 12, 1]);
      expect(() => m.apply(tf.zeros([1, 8, 10, 2]))).toThrow("UNet.apply: height and width must be divisible by 2^depth = 4, got x [1,8,10,2]");
      m.dispose();
    });
  });

  it("gradients on wasm match the same model on cpu (≤ 1e-5)", async () => {
    const x = normals(2 * 8 * 8 * 2, 6), t = normals(2 * 8 * 8, 7);
    const run = () => { const m = new UNet(config); const r = gradsOf(m, tf.tensor4d(x, [2, 8, 8, 2]), tf.tensor4d(t, [2, 8, 8, 1])); m.dispose(); return r; };
    const ours = await onBackend("wasm", run), ref = await onBackend("cpu", run);
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });
});

describe("config is data", () => {
  it("fromConfig(m.toConfig()) rebuilds an equal model (same config, same outputs) for every class", async () => {
    await onBackend("wasm", () => {
      const models = [
        new MLP({ inFeatures: 2, outFeatures: 1, hiddenFeatures: [4], seed: 9 }),
        new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 3, nLayers: 2, seed: 9 }),
        new UNet({ inChannels: 1, outChannels: 1, baseChannels: 2, depth: 1, seed: 9 }),
      ];
      const inputs = [tf.tensor2d(normals(6, 1), [3, 2]), tf.tensor4d(normals(16, 2), [1, 4, 4, 1]), tf.tensor4d(normals(16, 3), [1, 4, 4, 1])];
      models.forEach((m, i) => {
        const json = JSON.parse(JSON.stringify(m.toConfig()));
        const copy = fromConfig(json);
        expect(copy.toConfig()).toEqual(m.toConfig());
        expect(Array.from(copy.apply(inputs[i]).dataSync())).toEqual(Array.from(m.apply(inputs[i]).dataSync()));
        copy.dispose(); m.dispose();
      });
    });
  });

  it("the config is frozen, and an unknown class name lists the known ones", async () => {
    await onBackend("wasm", () => {
      const m = new MLP({ inFeatures: 2, outFeatures: 1, hiddenFeatures: [4] });
      expect(Object.isFrozen(m.config)).toBe(true);
      expect(Object.isFrozen(m.config.hiddenFeatures)).toBe(true);
      expect(m.toConfig().config).toEqual({ inFeatures: 2, outFeatures: 1, hiddenFeatures: [4], activation: "gelu", condFeatures: 0, seed: 0 });
      m.dispose();
    });
    expect(() => fromConfig({ className: "Transformer", config: {} })).toThrow(`nn.fromConfig: unknown module "Transformer"; known: ${modelNames().join(", ")}`);
    expect(modelNames()).toEqual(expect.arrayContaining(["CNN", "MLP", "UNet"]));
  });

  it("bad configs fail with TypeError/RangeError naming the field", () => {
    expect(() => new MLP({ inFeatures: 0, outFeatures: 1, hiddenFeatures: [] })).toThrow(RangeError);
    expect(() => new MLP({ inFeatures: 2, outFeatures: 1, hiddenFeatures: [4], activation: "swish" as never })).toThrow("MLP: activation must be one of linear, relu, tanh, gelu, silu, got \"swish\"");
    expect(() => new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 3, nLayers: 2, kernelSize: 4 })).toThrow("CNN: kernel sizes must be odd, got 4x4");
    expect(() => new UNet(null as never)).toThrow(TypeError);
  });
});

describe("conditioning: apply(x, cond)", () => {
  it("MLP with condFeatures computes σ(x·W + c·V + b) — the MLP of the concatenation [x, c] — on wasm as plain ops on cpu", async () => {
    const x = normals(5 * 3, 1), c = normals(5 * 2, 2), t = normals(5, 3);
    const config = { inFeatures: 3, outFeatures: 1, hiddenFeatures: [6], activation: "tanh" as const, condFeatures: 2, seed: 3 };
    const run = (plain: boolean) => () => {
      const m = new MLP(config);
      const [W0, b0, W1, b1, V] = m.variables();
      expect(m.params.names()).toEqual(["layers/0/weight", "layers/0/bias", "layers/1/weight", "layers/1/bias", "condition/weight"]);
      const xs = tf.tensor2d(x, [5, 3]), cs = tf.tensor2d(c, [5, 2]);
      const f = plain ? (xv: tf.Tensor) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(tf.concat([xv, cs], 1), tf.concat([W0, V], 0)), b0)), W1), b1)
        : (xv: tf.Tensor) => m.apply(xv, cs);
      const r = gradsOf({ apply: f, params: m.params }, xs, tf.tensor2d(t, [5, 1]));
      m.dispose();
      return r;
    };
    const ours = await onBackend("wasm", run(false)), ref = await onBackend("cpu", run(true));
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });

  it("UNet reads cond.t and cond.field: each changes the output; a missing one is a clear error; gradients on wasm match cpu", async () => {
    const config = { inChannels: 1, outChannels: 1, baseChannels: 4, depth: 2, timeChannels: 8, condChannels: 2, padding: "circular" as const, seed: 5 };
    const x = normals(2 * 8 * 8, 1), field = normals(2 * 8 * 8 * 2, 2), t = [3, 250];
    const run = () => {
      const m = new UNet(config);
      const xs = tf.tensor4d(x, [2, 8, 8, 1]), cond = { t: tf.tensor1d(t), field: tf.tensor4d(field, [2, 8, 8, 2]) };
      const y = m.apply(xs, cond).dataSync();
      const yT = m.apply(xs, { ...cond, t: tf.tensor1d([4, 250]) }).dataSync();
      const yF = m.apply(xs, { ...cond, field: tf.zeros([2, 8, 8, 2]) }).dataSync();
      expect(maxRelDiff(yT.slice(0, 64), y.slice(0, 64))).toBeGreaterThan(1e-4); // sample 0's t changed
      expect(maxRelDiff(yT.slice(64), y.slice(64))).toBe(0); // sample 1's did not
      expect(maxRelDiff(yF, y)).toBeGreaterThan(1e-3);
      expect(() => m.apply(xs, { t: cond.t })).toThrow("UNet.apply: needs cond.field [batch, height, width, 2], got undefined");
      expect(() => m.apply(xs, { field: cond.field, t: tf.zeros([3]) })).toThrow("UNet.apply: cond.t must hold one time per sample ([2]), got [3]");
      const r = gradsOf({ apply: (xv) => m.apply(xv, cond), params: m.params }, xs, tf.tensor4d(normals(128, 4), [2, 8, 8, 1]));
      m.dispose();
      return r;
    };
    const ours = await onBackend("wasm", run), ref = await onBackend("cpu", run);
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });

  it("CNN with circular padding is equivariant to periodic shifts; with zero padding it is not", async () => {
    await onBackend("wasm", () => {
      const shift = (a: tf.Tensor) => tf.concat([a.slice([0, 0, 3, 0], [-1, -1, -1, -1]), a.slice([0, 0, 0, 0], [-1, -1, 3, -1])], 2);
      const x = tf.tensor4d(normals(6 * 10, 1), [1, 6, 10, 1]);
      const errs = (["circular", "same"] as const).map((padding) => {
        const m = new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 4, nLayers: 2, padding, seed: 2 });
        const e = maxRelDiff(shift(m.apply(x)).dataSync(), m.apply(shift(x)).dataSync());
        m.dispose();
        return e;
      });
      expect(errs[0]).toBeLessThan(1e-6);
      expect(errs[1]).toBeGreaterThan(1e-3);
    });
  });
});

describe("FNO takes its spectral convolution by injection", () => {
  /** A test block: the standard spectral convolution scaled by ½, counting its calls. */
  class HalfSpectralConv extends Module<{ inChannels: number; outChannels: number; nModes: number[]; seed: number }> {
    static calls = 0;
    readonly className = "HalfSpectralConv";
    private readonly inner: layers.SpectralConv;
    constructor(config: { inChannels: number; outChannels: number; nModes: number[]; seed: number }) {
      super(config);
      this.inner = this.register("inner", new layers.SpectralConv(config));
    }
    apply(x: tf.Tensor): tf.Tensor {
      HalfSpectralConv.calls += 1;
      return tf.mul(this.inner.apply(x), 0.5);
    }
  }

  it("builds the registered class named by config.spectralConv, once per layer, and round-trips the name", async () => {
    registerModel("HalfSpectralConv", (c: { inChannels: number; outChannels: number; nModes: number[]; seed: number }) => new HalfSpectralConv(c));
    await onBackend("wasm", () => {
      const base = { nModes: [4], inChannels: 1, outChannels: 1, hiddenChannels: 4, nLayers: 3, positionalEmbedding: "none" as const, seed: 1 };
      const plain = new FNO(base), half = new FNO({ ...base, spectralConv: "HalfSpectralConv" });
      expect(half.params.names()).toContain("blocks/2/spectral/inner/weightReal");
      const x = tf.tensor3d(normals(16, 2), [1, 16, 1]);
      HalfSpectralConv.calls = 0;
      const y = half.apply(x).dataSync();
      expect(HalfSpectralConv.calls).toBe(3);
      expect(maxRelDiff(y, plain.apply(x).dataSync())).toBeGreaterThan(1e-3);
      const copy = fromConfig(JSON.parse(JSON.stringify(half.toConfig())));
      expect(Array.from(copy.apply(x).dataSync())).toEqual(Array.from(y));
      expect(() => new FNO({ ...base, spectralConv: "NoSuchConv" })).toThrow(`nn.fromConfig: unknown module "NoSuchConv"; known: ${modelNames().join(", ")}`);
      [plain, half, copy].forEach((m) => m.dispose());
    });
  });
});
