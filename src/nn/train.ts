/**
 * The one training loop of src/nn: mini-batch Adam on (x, y) pairs, a learning-rate schedule, early
 * stopping on a validation set (restoring the best weights), progress through `onProgress`, and a
 * guard that stops at the first non-finite loss with a message naming the step and the last finite
 * loss. Deterministic given `seed` (batch order) and the model's own init seed: same seed, same
 * backend, same numbers.
 *
 * Asynchronous only so that it yields to the event loop every ~100 ms: a notebook's progress bar
 * then updates live and an interrupt can stop it.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core";
import type { Model } from "./model";
import { Adam } from "./optim";
import { resolveLoss, type LossFn, type LossName } from "./losses";
import { checkSchedule, scheduleFactor, type Schedule } from "./schedules";
import { checkInt, checkPositive, describe, shapeString } from "./validate";

/** Inputs and targets; axis 0 is the sample, the rest is the model's layout. */
export interface TrainData {
  x: tf.Tensor;
  y: tf.Tensor;
}

export interface TrainProgress {
  epoch: number;
  step: number;
  /** Loss of the current mini-batch. */
  loss: number;
  /** Latest validation loss (after the first epoch when validation is given). */
  validationLoss?: number;
  learningRate: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Base learning rate, multiplied by the schedule's factor (default constant). */
  learningRate: number;
  schedule?: Schedule;
  /** Training loss (default "mse"). */
  loss?: LossName | LossFn;
  /** Loss reported on the validation set (default: the training loss). */
  validationLoss?: LossName | LossFn;
  validation?: TrainData;
  /** Stop when the validation loss has not improved by `minDelta` (relative, default 0) for `patience` epochs; the best weights are restored. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** L2 weight decay of Adam (default 0). */
  weightDecay?: number;
  /** Seed of the batch order. */
  seed: number;
  /** Called after every step: (done steps, total steps, details). */
  onProgress?: (done: number, total: number, info: TrainProgress) => void;
}

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's mini-batches. */
  loss: number;
  validationLoss?: number;
  learningRate: number;
}

export interface TrainResult {
  history: EpochRecord[];
  steps: number;
  epochs: number;
  stoppedEarly: boolean;
  /** Epoch (1-based) whose weights the model holds at the end (the best one under early stopping). */
  bestEpoch: number;
  bestValidationLoss?: number;
  seconds: number;
}

/** Thrown when a loss becomes NaN or ±Inf; the model's weights are left as they were at that step. */
export class NonFiniteLossError extends Error {
  constructor(readonly step: number, readonly epoch: number, readonly value: number, readonly lastFiniteLoss: number | undefined,
    readonly lastFiniteStep: number | undefined, kind = "training loss") {
    super(`nn.train: the ${kind} became ${value} at step ${step} (epoch ${epoch}); ` +
      (lastFiniteLoss === undefined ? "no finite loss was seen before it" : `the last finite loss was ${lastFiniteLoss.toPrecision(6)} at step ${lastFiniteStep}`) +
      ". Lower the learning rate, normalise inputs and targets, or check the data for NaN/Inf.");
    this.name = "NonFiniteLossError";
  }
}

function checkData(where: string, name: string, d: unknown): TrainData {
  if (d === null || typeof d !== "object") throw new TypeError(`${where}: ${name} must be { x, y } tensors, got ${describe(d)}`);
  const { x, y } = d as TrainData;
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) throw new TypeError(`${where}: ${name}.x and ${name}.y must be tf.Tensors, got ${describe(x)} and ${describe(y)}`);
  if (x.shape[0] !== y.shape[0] || x.rank === 0) {
    throw new RangeError(`${where}: ${name}.x and ${name}.y must have the same number of samples on axis 0, got ${shapeString(x.shape)} and ${shapeString(y.shape)}`);
  }
  const finite = tf.tidy(() => tf.all(tf.isFinite(x)).dataSync()[0] === 1 && tf.all(tf.isFinite(y)).dataSync()[0] === 1);
  if (!finite) throw new RangeError(`${where}: ${name} contains NaN or Inf`);
  return { x, y };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Loss of the whole set, evaluated in batches without gradients. */
function evaluate(model: Model, data: TrainData, loss: LossFn, batchSize: number): number {
  const p = model.predict(data.x, { batchSize });
  const v = tf.tidy(() => loss(p, data.y).dataSync()[0]);
  p.dispose();
  return v;
}

