import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { keptFrequencies } from "../../src/core";
import { FNO, fromConfig, loadModel, saveModel, type FNOConfig } from "../../src/nn";
import { maxRelDiff, normals, onBackend, toArrays } from "./helpers";

/**
 * Reference FNO with plain tfjs ops (autodiff, dense DFT bases over the flattened grid), written
 * independently of src/nn's layout tricks: grid [B, ...g, C].
 */
function referenceFno(model: FNO, x: tf.Tensor): tf.Tensor {
  const c = model.config, p = (n: string) => model.params.get(n) as tf.Tensor;
  const grid = x.shape.slice(1, -1) as number[], B = x.shape[0] as number, P = grid.reduce((a, b) => a * b, 1);
  // coordinates of the flattened points (height first), and the kept modes with their inverse weights
  const coords = Array.from({ length: P }, (_, q) => grid.length === 1 ? [q / grid[0]] : [Math.floor(q / grid[1]) / grid[0], (q % grid[1]) / grid[1]]);
  const modes: { k: number[]; a: number }[] = [];
  if (grid.length === 1) for (let k = 0; k < c.nModes[0]; k++) modes.push({ k: [k], a: k === 0 ? 1 : 2 });
  else for (const ky of keptFrequencies(grid[0], c.nModes[0])) for (let kx = 0; kx < c.nModes[1]; kx++) modes.push({ k: [ky, kx], a: kx === 0 ? 1 : 2 });
  const K = modes.length, cos = new Float32Array(P * K), sin = new Float32Array(P * K);
  coords.forEach((xs, q) => modes.forEach(({ k }, j) => {
    const th = 2 * Math.PI * k.reduce((s, kk, i) => s + kk * xs[i], 0);
    cos[q * K + j] = Math.cos(th); sin[q * K + j] = Math.sin(th);
  }));
  const C = tf.tensor2d(cos, [P, K]), S = tf.tensor2d(sin, [P, K]);
  const aw = tf.tensor1d(modes.map((m) => m.a / P));
  const gelu = (v: tf.Tensor) => tf.mul(v, tf.sigmoid(tf.mul(v, 1.702)));
  const act = (v: tf.Tensor) => (c.activation === "linear" ? v : gelu(v));
  const lin = (v: tf.Tensor, name: string) => tf.add(tf.matMul(v, p(`${name}/weight`) as tf.Tensor2D), p(`${name}/bias`));
  const spectral = (v: tf.Tensor, l: number) => { // v [B, P, Ci]
    const Ci = v.shape[2] as number, vt = tf.transpose(v, [0, 2, 1]).reshape([B * Ci, P]);
    const Xr = tf.matMul(vt, C).reshape([B, Ci, K, 1]), Xi = tf.neg(tf.matMul(vt, S)).reshape([B, Ci, K, 1]);
    const wr = p(`blocks/${l}/spectral/weightReal`).expandDims(0), wi = p(`blocks/${l}/spectral/weightImag`).expandDims(0); // [1, Ci, K, Co]
    const Or = tf.sum(tf.sub(tf.mul(Xr, wr), tf.mul(Xi, wi)), 1), Oi = tf.sum(tf.add(tf.mul(Xr, wi), tf.mul(Xi, wr)), 1); // [B, K, Co]
    const Co = Or.shape[2] as number;
    const f = (O: tf.Tensor) => tf.transpose(tf.mul(O, aw.reshape([1, K, 1])), [0, 2, 1]).reshape([B * Co, K]);
    const y = tf.sub(tf.matMul(f(Or), C, false, true), tf.matMul(f(Oi), S, false, true)); // [B·Co, P]
    return tf.transpose(y.reshape([B, Co, P]), [0, 2, 1]);
  };
  const emb = c.positionalEmbedding === "none" ? [] : [tf.tile(tf.tensor(coords.flatMap((xs) => c.positionalEmbedding === "linear" ? xs
    : xs.flatMap((v) => [Math.sin(2 * Math.PI * v), Math.cos(2 * Math.PI * v)])), [1, P, model.embeddingChannels]), [B, 1, 1])];
  let h = lin(tf.concat([x.reshape([B, P, c.inChannels]), ...emb], 2).reshape([B * P, -1]), "lifting");
  for (let l = 0; l < c.nLayers; l++) {
    h = tf.add(spectral(h.reshape([B, P, c.hiddenChannels]), l).reshape([B * P, c.hiddenChannels]), lin(h, `blocks/${l}/skip`));
    if (l < c.nLayers - 1) h = act(h);
  }
  return lin(act(lin(h, "projection/0")), "projection/1").reshape([B, ...grid, c.outChannels]);
}

