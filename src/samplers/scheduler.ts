/**
 * What DDPM and DDIM share, in the shape of diffusers' schedulers (Ho et al. 2020; Song et al. 2021):
 * a frozen JSON config (config is data: `toConfig()` / `schedulerFromConfig`), the variance
 * schedule β_t and ᾱ_t (schedules.ts), `addNoise` (the forward marginal q(x_t | x_0)),
 * `setTimesteps(n)` (which of the T training steps a sampler visits) and the reading of a network's
 * output as x̂_0 or ε̂. Subclasses implement `step()`, one reverse step from `timestep` to the
 * previous visited one; the sampling loop lives in the caller (or in pipeline.ts).
 *
 * Tensors: any float32 layout whose axis 0 is the sample (NHWC fields [B, H, W, C], Lorenz-96 rings
 * [B, 1, K, 1]); timesteps are integers in [0, T).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkFinite, checkInt, checkObject, checkOneOf, describe, randomNormalTensor, shapeString } from "../core";
import { BETA_SCHEDULES, alphasCumprod, betaSchedule, type BetaSchedule } from "./schedules";

export const PREDICTION_TYPES = ["epsilon", "sample"] as const;
/** What the network predicts: the noise ε ("epsilon", DDPM) or the clean sample x_0 ("sample"). */
export type PredictionType = (typeof PREDICTION_TYPES)[number];
export const TIMESTEP_SPACINGS = ["leading", "trailing", "linspace"] as const;
/** How `setTimesteps(n)` picks n of the T steps (diffusers' timestep_spacing; Lin et al. 2024, table 2). */
export type TimestepSpacing = (typeof TIMESTEP_SPACINGS)[number];

export interface NoiseSchedulerConfig {
  /** Number T of training steps (default 1000). */
  numTrainTimesteps?: number;
  /** "linear" (default) or "cosine" (schedules.ts). */
  betaSchedule?: BetaSchedule;
  /** β_0 of the linear schedule (default 1e-4). */
  betaStart?: number;
  /** β_{T−1} of the linear schedule (default 0.02). */
  betaEnd?: number;
  /** What the network predicts (default "epsilon"). */
  predictionType?: PredictionType;
  /**
   * "leading" (default, diffusers): 0, T/n, …, (n−1)·T/n; "trailing": T/n − 1, …, T − 1 (starts
   * from pure noise, better for few steps); "linspace": round(linspace(0, T − 1, n)). Visited in
   * decreasing order.
   */
  timestepSpacing?: TimestepSpacing;
  /** Clip x̂_0 to [−r, r] (0, the default: no clipping; images in [−1, 1] use 1). */
  clipSampleRange?: number;
}

export type NoiseSchedulerResolved = Required<NoiseSchedulerConfig>;

/** A serialised scheduler: `{ className, config }`. */
export interface SerializedScheduler<C = unknown> {
  className: string;
  config: C;
}

/** What `step()` returns: two new tensors the caller disposes. */
export interface SchedulerOutput {
  /** x at the previous visited timestep (the sample itself after the last step). */
  prevSample: tf.Tensor;
  /** The network's estimate of the clean sample x̂_0 at this step. */
  predOriginalSample: tf.Tensor;
}

/** Where a step's noise comes from: an explicit tensor (shape of the sample) or a seeded stream. */
export interface StepNoise {
  noise?: tf.Tensor;
  rng?: Rng;
}

/** Validates the shared options and fills the defaults. */
export function resolveNoiseConfig(where: string, config: NoiseSchedulerConfig | undefined): NoiseSchedulerResolved {
  const c = config ?? {};
  checkObject(where, "config", c);
  return {
    numTrainTimesteps: checkInt(where, "numTrainTimesteps", c.numTrainTimesteps ?? 1000, 1),
    betaSchedule: checkOneOf(where, "betaSchedule", c.betaSchedule ?? "linear", BETA_SCHEDULES),
    betaStart: checkFinite(where, "betaStart", c.betaStart ?? 1e-4, 0, 1),
    betaEnd: checkFinite(where, "betaEnd", c.betaEnd ?? 0.02, 0, 1),
    predictionType: checkOneOf(where, "predictionType", c.predictionType ?? "epsilon", PREDICTION_TYPES),
    timestepSpacing: checkOneOf(where, "timestepSpacing", c.timestepSpacing ?? "leading", TIMESTEP_SPACINGS),
    clipSampleRange: checkFinite(where, "clipSampleRange", c.clipSampleRange ?? 0, 0),
  };
}

