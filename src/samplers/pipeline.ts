/**
 * The sampling loop of a diffusion model (diffusers' pipelines): x_T ~ N(0, I), then for every
 * visited timestep t (scheduler.setTimesteps(numInferenceSteps)) the denoiser's output on
 * (x_t, cond.t = t, further cond) and scheduler.step(). Synchronous; one network evaluation per
 * visited step. Same seed, same backend: the same samples.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkInt, checkObject, describe, randomNormalTensor } from "../core";
import type { Module } from "../nn";
import type { NoiseScheduler, StepNoise } from "./scheduler";

export interface SampleOptions {
  /** Shape of the samples [B, …] (NHWC for U-Nets: [B, 1, K, 1] for Lorenz-96 rings). */
  shape: readonly number[];
  /** The stream of x_T and of every step's noise. */
  rng: Rng;
  /** Network evaluations (default: the scheduler's current timesteps, all T unless set). */
  numInferenceSteps?: number;
  /** Conditioning besides t, every tensor with B rows (e.g. { field } for a conditional DDPM). */
  cond?: Readonly<Record<string, tf.Tensor>>;
  /** Extra options of scheduler.step (e.g. { eta } for DDIM). */
  stepOptions?: Readonly<Record<string, unknown>>;
  /** Rows per network call (default 512). */
  batchSize?: number;
  /** Called after every step with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Runs the reverse process and returns x_0 [shape] (a new tensor the caller disposes). */
export function sample(model: Module, scheduler: NoiseScheduler, opts: SampleOptions): tf.Tensor {
  const where = "samplers.sample";
  if (model === null || typeof model !== "object" || typeof (model as Module).predict !== "function") throw new TypeError(`${where}: model must be an nn.Module, got ${describe(model)}`);
  checkObject(where, "options", opts);
  if (!Array.isArray(opts.shape) || opts.shape.length < 1) throw new TypeError(`${where}: shape must be an array [batch, …], got ${describe(opts.shape)}`);
  opts.shape.forEach((d, i) => checkInt(where, `shape[${i}]`, d, 1));
  if (!(opts.rng instanceof Rng)) throw new TypeError(`${where}: rng must be a core.Rng, got ${describe(opts.rng)}`);
  if (opts.numInferenceSteps !== undefined) scheduler.setTimesteps(opts.numInferenceSteps);
  const batchSize = checkInt(where, "batchSize", opts.batchSize ?? 512, 1);
  const B = opts.shape[0], cond = opts.cond ?? {};
  for (const [k, c] of Object.entries(cond)) {
    if (!(c instanceof tf.Tensor) || c.shape[0] !== B) throw new RangeError(`${where}: cond.${k} must be a tensor with ${B} rows, got ${describe(c)}`);
  }
  return denoiseLoop(model, scheduler, randomNormalTensor(opts.shape, opts.rng), Array.from(scheduler.timesteps), cond,
    { rng: opts.rng, ...(opts.stepOptions ?? {}) }, batchSize, opts.onProgress);
}

/**
 * The loop shared by DDPM/DDIM and the bridge: x ← step(model(x, t), t, x) for each t of `timesteps`;
 * takes ownership of `start` and returns the last sample; `visit(i, x)` sees x after step i.
 */
export function denoiseLoop(model: Module, scheduler: { step(out: tf.Tensor, t: number, x: tf.Tensor, o: StepNoise): { prevSample: tf.Tensor; predOriginalSample: tf.Tensor } },
  start: tf.Tensor, timesteps: readonly number[], cond: Readonly<Record<string, tf.Tensor>>, stepOptions: StepNoise & Record<string, unknown>,
  batchSize: number, onProgress?: (done: number, total: number) => void, visit?: (stepIndex: number, x: tf.Tensor) => void): tf.Tensor {
  const B = start.shape[0];
  let x = start;
  timesteps.forEach((t, i) => {
    const tt = tf.fill([B], t);
    const out = model.predict(x, { cond: { ...cond, t: tt }, batchSize });
    const { prevSample, predOriginalSample } = scheduler.step(out, t, x, stepOptions);
    tf.dispose([tt, out, predOriginalSample, x]);
    x = prevSample;
    visit?.(i, x); // x after step i (not to be disposed by the visitor)
    onProgress?.(i + 1, timesteps.length);
  });
  return x;
}