const config1: FNOConfig = { nModes: [5], inChannels: 2, outChannels: 1, hiddenChannels: 4, nLayers: 2, projectionChannels: 6, seed: 3 };
const config2: FNOConfig = { nModes: [3, 4], inChannels: 1, outChannels: 2, hiddenChannels: 3, nLayers: 2, projectionChannels: 5, positionalEmbedding: "periodic", seed: 4 };

describe("FNO shapes", () => {
  it("1D [batch, n, channels] and 2D [batch, height, width, channels], batch 1 and odd grids", async () => {
    await onBackend("wasm", () => {
      const m1 = new FNO(config1), m2 = new FNO(config2);
      expect(m1.apply(tf.zeros([3, 32, 2])).shape).toEqual([3, 32, 1]);
      expect(m1.apply(tf.zeros([1, 11, 2])).shape).toEqual([1, 11, 1]);
      expect(m2.apply(tf.zeros([2, 8, 16, 1])).shape).toEqual([2, 8, 16, 2]);
      expect(m2.apply(tf.zeros([1, 7, 9, 1])).shape).toEqual([1, 7, 9, 2]);
      expect(m2.minGrid).toEqual([6, 8]);
      m1.dispose(); m2.dispose();
    });
  });

  it("refuses grids coarser than 2·nModes and wrong layouts, naming what was expected", async () => {
    await onBackend("wasm", () => {
      const m1 = new FNO(config1), m2 = new FNO(config2);
      expect(() => m1.apply(tf.zeros([1, 9, 2]))).toThrow("FNO.apply: a grid of 9 points cannot carry 5 Fourier modes; it needs at least 2·nModes = 10 points (x [1,9,2])");
      expect(() => m2.apply(tf.zeros([1, 8, 7, 1]))).toThrow("a grid of 7 points along the width cannot carry 4 Fourier modes; it needs at least 2·nModes = 8 points");
      expect(() => m2.apply(tf.zeros([1, 5, 8, 1]))).toThrow("a grid of 5 points along the height cannot carry 3 Fourier modes");
      expect(() => m1.apply(tf.zeros([2, 16, 2, 1]))).toThrow("FNO.apply: x must be rank 3 [batch, n, channels], got rank 4 (shape [2,16,2,1])");
      expect(() => m2.apply(tf.zeros([2, 16, 16, 3]))).toThrow("x must have 1 channels (last axis of [batch, height, width, channels]), got 3");
      m1.dispose(); m2.dispose();
    });
    expect(() => new FNO({ ...config1, nModes: [2, 2, 2] })).toThrow("FNO: nModes must be [m] (1D) or [mHeight, mWidth] (2D), got an array of length 3");
    expect(() => new FNO({ ...config1, positionalEmbedding: "sinusoidal" as never })).toThrow('positionalEmbedding must be one of linear, periodic, none, got "sinusoidal"');
  });
});

describe("FNO values and gradients", () => {
  for (const [name, config, shape] of [
    ["1D, linear coordinates", config1, [2, 12, 2]],
    ["2D, periodic coordinates, odd grid", config2, [2, 7, 9, 1]],
    ["2D, no coordinates", { ...config2, positionalEmbedding: "none", nModes: [2, 3] }, [1, 8, 6, 1]],
  ] as [string, FNOConfig, number[]][]) {
    it(`${name}: value, dx and every weight gradient on wasm (and cpu) match a plain-op reference on cpu (≤ 2e-5)`, async () => {
      const size = shape.reduce((a, b) => a * b, 1), x = normals(size, 1);
      const outShape = [...shape.slice(0, -1), config.outChannels], t = normals(outShape.reduce((a, b) => a * b, 1), 2);
      const run = (ref: boolean) => {
        const m = new FNO(config), vars = m.params.variables();
        const f = (xv: tf.Tensor) => tf.sum(tf.mul(ref ? referenceFno(m, xv) : m.apply(xv), tf.tensor(t, outShape))) as tf.Scalar;
        const xt = tf.tensor(x, shape);
        const { grads } = tf.variableGrads(() => f(xt), vars);
        const out = toArrays([ref ? referenceFno(m, xt) : m.apply(xt), tf.grad(f)(xt), ...vars.map((v) => grads[v.name])]);
        m.dispose();
        return out;
      };
      const ref = await onBackend("cpu", () => run(true));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => run(false));
        expect(ours.length).toBe(ref.length);
        ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `${backend}, output ${i}`).toBeLessThan(2e-5));
      }
    });
  }
});

