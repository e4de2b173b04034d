/**
 * The one training loop of src/nn: mini-batch Adam on any objective.
 *
 *   nn.fit(modules, loss, { data, epochs, batchSize, learningRate, schedule?, seed, validation?,
 *          earlyStopping?, weightDecay?, ema?, onProgress? })
 *
 * `modules` is one module or several (an encoder and a decoder, a denoiser and a score net): the
 * variables of all of them train. `loss(batch, ctx)` returns a scalar tensor; `batch` holds the
 * same rows of every tensor of `data` (a record of tensors batched along axis 0), and
 * `ctx = { rng, step, epoch, training }` gives a seeded core.Rng for whatever the objective draws
 * per step (diffusion noise and time steps, a VIB's reparameterisation noise). ctx.rng is
 * `Rng(seed).split(1).split(step)`: a pure function of the seed and the step, so the same seed
 * gives identical losses whatever the objective draws. Validation batches get a fixed stream per
 * batch (the same every epoch), so validation losses of different epochs are comparable.
 *
 * Early stopping on the validation loss restores the best weights of every module. A non-finite
 * loss stops at once with an error naming the step and the last finite loss, leaving the weights of
 * that step untouched.
 *
 * With `ema`, an exponential moving average of the weights is kept beside the trained ones (the
 * "EMA model" of DDPM training, Ho et al. 2020; diffusers' EMAModel): after optimiser step k,
 * w̄ ← w̄ − (1 − d_k)(w̄ − w), with d_k = min(decay, (1 + s)/(10 + s)) or, given `power`,
 * min(decay, 1 − (1 + s/invGamma)^−power), s = k − 1 (d₁ = 0: w̄ starts at the first updated weights).
 * The warm-up keeps w̄ from averaging in the untrained initial weights of a short run. Validation,
 * early stopping and the returned weights are then those of the average; the optimiser keeps
 * stepping the trained weights.
 *
 * Asynchronous only so that it yields to the event loop every ~100 ms: a
 * notebook's progress bar then updates live and an interrupt can stop it. No tensors leak: the
 * tensor count is the same after every step.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkFunction, checkInt, checkObject, checkPositive, describe, shapeString } from "../core";
import type { Module } from "./module";
import { flatten, unflatten } from "./flat-weights";
import { Adam } from "./optim";
import { checkSchedule, scheduleFactor, type Schedule } from "./schedules";

/** Tensors batched along axis 0: every entry has the same number of rows. */
export type Batch = Record<string, tf.Tensor>;

/** What the objective gets besides the batch. */
export interface FitContext {
  /** A seeded stream for this step's random draws (see the module comment). */
  rng: Rng;
  /** Optimiser steps done before this one (0-based); for validation, the steps done so far. */
  step: number;
  /** 1-based epoch. */
  epoch: number;
  /** False when the loss is evaluated on validation data (no gradients are taken). */
  training: boolean;
}

/** The objective: a scalar tensor from a batch. */
export type FitLoss = (batch: Batch, ctx: FitContext) => tf.Scalar;

export interface FitProgress {
  epoch: number;
  step: number;
  /** Loss of the current mini-batch. */
  loss: number;
  /** Latest validation loss (after the first epoch when validation is given). */
  validationLoss?: number;
  learningRate: number;
}

export interface FitOptions {
  /** Training data: a record of tensors with the same number of rows. */
  data: Batch;
  epochs: number;
  batchSize: number;
  /** Base learning rate, multiplied by the schedule's factor (default constant). */
  learningRate: number;
  schedule?: Schedule;
  /** Seed of the batch order and of ctx.rng. */
  seed: number;
  /** Validation data (same keys as data); its loss is the mean of `loss` over its batches, weighted by rows. */
  validation?: Batch;
  /** Stop when the validation loss has not improved by `minDelta` (relative, default 0) for `patience` epochs; the best weights are restored. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** L2 weight decay of Adam (default 0). */
  weightDecay?: number;
  /** Keep an exponential moving average of the weights and end with it (see the module comment and EmaOptions). */
  ema?: EmaOptions;
  /** Called after every step: (done steps, total steps, details). */
  onProgress?: (done: number, total: number, info: FitProgress) => void;
}

