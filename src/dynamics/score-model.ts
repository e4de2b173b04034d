/**
 * A learned score ∇ log p_s for score-based linear response (Giorgini et al. 2024,
 * arXiv:2402.01029): denoising score matching (Vincent 2011; Song & Ermon 2019) with a small
 * noise-conditional MLP, trained on samples of a stationary state.
 *
 * Samples x [n, d] are standardised (z = (x − mean)/std per coordinate). Each training step draws,
 * from ctx.rng, ε ~ N(0, I) and a noise level σ per sample — one small fixed σ (the default, 0.02
 * in units of the data's standard deviation) or log-uniform in a range [σ_min, σ_max] — and the
 * network e_θ(z̃, log σ) sees z̃ = z + σε and is trained to predict −ε:
 *
 *   L(θ) = E ‖e_θ(z + σε, log σ) + ε‖²  =  E σ²‖s_θ(z̃, σ) − ∇ log p(z̃ | z)‖²,   s_θ = e_θ/σ,
 *
 * Song & Ermon's σ²-weighted objective, whose minimiser is the score of the smoothed density
 * p * N(0, σ²I) (Tweedie: E[−ε | z̃] = σ ∇ log p_σ(z̃)). Each ε is used twice, antithetically: the
 * pair z ± σε with targets ∓ε. The expected loss is unchanged, but the O(1) noise of a single draw's
 * gradient (ε·∂e/∂θ) cancels between the two, leaving noise of order σ — what makes a small σ
 * trainable at all, since the signal σ·s is itself of order σ. The σ → 0 score is read at σ = σ_min:
 * s(x) = e_θ((x − mean)/std, log σ_min) / (σ_min·std), whose smoothing bias is O(σ_min²) relative
 * (Gaussian data of variance v: the smoothed score is −z/(v + σ²)). A range of levels (Song &
 * Ermon's noise conditioning, for sampling) spreads the network over levels linear response never
 * reads; for the σ → 0 score a fixed small σ is the direct choice: its bias is the smoothing alone,
 * its noise is set by the number of (sample, ε) pairs seen, since the target −ε has unit variance
 * while the signal σ·s is small.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkFinite, checkInt, checkObject, describe, readTensor } from "../core";
import { MLP, fit, type Activation, type FitProgress, type FitResult, type Schedule } from "../nn";
import { checkRows } from "./validate";

export interface ScoreModelOptions {
  /** Noise level σ in units of the data's standard deviation: one fixed level (default 0.02) or a range [σ_min, σ_max] drawn log-uniformly. */
  sigma?: number | [number, number];
  /** Hidden widths of the MLP (default [64, 64]). */
  hiddenFeatures?: number[];
  /** Activation (default "silu": smooth, so the score is smooth). */
  activation?: Activation;
  epochs: number;
  /** Default min(512, training samples). */
  batchSize?: number;
  /** Default 2e-3, with a cosine schedule unless `schedule` is given. */
  learningRate?: number;
  schedule?: Schedule;
  /** The last fraction of the samples is held out for validation (default 0.2; 0: none). */
  validationFraction?: number;
  /** Seed of the initialisation, the batch order and the noise. */
  seed: number;
  onProgress?: (done: number, total: number, info: FitProgress) => void;
}

/** A trained score model and how it maps data units to its inputs. */
export interface LearnedScore {
  net: MLP;
  /** State dimension d. */
  dim: number;
  /** Per-coordinate mean [d] and standard deviation [d] of the training samples (data units). */
  mean: Float64Array;
  std: Float64Array;
  /** σ_min and σ_max (units of std); equal for a fixed level. */
  sigmas: [number, number];
  training: FitResult;
  /**
   * ∇ log p at rows x [n, d] (data units, float64) → [n, d] (1/data units), read at noise level
   * `sigma` (units of std; default σ_min, the σ → 0 score).
   */
  scoreRows(x: Float64Array, sigma?: number): Float64Array;
}

