// nn.fit: a multi-module objective with per-step noise trains; determinism; no tensor leaks; early stopping; the EMA of the weights.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Linear } from "../../src/nn/layers";
import { MLP, UNet, emaDecay, fit, type Batch, type FitContext } from "../../src/nn";
import { Rng } from "../../src/core";
import { normals, onBackend } from "./helpers";

/** Points on a line in 3D: x = s·(1, 2, −1)/√6 + small noise, s ~ N(0, 1). */
function lineData(n: number, seed: number): Float32Array {
  const s = normals(n, seed), e = normals(3 * n, seed + 1, 0.02), d = [1, 2, -1].map((v) => v / Math.sqrt(6));
  return Float32Array.from({ length: 3 * n }, (_, i) => s[Math.floor(i / 3)] * d[i % 3] + e[i]);
}

/** A denoising autoencoder 3 → 1 → 3 as two modules; noise drawn from ctx.rng each step. */
function autoencoder(seed: number) {
  const encoder = new Linear({ inFeatures: 3, outFeatures: 1, seed });
  const decoder = new MLP({ inFeatures: 1, outFeatures: 3, hiddenFeatures: [8], activation: "tanh", seed: seed + 1 });
  const loss = (b: Batch, ctx: FitContext) => tf.tidy(() => {
    const noise = tf.tensor(Float32Array.from(ctx.rng.fillNormal(new Float64Array(b.x.size), 0, 0.1)), b.x.shape);
    return tf.mean(tf.squaredDifference(decoder.apply(encoder.apply(tf.add(b.x, noise))), b.x)) as tf.Scalar;
  });
  return { encoder, decoder, loss };
}