/** The moving average of the weights: its decay cap and warm-up (see emaDecay). */
export interface EmaOptions {
  /** The largest decay d, in [0, 1) (diffusers' `decay`; 0.999 averages over about the last 1000 steps). */
  decay: number;
  /** Warm-up exponent: given, d_k = 1 − (1 + s/invGamma)^−power (diffusers' use_ema_warmup); absent, d_k = (1 + s)/(10 + s). */
  power?: number;
  /** Warm-up time scale in steps of the power form (default 1). */
  invGamma?: number;
}

/**
 * The decay applied after optimiser step `k` (1-based): 0 for k = 1, then the warm-up of EmaOptions
 * capped at `decay` (diffusers' EMAModel.get_decay with update_after_step = 0, min_decay = 0).
 */
export function emaDecay(k: number, ema: EmaOptions): number {
  const s = k - 1;
  if (s <= 0) return 0;
  const warm = ema.power === undefined ? (1 + s) / (10 + s) : 1 - (1 + s / (ema.invGamma ?? 1)) ** -ema.power;
  return Math.min(ema.decay, warm);
}

/** Validates EmaOptions. */
function checkEma(where: string, ema: EmaOptions): EmaOptions {
  checkObject(where, "ema", ema);
  const decay = checkPositive(where, "ema.decay", ema.decay, true);
  if (decay >= 1) throw new RangeError(`${where}: ema.decay must be in [0, 1), got ${decay}`);
  if (ema.power !== undefined) checkPositive(where, "ema.power", ema.power);
  if (ema.invGamma !== undefined) checkPositive(where, "ema.invGamma", ema.invGamma);
  return ema;
}

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's mini-batches. */
  loss: number;
  validationLoss?: number;
  learningRate: number;
}

export interface FitResult {
  history: EpochRecord[];
  steps: number;
  epochs: number;
  stoppedEarly: boolean;
  /** Epoch (1-based) whose weights the modules hold at the end (the best one under early stopping). */
  bestEpoch: number;
  bestValidationLoss?: number;
  seconds: number;
}

/** Thrown when a loss becomes NaN or ±Inf; the weights are left as they were at that step. */
export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly epoch: number, readonly value: number, readonly lastFiniteLoss: number | undefined,
    readonly lastFiniteStep: number | undefined, kind = "training loss", where = "nn.fit") {
    super(`${where}: the ${kind} became ${value} at step ${step} (epoch ${epoch}); ` +
      (lastFiniteLoss === undefined ? "no finite loss was seen before it" : `the last finite loss was ${lastFiniteLoss.toPrecision(6)} at step ${lastFiniteStep}`) +
      ". Lower the learning rate, normalise inputs and targets, or check the data for NaN/Inf.");
    this.name = "NonFiniteLossError";
  }
}

