/**
 * Losses and error metrics on batches whose axis 0 is the sample (any layout after it), float32.
 */
import * as tf from "@tensorflow/tfjs";
import { checkOneOf, shapeString } from "../core";

export const LOSSES = ["mse", "relativeL2"] as const;
export type LossName = (typeof LOSSES)[number];
/** A loss: prediction and target of the same shape → scalar. */
export type LossFn = (prediction: tf.Tensor, target: tf.Tensor) => tf.Scalar;

function checkSameShape(where: string, p: tf.Tensor, t: tf.Tensor): void {
  if (p.shape.length !== t.shape.length || p.shape.some((d, i) => d !== t.shape[i])) {
    throw new RangeError(`${where}: prediction and target must have the same shape, got ${shapeString(p.shape)} and ${shapeString(t.shape)}`);
  }
}

/** Mean squared error over all entries. */
export function mse(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  checkSameShape("nn.mse", prediction, target);
  return tf.tidy(() => tf.mean(tf.squaredDifference(prediction, target)) as tf.Scalar);
}

/**
 * Per-sample relative L2 error ‖p − t‖₂ / ‖t‖₂ over all axes but the first, averaged over samples:
 * the error Li et al. (2020, §5) report and train on (their LpLoss with p = 2).
 */
export function relativeL2(prediction: tf.Tensor, target: tf.Tensor): tf.Scalar {
  checkSameShape("nn.relativeL2", prediction, target);
  return tf.tidy(() => tf.mean(relativeL2PerSample_(prediction, target)) as tf.Scalar);
}

/** [batch] relative L2 error of each sample (see relativeL2). */
export function relativeL2PerSample(prediction: tf.Tensor, target: tf.Tensor): tf.Tensor1D {
  checkSameShape("nn.relativeL2PerSample", prediction, target);
  return tf.tidy(() => relativeL2PerSample_(prediction, target));
}

function relativeL2PerSample_(p: tf.Tensor, t: tf.Tensor): tf.Tensor1D {
  const b = p.shape[0];
  const d = tf.reshape(tf.sub(p, t), [b, -1]);
  const r = tf.reshape(t, [b, -1]);
  const num = tf.sqrt(tf.sum(tf.square(d), 1));
  const den = tf.sqrt(tf.sum(tf.square(r), 1));
  return tf.div(num, tf.maximum(den, 1e-30)) as tf.Tensor1D;
}

/** The loss function of a name, or the function itself. */
export function resolveLoss(where: string, loss: LossName | LossFn | undefined): LossFn {
  if (typeof loss === "function") return loss;
  const name = checkOneOf(where, "loss", loss ?? "mse", LOSSES);
  return name === "mse" ? mse : relativeL2;
}