/** Per-sample coefficients c[i] as a tensor broadcasting against x [B, …]: shape [B, 1, …, 1]. */
export function perSample(c: ArrayLike<number>, like: tf.Tensor): tf.Tensor {
  return tf.tensor(Float32Array.from(c), [c.length, ...new Array<number>(like.rank - 1).fill(1)]);
}

/** Integer timesteps from an array or an int/float tensor [B]. */
export function timestepList(where: string, timesteps: readonly number[] | Int32Array | tf.Tensor, batch: number, hi: number, lo = 0): number[] {
  const list = timesteps instanceof tf.Tensor ? Array.from(timesteps.dataSync()) : Array.from(timesteps as ArrayLike<number>);
  if (!(timesteps instanceof tf.Tensor) && !Array.isArray(timesteps) && !(timesteps instanceof Int32Array)) {
    throw new TypeError(`${where}: timesteps must be an array, an Int32Array or a tensor [batch], got ${describe(timesteps)}`);
  }
  if (list.length !== batch) throw new RangeError(`${where}: need one timestep per sample (${batch}), got ${list.length}`);
  list.forEach((t, i) => checkInt(where, `timesteps[${i}]`, t, lo, hi));
  return list;
}

/** A fresh N(0, I) tensor shaped like `sample`, or the given noise after a shape check. */
export function stepNoise(where: string, sample: tf.Tensor, opts: StepNoise): tf.Tensor {
  if (opts.noise !== undefined) {
    if (!(opts.noise instanceof tf.Tensor) || opts.noise.shape.join() !== sample.shape.join()) {
      throw new RangeError(`${where}: noise must be a tensor of the sample's shape ${shapeString(sample.shape)}, got ${describe(opts.noise)}`);
    }
    return opts.noise.clone();
  }
  if (!(opts.rng instanceof Rng)) throw new TypeError(`${where}: this step adds noise: pass { rng } (a core.Rng) or { noise }, got ${describe(opts.rng)}`);
  return randomNormalTensor(sample.shape, opts.rng);
}

/** The timesteps `setTimesteps(n)` visits, decreasing, for T training steps. */
export function spacedTimesteps(spacing: TimestepSpacing, T: number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = n - 1 - i; // the k-th smallest
    out[i] = spacing === "leading" ? k * Math.floor(T / n)
      : spacing === "trailing" ? Math.round(T - ((n - 1 - k) * T) / n) - 1
        : Math.round(n === 1 ? 0 : (k * (T - 1)) / (n - 1));
  }
  return out;
}

export abstract class NoiseScheduler<C extends NoiseSchedulerResolved = NoiseSchedulerResolved> {
  abstract readonly className: string;
  readonly config: Readonly<C>;
  /** β_t [T] (float64). */
  readonly betas: Float64Array;
  /** ᾱ_t [T] (float64). */
  readonly alphasCumprod: Float64Array;
  private visited: Int32Array;
  private previous = new Map<number, number>();

  protected constructor(config: C) {
    const c = config;
    if (c.betaSchedule === "linear" && !(c.betaStart > 0 && c.betaStart <= c.betaEnd && c.betaEnd < 1)) {
      throw new RangeError(`${this.constructor.name}: need 0 < betaStart ≤ betaEnd < 1, got betaStart=${c.betaStart}, betaEnd=${c.betaEnd}`);
    }
    this.config = Object.freeze({ ...c });
    this.betas = betaSchedule(c.betaSchedule, c.numTrainTimesteps, c.betaStart, c.betaEnd);
    this.alphasCumprod = alphasCumprod(this.betas);
    this.visited = new Int32Array(0);
    this.setTimesteps(c.numTrainTimesteps, "trailing"); // every step, T − 1 … 0
  }

  /** The visited timesteps, decreasing (all T until setTimesteps is called). */
  get timesteps(): Int32Array {
    return this.visited.slice();
  }

  /** Number of reverse steps (network evaluations) a sampler makes. */
  get numInferenceSteps(): number {
    return this.visited.length;
  }