/** Validates a data record: tensors, same rows, finite. Returns the number of rows. */
export function checkBatch(where: string, name: string, d: unknown, keys?: readonly string[]): number {
  checkObject(where, name, d);
  const entries = Object.entries(d as Batch);
  if (entries.length === 0) throw new RangeError(`${where}: ${name} must hold at least one tensor`);
  let rows: number | undefined;
  for (const [k, t] of entries) {
    if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: ${name}.${k} must be a tf.Tensor, got ${describe(t)}`);
    if (t.rank === 0) throw new RangeError(`${where}: ${name}.${k} must have a sample axis 0, got a scalar`);
    if (rows === undefined) rows = t.shape[0];
    else if (t.shape[0] !== rows) {
      throw new RangeError(`${where}: every tensor of ${name} must have the same rows on axis 0; ${name}.${entries[0][0]} has ${rows}, ${name}.${k} ${shapeString(t.shape)}`);
    }
    const finite = tf.tidy(() => t.dtype === "bool" || tf.all(tf.isFinite(t)).dataSync()[0] === 1);
    if (!finite) throw new RangeError(`${where}: ${name}.${k} contains NaN or Inf`);
  }
  if (keys !== undefined) {
    const missing = keys.filter((k) => !(k in (d as Batch)));
    if (missing.length > 0) throw new RangeError(`${where}: ${name} lacks ${missing.join(", ")} (data has ${keys.join(", ")})`);
  }
  return rows as number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The rows `idx` of every tensor of a batch. */
function gatherBatch(data: Batch, idx: tf.Tensor1D): Batch {
  return Object.fromEntries(Object.entries(data).map(([k, t]) => [k, tf.gather(t, idx)]));
}

/** Rows [from, from + size) of every tensor of a batch. */
function sliceBatch(data: Batch, from: number, size: number): Batch {
  return Object.fromEntries(Object.entries(data).map(([k, t]) => [k, t.slice(from, size)]));
}

/** Trains the variables of `modules` to minimise `loss` and returns the history; see FitOptions. */
export async function fit(modules: Module | readonly Module[], loss: FitLoss, opts: FitOptions, where = "nn.fit"): Promise<FitResult> {
  const list = Array.isArray(modules) ? modules : [modules as Module];
  if (list.length === 0 || list.some((m) => m === null || typeof m !== "object" || typeof (m as Module).variables !== "function")) {
    throw new TypeError(`${where}: modules must be a module or a non-empty array of modules, got ${describe(modules)}`);
  }
  checkFunction<FitLoss>(where, "loss", loss, "(batch, ctx) => tf.Scalar");
  checkObject(where, "options", opts);
  const epochs = checkInt(where, "epochs", opts.epochs, 1);
  const batchSize = checkInt(where, "batchSize", opts.batchSize, 1);
  const baseLr = checkPositive(where, "learningRate", opts.learningRate);
  const schedule = checkSchedule(where, opts.schedule ?? { kind: "constant" });
  const seed = checkInt(where, "seed", opts.seed, 0, 2 ** 32 - 1);
  const n = checkBatch(where, "data", opts.data);
  const validation = opts.validation;
  const nVal = validation === undefined ? 0 : checkBatch(where, "validation", validation, Object.keys(opts.data));
  const early = opts.earlyStopping;
  if (early !== undefined) {
    if (validation === undefined) throw new RangeError(`${where}: earlyStopping needs a validation set`);
    checkInt(where, "earlyStopping.patience", early.patience, 1);
    const minDelta = checkPositive(where, "earlyStopping.minDelta", early.minDelta ?? 0, true);
    if (minDelta >= 1) throw new RangeError(`${where}: earlyStopping.minDelta is a relative improvement and must be < 1, got ${minDelta}`);
  }
  const ema = opts.ema === undefined ? undefined : checkEma(where, opts.ema);
  if (batchSize > n) throw new RangeError(`${where}: batchSize ${batchSize} exceeds the ${n} training samples`);

  const variables = [...new Set(list.flatMap((m) => m.variables()))];
  if (variables.length === 0) throw new RangeError(`${where}: the modules have no trainable variables`);
  const optimizer = new Adam(variables, { learningRate: baseLr, weightDecay: opts.weightDecay });
  const root = new Rng(seed), order = root.split(0), noise = root.split(1), validationNoise = root.split(2);
  const batchesPerEpoch = Math.ceil(n / batchSize), total = epochs * batchesPerEpoch;
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  let lastYield = t0, step = 0, lastFinite: number | undefined, lastFiniteStep: number | undefined;
  let best = Infinity, bestEpoch = epochs, sinceBest = 0, stoppedEarly = false, validationLoss: number | undefined;
  let bestWeights: tf.Tensor[] | undefined;
  // the moving average; inside tidy: tf.variable keeps its initial tensor registered (see optim.ts)
  // (all weights in one flat vector, updated by one chain of kernels: flat-weights.ts)
  const average = ema === undefined ? undefined : tf.tidy(() => tf.variable(flatten(variables), false));
  /** A copy of the weights the run would end with now (add(0): a real copy). */
  const snapshot = (): tf.Tensor[] => (average === undefined ? variables.map((v) => tf.keep(v.add(0))) : unflatten(average, variables).map((t) => tf.keep(t)));
  /** Runs fn with the moving average in the variables, then puts the trained weights back. */
  const withAverage = <T>(fn: () => T): T => {
    if (average === undefined) return fn();
    const trained = variables.map((v) => tf.keep(v.add(0)));
    tf.tidy(() => unflatten(average, variables).forEach((t, i) => variables[i].assign(t)));
    try { return fn(); } finally { variables.forEach((v, i) => v.assign(trained[i])); tf.dispose(trained); }
  };
  const rows = Array.from({ length: n }, (_, i) => i);

  /** Row-weighted mean of the loss over validation batches, without gradients. */
  const evaluate = (epoch: number): number => {
    const size = Math.max(batchSize, 64);
    let sum = 0;
    for (let from = 0, b = 0; from < nVal; from += size, b++) {
      const count = Math.min(size, nVal - from);
      sum += count * tf.tidy(() => loss(sliceBatch(validation as Batch, from, count), { rng: validationNoise.split(b), step, epoch, training: false }).dataSync()[0]);
    }
    return sum / nVal;
  };

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      order.shuffle(rows);
      let sum = 0, lr = baseLr;
      for (let b = 0; b < batchesPerEpoch; b++) {
        lr = baseLr * scheduleFactor(schedule, step, total);
        optimizer.learningRate = lr;
        const idx = tf.tensor1d(rows.slice(b * batchSize, Math.min(n, (b + 1) * batchSize)), "int32");
        const ctx: FitContext = { rng: noise.split(step), step, epoch, training: true };
        const value = tf.tidy(() => {
          const batch = gatherBatch(opts.data, idx);
          const { value: l, grads } = tf.variableGrads(() => {
            const out = loss(batch, ctx);
            if (!(out instanceof tf.Tensor) || out.rank !== 0) throw new TypeError(`${where}: loss must return a scalar tensor, got ${describe(out)}`);
            return out;
          }, variables);
          const v = l.dataSync()[0];
          if (Number.isFinite(v)) optimizer.step(variables.map((p) => grads[p.name]));
          return v;
        });
        idx.dispose();
        step += 1;
        if (!Number.isFinite(value)) throw new NonFiniteLossError(step, epoch, value, lastFinite, lastFiniteStep, "training loss", where);
        if (average !== undefined) {
          const keep = emaDecay(step, ema as EmaOptions);
          tf.tidy(() => average.assign(tf.sub(average, tf.mul(tf.sub(average, flatten(variables)), 1 - keep))));
        }
        lastFinite = value; lastFiniteStep = step;
        sum += value;
        opts.onProgress?.(step, total, { epoch, step, loss: value, validationLoss, learningRate: lr });
        if (performance.now() - lastYield > 100) { await yieldToEventLoop(); lastYield = performance.now(); }
      }
      const record: EpochRecord = { epoch, loss: sum / batchesPerEpoch, learningRate: lr };
      if (validation !== undefined) {
        validationLoss = withAverage(() => evaluate(epoch));
        if (!Number.isFinite(validationLoss)) throw new NonFiniteLossError(step, epoch, validationLoss, lastFinite, lastFiniteStep, "validation loss", where);
        record.validationLoss = validationLoss;
        if (validationLoss < best * (1 - (early?.minDelta ?? 0))) {
          best = validationLoss; bestEpoch = epoch; sinceBest = 0;
          if (early !== undefined) { if (bestWeights) tf.dispose(bestWeights); bestWeights = snapshot(); }
        } else {
          sinceBest += 1;
        }
      }
      history.push(record);
      if (early !== undefined && sinceBest >= early.patience) { stoppedEarly = true; break; }
    }
    if (bestWeights !== undefined && bestEpoch !== history.length) variables.forEach((v, i) => v.assign((bestWeights as tf.Tensor[])[i]));
    else if (average !== undefined) tf.tidy(() => unflatten(average, variables).forEach((t, i) => variables[i].assign(t)));
    if (early === undefined) bestEpoch = history.length;
  } finally {
    if (bestWeights) tf.dispose(bestWeights);
    if (average) tf.dispose(average);
    optimizer.dispose();
  }
  return {
    history, steps: step, epochs: history.length, stoppedEarly, bestEpoch,
    bestValidationLoss: validation === undefined ? undefined : (early === undefined ? history[history.length - 1].validationLoss : best),
    seconds: (performance.now() - t0) / 1000,
  };
}
