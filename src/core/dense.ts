/**
 * A point-wise linear map y = x·W + b on rows: x [S, Ci] (S = every sample and grid point),
 * W [Ci, Co], optional b [Co] → y [S, Co], float32. It is an FNO's lifting, projection and skip path
 * (a 1x1 convolution in NHWC) and an MLP's layer.
 *
 * The gradient is written by hand so that tfjs-wasm only runs its fast matMul path (no transposed
 * operands): dx = dy·Wᵀ and dW = xᵀ·dy with explicit transposes of the narrower operand,
 * db = 1ᵀ·dy (a matMul: wasm's Sum over the first axis is several times slower). Every matMul goes
 * through core's guard against the wasm data-id cache (see RECIPES.md, "silent wrong gradients").
 */
import * as tf from "@tensorflow/tfjs";
import { matMul } from "./matmul";
import { onesRow } from "./ones-row";

/** x [S, Ci] · W [Ci, Co] (+ b [Co]) → [S, Co]. Callers validate shapes. */
export function dense(x: tf.Tensor2D, W: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  const withBias = b !== undefined;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, W] = args as [tf.Tensor2D, tf.Tensor2D];
    (args[args.length - 1] as tf.GradSaveFunc)([x, W]);
    const xw = matMul(x, W);
    return {
      value: withBias ? tf.add(xw, args[2] as tf.Tensor1D) : xw,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, Ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = dy as tf.Tensor2D;
        const dx = matMul(g, tf.transpose(Ws));
        // dW = xᵀ·dy: transpose the narrower of x [S, Ci] and dy [S, Co] (a wide transpose costs more
        // than packing the other operand); dyᵀ is a free reshape when Co = 1
        const [S, Ci] = xs.shape, Co = g.shape[1];
        const dW = Co === 1 ? matMul(g.reshape([1, S]) as tf.Tensor2D, xs).reshape([Ci, 1])
          : Ci <= Co ? matMul(tf.transpose(xs), g) : tf.transpose(matMul(tf.transpose(g), xs));
        if (!withBias) return [dx, dW];
        const db = matMul(onesRow(g.shape[0]), g).reshape([g.shape[1]]);
        return [dx, dW, db];
      },
    };
  })(...(withBias ? [x, W, b] : [x, W])) as tf.Tensor2D;
}
