import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { BridgeScheduler, GaussianBridgeDenoiser, gaussianBridgeMarginal, sampleBridge, sampleGaussianPairs } from "../../src/samplers";
import { onBackend } from "../nn/helpers";
import { moments } from "./gaussian-denoiser";

describe("the Gaussian pair bridge", () => {
  const pair = { mean: 0.5, std: 1, gain: 0.6, noise: 0.5 }, s = new BridgeScheduler();
  const N = 20000, { x0, x1 } = sampleGaussianPairs(pair, N, new Rng(1));
  const tensor = (a: Float64Array) => tf.tensor4d(Float32Array.from(a), [N, 1, 1, 1]);

  it("the closed-form marginal matches addNoise on sampled pairs (n = 250, 500, 900)", async () => {
    await onBackend("wasm", () => {
      for (const n of [250, 500, 900]) {
        const xn = s.addNoise(tensor(x0), tensor(x1), tf.tensor4d(Float32Array.from(new Rng(n).fillNormal(new Float64Array(N))), [N, 1, 1, 1]), new Array<number>(N).fill(n));
        const got = moments(xn.dataSync()), want = gaussianBridgeMarginal(pair, s, n);
        expect(Math.abs(got.mean - want.mean), `mean at ${n}`).toBeLessThan(4 * Math.sqrt(want.variance / N));
        expect(Math.abs(got.std ** 2 / want.variance - 1), `variance at ${n}`).toBeLessThan(0.03);
      }
    });
  });

  it("the denoiser is E[x_0 | x_n, x_1]: its error is uncorrelated with x_n and x_1, and smaller than E[x_0 | x_1]'s", async () => {
    await onBackend("wasm", () => {
      const n = 500, net = new GaussianBridgeDenoiser(s, { ...pair, mean: pair.mean });
      const xn = s.addNoise(tensor(x0), tensor(x1), tf.tensor4d(Float32Array.from(new Rng(2).fillNormal(new Float64Array(N))), [N, 1, 1, 1]), new Array<number>(N).fill(n));
      const x0hat = s.predictOriginal(net.apply(xn, { t: tf.fill([N], n), field: tensor(x1) }), n, xn).dataSync(), xnv = xn.dataSync();
      let ex = 0, e1 = 0, mse = 0, mse1 = 0;
      const k1 = (pair.std ** 2 * pair.gain) / (pair.gain ** 2 * pair.std ** 2 + pair.noise ** 2);
      for (let i = 0; i < N; i++) {
        const e = x0[i] - x0hat[i];
        ex += e * xnv[i] / N; e1 += e * x1[i] / N; mse += e * e / N;
        mse1 += (x0[i] - pair.mean - k1 * (x1[i] - pair.gain * pair.mean)) ** 2 / N;
      }
      expect(Math.abs(ex)).toBeLessThan(0.01);
      expect(Math.abs(e1)).toBeLessThan(0.01);
      expect(mse).toBeLessThan(0.8 * mse1);
    });
  });

  it("sampled from x_1 with the exact denoiser, the bridge reaches the analytic marginal at n = T/2 (100 steps, within 1.5%); the OT-ODE misses its variance", async () => {
    await onBackend("wasm", () => {
      const net = new GaussianBridgeDenoiser(s, pair), want = gaussianBridgeMarginal(pair, s, 500), field = tensor(x1);
      const run = (ode: boolean) => moments(sampleBridge(net, s, field, { rng: new Rng(3), numInferenceSteps: 100, cond: { field }, stopAt: 500, ode }).dataSync());
      const sde = run(false), ode = run(true);
      expect(Math.abs(sde.mean - want.mean)).toBeLessThan(4 * Math.sqrt(want.variance / N));
      expect(Math.abs(sde.std ** 2 / want.variance - 1)).toBeLessThan(0.015);
      expect(1 - ode.std ** 2 / want.variance).toBeGreaterThan(0.05);
    });
  });
});