/** A smooth periodic test function with modes ≤ 3 sampled at n points: [1, n, 1]. */
const smooth1 = (n: number) => tf.tensor3d(Float32Array.from({ length: n }, (_, i) => {
  const x = i / n;
  return 0.8 * Math.sin(2 * Math.PI * x) + 0.3 * Math.cos(6 * Math.PI * x + 0.4) - 0.2;
}), [1, n, 1]);

describe("FNO resolution independence", () => {
  it("with a linear activation and band-limited input, outputs on 32 and 64 points agree at the shared points to float32 round-off", async () => {
    await onBackend("wasm", () => {
      const m = new FNO({ nModes: [8], inChannels: 1, outChannels: 1, hiddenChannels: 8, activation: "linear", positionalEmbedding: "periodic", seed: 5 });
      const coarse = m.apply(smooth1(32)).dataSync(), fine = m.apply(smooth1(64)).dataSync();
      const fineAtCoarse = Float32Array.from({ length: 32 }, (_, i) => fine[2 * i]);
      expect(maxRelDiff(fineAtCoarse, coarse)).toBeLessThan(1e-5);
      m.dispose();
    });
  });

  it("with GELU (aliasing of the activation's harmonics only), 64 vs 128 points agree within 1e-3; the same for a 2D field", async () => {
    await onBackend("wasm", () => {
      const m = new FNO({ nModes: [8], inChannels: 1, outChannels: 1, hiddenChannels: 8, positionalEmbedding: "periodic", seed: 6 });
      const coarse = m.apply(smooth1(64)).dataSync(), fine = m.apply(smooth1(128)).dataSync();
      expect(maxRelDiff(Float32Array.from({ length: 64 }, (_, i) => fine[2 * i]), coarse)).toBeLessThan(1e-3);
      m.dispose();
      const m2 = new FNO({ nModes: [4, 4], inChannels: 1, outChannels: 1, hiddenChannels: 6, positionalEmbedding: "periodic", seed: 7 });
      const field = (n: number) => tf.tensor4d(Float32Array.from({ length: n * n }, (_, q) => {
        const y = Math.floor(q / n) / n, x = (q % n) / n;
        return Math.sin(2 * Math.PI * (x + 2 * y)) + 0.5 * Math.cos(2 * Math.PI * (2 * x - y));
      }), [1, n, n, 1]);
      const c2 = m2.apply(field(32)).dataSync(), f2 = m2.apply(field(64)).dataSync();
      const f2c = Float32Array.from({ length: 32 * 32 }, (_, q) => f2[(2 * Math.floor(q / 32)) * 64 + 2 * (q % 32)]);
      expect(maxRelDiff(f2c, c2)).toBeLessThan(1e-3);
      m2.dispose();
    });
  });
});

describe("FNO config and checkpoints", () => {
  it("fromConfig(toConfig()) rebuilds the same weights; save → load reproduces outputs bit for bit", async () => {
    await onBackend("wasm", () => 0);
    const m = new FNO(config2);
    expect(m.toConfig()).toEqual({ className: "FNO", config: { ...config2, activation: "gelu", spectralConv: "SpectralConv" } });
    const x = tf.tensor4d(normals(2 * 8 * 10, 3), [2, 8, 10, 1]);
    const copy = fromConfig(JSON.parse(JSON.stringify(m.toConfig())));
    expect(Array.from(copy.apply(x).dataSync())).toEqual(Array.from(m.apply(x).dataSync()));
    // perturb the weights so that a fresh init would not match, then round-trip through disk
    m.params.variables().forEach((v, i) => v.assign(tf.add(v, tf.tensor(normals(v.size, 10 + i, 0.1), v.shape))));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-fno-"));
    await saveModel(m, dir);
    const loaded = await loadModel(dir);
    expect(loaded).toBeInstanceOf(FNO);
    expect(Array.from(loaded.apply(x).dataSync())).toEqual(Array.from(m.apply(x).dataSync()));
    [m, copy, loaded].forEach((v) => v.dispose());
    fs.rmSync(dir, { recursive: true });
  });
});
