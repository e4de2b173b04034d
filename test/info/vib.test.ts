// The VIB module: its KL and likelihood against closed forms, config round trip, gradients on wasm
// vs cpu, and a linear-Gaussian toy where the 1D latent must find the slow direction that PCA misses.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { initBackend } from "../../src/core/backend";
import { eig, transpose } from "../../src/dynamics";
import { fit, fromConfig } from "../../src/nn";
import { OrnsteinUhlenbeck, simulateEnsemble } from "../../src/sim/langevin";
import {
  VIB, absCosine, bottleneckEstimate, encodeRows, gaussianEntropy, gaussianKl, linearDirection, principalComponents, sampleGaussian, vibObjective,
} from "../../src/info";
import { maxRelDiff } from "../core/backends";

describe("VIB pieces", () => {
  it("gaussianKl [2, 2] equals ½ Σ (μ² + σ² − log σ² − 1) for known means and variances; zero at the prior", async () => {
    await initBackend({ backend: "wasm" });
    const mu = [[1, -2], [0, 0]], v = [[0.5, 3], [1, 1]];
    const kl = tf.tidy(() => Array.from(gaussianKl(tf.tensor2d(mu), tf.tensor2d(v.map((r) => r.map(Math.log)))).dataSync()));
    const exact = mu.map((m, r) => 0.5 * m.reduce((p, mj, j) => p + mj * mj + v[r][j] - Math.log(v[r][j]) - 1, 0));
    expect(kl[0]).toBeCloseTo(exact[0], 5);
    expect(kl[1]).toBeCloseTo(0, 7);
  });

  it("forward: the KL it returns is that of its own mean and log-variance; without an rng the latent is the mean; the same rng gives the same sample", async () => {
    await initBackend({ backend: "wasm" });
    const vib = new VIB({ inFeatures: 3, latentFeatures: 2, outFeatures: 4, encoderHidden: [8], decoderHidden: [8], seed: 3 });
    tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(new Rng(1).fillNormal(new Float64Array(15))), [5, 3]);
      const f = vib.forward(x, new Rng(7)), g = vib.forward(x, new Rng(7)), h = vib.forward(x);
      expect(f.latent.shape).toEqual([5, 2]);
      expect(f.prediction.shape).toEqual([5, 4]);
      expect(maxRelDiff(f.kl.dataSync(), gaussianKl(f.mean, f.logVar).dataSync())).toBe(0);
      expect(Array.from(f.latent.dataSync())).toEqual(Array.from(g.latent.dataSync()));
      expect(Array.from(h.latent.dataSync())).toEqual(Array.from(h.mean.dataSync()));
      expect(maxRelDiff(vib.apply(x).dataSync(), h.prediction.dataSync())).toBe(0);
      // encodeRows: the same μ and ℓ as float64 rows; its sample is μ + e^{ℓ/2}ξ with ξ from the rng
      const codes = encodeRows(vib, x, { rng: new Rng(9), batchSize: 2 }), xi = new Rng(9).fillNormal(new Float64Array(10));
      expect(maxRelDiff(codes.mean, h.mean.dataSync())).toBe(0);
      expect(maxRelDiff(codes.sample as Float64Array, codes.mean.map((m, i) => m + Math.exp(0.5 * codes.logVar[i]) * xi[i]))).toBeLessThan(1e-12);
    });
    expect(() => tf.tidy(() => vib.encode(tf.zeros([2, 4])))).toThrow(/x .*got|features/);
    vib.dispose();
  });

  it("the full likelihood's NLL [5] equals ½ rᵀΣ⁻¹r + ½ log det(2πΣ) with Σ = likelihoodCovariance(); the diagonal one likewise", async () => {
    await initBackend({ backend: "wasm" });
    for (const likelihood of ["full", "diagonal"] as const) {
      const m = 3, vib = new VIB({ inFeatures: 2, latentFeatures: 1, outFeatures: m, likelihood, seed: 1 });
      vib.decoderLogScale.assign(tf.tensor1d([0.3, -0.5, 0.1]));
      vib.decoderLower?.assign(tf.tensor2d([[9, 9, 9], [0.4, 9, 9], [-0.2, 0.7, 9]])); // the upper part is masked out
      const S = vib.likelihoodCovariance();
      const y = new Rng(2).fillNormal(new Float64Array(5 * m)), yhat = new Rng(3).fillNormal(new Float64Array(5 * m));
      const nll = tf.tidy(() => Array.from(vib.negativeLogLikelihood(tf.tensor2d(Float32Array.from(y), [5, m]), tf.tensor2d(Float32Array.from(yhat), [5, m])).dataSync()));
      // closed form with a float64 solve
      const det = S[0] * (S[4] * S[8] - S[5] * S[7]) - S[1] * (S[3] * S[8] - S[5] * S[6]) + S[2] * (S[3] * S[7] - S[4] * S[6]);
      const inv = [S[4] * S[8] - S[5] * S[7], S[2] * S[7] - S[1] * S[8], S[1] * S[5] - S[2] * S[4], S[5] * S[6] - S[3] * S[8], S[0] * S[8] - S[2] * S[6],
        S[2] * S[3] - S[0] * S[5], S[3] * S[7] - S[4] * S[6], S[1] * S[6] - S[0] * S[7], S[0] * S[4] - S[1] * S[3]].map((c) => c / det);
      for (let b = 0; b < 5; b++) {
        const r = [0, 1, 2].map((j) => y[b * m + j] - yhat[b * m + j]);
        const q = r.reduce((p, ri, i) => p + ri * r.reduce((s, rj, j) => s + inv[i * m + j] * rj, 0), 0);
        expect(nll[b]).toBeCloseTo(0.5 * q + 0.5 * Math.log((2 * Math.PI) ** m * det), 4);
      }
      vib.dispose();
    }
  });

  it("config round trip: nn.fromConfig(vib.toConfig()) rebuilds the same weights and outputs; \"full\" refuses more than 64 outputs", async () => {
    await initBackend({ backend: "wasm" });
    const vib = new VIB({ inFeatures: 4, latentFeatures: 2, outFeatures: 3, encoderHidden: [6], decoderHidden: [5], likelihood: "full", activation: "tanh", seed: 9 });
    const copy = fromConfig(vib.toConfig()) as VIB;
    expect(copy.toConfig()).toEqual(vib.toConfig());
    tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from(new Rng(4).fillNormal(new Float64Array(12))), [3, 4]);
      expect(Array.from(copy.apply(x).dataSync())).toEqual(Array.from(vib.apply(x).dataSync()));
    });
    expect(() => new VIB({ inFeatures: 1, latentFeatures: 1, outFeatures: 65, likelihood: "full" })).toThrow(/≤ 64/);
    [vib, copy].forEach((m) => m.dispose());
  });

  it("gradients of the VIB objective (full likelihood, sampled latent) on wasm match cpu within 1e-4 relative", async () => {
    const grads = async (backend: "wasm" | "cpu") => {
      await initBackend({ backend });
      const vib = new VIB({ inFeatures: 3, latentFeatures: 2, outFeatures: 3, encoderHidden: [8], decoderHidden: [8], likelihood: "full", seed: 5 });
      vib.decoderLower?.assign(tf.tidy(() => tf.mul(0.3, tf.ones([3, 3]))));
      const loss = vibObjective(vib, { beta: 0.1 });
      const out = tf.tidy(() => {
        const x = tf.tensor2d(Float32Array.from(new Rng(6).fillNormal(new Float64Array(48))), [16, 3]);
        const y = tf.tensor2d(Float32Array.from(new Rng(7).fillNormal(new Float64Array(48))), [16, 3]);
        const { grads: g } = tf.variableGrads(() => loss({ x, y }, { rng: new Rng(8), step: 0, epoch: 1, training: true }), vib.variables());
        return vib.variables().map((v) => Float32Array.from(g[v.name].dataSync()));
      });
      vib.dispose();
      return out;
    };
    const w = await grads("wasm"), c = await grads("cpu");
    w.forEach((g, i) => expect(maxRelDiff(g, c[i])).toBeLessThan(1e-4));
    await initBackend({ backend: "wasm" });
  });
});

