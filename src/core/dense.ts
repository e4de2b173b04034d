/**
 * A point-wise linear map y = x·W + b on rows: x [S, Ci] (S = every sample and grid point),
 * W [Ci, Co], optional b [Co] → y [S, Co], float32. It is an FNO's lifting, projection and skip path
 * (a 1x1 convolution in NHWC) and an MLP's layer.
 *
 * The gradient is written by hand so that tfjs-wasm only runs its fast matMul path (no transposed
 * operands): dx = dy·Wᵀ, dW = xᵀ·dy with an explicit transpose of the wider of x and dy, so that the
 * narrower is the right operand XNNPACK packs (packing a wide [S, 128] operand costs more than
 * transposing it: measured 32→128 at S = 32768, ~1.7x), and as Σ_s x ⊙ dy when Co = 1;
 * db = Σ_s dy (core.columnSum, an average pool). Every matMul goes through core's guard against
 * the wasm data-id cache (see RECIPES.md, "silent wrong gradients").
 */
import * as tf from "@tensorflow/tfjs";
import { matMul } from "./matmul";
import { columnSum } from "./column-sum";

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
        // dW = xᵀ·dy: the narrower of x [S, Ci] and dy [S, Co] is the packed right operand
        const Ci = xs.shape[1], Co = g.shape[1];
        const dW = Co === 1 ? columnSum(tf.mul(xs, g)).reshape([Ci, 1])
          : Co <= Ci ? matMul(tf.transpose(xs), g) : tf.transpose(matMul(tf.transpose(g), xs));
        if (!withBias) return [dx, dW];
        const db = columnSum(g);
        return [dx, dW, db];
      },
    };
  })(...(withBias ? [x, W, b] : [x, W])) as tf.Tensor2D;
}
