/**
 * A point-wise linear map y = x·W + b on rows: x [S, Ci] (S = every sample and grid point),
 * W [Ci, Co], optional b [Co] → y [S, Co], float32. It is an FNO's lifting, projection and skip path
 * (a 1x1 convolution in NHWC) and an MLP's layer.
 *
 * The gradient is written by hand so that tfjs-wasm only runs its fast matMul path (no transposed
 * operands): dx = dy·Wᵀ; dW = xᵀ·dy with an explicit transpose of the wider of x and dy, so that the
 * narrower is the right operand XNNPACK packs (packing a wide [S, 128] operand costs more than
 * transposing it: ~1.7x at S = 32768, 32→128 and 128→32); db = 1ᵀ·dy when dy is that packed operand
 * (XNNPACK reuses its packing: ~0.2 ms) and dyᵀ·1 when dyᵀ was formed for dW. Every sum runs over
 * the rows in order, as 1ᵀ·dy and xᵀ·dy always did: the values are bit-identical to those forms.
 * Every matMul goes through core's guard against the wasm data-id cache (see RECIPES.md, "silent
 * wrong gradients"). For one output channel on wasm (an FNO's last projection), dW = xᵀ·dy is a host
 * kernel instead: the same float32 multiply-adds over the rows in order, as XNNPACK's GEMM does them
 * (bit-identical, tested), without transposing x — whose transpose at [32768, 128] took 22 ms of the
 * 25 (bench/README.md).
 */
import * as tf from "@tensorflow/tfjs";
import { runHostKernel, untapedOnWasm, type HostKernel } from "./host-kernel";
import { matMul } from "./matmul";
import { onesRow } from "./ones-row";

const ROW_DOT = "KazamiRowDot";

/**
 * x [S, Ci] and g [S, 1] (the operand) → [Ci, 1], out[i] = Σ_s x[s, i]·g[s], summed over s in order in
 * float32 (a float32 product is exact in a double, and a sum of two float32s rounded through a
 * double then to float32 is the float32 sum: the stores into the Float32Array do the rounding).
 */
const rowDot: HostKernel = {
  outShape: ([, ci]) => [ci, 1],
  fill: (x, out, [rows, ci], _attrs, [g]) => {
    out.fill(0);
    for (let s = 0, o = 0; s < rows; s++, o += ci) {
      const gs = g[s];
      for (let i = 0; i < ci; i++) out[i] += Math.fround(x[o + i] * gs);
    }
  },
};

/** xᵀ·g for g [S, 1]: the host kernel on wasm with no tape recording (it has no gradient), else the matMul. */
function transposedTimesColumn(x: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  if (untapedOnWasm()) return runHostKernel(ROW_DOT, rowDot, x, {}, [], [g]) as tf.Tensor2D;
  return matMul(tf.transpose(x), g);
}

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
        // dW = xᵀ·dy with the narrower of x [S, Ci] and dy [S, Co] as the packed right operand
        const [S, Ci] = xs.shape, Co = g.shape[1];
        if (Co <= Ci) {
          const dW = Co === 1 ? transposedTimesColumn(xs, g) : matMul(tf.transpose(xs), g);
          return withBias ? [dx, dW, matMul(onesRow(S), g).reshape([Co])] : [dx, dW];
        }
        const gT = tf.transpose(g); // [Co, S]
        const dW = tf.transpose(matMul(gT, xs));
        if (!withBias) return [dx, dW];
        const db = matMul(gT, tf.ones([S, 1]) as tf.Tensor2D).reshape([Co]); // packing a column of ones is cheap
        return [dx, dW, db];
      },
    };
  })(...(withBias ? [x, W, b] : [x, W])) as tf.Tensor2D;
}