/** Trains `model` in place and returns the history; see TrainOptions. */
export async function train(model: Model, data: TrainData, opts: TrainOptions): Promise<TrainResult> {
  const where = "nn.train";
  const epochs = checkInt(where, "epochs", opts.epochs, 1);
  const batchSize = checkInt(where, "batchSize", opts.batchSize, 1);
  const baseLr = checkPositive(where, "learningRate", opts.learningRate);
  const schedule = checkSchedule(where, opts.schedule ?? { kind: "constant" });
  const seed = checkInt(where, "seed", opts.seed, 0, 2 ** 32 - 1);
  const loss = resolveLoss(where, opts.loss);
  const valLoss = opts.validationLoss === undefined ? loss : resolveLoss(where, opts.validationLoss);
  const train = checkData(where, "data", data);
  const validation = opts.validation === undefined ? undefined : checkData(where, "validation", opts.validation);
  const early = opts.earlyStopping;
  if (early !== undefined) {
    if (validation === undefined) throw new RangeError(`${where}: earlyStopping needs a validation set`);
    checkInt(where, "earlyStopping.patience", early.patience, 1);
    const minDelta = checkPositive(where, "earlyStopping.minDelta", early.minDelta ?? 0, true);
    if (minDelta >= 1) throw new RangeError(`${where}: earlyStopping.minDelta is a relative improvement and must be < 1, got ${minDelta}`);
  }
  const n = train.x.shape[0];
  if (batchSize > n) throw new RangeError(`${where}: batchSize ${batchSize} exceeds the ${n} training samples`);

  const variables = model.params.variables();
  const optimizer = new Adam(variables, { learningRate: baseLr, weightDecay: opts.weightDecay });
  const rng = new Rng(seed);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const total = epochs * batchesPerEpoch;
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  let lastYield = t0, step = 0, lastFinite: number | undefined, lastFiniteStep: number | undefined;
  let best = Infinity, bestEpoch = epochs, sinceBest = 0, stoppedEarly = false;
  let bestWeights: tf.NamedTensorMap | undefined, validationLoss: number | undefined;
  const order = Array.from({ length: n }, (_, i) => i);

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      rng.shuffle(order);
      let sum = 0, lr = baseLr;
      for (let b = 0; b < batchesPerEpoch; b++) {
        lr = baseLr * scheduleFactor(schedule, step, total);
        optimizer.learningRate = lr;
        const idx = tf.tensor1d(order.slice(b * batchSize, Math.min(n, (b + 1) * batchSize)), "int32");
        const value = tf.tidy(() => {
          const xb = tf.gather(train.x, idx), yb = tf.gather(train.y, idx);
          const { value: l, grads } = tf.variableGrads(() => loss(model.apply(xb), yb), variables);
          const v = l.dataSync()[0];
          if (Number.isFinite(v)) optimizer.step(variables.map((p) => grads[p.name]));
          return v;
        });
        idx.dispose();
        step += 1;
        if (!Number.isFinite(value)) throw new NonFiniteLossError(step, epoch, value, lastFinite, lastFiniteStep);
        lastFinite = value; lastFiniteStep = step;
        sum += value;
        opts.onProgress?.(step, total, { epoch, step, loss: value, validationLoss, learningRate: lr });
        if (performance.now() - lastYield > 100) { await yieldToEventLoop(); lastYield = performance.now(); }
      }
      const record: EpochRecord = { epoch, loss: sum / batchesPerEpoch, learningRate: lr };
      if (validation !== undefined) {
        validationLoss = evaluate(model, validation, valLoss, Math.max(batchSize, 64));
        if (!Number.isFinite(validationLoss)) throw new NonFiniteLossError(step, epoch, validationLoss, lastFinite, lastFiniteStep, "validation loss");
        record.validationLoss = validationLoss;
        if (validationLoss < best * (1 - (early?.minDelta ?? 0))) {
          best = validationLoss; bestEpoch = epoch; sinceBest = 0;
          if (early !== undefined) { if (bestWeights) tf.dispose(Object.values(bestWeights)); bestWeights = model.params.snapshot(); }
        } else {
          sinceBest += 1;
        }
      }
      history.push(record);
      if (early !== undefined && sinceBest >= early.patience) { stoppedEarly = true; break; }
    }
    if (bestWeights !== undefined && bestEpoch !== history.length) model.params.assign(bestWeights, where);
    if (early === undefined) bestEpoch = history.length;
  } finally {
    if (bestWeights) tf.dispose(Object.values(bestWeights));
    optimizer.dispose();
  }
  return {
    history, steps: step, epochs: history.length, stoppedEarly, bestEpoch,
    bestValidationLoss: validation === undefined ? undefined : (early === undefined ? history[history.length - 1].validationLoss : best),
    seconds: (performance.now() - t0) / 1000,
  };
}
