/**
 * Batched matMul a · b over a leading batch axis, with tf.matMul's values and gradient, faster on
 * tfjs-wasm where the contraction is short.
 *
 * tfjs-wasm runs a batched (or transposed) matMul through its own loop at 1–2 GFLOP/s, against
 * 20–30 for XNNPACK's GEMM on one non-transposed matrix pair. That loop sums each output over the
 * contraction in blocks of 48 terms (each block from zero, then added to the output); XNNPACK's GEMM
 * sums all terms in order. For a contraction of at most 48 terms the two are the same float32
 * operations, so this module runs such products as one GEMM per batch entry (through core's guarded
 * matMul), bit-identical to tf.matMul, and leaves longer contractions and small products (where
 * the per-call cost wins) to tf.matMul. The gradient is tfjs' own for BatchMatMul, each of its two
 * products chosen the same way. Attention's Q̃·(K̃ᵀṼ) over d ≤ 48 features per head is the case
 * this is for: 3–4× faster at notebook 05's sizes.
 */
import * as tf from "@tensorflow/tfjs";
import { matMul } from "./matmul";
import { checkTensor } from "./validate";

/** Longest contraction whose sums tfjs-wasm's batched loop does in one block (its block size). */
const ONE_BLOCK = 48;
/** Below this many multiply-adds in all, the per-entry calls cost more than the loop (measured). */
const MIN_WORK = 1 << 18;

/** One product, by the per-entry GEMMs where they give tf.matMul's bits faster, else tf.matMul. */
function product(a: tf.Tensor3D, b: tf.Tensor3D, transposeA: boolean, transposeB: boolean): tf.Tensor3D {
  const [batch] = a.shape, n = transposeA ? a.shape[2] : a.shape[1], k = transposeA ? a.shape[1] : a.shape[2];
  const m = transposeB ? b.shape[1] : b.shape[2];
  if (tf.getBackend() !== "wasm" || k > ONE_BLOCK || batch * n * k * m < MIN_WORK) return tf.matMul(a, b, transposeA, transposeB);
  const as = tf.unstack(transposeA ? tf.transpose(a, [0, 2, 1]) : a) as tf.Tensor2D[];
  const bs = tf.unstack(transposeB ? tf.transpose(b, [0, 2, 1]) : b) as tf.Tensor2D[];
  return tf.stack(as.map((ai, i) => matMul(ai, bs[i]))) as tf.Tensor3D;
}

/**
 * a [P, n, k] · b [P, k, m] → [P, n, m] (float32; `transposeA` takes a as [P, k, n], `transposeB`
 * b as [P, m, k]), the values and gradient of tf.matMul(a, b, transposeA, transposeB) bit for bit.
 */
export function batchMatMul(a: tf.Tensor3D, b: tf.Tensor3D, transposeA = false, transposeB = false): tf.Tensor3D {
  checkTensor("batchMatMul", "a", a, 3, "[batch, rows, columns]");
  checkTensor("batchMatMul", "b", b, 3, "[batch, rows, columns]");
  const ka = transposeA ? a.shape[1] : a.shape[2], kb = transposeB ? b.shape[2] : b.shape[1];
  if (a.shape[0] !== b.shape[0] || ka !== kb) {
    throw new RangeError(`batchMatMul: a [${a.shape.join(",")}]${transposeA ? "ᵀ" : ""} · b [${b.shape.join(",")}]${transposeB ? "ᵀ" : ""}: ` +
      "the batch sizes and inner dimensions must agree");
  }
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y] = args as [tf.Tensor3D, tf.Tensor3D];
    (args[2] as tf.GradSaveFunc)([x, y]);
    return {
      value: product(x, y, transposeA, transposeB),
      // tfjs' BatchMatMul gradient, case by case
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor3D, tf.Tensor3D], g = dy as tf.Tensor3D;
        if (!transposeA && !transposeB) return [product(g, ys, false, true), product(xs, g, true, false)];
        if (!transposeA && transposeB) return [product(g, ys, false, false), product(g, xs, true, false)];
        if (transposeA && !transposeB) return [product(ys, g, false, true), product(xs, g, false, false)];
        return [product(ys, g, true, true), product(g, xs, true, true)];
      },
    };
  })(a, b) as tf.Tensor3D;
}