describe("VIB on a linear-Gaussian toy", () => {
  it("2D non-normal OU, x(t) → x(t + 3): the 1D latent reads the slow mode's amplitude (|cos| with the left eigenvector > 0.98) where PCA's first component does not (< 0.8); rate ≥ the Gaussian I(Y;H) bound", async () => {
    await initBackend({ backend: "wasm" });
    // slow x₁ (rate 0.3, weak noise) feeding a fast, noisy x₂ (rate 2), rotated by 30°
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6), Q = [c, -s, s, c];
    const A0 = [-0.3, 0, 0.5, -2], B0 = [0.5, 0, 0, 3];
    const rot = (M: number[]) => { // Q M Qᵀ
      const QM = [0, 1, 2, 3].map((k) => Q[2 * Math.floor(k / 2)] * M[k % 2] + Q[2 * Math.floor(k / 2) + 1] * M[2 + (k % 2)]);
      return Float64Array.from([0, 1, 2, 3], (k) => QM[2 * Math.floor(k / 2)] * Q[2 * (k % 2)] + QM[2 * Math.floor(k / 2) + 1] * Q[2 * (k % 2) + 1]);
    };
    const A = rot(A0), B = Float64Array.from([0, 1, 2, 3], (k) => Q[2 * Math.floor(k / 2)] * B0[k % 2] + Q[2 * Math.floor(k / 2) + 1] * B0[2 + (k % 2)]);
    const ou = new OrnsteinUhlenbeck({ dim: 2, drift: A, noise: B });
    const u1 = eig(transpose(A, 2, 2), 2).vectors[0]; // left eigenvector of the slowest eigenvalue
    const n = 4000, dt = 0.01, C = ou.eulerMaruyamaCovariance(dt), rng = new Rng(11);
    const run = simulateEnsemble(ou, { members: n, initial: sampleGaussian(C, 2, n, rng.split(1)), dt, steps: 300, rng: rng.split(2) });
    const [X, Y] = [run.states[0], run.states[1]];
    const cosPca = absCosine(principalComponents(X, 2, 1).components[0], u1);
    expect(cosPca).toBeLessThan(0.8);
    const x = tf.tensor2d(Float32Array.from(X), [n, 2]), y = tf.tensor2d(Float32Array.from(Y), [n, 2]);
    const vib = new VIB({ inFeatures: 2, latentFeatures: 1, outFeatures: 2, decoderHidden: [16], likelihood: "full", seed: 2 });
    await fit(vib, vibObjective(vib, { beta: 0.02 }), { data: { x, y }, epochs: 25, batchSize: 200, learningRate: 1e-2, schedule: { kind: "cosine" }, seed: 3 });
    const { mean } = encodeRows(vib, x), cosVib = absCosine(linearDirection(X, 2, mean).direction, u1);
    console.log(`VIB toy: |cos(latent direction, u₁)| = ${cosVib.toFixed(4)}, PCA ${cosPca.toFixed(4)}`);
    expect(cosVib).toBeGreaterThan(0.98);
    const est = bottleneckEstimate(vib, { x, y }, { rng: new Rng(4), entropyY: gaussianEntropy(C, 2) });
    expect(est.rate).toBeGreaterThan(est.relevance as number); // I(X;H) ≥ I(Y;H) (data processing), through their bounds
    expect(est.relevance as number).toBeGreaterThan(0.05);
    tf.dispose([x, y]);
    vib.dispose();
  });
});
