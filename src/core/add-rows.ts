/**
 * y = x + 1·p: adds one row p [1, N] to every row of x [B, N] (float32), the batch broadcast of a
 * per-grid-point term such as an FNO's coordinate lifting. The gradient of p is 1ᵀ·dy, a matMul,
 * instead of tfjs' Sum over the first axis (slow on wasm).
 */
import * as tf from "@tensorflow/tfjs";
import { matMul } from "./matmul";
import { onesRow } from "./ones-row";

/** x [B, N] + p [1, N] → [B, N]. Callers validate shapes. */
export function addRows(x: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor2D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, ps] = args as [tf.Tensor2D, tf.Tensor2D];
    return {
      value: tf.add(xs, ps),
      gradFunc: (dy: tf.Tensor) => [dy, matMul(onesRow(xs.shape[0]), dy as tf.Tensor2D)],
    };
  })(x, p) as tf.Tensor2D;
}
