/**
 * Learned upsampling by sub-pixel convolution (Shi et al. 2016, "Real-time single image and video
 * super-resolution using an efficient sub-pixel convolutional neural network", ESPCN): a conv2d to
 * r²·Co channels at low resolution, then a pixel shuffle to [H·r, W·r, Co]. Equivalent to a
 * transposed convolution with stride r, without its checkerboard-prone zero insertion, and fast on
 * wasm (forward convolutions and one rank-4 transpose).
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d, type ConvActivation } from "./conv2d";
import { pixelShuffle } from "./pixel-shuffle";

/** Options of `subpixelUpsample`. */
export interface SubpixelUpsampleOptions {
  /** Upsampling factor r ≥ 1 (integer). */
  factor: number;
  /** Bias [r²·Co], float32, in the conv's channel order (channel (i·r + j)·Co + c feeds sub-pixel (i, j)). */
  bias?: tf.Tensor1D;
  /** Point-wise activation (applied before the shuffle, which commutes with it). Default "none". */
  activation?: ConvActivation;
}

/**
 * x [B, H, W, Ci], filter [k, k, Ci, r²·Co] (odd k, 'same' padding) → [B, H·r, W·r, Co], float32.
 * Differentiable with respect to x, filter and bias on every backend.
 */
export function subpixelUpsample(x: tf.Tensor4D, filter: tf.Tensor4D, opts: SubpixelUpsampleOptions): tf.Tensor4D {
  const r = opts?.factor;
  if (!Number.isInteger(r) || r < 1) throw new RangeError(`subpixelUpsample: factor must be an integer ≥ 1, got ${String(r)}`);
  if (filter instanceof tf.Tensor && filter.rank === 4 && filter.shape[3] % (r * r) !== 0) {
    throw new RangeError(
      `subpixelUpsample: filter output channels must be divisible by factor² = ${r * r}, got filter [${filter.shape.join(",")}]`,
    );
  }
  const y = conv2d(x, filter, { padding: "same", bias: opts.bias, activation: opts.activation });
  return pixelShuffle(y, r);
}