describe("nn.fit", () => {
  it("trains two modules on one objective with per-step noise: both change, the loss falls below 10% of the initial", async () => {
    await onBackend("wasm", () => 0);
    const { encoder, decoder, loss } = autoencoder(1);
    const x = tf.tensor2d(lineData(256, 3), [256, 3]), val = tf.tensor2d(lineData(64, 9), [64, 3]);
    const before = [encoder, decoder].map((m) => m.variables().map((v) => Array.from(v.dataSync())));
    const initial = tf.tidy(() => loss({ x: val }, { rng: new Rng(0), step: 0, epoch: 1, training: false }).dataSync()[0]);
    const r = await fit([encoder, decoder], loss, { data: { x }, validation: { x: val }, epochs: 40, batchSize: 32, learningRate: 1e-2, seed: 5 });
    expect(r.steps).toBe(40 * 8);
    expect(r.history[r.history.length - 1].validationLoss as number).toBeLessThan(0.1 * initial);
    [encoder, decoder].forEach((m, k) => m.variables().forEach((v, i) => expect(Array.from(v.dataSync())).not.toEqual(before[k][i])));
    [encoder, decoder].forEach((m) => m.dispose());
  });

  it("is deterministic: same seed, identical losses; ctx.rng is a function of (seed, step); another seed differs", async () => {
    await onBackend("wasm", () => 0);
    const x = tf.tensor2d(lineData(64, 3), [64, 3]);
    const run = async (seed: number) => {
      const { encoder, decoder, loss } = autoencoder(1), draws: number[] = [];
      const r = await fit([encoder, decoder], (b, ctx) => { if (ctx.training) draws.push(ctx.rng.split(99).uniform()); return loss(b, ctx); },
        { data: { x }, epochs: 3, batchSize: 16, learningRate: 1e-2, seed });
      [encoder, decoder].forEach((m) => m.dispose());
      return { losses: r.history.map((h) => h.loss), draws };
    };
    const a = await run(7), b = await run(7), c = await run(8);
    expect(a).toEqual(b);
    expect(new Set(a.draws).size).toBe(a.draws.length); // a fresh stream every step
    expect(c.losses).not.toEqual(a.losses);
  });

  it("leaks no tensors: the count is the same after every step, and after fit as before", async () => {
    await onBackend("wasm", () => 0);
    const net = new UNet({ inChannels: 1, outChannels: 1, baseChannels: 4, depth: 1, timeChannels: 4, condChannels: 1, seed: 2 });
    const x = tf.tensor4d(normals(16 * 64, 1), [16, 8, 8, 1]), field = tf.tensor4d(normals(16 * 64, 2), [16, 8, 8, 1]), t = tf.tensor1d(normals(16, 3));
    const counts: number[] = [];
    const loss = (b: Batch, ctx: FitContext) => tf.mean(tf.square(tf.sub(net.apply(b.x, { t: b.t, field: b.field }), ctx.rng.uniform()))) as tf.Scalar;
    await fit(net, loss, { data: { x, field, t }, epochs: 1, batchSize: 4, learningRate: 1e-3, seed: 0 }); // warm-up: cached constants (DFT, ones rows)
    const start = tf.memory().numTensors;
    await fit(net, loss, { data: { x, field, t }, epochs: 3, batchSize: 4, learningRate: 1e-3, seed: 0, onProgress: () => counts.push(tf.memory().numTensors) });
    expect(counts.length).toBe(12);
    expect(new Set(counts.slice(1)).size, `tensor counts per step: ${counts.join(", ")}`).toBe(1);
    expect(tf.memory().numTensors).toBe(start);
    net.dispose();
  });

  it("early stopping restores the best weights of every module", async () => {
    await onBackend("wasm", () => 0);
    const { encoder, decoder, loss } = autoencoder(2);
    const x = tf.tensor2d(lineData(64, 3), [64, 3]);
    // validation on other data with a learning rate too large to keep improving
    const r = await fit([encoder, decoder], loss, { data: { x }, validation: { x: tf.tensor2d(lineData(32, 5), [32, 3]) }, epochs: 60, batchSize: 8,
      learningRate: 0.3, seed: 1, earlyStopping: { patience: 3 } });
    const best = Math.min(...r.history.map((h) => h.validationLoss as number));
    expect(r.bestValidationLoss).toBe(best);
    const now = tf.tidy(() => loss({ x: tf.tensor2d(lineData(32, 5), [32, 3]) }, { rng: new Rng(1).split(2).split(0), step: 0, epoch: 0, training: false }).dataSync()[0]);
    expect(now).toBeCloseTo(best, 5);
    [encoder, decoder].forEach((m) => m.dispose());
  });

  it("emaDecay: 0 at the first step, then diffusers' warm-ups (1 + s)/(10 + s) or 1 − (1 + s/γ)^−p, capped at decay", () => {
    expect(emaDecay(1, { decay: 0.999 })).toBe(0);
    expect(emaDecay(2, { decay: 0.999 })).toBeCloseTo(2 / 11, 15);
    expect(emaDecay(91, { decay: 0.999 })).toBeCloseTo(91 / 100, 15);
    expect(emaDecay(1e6, { decay: 0.999 })).toBe(0.999);
    expect(emaDecay(9, { decay: 0.999, power: 2 / 3 })).toBeCloseTo(1 - 9 ** (-2 / 3), 15);
    expect(emaDecay(9, { decay: 0.999, power: 1, invGamma: 4 })).toBeCloseTo(1 - 1 / 3, 15);
    expect(emaDecay(1e9, { decay: 0.9, power: 2 / 3 })).toBe(0.9);
  });

  it("ema: the returned weights are the moving average of the trained weights step by step; validation uses them; no tensor leaks", async () => {
    await onBackend("wasm", () => 0);
    const x = tf.tensor2d(lineData(64, 3), [64, 3]), val = tf.tensor2d(lineData(32, 5), [32, 3]);
    const run = async (ema?: { decay: number; power?: number }) => {
      const { encoder, decoder, loss } = autoencoder(3), vars = [...encoder.variables(), ...decoder.variables()];
      const trained: number[][] = [], counts: number[] = [];
      const r = await fit([encoder, decoder], loss, { data: { x }, validation: { x: val }, epochs: 4, batchSize: 16, learningRate: 3e-2, seed: 2, ema,
        onProgress: () => { trained.push(vars.flatMap((v) => Array.from(v.dataSync()))); counts.push(tf.memory().numTensors); } });
      const final = vars.flatMap((v) => Array.from(v.dataSync()));
      const at = tf.tidy(() => loss({ x: val }, { rng: new Rng(2).split(2).split(0), step: 0, epoch: 0, training: false }).dataSync()[0]);
      [encoder, decoder].forEach((m) => m.dispose());
      return { r, trained, counts, final, at };
    };
    const plain = await run(), ema = { decay: 0.8 }, averaged = await run(ema);
    expect(averaged.trained).toEqual(plain.trained); // the average does not touch the optimiser's path
    const expected = averaged.trained.reduce((avg, w, k) => { const d = emaDecay(k + 1, ema); return avg.map((a, i) => d * a + (1 - d) * w[i]); }, averaged.trained[0]);
    averaged.final.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expect(averaged.final).not.toEqual(averaged.trained[averaged.trained.length - 1]);
    expect(averaged.r.history[3].validationLoss as number).toBeCloseTo(averaged.at, 6); // the last validation loss is the average's
    expect(plain.r.history[3].validationLoss as number).toBeCloseTo(plain.at, 6);
    expect(new Set(averaged.counts.slice(1)).size, `tensor counts per step: ${averaged.counts.join(", ")}`).toBe(1);
    const start = tf.memory().numTensors;
    await run(ema);
    expect(tf.memory().numTensors).toBe(start);
  });

  it("ema with early stopping ends with the best epoch's average", async () => {
    await onBackend("wasm", () => 0);
    const { encoder, decoder, loss } = autoencoder(2);
    const x = tf.tensor2d(lineData(64, 3), [64, 3]), val = tf.tensor2d(lineData(32, 5), [32, 3]);
    const r = await fit([encoder, decoder], loss, { data: { x }, validation: { x: val }, epochs: 60, batchSize: 8, learningRate: 0.3, seed: 1,
      earlyStopping: { patience: 3 }, ema: { decay: 0.5 } });
    expect(r.bestEpoch).toBeLessThan(r.epochs);
    const now = tf.tidy(() => loss({ x: val }, { rng: new Rng(1).split(2).split(0), step: 0, epoch: 0, training: false }).dataSync()[0]);
    expect(now).toBeCloseTo(r.bestValidationLoss as number, 5);
    [encoder, decoder].forEach((m) => m.dispose());
  });

  it("refuses bad input naming it", async () => {
    await onBackend("wasm", () => 0);
    const m = new Linear({ inFeatures: 3, outFeatures: 1 }), x = tf.zeros([8, 3]);
    const ok = (b: Batch) => tf.mean(m.apply(b.x)) as tf.Scalar;
    await expect(fit([], ok, { data: { x }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 })).rejects.toThrow("nn.fit: modules must be a module or a non-empty array");
    await expect(fit(m, ok, { data: { x, y: tf.zeros([7, 1]) }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 })).rejects.toThrow("every tensor of data must have the same rows on axis 0; data.x has 8, data.y [7,1]");
    await expect(fit(m, ok, { data: { x }, validation: { z: x }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 })).rejects.toThrow("nn.fit: validation lacks x");
    await expect(fit(m, (b) => m.apply(b.x) as never, { data: { x }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 })).rejects.toThrow("nn.fit: loss must return a scalar tensor, got a float32 tensor of shape [2,1]");
    await expect(fit(m, (b) => tf.mul(tf.mean(m.apply(b.x)), NaN) as tf.Scalar, { data: { x }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 })).rejects.toThrow("nn.fit: the training loss became NaN at step 1");
    await expect(fit(m, ok, { data: { x }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0, ema: { decay: 1 } })).rejects.toThrow("nn.fit: ema.decay must be in [0, 1), got 1");
    await expect(fit(m, ok, { data: { x }, epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0, ema: { decay: 0.9, power: -1 } })).rejects.toThrow("nn.fit: ema.power");
    m.dispose();
  });
});
