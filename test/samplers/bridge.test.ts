import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { Module, condTensor, type Conditioning } from "../../src/nn";
import { BridgeScheduler, bridgeLoss, sampleBridge, schedulerFromConfig } from "../../src/samplers";
import { maxRelDiff, normals, onBackend } from "../nn/helpers";
import { moments } from "./gaussian-denoiser";

/** Knows x_0 (cond.x0) and outputs the bridge's exact label (x_n − x_0)/σ_n at n = cond.t. */
class Oracle extends Module<object> {
  readonly className = "Oracle";
  constructor(private readonly s: BridgeScheduler) { super({}); }
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor {
    const n = condTensor("Oracle", cond, "t", "[batch]").dataSync();
    const inv = tf.tensor(Float32Array.from(n, (k) => 1 / Math.sqrt(this.s.sigma2[k])), [x.shape[0], 1, 1, 1]);
    return tf.mul(tf.sub(x, condTensor("Oracle", cond, "x0", "[batch, …]")), inv);
  }
}

describe("BridgeScheduler: the analytic marginal", () => {
  const s = new BridgeScheduler({ betaStart: 1e-4, betaEnd: 5e-4 });

  it("is pinned at both ends (x_0 at n = 0, x_1 at n = T), symmetric schedule", () => {
    expect(s.marginal(0)).toEqual({ a: 1, b: 0, variance: 0 });
    expect(s.marginal(1000)).toEqual({ a: 0, b: 1, variance: 0 });
    expect(s.betas[0]).toBeCloseTo(1e-4, 12);
    expect(s.betas[499]).toBeCloseTo(5e-4, 12);
    expect(s.betas[999 - 123]).toBe(s.betas[123]);
    const mid = s.marginal(500);
    expect(mid.a).toBeCloseTo(0.5, 12);
    expect(mid.variance).toBeCloseTo(s.sigma2[1000] / 4, 12);
  });

  it("equals a Brownian bridge built from a random walk with variances β_i pinned at x_1 (Monte Carlo, 20000 paths): mean and variance at n = 100, 500, 900", () => {
    const x0 = 0.7, x1 = -1.2, paths = 20000, rng = new Rng(3), at = [100, 500, 900];
    const sums = at.map(() => [0, 0]), W = new Float64Array(1001);
    for (let p = 0; p < paths; p++) {
      for (let i = 0; i < 1000; i++) W[i + 1] = W[i] + Math.sqrt(s.betas[i]) * rng.normal();
      at.forEach((n, j) => {
        const r = s.sigma2[n] / s.sigma2[1000];
        const x = x0 + W[n] - r * W[1000] + r * (x1 - x0); // pinned: x = x_1 at n = T
        sums[j][0] += x; sums[j][1] += x * x;
      });
    }
    at.forEach((n, j) => {
      const mean = sums[j][0] / paths, variance = sums[j][1] / paths - mean * mean, q = s.marginal(n);
      expect(Math.abs(mean - (q.a * x0 + q.b * x1)), `mean at ${n}`).toBeLessThan(4 * Math.sqrt(q.variance / paths));
      expect(Math.abs(variance / q.variance - 1), `variance at ${n}`).toBeLessThan(0.04);
    });
  });

  it("addNoise is a·x_0 + b·x_1 + √v·ε per sample; trainingTarget is (x_n − x_0)/σ_n", async () => {
    await onBackend("wasm", () => {
      const x0 = tf.tensor4d(normals(6, 1), [2, 1, 3, 1]), x1 = tf.tensor4d(normals(6, 2), [2, 1, 3, 1]), e = tf.tensor4d(normals(6, 3), [2, 1, 3, 1]);
      const xn = s.addNoise(x0, x1, e, [250, 1000]);
      const [a, b, z, got] = [x0, x1, e, xn].map((t) => t.dataSync());
      const want = Array.from(a, (_, i) => { const q = s.marginal(i < 3 ? 250 : 1000); return q.a * a[i] + q.b * b[i] + Math.sqrt(q.variance) * z[i]; });
      expect(maxRelDiff(got, want)).toBeLessThan(1e-6);
      const target = s.trainingTarget(x0, xn, [250, 1000]).dataSync();
      expect(maxRelDiff(target, Array.from(got, (v, i) => (v - a[i]) / Math.sqrt(s.sigma2[i < 3 ? 250 : 1000])))).toBeLessThan(1e-5);
      expect(() => s.addNoise(x0, tf.zeros([2, 3]), e, [1, 2])).toThrow("BridgeScheduler.addNoise: original, degraded and noise must be tensors of one shape [batch, …]; original is a float32 tensor of shape [2,1,3,1], degraded a float32 tensor of shape [2,3]");
      expect(() => s.addNoise(x0, x1, e, [1, 1001])).toThrow("BridgeScheduler.addNoise: timesteps[1] must be an integer in [0, 1000], got 1001");
    });
  });
});

