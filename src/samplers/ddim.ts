/**
 * DDIM (Song et al. 2021, eq. 12; diffusers' DDIMScheduler): from x_t to the previous visited
 * timestep s,
 *
 *   x_s = √ᾱ_s·x̂_0 + √(1 − ᾱ_s − σ²)·ε̂ + σ·z,   σ = η·√((1 − ᾱ_s)/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_s))
 *
 * with ᾱ_{−1} = 1. η = 0 (default) is the deterministic sampler (an ODE discretisation); η = 1 over
 * all T steps is DDPM's ancestral sampler with the β̃ variance, step for step.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFinite } from "../core";
import { NoiseScheduler, resolveNoiseConfig, stepNoise, type NoiseSchedulerConfig, type SchedulerOutput, type StepNoise } from "./scheduler";

export type DDIMSchedulerConfig = NoiseSchedulerConfig;

export interface DDIMStepOptions extends StepNoise {
  /** η ∈ [0, 1]: 0 deterministic (default), 1 the ancestral variance. */
  eta?: number;
}

export class DDIMScheduler extends NoiseScheduler {
  readonly className = "DDIMScheduler";

  /** Takes the shared options (a DDPMScheduler's config works too; its varianceType is ignored). */
  constructor(config: DDIMSchedulerConfig = {}) {
    super(resolveNoiseConfig("DDIMScheduler", config));
  }

  /** One DDIM step; see the module comment. opts.rng or opts.noise only when η > 0. */
  step(modelOutput: tf.Tensor, timestep: number, sample: tf.Tensor, opts: DDIMStepOptions = {}): SchedulerOutput {
    const eta = checkFinite(`${this.className}.step`, "eta", opts.eta ?? 0, 0, 1);
    const prev = this.previousTimestep(timestep);
    const abT = this.alphaBar(timestep), abS = this.alphaBar(prev);
    const std = eta * Math.sqrt(((1 - abS) / (1 - abT)) * (1 - abT / abS));
    const { x0, eps } = this.estimates(modelOutput, timestep, sample);
    const z = std > 0 ? stepNoise(`${this.className}.step`, sample, opts) : undefined;
    const prevSample = tf.tidy(() => {
      const mean = tf.add(tf.mul(x0, Math.sqrt(abS)), tf.mul(eps, Math.sqrt(Math.max(1 - abS - std * std, 0))));
      return z === undefined ? mean : tf.add(mean, tf.mul(z, std));
    });
    tf.dispose([eps, z as tf.Tensor]);
    return { prevSample, predOriginalSample: x0 };
  }
}
