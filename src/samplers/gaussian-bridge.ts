/**
 * The Gaussian sanity case of the bridge (bridge.ts): pairs drawn element by element as
 *
 *   x_0 ~ N(m, s²),   x_1 = g·x_0 + e,  e ~ N(0, r²)      (a degraded copy: gain g, noise r)
 *
 * for which everything is closed-form: the bridge's marginal at step n over the pairs and the
 * bridge noise, N(a_n·m + b_n·g·m, (a_n + b_n·g)²·s² + b_n²·r² + v_n), and the exact denoiser
 * E[x_0 | x_n, x_1] — first x_0 | x_1 by Gaussian regression, N(m₁, p₁), then the observation
 * x_n − b_n·x_1 = a_n·x_0 + √v_n·z: x̂_0 = m₁ + p₁a_n/(a_n²p₁ + v_n)·(x_n − b_n·x_1 − a_n·m₁).
 * Running the sampler with that denoiser shows what the sampler alone does to the marginals.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkFinite, checkInt, checkObject, checkPositive, describe } from "../core";
import { Module, condTensor, type Conditioning } from "../nn";
import type { BridgeScheduler } from "./bridge";

/** x_0 ~ N(mean, std²), x_1 = gain·x_0 + N(0, noise²), every element independent. */
export interface GaussianPair {
  mean: number;
  std: number;
  gain: number;
  noise: number;
}

function checkPair(where: string, pair: GaussianPair): GaussianPair {
  checkObject(where, "pair", pair);
  return { mean: checkFinite(where, "pair.mean", pair.mean), std: checkPositive(where, "pair.std", pair.std), gain: checkFinite(where, "pair.gain", pair.gain), noise: checkPositive(where, "pair.noise", pair.noise, true) };
}

/** `count` pairs: x0 and x1 [count] (float64), from `rng`. */
export function sampleGaussianPairs(pair: GaussianPair, count: number, rng: Rng): { x0: Float64Array; x1: Float64Array } {
  const p = checkPair("samplers.sampleGaussianPairs", pair);
  checkInt("samplers.sampleGaussianPairs", "count", count, 1);
  if (!(rng instanceof Rng)) throw new TypeError(`samplers.sampleGaussianPairs: rng must be a core.Rng, got ${describe(rng)}`);
  const x0 = rng.fillNormal(new Float64Array(count), p.mean, p.std);
  const x1 = x0.map((v) => p.gain * v + p.noise * rng.normal());
  return { x0, x1 };
}

/** The bridge's marginal at step n over the pairs and the bridge noise: mean and variance (module comment). */
export function gaussianBridgeMarginal(pair: GaussianPair, scheduler: BridgeScheduler, n: number): { mean: number; variance: number } {
  const p = checkPair("samplers.gaussianBridgeMarginal", pair), { a, b, variance: v } = scheduler.marginal(n);
  return { mean: (a + b * p.gain) * p.mean, variance: (a + b * p.gain) ** 2 * p.std ** 2 + b * b * p.noise ** 2 + v };
}

/**
 * The exact denoiser of the Gaussian pairs as a bridge network: reads x_n [B, …], cond.t (n) [B]
 * and cond.field (x_1) [B, …] and returns the scheduler's label for x̂_0 = E[x_0 | x_n, x_1]:
 * (x_n − x̂_0)/σ_n ("epsilon") or x̂_0 ("sample"). No trainable variables.
 */
export class GaussianBridgeDenoiser extends Module<GaussianPair> {
  readonly className = "GaussianBridgeDenoiser";

  constructor(private readonly scheduler: BridgeScheduler, pair: GaussianPair) {
    super(checkPair("GaussianBridgeDenoiser", pair));
  }

  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor {
    const where = "GaussianBridgeDenoiser.apply";
    const t = condTensor(where, cond, "t", "[batch]"), x1 = condTensor(where, cond, "field", "[batch, …] (x_1)");
    if (x1.shape.join() !== x.shape.join()) throw new RangeError(`${where}: cond.field must have x's shape [${x.shape.join(",")}], got ${describe(x1)}`);
    const { mean: m, std: s, gain: g, noise: r } = this.config;
    const k1 = (s * s * g) / (g * g * s * s + r * r), p1 = s * s - k1 * g * s * s; // x_0 | x_1 ~ N(m + k1(x_1 − g·m), p1)
    const ns = Array.from(t.dataSync());
    const B = x.shape[0], shape = [B, ...new Array<number>(x.rank - 1).fill(1)];
    const memo = new Map<number, [number, number, number, number]>(); // per step n: a_n, b_n, the gain on the innovation, 1/σ_n
    const at = (n: number) => {
      let c = memo.get(n);
      if (c === undefined) {
        const { a, b, variance: v } = this.scheduler.marginal(n);
        memo.set(n, c = [a, b, (a * p1) / (a * a * p1 + v || 1), 1 / Math.sqrt(this.scheduler.sigma2[n])]);
      }
      return c;
    };
    const coef = (i: number) => tf.tensor(Float32Array.from(ns, (n) => at(n)[i]), shape);
    return tf.tidy(() => {
      const m1 = tf.add(tf.mul(tf.sub(x1, g * m), k1), m);
      const innovation = tf.sub(tf.sub(x, tf.mul(x1, coef(1))), tf.mul(m1, coef(0)));
      const x0 = tf.add(m1, tf.mul(innovation, coef(2)));
      if (this.scheduler.config.predictionType === "sample") return x0;
      return tf.mul(tf.sub(x, x0), coef(3));
    });
  }
}
