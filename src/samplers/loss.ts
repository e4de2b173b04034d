/**
 * The denoising objective of DDPM (Ho et al. 2020, eq. 14, "L_simple") as an `nn.fit` loss: per
 * sample a timestep t uniform in [0, T) and noise ε ~ N(0, I), both drawn from ctx.rng (so a seed
 * fixes them), x_t = addNoise(x_0, ε, t), and the mean squared error between the network's output on
 * (x_t, cond.t = t) and ε — or x_0 when the scheduler predicts "sample".
 */
import * as tf from "@tensorflow/tfjs";
import { checkObject, describe, randomNormalTensor } from "../core";
import type { Batch, FitLoss, Module } from "../nn";
import type { NoiseScheduler } from "./scheduler";

export interface DiffusionLossOptions {
  /** The batch entry holding the clean samples x_0 [B, …] (default "x"). */
  key?: string;
  /**
   * Further conditioning the network reads, as { condName: batchKey } (e.g. { field: "coarse" } for
   * a conditional DDPM whose U-Net reads cond.field); cond.t is always the timestep (float32 [B]).
   */
  cond?: Readonly<Record<string, string>>;
}

/** The conditioning record of a denoiser: t [B] plus the named batch entries. */
export function denoiserCond(t: readonly number[], batch: Batch, cond: Readonly<Record<string, string>>): Record<string, tf.Tensor> {
  return { ...Object.fromEntries(Object.entries(cond).map(([name, key]) => [name, batch[key]])), t: tf.tensor1d(Array.from(t)) };
}

/** Checks that the loss's keys exist in a batch. */
export function checkBatchKeys(where: string, batch: Batch, keys: readonly string[]): void {
  for (const k of keys) {
    if (!(batch[k] instanceof tf.Tensor)) throw new RangeError(`${where}: the batch has no tensor "${k}" (it has ${Object.keys(batch).join(", ")})`);
  }
}

/** `loss(batch, ctx)` for nn.fit training `model` as the denoiser of `scheduler`; see the module comment. */
export function diffusionLoss(model: Module, scheduler: NoiseScheduler, opts: DiffusionLossOptions = {}): FitLoss {
  const where = "samplers.diffusionLoss";
  if (model === null || typeof model !== "object" || typeof (model as Module).apply !== "function") throw new TypeError(`${where}: model must be an nn.Module, got ${describe(model)}`);
  checkObject(where, "options", opts);
  const key = opts.key ?? "x", cond = opts.cond ?? {};
  checkObject(where, "cond", cond);
  const T = scheduler.config.numTrainTimesteps;
  return (batch, ctx) => {
    checkBatchKeys(where, batch, [key, ...Object.values(cond)]);
    const x0 = batch[key], B = x0.shape[0];
    const t = Array.from({ length: B }, () => ctx.rng.integer(0, T));
    const noise = randomNormalTensor(x0.shape, ctx.rng);
    const xt = scheduler.addNoise(x0, noise, t);
    const out = model.apply(xt, denoiserCond(t, batch, cond));
    return tf.mean(tf.square(tf.sub(out, scheduler.trainingTarget(x0, noise)))) as tf.Scalar;
  };
}
