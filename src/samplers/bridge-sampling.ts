/**
 * Training and sampling of an I2SB bridge (bridge.ts): `bridgeLoss` for nn.fit, and
 * `sampleBridge`, the reverse chain from the degraded field x_1 to x_0 (or to an intermediate
 * step) with any number of network evaluations.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkBoolean, checkInt, checkObject, describe, randomNormalTensor } from "../core";
import type { FitLoss, Module } from "../nn";
import { checkDegraded, type BridgeScheduler } from "./bridge";
import { checkBatchKeys, denoiserCond } from "./loss";
import { denoiseLoop } from "./pipeline";

export interface BridgeLossOptions {
  /** Batch entry of the clean samples x_0 [B, …] (default "x"). */
  key?: string;
  /** Batch entry of the degraded samples x_1 [B, …] (default "degraded"). */
  degraded?: string;
  /** Further conditioning as { condName: batchKey } (e.g. { field: "degraded" }: the U-Net also reads x_1, I2SB's cond_x1). */
  cond?: Readonly<Record<string, string>>;
}

/**
 * `loss(batch, ctx)` for nn.fit: per sample a step n uniform in [1, T] and ε ~ N(0, I) from ctx.rng,
 * x_n = scheduler.addNoise(x_0, x_1, ε, n), and the MSE between the network's output on
 * (x_n, cond.t = n) and scheduler.trainingTarget (I2SB's (x_n − x_0)/σ_n or x_0).
 */
export function bridgeLoss(model: Module, scheduler: BridgeScheduler, opts: BridgeLossOptions = {}): FitLoss {
  const where = "samplers.bridgeLoss";
  if (model === null || typeof model !== "object" || typeof (model as Module).apply !== "function") throw new TypeError(`${where}: model must be an nn.Module, got ${describe(model)}`);
  checkObject(where, "options", opts);
  const key = opts.key ?? "x", degraded = opts.degraded ?? "degraded", cond = opts.cond ?? {};
  checkObject(where, "cond", cond);
  const T = scheduler.config.numTrainTimesteps;
  return (batch, ctx) => {
    checkBatchKeys(where, batch, [key, degraded, ...Object.values(cond)]);
    const x0 = batch[key], x1 = batch[degraded], B = x0.shape[0];
    const n = Array.from({ length: B }, () => ctx.rng.integer(1, T + 1));
    const xn = scheduler.addNoise(x0, x1, randomNormalTensor(x0.shape, ctx.rng), n);
    const out = model.apply(xn, denoiserCond(n, batch, cond));
    return tf.mean(tf.square(tf.sub(out, scheduler.trainingTarget(x0, xn, n)))) as tf.Scalar;
  };
}

export interface SampleBridgeOptions {
  /** The stream of every step's noise. */
  rng: Rng;
  /** Network evaluations (default: the scheduler's current timesteps, all T unless set). */
  numInferenceSteps?: number;
  /** Conditioning besides t, every tensor with B rows (e.g. { field: x1 }). */
  cond?: Readonly<Record<string, tf.Tensor>>;
  /** Deterministic steps (I2SB's OT-ODE; default false). */
  ode?: boolean;
  /** Stop at this visited step and return x_n there (default 0: the clean estimate). */
  stopAt?: number;
  /** Rows per network call (default 512). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The reverse chain from x_T = degraded [B, …] (float32); returns x at opts.stopAt (a new tensor). */
export function sampleBridge(model: Module, scheduler: BridgeScheduler, degraded: tf.Tensor, opts: SampleBridgeOptions): tf.Tensor {
  const where = "samplers.sampleBridge";
  if (model === null || typeof model !== "object" || typeof (model as Module).predict !== "function") throw new TypeError(`${where}: model must be an nn.Module, got ${describe(model)}`);
  checkDegraded(where, degraded);
  checkObject(where, "options", opts);
  if (!(opts.rng instanceof Rng)) throw new TypeError(`${where}: rng must be a core.Rng, got ${describe(opts.rng)}`);
  if (opts.numInferenceSteps !== undefined) scheduler.setTimesteps(opts.numInferenceSteps);
  const ode = checkBoolean(where, "ode", opts.ode, false), batchSize = checkInt(where, "batchSize", opts.batchSize ?? 512, 1);
  const B = degraded.shape[0], cond = opts.cond ?? {};
  for (const [k, c] of Object.entries(cond)) {
    if (!(c instanceof tf.Tensor) || c.shape[0] !== B) throw new RangeError(`${where}: cond.${k} must be a tensor with ${B} rows, got ${describe(c)}`);
  }
  const all = Array.from(scheduler.timesteps), stopAt = checkInt(where, "stopAt", opts.stopAt ?? 0, 0);
  const stop = stopAt === 0 ? all.length : all.indexOf(stopAt);
  if (stop < 0) throw new RangeError(`${where}: stopAt ${stopAt} must be 0 or a visited step (${all.slice(0, 5).join(", ")}${all.length > 5 ? ", …" : ""})`);
  return denoiseLoop(model, scheduler, degraded.clone(), all.slice(0, stop), cond, { rng: opts.rng, ode }, batchSize, opts.onProgress);
}