  /** Visits n ≤ T of the training steps, spaced by config.timestepSpacing (or `spacing`). */
  setTimesteps(numInferenceSteps: number, spacing: TimestepSpacing = this.config.timestepSpacing): void {
    const where = `${this.className ?? "NoiseScheduler"}.setTimesteps`, T = this.config.numTrainTimesteps;
    const n = checkInt(where, "numInferenceSteps", numInferenceSteps, 1, T);
    this.visited = spacedTimesteps(checkOneOf(where, "spacing", spacing, TIMESTEP_SPACINGS), T, n);
    this.previous = new Map(Array.from(this.visited, (t, i) => [t, i + 1 < n ? this.visited[i + 1] : -1]));
  }

  /** The visited timestep after t (−1 after the last); throws when t is not visited. */
  previousTimestep(timestep: number): number {
    const prev = this.previous.get(timestep);
    if (prev === undefined) {
      throw new RangeError(`${this.className}.step: timestep ${String(timestep)} is not one of the ${this.visited.length} visited by setTimesteps (${Array.from(this.visited.slice(0, 4)).join(", ")}${this.visited.length > 4 ? ", …" : ""})`);
    }
    return prev;
  }

  /** ᾱ at t, 1 at t = −1 (before any noise). */
  alphaBar(t: number): number {
    return t < 0 ? 1 : this.alphasCumprod[t];
  }

  /**
   * The forward marginal q(x_t | x_0) (Ho et al. 2020, eq. 4): √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε per sample.
   * original, noise [B, …] (same shape); timesteps [B] integers in [0, T). Returns a new tensor.
   */
  addNoise(original: tf.Tensor, noise: tf.Tensor, timesteps: readonly number[] | Int32Array | tf.Tensor): tf.Tensor {
    const where = `${this.className}.addNoise`;
    if (!(original instanceof tf.Tensor) || original.rank < 1) throw new TypeError(`${where}: original must be a tensor [batch, …], got ${describe(original)}`);
    if (!(noise instanceof tf.Tensor) || noise.shape.join() !== original.shape.join()) {
      throw new RangeError(`${where}: noise must have the shape of original ${shapeString(original.shape)}, got ${describe(noise)}`);
    }
    const ts = timestepList(where, timesteps, original.shape[0], this.config.numTrainTimesteps - 1);
    const ab = ts.map((t) => this.alphasCumprod[t]);
    return tf.tidy(() => tf.add(tf.mul(perSample(ab.map(Math.sqrt), original), original), tf.mul(perSample(ab.map((a) => Math.sqrt(1 - a)), noise), noise)));
  }

  /** What a network trained on x_t = addNoise(x_0, ε, t) should output: ε or x_0 (config.predictionType). */
  trainingTarget(original: tf.Tensor, noise: tf.Tensor): tf.Tensor {
    return this.config.predictionType === "epsilon" ? noise : original;
  }

  /** x̂_0 and ε̂ from the network's output at timestep t on sample x_t (both new tensors; x̂_0 clipped if configured). */
  protected estimates(modelOutput: tf.Tensor, timestep: number, sample: tf.Tensor): { x0: tf.Tensor; eps: tf.Tensor } {
    const where = `${this.className}.step`;
    if (!(modelOutput instanceof tf.Tensor) || !(sample instanceof tf.Tensor) || modelOutput.shape.join() !== sample.shape.join()) {
      throw new RangeError(`${where}: modelOutput and sample must be tensors of the same shape, got ${describe(modelOutput)} and ${describe(sample)}`);
    }
    const ab = this.alphasCumprod[timestep], r = this.config.clipSampleRange;
    return tf.tidy(() => {
      let x0: tf.Tensor, eps: tf.Tensor;
      if (this.config.predictionType === "epsilon") {
        eps = modelOutput.clone();
        x0 = tf.div(tf.sub(sample, tf.mul(modelOutput, Math.sqrt(1 - ab))), Math.sqrt(ab));
      } else {
        x0 = modelOutput.clone();
        eps = tf.div(tf.sub(sample, tf.mul(modelOutput, Math.sqrt(ab))), Math.sqrt(1 - ab));
      }
      if (r > 0) x0 = tf.clipByValue(x0, -r, r);
      return { x0, eps };
    });
  }

  /** One reverse step from `timestep` (a visited one) to the previous visited timestep. */
  abstract step(modelOutput: tf.Tensor, timestep: number, sample: tf.Tensor, opts?: StepNoise): SchedulerOutput;

  /** `{ className, config }`, a plain JSON copy. */
  toConfig(): SerializedScheduler<C> {
    return { className: this.className, config: JSON.parse(JSON.stringify(this.config)) as C };
  }
}