describe("sampleBridge from x_1 with the exact x̂_0", () => {
  const s = new BridgeScheduler({ betaStart: 1e-4, betaEnd: 5e-4 });
  const B = 2000, x0v = 0.7, x1v = -1.2;

  it("reaches the analytic marginal at n = 500 with any number of steps (1000, 10, 2); the last step lands on x_0", async () => {
    await onBackend("wasm", () => {
      const net = new Oracle(s), x0 = tf.fill([B, 1, 2, 1], x0v), x1 = tf.fill([B, 1, 2, 1], x1v), q = s.marginal(500);
      for (const k of [1000, 10, 2]) {
        const { mean, std } = moments(sampleBridge(net, s, x1, { rng: new Rng(k), numInferenceSteps: k, cond: { x0 }, stopAt: 500 }).dataSync());
        expect(Math.abs(mean - (q.a * x0v + q.b * x1v)), `${k} steps: mean`).toBeLessThan(4 * Math.sqrt(q.variance / (2 * B)));
        expect(Math.abs(std / Math.sqrt(q.variance) - 1), `${k} steps: std`).toBeLessThan(0.03);
      }
      const end = sampleBridge(net, s, x1, { rng: new Rng(1), numInferenceSteps: 7, cond: { x0 } }).dataSync();
      expect(maxRelDiff(end, new Float32Array(end.length).fill(x0v))).toBeLessThan(1e-5);
      const ode = sampleBridge(net, s, x1, { rng: new Rng(1), numInferenceSteps: 10, cond: { x0 }, stopAt: 500, ode: true }).dataSync();
      expect(maxRelDiff(ode, new Float32Array(ode.length).fill(q.a * x0v + q.b * x1v))).toBeLessThan(1e-5); // OT-ODE: the mean path
      expect(() => sampleBridge(net, s, x1, { rng: new Rng(1), numInferenceSteps: 3, cond: { x0 }, stopAt: 500 })).toThrow("samplers.sampleBridge: stopAt 500 must be 0 or a visited step (1000, 667, 333)");
    });
  });

  it("is deterministic for a seed; the visited steps are round(T·(k − i)/k)", async () => {
    await onBackend("wasm", () => {
      const net = new Oracle(s), x0 = tf.tensor4d(normals(16, 1), [4, 1, 4, 1]), x1 = tf.tensor4d(normals(16, 2), [4, 1, 4, 1]);
      const run = (seed: number) => Array.from(sampleBridge(net, s, x1, { rng: new Rng(seed), numInferenceSteps: 4, cond: { x0 }, stopAt: 250 }).dataSync());
      expect(run(3)).toEqual(run(3));
      expect(maxRelDiff(run(3), run(4))).toBeGreaterThan(1e-2);
      expect(Array.from(s.timesteps)).toEqual([1000, 750, 500, 250]);
    });
  });

  it("bridgeLoss is zero for the exact label and positive otherwise; config round-trips", async () => {
    await onBackend("wasm", () => {
      const net = new Oracle(s), x = tf.tensor4d(normals(64, 1), [16, 1, 4, 1]), degraded = tf.tensor4d(normals(64, 2), [16, 1, 4, 1]);
      const ctx = { rng: new Rng(0), step: 0, epoch: 1, training: true };
      expect(bridgeLoss(net, s, { cond: { x0: "x" } })({ x, degraded }, ctx).dataSync()[0]).toBeLessThan(1e-10);
      expect(bridgeLoss(net, s, { cond: { x0: "degraded" } })({ x, degraded }, { ...ctx, rng: new Rng(0) }).dataSync()[0]).toBeGreaterThan(0.1);
      const copy = schedulerFromConfig(JSON.parse(JSON.stringify(s.toConfig()))) as BridgeScheduler;
      expect(copy.toConfig()).toEqual(s.toConfig());
      expect(Array.from(copy.sigma2)).toEqual(Array.from(s.sigma2));
      expect(() => new BridgeScheduler({ numTrainTimesteps: 999 })).toThrow("BridgeScheduler: numTrainTimesteps must be even (a symmetric schedule), got 999");
    });
  });
});
