import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { UNet, fit } from "../../src/nn";
import { DDIMScheduler, DDPMScheduler, diffusionLoss, sample, schedulerFromConfig, schedulerNames } from "../../src/samplers";
import { maxRelDiff, normals, onBackend } from "../nn/helpers";
import { GaussianDenoiser, moments } from "./gaussian-denoiser";

describe("noise schedules and the forward process", () => {
  it("the forward chain x_t = √(1−β_t)·x_{t−1} + √β_t·z reaches the closed form q(x_t | x_0) = N(√ᾱ_t·x_0, 1 − ᾱ_t) (linear and cosine)", () => {
    for (const betaSchedule of ["linear", "cosine"] as const) {
      const s = new DDPMScheduler({ betaSchedule }), n = 20000, x0 = 1.5, rng = new Rng(1);
      const x = new Float64Array(n).fill(x0);
      for (let t = 0; t < 1000; t++) {
        const b = s.betas[t];
        for (let i = 0; i < n; i++) x[i] = Math.sqrt(1 - b) * x[i] + Math.sqrt(b) * rng.normal();
        if (t === 49 || t === 299 || t === 999) {
          const { mean, std } = moments(x), ab = s.alphasCumprod[t];
          expect(Math.abs(mean - Math.sqrt(ab) * x0), `${betaSchedule} mean at t = ${t}`).toBeLessThan(4 / Math.sqrt(n));
          expect(Math.abs(std / Math.sqrt(1 - ab) - 1), `${betaSchedule} std at t = ${t}`).toBeLessThan(0.02);
        }
      }
    }
  });

  it("ᾱ_t: linear ends at ≈ 4.0e-5 (DDPM's T = 1000), cosine follows cos²((t/T + 0.008)/1.008·π/2) until the 0.999 cap", () => {
    const lin = new DDPMScheduler(), cos = new DDPMScheduler({ betaSchedule: "cosine" });
    expect(lin.alphasCumprod[999]).toBeCloseTo(4.04e-5, 6);
    const f = (u: number) => Math.cos(((u + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (const t of [0, 100, 500, 900]) expect(cos.alphasCumprod[t] / (f((t + 1) / 1000) / f(0))).toBeCloseTo(1, 10);
    expect(cos.betas[999]).toBe(0.999);
  });

  it("addNoise is √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε per sample, and refuses a noise of another shape or a timestep out of range", async () => {
    await onBackend("wasm", () => {
      const s = new DDPMScheduler({ betaSchedule: "cosine" });
      const x0 = tf.tensor4d(normals(2 * 3, 1), [2, 1, 3, 1]), eps = tf.tensor4d(normals(2 * 3, 2), [2, 1, 3, 1]);
      const got = s.addNoise(x0, eps, [0, 640]).dataSync(), a = x0.dataSync(), e = eps.dataSync();
      const want = Array.from(a, (v, i) => { const ab = s.alphasCumprod[i < 3 ? 0 : 640]; return Math.sqrt(ab) * v + Math.sqrt(1 - ab) * e[i]; });
      expect(maxRelDiff(got, want)).toBeLessThan(1e-6);
      expect(() => s.addNoise(x0, tf.zeros([2, 3]), [0, 1])).toThrow("DDPMScheduler.addNoise: noise must have the shape of original [2,1,3,1], got a float32 tensor of shape [2,3]");
      expect(() => s.addNoise(x0, eps, [0, 1000])).toThrow("DDPMScheduler.addNoise: timesteps[1] must be an integer in [0, 999], got 1000");
      expect(() => s.addNoise(x0, eps, [0])).toThrow("need one timestep per sample (2), got 1");
    });
  });
});

describe("setTimesteps and config", () => {
  it("spacings are diffusers' (T = 1000, n = 10); step refuses a timestep that is not visited", () => {
    const s = new DDPMScheduler();
    expect(s.numInferenceSteps).toBe(1000);
    s.setTimesteps(10);
    expect(Array.from(s.timesteps)).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0]);
    s.setTimesteps(10, "trailing");
    expect(Array.from(s.timesteps)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    s.setTimesteps(10, "linspace");
    expect(Array.from(s.timesteps)).toEqual([999, 888, 777, 666, 555, 444, 333, 222, 111, 0]);
    expect(() => s.setTimesteps(1001)).toThrow("DDPMScheduler.setTimesteps: numInferenceSteps must be an integer in [1, 1000], got 1001");
    expect(() => s.step(tf.zeros([1]), 500, tf.zeros([1]))).toThrow("DDPMScheduler.step: timestep 500 is not one of the 10 visited by setTimesteps (999, 888, 777, 666, …)");
  });

  it("config round-trips through JSON for every scheduler; a DDPM config builds a DDIM scheduler; bad configs name the field", () => {
    const ddpm = new DDPMScheduler({ betaSchedule: "cosine", predictionType: "sample", timestepSpacing: "trailing", varianceType: "fixedLarge", numTrainTimesteps: 200 });
    for (const s of [ddpm, new DDIMScheduler({ betaEnd: 0.01 })]) {
      const copy = schedulerFromConfig(JSON.parse(JSON.stringify(s.toConfig())));
      expect(copy.toConfig()).toEqual(s.toConfig());
      expect(Array.from((copy as DDPMScheduler).alphasCumprod)).toEqual(Array.from(s.alphasCumprod));
    }
    expect(ddpm.toConfig().config).toEqual({ numTrainTimesteps: 200, betaSchedule: "cosine", betaStart: 1e-4, betaEnd: 0.02, predictionType: "sample", timestepSpacing: "trailing", clipSampleRange: 0, varianceType: "fixedLarge" });
    expect(Object.isFrozen(ddpm.config)).toBe(true);
    const ddim = new DDIMScheduler(ddpm.config);
    expect(Array.from(ddim.alphasCumprod)).toEqual(Array.from(ddpm.alphasCumprod));
    expect(ddim.toConfig().config).not.toHaveProperty("varianceType");
    expect(schedulerNames()).toEqual(["BridgeScheduler", "DDIMScheduler", "DDPMScheduler"]);
    expect(() => schedulerFromConfig({ className: "PNDMScheduler", config: {} })).toThrow('unknown scheduler "PNDMScheduler"; known: BridgeScheduler, DDIMScheduler, DDPMScheduler');
    expect(() => new DDPMScheduler({ predictionType: "v" as never })).toThrow('DDPMScheduler: predictionType must be one of epsilon, sample, got "v"');
    expect(() => new DDPMScheduler({ betaStart: 0.03 })).toThrow("DDPMScheduler: need 0 < betaStart ≤ betaEnd < 1, got betaStart=0.03, betaEnd=0.02");
  });
});

describe("sampling with the exact denoiser of Gaussian data N(1, 0.5²)", () => {
  const shape = [1000, 1, 4, 1], m = 1, sd = 0.5;

  it("DDPM ancestral and DDIM η = 0 (all 1000 steps) recover the mean and std (ε- and x0-prediction)", async () => {
    await onBackend("wasm", () => {
      for (const predictionType of ["epsilon", "sample"] as const) {
        const ddpm = new DDPMScheduler({ predictionType }), ddim = new DDIMScheduler({ predictionType, timestepSpacing: "trailing" });
        const net = new GaussianDenoiser(ddpm, m, sd);
        for (const [name, x] of [["DDPM", sample(net, ddpm, { shape, rng: new Rng(2) })], ["DDIM", sample(net, ddim, { shape, rng: new Rng(2), numInferenceSteps: 1000 })]] as const) {
          const { mean, std } = moments(x.dataSync());
          expect(Math.abs(mean - m), `${name} ${predictionType} mean`).toBeLessThan(0.03);
          expect(Math.abs(std / sd - 1), `${name} ${predictionType} std`).toBeLessThan(0.03);
        }
      }
    });
  });

  it("the same seed gives the same samples; another seed others; DDIM η = 0 draws no noise (its samples are a function of x_T)", async () => {
    await onBackend("wasm", () => {
      const s = new DDPMScheduler(), net = new GaussianDenoiser(s, m, sd);
      const a = sample(net, s, { shape: [8, 1, 4, 1], rng: new Rng(5), numInferenceSteps: 40 }).dataSync();
      const b = sample(net, s, { shape: [8, 1, 4, 1], rng: new Rng(5), numInferenceSteps: 40 }).dataSync();
      const c = sample(net, s, { shape: [8, 1, 4, 1], rng: new Rng(6), numInferenceSteps: 40 }).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(maxRelDiff(a, c)).toBeGreaterThan(0.1);
      const ddim = new DDIMScheduler(), rng = new Rng(7);
      sample(net, ddim, { shape: [8, 1, 4, 1], rng, numInferenceSteps: 20 });
      const r1 = new Rng(7);
      r1.fillNormal(new Float64Array(32));
      expect(rng.normal()).toBe(r1.normal()); // only x_T was drawn
    });
  });

  it("DDIM with η = 1 over all steps is DDPM's ancestral sampler: step for step (same noise) and over the whole path (same seed)", async () => {
    await onBackend("wasm", () => {
      const ddpm = new DDPMScheduler(), ddim = new DDIMScheduler(), net = new GaussianDenoiser(ddpm, m, sd);
      const x = tf.tensor4d(normals(64, 1), [16, 1, 4, 1]), out = tf.tensor4d(normals(64, 2), [16, 1, 4, 1]), z = tf.tensor4d(normals(64, 3), [16, 1, 4, 1]);
      for (const t of [999, 500, 37, 1, 0]) {
        const p = ddpm.step(out, t, x, { noise: z }), q = ddim.step(out, t, x, { noise: z, eta: 1 });
        expect(maxRelDiff(q.prevSample.dataSync(), p.prevSample.dataSync()), `t = ${t}`).toBeLessThan(2e-5);
        expect(maxRelDiff(q.predOriginalSample.dataSync(), p.predOriginalSample.dataSync())).toBe(0);
      }
      const a = sample(net, ddpm, { shape: [16, 1, 4, 1], rng: new Rng(3) }).dataSync();
      const b = sample(net, ddim, { shape: [16, 1, 4, 1], rng: new Rng(3), stepOptions: { eta: 1 } }).dataSync();
      expect(maxRelDiff(b, a)).toBeLessThan(1e-4);
      expect(() => ddpm.step(out, 500, x)).toThrow("DDPMScheduler.step: this step adds noise: pass { rng } (a core.Rng) or { noise }, got undefined");
    });
  });
});

describe("diffusionLoss for nn.fit", () => {
  it("with the exact denoiser its mean is E_t[Var(target | x_t)] (ε: ᾱs²/(ᾱs² + 1 − ᾱ); x0: s²(1 − ᾱ)/(ᾱs² + 1 − ᾱ)), t uniform in [0, T)", async () => {
    await onBackend("wasm", () => {
      for (const predictionType of ["epsilon", "sample"] as const) {
        const s = new DDPMScheduler({ predictionType }), net = new GaussianDenoiser(s, 1, 0.5), v = 0.25;
        const want = Array.from(s.alphasCumprod, (ab) => (predictionType === "epsilon" ? ab * v : v * (1 - ab)) / (ab * v + 1 - ab)).reduce((a, b) => a + b) / 1000;
        const x = tf.add(tf.mul(tf.tensor4d(normals(4000 * 8, 1), [4000, 1, 8, 1]), 0.5), 1);
        const loss = diffusionLoss(net, s);
        const got = loss({ x }, { rng: new Rng(4), step: 0, epoch: 1, training: true }).dataSync()[0];
        expect(Math.abs(got / want - 1), predictionType).toBeLessThan(0.03);
        expect(loss({ x }, { rng: new Rng(4), step: 0, epoch: 1, training: true }).dataSync()[0]).toBe(got);
      }
    });
  });

  it("trains a 1D periodic U-Net with nn.fit (loss falls, no tensor leaks) and names a missing batch entry", async () => {
    await onBackend("wasm", () => 0);
    const s = new DDPMScheduler({ numTrainTimesteps: 100 });
    const net = new UNet({ inChannels: 1, outChannels: 1, baseChannels: 8, depth: 2, padding: "circular", spatialDims: 1, timeChannels: 16, seed: 1 });
    const x = tf.tensor4d(Float32Array.from({ length: 64 * 16 }, (_, i) => Math.sin((2 * Math.PI * (i % 16)) / 16 + Math.floor(i / 16))), [64, 1, 16, 1]);
    const loss = diffusionLoss(net, s);
    await fit(net, loss, { data: { x }, epochs: 1, batchSize: 16, learningRate: 3e-3, seed: 0 }); // warm-up: cached constants
    const before = tf.memory().numTensors, counts: number[] = [];
    const r = await fit(net, loss, { data: { x }, epochs: 30, batchSize: 16, learningRate: 3e-3, seed: 0, onProgress: () => counts.push(tf.memory().numTensors) });
    expect(r.history[r.history.length - 1].loss).toBeLessThan(0.6 * r.history[0].loss);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => loss({ y: x }, { rng: new Rng(0), step: 0, epoch: 1, training: true })).toThrow('samplers.diffusionLoss: the batch has no tensor "x" (it has y)');
    net.dispose(); x.dispose();
  });
});
