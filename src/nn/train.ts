/**
 * Supervised training, the common case of nn.fit: minimise loss(model.apply(x, cond), y) over
 * pairs (x, y), optionally with a conditioning tensor per sample. A thin wrapper: batching, the
 * schedule, validation, early stopping, the NaN guard and determinism are fit's (fit.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { checkObject, describe } from "../core";
import { fit, type FitOptions, type FitResult } from "./fit";
import { resolveLoss, type LossFn, type LossName } from "./losses";
import type { Module } from "./module";

/** Inputs, targets and (optionally) a conditioning tensor; axis 0 is the sample. */
export interface TrainData {
  x: tf.Tensor;
  y: tf.Tensor;
  /** Passed to model.apply(x, cond) row by row with x. */
  cond?: tf.Tensor;
}

export interface TrainOptions extends Omit<FitOptions, "data" | "validation"> {
  /** Training loss (default "mse"). */
  loss?: LossName | LossFn;
  /** Loss reported on the validation set (default: the training loss). */
  validationLoss?: LossName | LossFn;
  validation?: TrainData;
}

function checkPairs(where: string, name: string, d: unknown): TrainData {
  checkObject(where, name, d);
  const { x, y } = d as TrainData;
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) throw new TypeError(`${where}: ${name}.x and ${name}.y must be tf.Tensors, got ${describe(x)} and ${describe(y)}`);
  return d as TrainData;
}

/** Trains `model` in place on (x, y) pairs and returns the history; see TrainOptions and nn.fit. */
export async function train(model: Module, data: TrainData, opts: TrainOptions): Promise<FitResult> {
  const where = "nn.train";
  checkPairs(where, "data", data);
  if (opts.validation !== undefined) checkPairs(where, "validation", opts.validation);
  checkObject(where, "options", opts);
  const loss = resolveLoss(where, opts.loss);
  const validationLoss = opts.validationLoss === undefined ? loss : resolveLoss(where, opts.validationLoss);
  const { loss: _l, validationLoss: _v, validation, ...rest } = opts;
  const asBatch = (d: TrainData): Record<string, tf.Tensor> => (d.cond === undefined ? { x: d.x, y: d.y } : { x: d.x, y: d.y, cond: d.cond });
  return fit(model, (b, ctx) => (ctx.training ? loss : validationLoss)(model.apply(b.x, b.cond), b.y), {
    ...rest, data: asBatch(data), validation: validation === undefined ? undefined : asBatch(validation),
  }, where);
}
