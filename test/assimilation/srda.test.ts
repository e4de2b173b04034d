import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  SrdaNet, anisotropicPart, bicubicToFine, forecastWindow, channelLowPass, cycleEnkf, cycleSrda, gaussianKernelMap, gridObservationIndices, kalmanGain, learnedGain, linearGaussianSamples,
  observationResponse, pointObservations, ringCovariance, rollX, srdaInput, srdaLoss, observationMask, type JetSetup,
} from "../../src/assimilation";
import { Rng } from "../../src/core/random";
import { Linear } from "../../src/nn/layers/linear";
import { BarotropicModel, simulateSpectral, srdaJet } from "../../src/sim/barotropic";
import { initBackend } from "../../src/core/backend";

const low = srdaJet("low");
const setup = (): JetSetup => ({
  model: new BarotropicModel(low.config), dt: 0.0125, steps: 4, fine: [65, 128],
  observe: pointObservations(gridObservationIndices(65, 128, 8, [4, 0]), 65 * 128), obsStd: 0.1, scale: 4,
  lowPass: (f) => channelLowPass(f, 65, 128, 4),
});
/** A smooth channel field [ny, nx]: sin(l·y)·cos(m·x) on [0, 2π) × [0, π]. */
const mode = (ny: number, nx: number, l: number, m: number) => Float64Array.from({ length: ny * nx }, (_, q) =>
  Math.sin((l * Math.PI * Math.floor(q / nx)) / (ny - 1)) * Math.cos((2 * Math.PI * m * (q % nx)) / nx));

describe("channel low-pass filter", () => {
  it("keeps a mode the coarse grid carries and removes one it cannot", () => {
    const kept = channelLowPass(mode(65, 128, 3, 5), 65, 128, 4), ref = mode(17, 32, 3, 5);
    expect(Math.max(...Array.from(kept, (v, i) => Math.abs(v - ref[i])))).toBeLessThan(1e-12);
    const cut = channelLowPass(mode(65, 128, 20, 5), 65, 128, 4);
    expect(Math.max(...Array.from(cut, Math.abs))).toBeLessThan(1e-12);
    expect(() => channelLowPass(new Float64Array(10), 65, 128, 4)).toThrow(/field must be \[65, 128\]/);
  });

  it("forecastWindow halves a dt the CFL guard refuses and gives the run at the halved dt", () => {
    const s = { ...setup(), dt: 0.075, steps: 2 }, zeta = mode(17, 32, 1, 1).map((v) => 8 * v);
    const f = forecastWindow(s, zeta), m = s.model;
    const direct = m.toGrid(simulateSpectral(m, m.toSpectral(zeta), { dt: 0.0375, steps: 4, scheme: "etdrk4" }).spectrum);
    expect(() => simulateSpectral(m, m.toSpectral(zeta), { dt: 0.075, steps: 2, scheme: "etdrk4" })).toThrow(/CFL number/);
    expect(Math.max(...Array.from(f, (v, i) => Math.abs(v - direct[i])))).toBe(0);
  });

  it("bicubicToFine reproduces a coarse field at the coinciding nodes", () => {
    const c = mode(17, 32, 2, 3), f = bicubicToFine(setup(), c);
    for (let j = 0; j < 17; j++) for (let i = 0; i < 32; i++) expect(f[4 * j * 128 + 4 * i]).toBeCloseTo(c[j * 32 + i], 12);
  });
});

