/**
 * What an attribution explains: one scalar per sample of a model's output. `target` is an index
 * into the flattened per-sample output (captum's `target`), a function output → [N], or omitted when
 * f already returns one value per sample ([N] or [N, 1]).
 */
import * as tf from "@tensorflow/tfjs";
import { checkFunction, checkInt, describe, shapeString } from "../core";

/** f maps a batch [N, ...in] to [N, ...out] sample by sample (no mixing of samples). */
export type Forward = (x: tf.Tensor) => tf.Tensor;

/** An output index (row-major over the non-batch axes) or a function y [N, ...out] → [N]. */
export type Target = number | ((y: tf.Tensor) => tf.Tensor);

/** The target scalar of each of the `rows` samples of y [rows, ...out], as a tensor [rows]. */
export function selectTarget(where: string, y: unknown, rows: number, target: Target | undefined): tf.Tensor1D {
  if (!(y instanceof tf.Tensor)) throw new TypeError(`${where}: f must return a tf.Tensor [N, ...out], got ${describe(y)}`);
  if (y.rank < 1 || y.shape[0] !== rows) {
    throw new RangeError(`${where}: f must keep the batch axis: for ${rows} inputs it returned shape ${shapeString(y.shape)}, expected [${rows}, ...out]`);
  }
  const perSample = y.size / rows;
  if (target === undefined) {
    if (perSample !== 1) {
      throw new RangeError(`${where}: f returns ${perSample} values per sample (shape ${shapeString(y.shape)}); give target, an output index in [0, ${perSample - 1}] or a function output → [N]`);
    }
    return y.reshape([rows]);
  }
  if (typeof target === "number") {
    checkInt(where, "target", target, 0, perSample - 1);
    return y.reshape([rows, perSample]).slice([0, target], [rows, 1]).reshape([rows]);
  }
  const s = checkFunction<(y: tf.Tensor) => tf.Tensor>(where, "target", target, "(y [N, ...out]) => [N]")(y);
  if (!(s instanceof tf.Tensor) || s.size !== rows || (s.rank !== 1 && !(s.rank === 2 && s.shape[1] === 1))) {
    throw new RangeError(`${where}: target(y) must return one value per sample, [${rows}], got ${describe(s)}`);
  }
  return s.reshape([rows]);
}

/** F(x) = target(f(x)) per sample, [N] in float64, without gradients; checks f and target on the way. */
export function targetValues(where: string, f: Forward, x: tf.Tensor, target: Target | undefined): Float64Array {
  const s = tf.tidy(() => selectTarget(where, f(x), x.shape[0], target));
  const v = Float64Array.from(s.dataSync());
  s.dispose();
  return v;
}

/**
 * ∇ₓ F at every row of `points` [R, ...in] (rows independent, f per sample), in one backward pass:
 * returns the gradient [R, ...in] (caller disposes). The target must already have been checked
 * (targetValues) — this runs inside the tape, where a throw would leak tensors.
 */
export function targetGradients(f: Forward, points: tf.Tensor, target: Target | undefined): tf.Tensor {
  const rows = points.shape[0];
  return tf.tidy(() => tf.grad((z: tf.Tensor) => {
    // + 0·Σz keeps a path from z to the result, so a target that ignores the input has gradient 0
    return tf.add(tf.sum(selectTarget("sensitivity", f(z), rows, target)), tf.mul(tf.sum(z), 0));
  })(points));
}
