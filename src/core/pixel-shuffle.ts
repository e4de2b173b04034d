/**
 * Pixel shuffle (depth → space) and its inverse, NHWC, float32, differentiable on every backend.
 *
 * Channel order is TensorFlow's depthToSpace ("DCR"): output pixel (h·r + i, w·r + j) channel c
 * comes from input pixel (h, w) channel (i·r + j)·C + c. (PyTorch's nn.PixelShuffle on NCHW uses
 * c·r² + i·r + j instead.) Built from one rank-4 transpose between reshapes: tfjs has no gradient
 * for DepthToSpace, and its wasm DepthToSpace kernel is ~100x slower than this transpose
 * (measured: 31 ms vs 0.3 ms for [8,32,32,128], r = 2).
 */
import * as tf from "@tensorflow/tfjs";

function shapeOf(t: unknown): string {
  return t instanceof tf.Tensor ? `rank ${t.rank} ${t.dtype} (shape [${t.shape.join(",")}])` : typeof t;
}

function checkFactor(fn: string, r: number): void {
  if (!Number.isInteger(r) || r < 1) throw new RangeError(`${fn}: factor must be an integer ≥ 1, got ${String(r)}`);
}

function checkInput(fn: string, x: tf.Tensor4D): void {
  if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.dtype !== "float32") {
    throw new TypeError(`${fn}: x must be a rank 4 float32 tensor [batch, height, width, channels], got ${shapeOf(x)}`);
  }
}

/**
 * x [B, H, W, r²·C] → [B, H·r, W·r, C] (channel order above). Equals tf.depthToSpace(x, r).
 */
export function pixelShuffle(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  checkInput("pixelShuffle", x);
  checkFactor("pixelShuffle", factor);
  const [B, H, W, D] = x.shape, r = factor;
  if (D % (r * r) !== 0) {
    throw new RangeError(`pixelShuffle: channels must be divisible by factor² = ${r * r}, got x [${x.shape.join(",")}]`);
  }
  const C = D / (r * r);
  // [B·H, W, r(i), r·C (j, c)] → [B·H, r(i), W, r·C] → rows (b, h, i), columns (w, j, c)
  return tf.transpose(x.reshape([B * H, W, r, r * C]), [0, 2, 1, 3]).reshape([B, H * r, W * r, C]);
}

/**
 * The inverse of `pixelShuffle`: x [B, H·r, W·r, C] → [B, H, W, r²·C] (TensorFlow's spaceToDepth).
 */
export function pixelUnshuffle(x: tf.Tensor4D, factor: number): tf.Tensor4D {
  checkInput("pixelUnshuffle", x);
  checkFactor("pixelUnshuffle", factor);
  const [B, Hr, Wr, C] = x.shape, r = factor;
  if (Hr % r !== 0 || Wr % r !== 0) {
    throw new RangeError(`pixelUnshuffle: height and width must be divisible by factor ${r}, got x [${x.shape.join(",")}]`);
  }
  const H = Hr / r, W = Wr / r;
  // [B·H, r(i), W, r·C] → [B·H, W, r(i), r·C]
  return tf.transpose(x.reshape([B * H, r, W, r * C]), [0, 2, 1, 3]).reshape([B, H, W, r * r * C]);
}