describe("SR-DA network", () => {
  beforeAll(async () => { await initBackend(); });
  it("maps [B, 16, 32, 33] to [B, 64, 128, 1]; srdaInput unshuffles the fine observations; rollX rolls x", () => {
    const net = new SrdaNet({ factor: 4, hiddenChannels: 4, nLayers: 2 });
    const f = tf.ones([2, 16, 32, 1]) as tf.Tensor4D, o = tf.zeros([2, 64, 128, 1]) as tf.Tensor4D, mask = observationMask(setup());
    const x = srdaInput(f, o, mask, 4);
    expect(x.shape).toEqual([2, 16, 32, 33]);
    expect(tf.sum(x.slice([0, 0, 0, 17], [1, -1, -1, 16])).dataSync()[0]).toBe(128); // the mask's 128 points
    expect(net.apply(x).shape).toEqual([2, 64, 128, 1]);
    const r = rollX(tf.range(0, 4).reshape([1, 1, 4, 1]) as tf.Tensor4D, 1);
    expect(Array.from(r.dataSync())).toEqual([3, 0, 1, 2]);
    expect(() => srdaInput(f, tf.zeros([2, 64, 64, 1]) as tf.Tensor4D, mask, 4)).toThrow(/observations must be \[2, 64, 128, 1\]/);
    tf.dispose([f, o, mask, x, r]); net.dispose();
  });

  it("with a zero body the analysis is the bicubic of the forecast, and the response to an observation is local", () => {
    const s = setup(), net = new SrdaNet({ factor: 4, hiddenChannels: 4, nLayers: 3, seed: 1 }), mask = observationMask(s);
    const forecast = mode(17, 32, 2, 1).map((v) => 3 * v), y = new Float64Array(s.observe.m).fill(0.5);
    const resp = observationResponse(net, s, forecast, y, 40, 0.01, mask), q = (s.observe.indices as Int32Array)[40];
    const [j0, i0] = [Math.floor(q / 128), q % 128];
    let far = 0;
    for (let j = 0; j < 65; j++) for (let i = 0; i < 128; i++) {
      const d = Math.max(Math.abs(j - j0), Math.min(Math.abs(i - i0), 128 - Math.abs(i - i0)));
      if (d > 4 * 4 + 4) far = Math.max(far, Math.abs(resp[j * 128 + i])); // 3 convolutions: ±3 coarse cells
    }
    expect(far).toBe(0);
    for (const v of net.variables()) v.assign(tf.zerosLike(v));
    const run = cycleSrda(net, s, { truth: [new Float64Array(65 * 128)], start: forecast, rng: new Rng(1) });
    const bic = bicubicToFine(s, run.forecasts[0]);
    for (let i = 128; i < 64 * 128; i += 97) expect(run.analyses[0][i]).toBeCloseTo(bic[i], 4);
    mask.dispose(); net.dispose();
  });

  it("srdaLoss is a finite scalar and leaves no tensors behind", () => {
    const s = setup(), net = new SrdaNet({ factor: 4, hiddenChannels: 4, nLayers: 2 }), mask = observationMask(s);
    const batch = { forecast: tf.randomNormal([2, 16, 32, 1]), truth: tf.randomNormal([2, 64, 128, 1]) };
    const before = tf.memory().numTensors;
    const loss = srdaLoss(net, { mask: mask, obsStd: 0.025 })(batch, { rng: new Rng(0), step: 0, epoch: 1, training: true });
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.forecast, batch.truth, mask]); net.dispose();
  });
});

describe("EnKF cycles and the linear-Gaussian samples", () => {
  it("with a huge assumed observation error the EnKF analysis mean is the bicubic of the ensemble-mean forecast", () => {
    const s = setup(), N = 4, rng = new Rng(5), start = mode(17, 32, 2, 1).map((v) => 3 * v);
    const ens = new Float64Array(N * 17 * 32).map((_, i) => start[i % (17 * 32)] + (Math.floor(i / 32) % 17 === 0 || Math.floor(i / 32) % 17 === 16 ? 0 : 0.01 * rng.normal()));
    const run = cycleEnkf(s, { truth: [new Float64Array(65 * 128)], ensemble: ens, members: N, rng: rng, obsRng: new Rng(6), obsStd: 1e4 });
    const bic = bicubicToFine(s, run.forecasts[0]);
    expect(Math.max(...Array.from(run.analyses[0], (v, i) => Math.abs(v - bic[i])))).toBeLessThan(1e-6);
  });

  it("the samples' posterior mean is x_b + K(y − H·x_b): its residual is uncorrelated with the innovations", () => {
    const n = 12, m = 3, B = ringCovariance(n, 2), R = Float64Array.of(0.3, 0, 0, 0, 0.3, 0, 0, 0, 0.3), H = pointObservations([0, 4, 8], n);
    const K = kalmanGain(B, H, R), S = 20000;
    const s = linearGaussianSamples({ B: B, R: R, H: H, climatology: ringCovariance(n, 3, 2), count: S, rng: new Rng(3) });
    let worst = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) {
      let c = 0;
      for (let t = 0; t < S; t++) {
        const d = (j: number) => s.observations[t * m + j] - s.background[t * n + 4 * j];
        let e = s.truth[t * n + i] - s.background[t * n + i];
        for (let j = 0; j < m; j++) e -= K[i * m + j] * d(j);
        c += e * d(k) / S;
      }
      worst = Math.max(worst, Math.abs(c));
    }
    expect(worst).toBeLessThan(0.03);
    const lin = new Linear({ inFeatures: n + m, outFeatures: n });
    expect(learnedGain(lin, n, m).length).toBe(n * m);
    expect(() => learnedGain(lin, n, m + 1)).toThrow(/n \+ m = 16 inputs/);
    lin.dispose();
  });

  it("the Gaussian kernel map peaks at its point and has (almost) no anisotropic part; a stretched one has", () => {
    const s = setup(), p = 32 * 128 + 5, g = gaussianKernelMap(s, p, 0.2);
    expect(g[p]).toBe(1);
    expect(g[p + 64]).toBeLessThan(1e-10);
    const an = anisotropicPart(s, g, p, 12), stretched = g.map((_, i) => Math.exp(-(((i % 128) - 5) ** 2) / 50 - (Math.floor(i / 128) - 32) ** 2 / 8));
    const size = (m: Float64Array) => Math.sqrt(m.reduce((t, v) => t + v * v, 0));
    expect(size(an)).toBeLessThan(0.05 * size(g));
    expect(size(anisotropicPart(s, stretched, p, 12))).toBeGreaterThan(0.2 * size(stretched));
    expect(anisotropicPart(s, g, p, 12)[p + 40]).toBe(0); // outside the radius
  });
});
