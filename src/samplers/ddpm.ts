/**
 * DDPM's ancestral sampler (Ho et al. 2020, eqs. 6–7; diffusers' DDPMScheduler): from x_t to the
 * previous visited timestep s (s = t − 1 with all T steps) by the Gaussian posterior
 * q(x_s | x_t, x̂_0):
 *
 *   mean = √ᾱ_s·β'/(1 − ᾱ_t)·x̂_0 + √α'·(1 − ᾱ_s)/(1 − ᾱ_t)·x_t,   α' = ᾱ_t/ᾱ_s, β' = 1 − α'
 *   x_s  = mean + σ·z,  σ² = (1 − ᾱ_s)/(1 − ᾱ_t)·β' ("fixedSmall", β̃ of eq. 7) or β' ("fixedLarge")
 *
 * with ᾱ_{−1} = 1 and no noise on the last step. With fewer visited steps the same formulas hold
 * between the visited ones (diffusers' "respaced" DDPM).
 */
import * as tf from "@tensorflow/tfjs";
import { checkOneOf } from "../core";
import { NoiseScheduler, resolveNoiseConfig, stepNoise, type NoiseSchedulerConfig, type NoiseSchedulerResolved, type SchedulerOutput, type StepNoise } from "./scheduler";

export const VARIANCE_TYPES = ["fixedSmall", "fixedLarge"] as const;
export type VarianceType = (typeof VARIANCE_TYPES)[number];

export interface DDPMSchedulerConfig extends NoiseSchedulerConfig {
  /** The reverse variance: "fixedSmall" (β̃, default) or "fixedLarge" (β). */
  varianceType?: VarianceType;
}

export type DDPMSchedulerResolved = NoiseSchedulerResolved & { varianceType: VarianceType };

export class DDPMScheduler extends NoiseScheduler<DDPMSchedulerResolved> {
  readonly className = "DDPMScheduler";

  constructor(config: DDPMSchedulerConfig = {}) {
    const where = "DDPMScheduler";
    super({ ...resolveNoiseConfig(where, config), varianceType: checkOneOf(where, "varianceType", config?.varianceType ?? "fixedSmall", VARIANCE_TYPES) });
  }

  /** The posterior's coefficients of x̂_0 and x_t and its standard deviation, from t to the previous visited step. */
  posterior(timestep: number): { originalCoefficient: number; sampleCoefficient: number; std: number } {
    const prev = this.previousTimestep(timestep);
    const abT = this.alphaBar(timestep), abS = this.alphaBar(prev);
    const alpha = abT / abS, beta = 1 - alpha;
    const variance = prev < 0 ? 0 : this.config.varianceType === "fixedSmall" ? Math.max(((1 - abS) / (1 - abT)) * beta, 1e-20) : beta;
    return { originalCoefficient: (Math.sqrt(abS) * beta) / (1 - abT), sampleCoefficient: (Math.sqrt(alpha) * (1 - abS)) / (1 - abT), std: Math.sqrt(variance) };
  }

  /**
   * One ancestral step. modelOutput and sample [B, …] (same shape); `timestep` a visited one;
   * opts.rng (core.Rng) or opts.noise (shape of sample) for the added noise, unused on the last step.
   */
  step(modelOutput: tf.Tensor, timestep: number, sample: tf.Tensor, opts: StepNoise = {}): SchedulerOutput {
    const { originalCoefficient, sampleCoefficient, std } = this.posterior(timestep);
    const { x0, eps } = this.estimates(modelOutput, timestep, sample);
    eps.dispose();
    const z = std > 0 ? stepNoise(`${this.className}.step`, sample, opts) : undefined;
    const prevSample = tf.tidy(() => {
      const mean = tf.add(tf.mul(x0, originalCoefficient), tf.mul(sample, sampleCoefficient));
      return z === undefined ? mean : tf.add(mean, tf.mul(z, std));
    });
    z?.dispose();
    return { prevSample, predOriginalSample: x0 };
  }
}