/** Trains a noise-conditional score network on stationary samples x [n, d] (float64, data units). */
export async function fitScoreModel(samples: Float64Array, d: number, options: ScoreModelOptions): Promise<LearnedScore> {
  const where = "dynamics.fitScoreModel";
  checkInt(where, "d", d, 1);
  const n = checkRows(where, "samples", samples, d, `[n, ${d}]`);
  checkObject(where, "options", options);
  const sigma = options.sigma ?? 0.02;
  const [sMin, sMax] = typeof sigma === "number" ? [sigma, sigma] : Array.isArray(sigma) && sigma.length === 2 ? sigma : [NaN, NaN];
  checkFinite(where, "sigma (min)", sMin, 1e-6);
  checkFinite(where, "sigma (max)", sMax, sMin);
  const fraction = checkFinite(where, "validationFraction", options.validationFraction ?? 0.2, 0, 0.9);
  const nVal = Math.round(n * fraction), nTrain = n - nVal;
  const batchSize = checkInt(where, "batchSize", options.batchSize ?? Math.min(512, nTrain), 1, nTrain);
  const seed = checkInt(where, "seed", options.seed, 0);
  const mean = new Float64Array(d), std = new Float64Array(d);
  for (let r = 0; r < nTrain; r++) for (let i = 0; i < d; i++) mean[i] += samples[r * d + i] / nTrain;
  for (let r = 0; r < nTrain; r++) for (let i = 0; i < d; i++) std[i] += (samples[r * d + i] - mean[i]) ** 2 / nTrain;
  for (let i = 0; i < d; i++) {
    std[i] = Math.sqrt(std[i]);
    if (!(std[i] > 1e-12 * (1 + Math.abs(mean[i]))) || !Number.isFinite(std[i])) throw new RangeError(`${where}: coordinate ${i} of the samples has standard deviation ${std[i]}; need finite, varying samples`);
  }
  const z = new Float32Array(n * d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) z[r * d + i] = (samples[r * d + i] - mean[i]) / std[i];
  const net = new MLP({ inFeatures: d, outFeatures: d, hiddenFeatures: options.hiddenFeatures ?? [64, 64], activation: options.activation ?? "silu",
    condFeatures: 1, seed: new Rng(seed).split(0).seed });
  const all = tf.tensor2d(z, [n, d]);
  const train = all.slice(0, nTrain), validation = nVal > 0 ? all.slice(nTrain, nVal) : undefined;
  const logMin = Math.log(sMin), logMax = Math.log(sMax);
  // L = ½ mean (‖e_θ(z + σε, log σ) + ε‖² + ‖e_θ(z − σε, log σ) − ε‖²) per coordinate; σ [B, 1], ε [B, d] from ctx.rng
  const loss = (batch: Record<string, tf.Tensor>, ctx: { rng: Rng }) => tf.tidy(() => {
    const x = batch.z as tf.Tensor2D, rows = x.shape[0];
    const logSigma = Float32Array.from({ length: rows }, () => logMin + (logMax - logMin) * ctx.rng.uniform());
    const eps = tf.tensor2d(Float32Array.from(ctx.rng.fillNormal(new Float64Array(rows * d))), [rows, d]);
    const ls = tf.tensor2d(logSigma, [rows, 1]), shift = tf.mul(tf.exp(ls), eps);
    const plus = tf.square(tf.add(net.apply(tf.add(x, shift), ls), eps)), minus = tf.square(tf.sub(net.apply(tf.sub(x, shift), ls), eps));
    return tf.mul(0.5, tf.add(tf.mean(plus), tf.mean(minus))) as tf.Scalar;
  });
  let training: FitResult;
  try {
    training = await fit(net, loss, {
      data: { z: train }, validation: validation === undefined ? undefined : { z: validation },
      epochs: checkInt(where, "epochs", options.epochs, 1), batchSize, learningRate: options.learningRate ?? 2e-3,
      schedule: options.schedule ?? { kind: "cosine" }, seed, onProgress: options.onProgress,
    }, where);
  } finally {
    tf.dispose([all, train, ...(validation ? [validation] : [])]);
  }
  const scoreRows = (x: Float64Array, sigma = sMin): Float64Array => {
    const m = checkRows("LearnedScore.scoreRows", "x", x, d, `[n, ${d}]`);
    checkFinite("LearnedScore.scoreRows", "sigma", sigma, 1e-9);
    const zin = new Float32Array(m * d);
    for (let r = 0; r < m; r++) for (let i = 0; i < d; i++) zin[r * d + i] = (x[r * d + i] - mean[i]) / std[i];
    const e = readTensor(() => net.predict(tf.tensor2d(zin, [m, d]), { batchSize: 4096, cond: tf.fill([m, 1], Math.log(sigma)) }));
    const out = new Float64Array(m * d);
    for (let r = 0; r < m; r++) for (let i = 0; i < d; i++) out[r * d + i] = e[r * d + i] / (sigma * std[i]);
    return out;
  };
  return { net, dim: d, mean, std, sigmas: [sMin, sMax], training, scoreRows };
}

/**
 * A one-dimensional score s(x) as the per-point function `dynamics.scoreResponse` takes, tabulated
 * once: `scoreRows` is evaluated in one batch on `points` equally spaced nodes of [lo, hi] and
 * interpolated linearly (constant beyond the ends). With a node spacing h the interpolation error
 * is ≤ h²·max|s''|/8.
 */
export function tabulatedScore(scoreRows: (x: Float64Array) => Float64Array, grid: { lo: number; hi: number; points: number }): (x: Float64Array, out: Float64Array) => void {
  const where = "dynamics.tabulatedScore";
  if (typeof scoreRows !== "function") throw new TypeError(`${where}: scoreRows must be a function (x: Float64Array [n, 1]) => Float64Array [n, 1], got ${describe(scoreRows)}`);
  checkObject(where, "grid", grid);
  const lo = checkFinite(where, "grid.lo", grid.lo), hi = checkFinite(where, "grid.hi", grid.hi, lo + 1e-12);
  const points = checkInt(where, "grid.points", grid.points, 2);
  const h = (hi - lo) / (points - 1), nodes = Float64Array.from({ length: points }, (_, i) => lo + i * h);
  const values = scoreRows(nodes);
  if (!(values instanceof Float64Array) || values.length !== points || !values.every(Number.isFinite)) {
    throw new RangeError(`${where}: scoreRows must return ${points} finite values for the ${points} nodes`);
  }
  return (x, out) => {
    const u = (x[0] - lo) / h;
    if (u <= 0) { out[0] = values[0]; return; }
    if (u >= points - 1) { out[0] = values[points - 1]; return; }
    const i = Math.floor(u), f = u - i;
    out[0] = values[i] + f * (values[i + 1] - values[i]);
  };
}
