/**
 * Per-mode channel mixing, the learned multiplication of an FNO's spectral convolution
 * (Li et al. 2020, eq. 5: (R·F(v))_k = R_k F(v)_k, one matrix R_k per kept Fourier mode k):
 *
 *   out[b, k, q] = Σ_p x[b, p, k] · f[p, k, q]
 *
 * for real tensors; the complex product is assembled from two calls (see spectral-conv.ts).
 * Computed as one depthwise convolution with a channel multiplier (input [B, 1, P, K] with the K modes
 * as channels, filter [1, P, K, Q], 'valid' → [B, 1, 1, K·Q]), which tfjs-wasm runs through XNNPACK,
 * instead of a batched matMul over modes (its slow path). The gradients are depthwise convolutions
 * too, because wasm has no DepthwiseConv2dNativeBackprop kernels.
 */
import * as tf from "@tensorflow/tfjs";

/** x [B, P, K] (float32), f [P, K, Q] → [B, K, Q]. Callers validate shapes. */
export function modeMix(x: tf.Tensor3D, f: tf.Tensor3D): tf.Tensor3D {
  const [B, P, K] = x.shape;
  const Q = f.shape[2];
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, f] = args as tf.Tensor[], save = args[2] as tf.GradSaveFunc;
    save([x, f]);
    const value = tf.depthwiseConv2d(x.reshape([B, 1, P, K]) as tf.Tensor4D, f.reshape([1, P, K, Q]) as tf.Tensor4D, 1, "valid")
      .reshape([B, K, Q]);
    return {
      value,
      gradFunc: (dy, saved) => {
        const [xs, fs] = saved;
        // dx[b, p, k] = Σ_q dy[b, k, q] f[p, k, q]: input dy as [B, 1, Q, K], filter f as [1, Q, K, P]
        const dyT = tf.transpose(dy, [0, 2, 1]).reshape([B, 1, Q, K]) as tf.Tensor4D;
        const fT = tf.transpose(fs, [2, 1, 0]).reshape([1, Q, K, P]) as tf.Tensor4D;
        const dx = tf.transpose(tf.depthwiseConv2d(dyT, fT, 1, "valid").reshape([B, K, P]), [0, 2, 1]);
        // df[p, k, q] = Σ_b x[b, p, k] dy[b, k, q]: input x as [P, 1, B, K], filter dy as [1, B, K, Q]
        const xT = tf.transpose(xs, [1, 0, 2]).reshape([P, 1, B, K]) as tf.Tensor4D;
        const df = tf.depthwiseConv2d(xT, dy.reshape([1, B, K, Q]) as tf.Tensor4D, 1, "valid").reshape([P, K, Q]);
        return [dx, df];
      },
    };
  })(x, f) as tf.Tensor3D;
}
