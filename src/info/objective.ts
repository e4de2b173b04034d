/**
 * Training and reading a VIB: the objective for nn.fit, the two information bounds of a trained
 * bottleneck, and its latent codes as float64 rows.
 *
 *   L = E[−log q(y|h)] + β·E[KL(q(h|x) ‖ N(0, I))]     (Alemi et al. 2017, eq. 6; nats per sample)
 *
 *   I(X;H) ≤ R = E_x KL(q(h|x) ‖ N(0, I))              (the rate; Alemi et al. 2017, eq. 13)
 *   I(Y;H) ≥ H(Y) − D,  D = E[−log q(y|h)]              (the distortion; eq. 12)
 *
 * H(Y) must come from the caller (a closed form, e.g. info.gaussianEntropy of the exact stationary
 * covariance of an Ornstein–Uhlenbeck process); the bound is only as good as the decoder.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkFinite, checkInt, checkObject, checkPositive, describe } from "../core";
import type { Batch, FitContext, FitLoss } from "../nn";
import { VIB } from "./vib";

function checkVib(where: string, vib: unknown): VIB {
  if (!(vib instanceof VIB)) throw new TypeError(`${where}: vib must be an info.VIB, got ${describe(vib)}`);
  return vib;
}

function checkPairs(where: string, data: unknown): { x: tf.Tensor2D; y: tf.Tensor2D } {
  checkObject(where, "data", data);
  const { x, y } = data as Batch;
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) throw new TypeError(`${where}: data must be { x: tf.Tensor [n, in], y: tf.Tensor [n, out] }, got x ${describe(x)}, y ${describe(y)}`);
  if (x.shape[0] !== y.shape[0]) throw new RangeError(`${where}: data.x and data.y must have the same rows, got ${x.shape[0]} and ${y.shape[0]}`);
  return { x: x as tf.Tensor2D, y: y as tf.Tensor2D };
}

/**
 * The VIB objective for nn.fit: batches { x [B, in], y [B, out] } → mean NLL + β·mean KL (nats),
 * the latent drawn from ctx.rng.
 * @example await nn.fit(vib, info.vibObjective(vib, { beta: 1e-2 }), { data: { x, y }, epochs: 40, batchSize: 256, learningRate: 3e-3, seed })
 */
export function vibObjective(vib: VIB, options: { beta: number }): FitLoss {
  const where = "info.vibObjective";
  checkVib(where, vib);
  checkObject(where, "options", options);
  const beta = checkPositive(where, "beta", options.beta, true);
  return (batch: Batch, ctx: FitContext) => tf.tidy(() => {
    const { x, y } = checkPairs(where, batch);
    const f = vib.forward(x, ctx.rng);
    return tf.add(tf.mean(vib.negativeLogLikelihood(y, f.prediction)), tf.mul(beta, tf.mean(f.kl))) as tf.Scalar;
  });
}

/** The two sides of a trained bottleneck, per sample, in nats. */
export interface BottleneckEstimate {
  /** R = mean KL(q(h|x) ‖ N(0, I)): an upper bound on I(X;H). */
  rate: number;
  /** D = mean −log q(y|h) with h sampled from q(h|x). */
  distortion: number;
  /** H(Y) − D: a lower bound on I(Y;H) (only when entropyY is given). */
  relevance?: number;
  /** Mean squared error of the sampled prediction, per feature. */
  mse: number;
}

/**
 * Rate and distortion of `vib` on data { x [n, in], y [n, out] } (no gradients; batches of
 * `batchSize`, default 1024), the latent sampled from `rng`; with `entropyY` = H(Y) (nats), the
 * lower bound H(Y) − D on I(Y;H).
 */
export function bottleneckEstimate(vib: VIB, data: { x: tf.Tensor; y: tf.Tensor }, options: { rng: Rng; entropyY?: number; batchSize?: number }): BottleneckEstimate {
  const where = "info.bottleneckEstimate";
  checkVib(where, vib);
  const { x, y } = checkPairs(where, data);
  checkObject(where, "options", options);
  if (!(options.rng instanceof Rng)) throw new TypeError(`${where}: options.rng must be a core.Rng, got ${describe(options.rng)}`);
  const entropyY = options.entropyY === undefined ? undefined : checkFinite(where, "entropyY", options.entropyY);
  const size = checkInt(where, "batchSize", options.batchSize ?? 1024, 1), n = x.shape[0];
  let rate = 0, distortion = 0, sq = 0;
  for (let from = 0, b = 0; from < n; from += size, b++) {
    const count = Math.min(size, n - from);
    const [r, d, s] = tf.tidy(() => {
      const xb = x.slice(from, count), yb = y.slice(from, count), f = vib.forward(xb, options.rng.split(b));
      return [tf.sum(f.kl), tf.sum(vib.negativeLogLikelihood(yb, f.prediction)), tf.sum(tf.squaredDifference(yb, f.prediction))].map((t) => t.dataSync()[0]);
    });
    rate += r; distortion += d; sq += s;
  }
  rate /= n; distortion /= n;
  return { rate, distortion, ...(entropyY === undefined ? {} : { relevance: entropyY - distortion }), mse: sq / (n * y.shape[1]) };
}

/**
 * The encoder's μ(x) and ℓ(x) for rows x [n, in], as float64 rows [n, k] (no gradients); with an
 * `rng`, also one reparameterised draw h = μ + e^{ℓ/2}ξ per row (the stochastic code whose
 * informations the bottleneck bounds).
 */
export function encodeRows(vib: VIB, x: tf.Tensor, options: { batchSize?: number; rng?: Rng } = {}): { mean: Float64Array; logVar: Float64Array; sample?: Float64Array } {
  const where = "info.encodeRows";
  checkVib(where, vib);
  checkObject(where, "options", options);
  if (!(x instanceof tf.Tensor) || x.rank !== 2) throw new TypeError(`${where}: x must be a tf.Tensor [n, ${vib.config.inFeatures}], got ${describe(x)}`);
  const size = checkInt(where, "batchSize", options.batchSize ?? 1024, 1), n = x.shape[0], k = vib.config.latentFeatures;
  if (options.rng !== undefined && !(options.rng instanceof Rng)) throw new TypeError(`${where}: options.rng must be a core.Rng, got ${describe(options.rng)}`);
  const mean = new Float64Array(n * k), logVar = new Float64Array(n * k);
  for (let from = 0; from < n; from += size) {
    const count = Math.min(size, n - from);
    tf.tidy(() => {
      const e = vib.encode(x.slice(from, count));
      mean.set(e.mean.dataSync(), from * k);
      logVar.set(e.logVar.dataSync(), from * k);
    });
  }
  if (options.rng === undefined) return { mean, logVar };
  const xi = options.rng.fillNormal(new Float64Array(n * k));
  return { mean, logVar, sample: mean.map((m, i) => m + Math.exp(0.5 * logVar[i]) * xi[i]) };
}
