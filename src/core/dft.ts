/**
 * Truncated real DFTs in 1D and 2D and their inverses, as matMuls against cached cos/sin matrices:
 * fast and differentiable on tfjs-wasm, which has no FFT or complex kernels. They are the two ends of
 * an FNO spectral convolution (Li et al. 2020, arXiv:2010.08895, eq. 4–5) and follow
 * torch.fft.rfft2 / irfft2 as used by neuraloperator:
 *
 * Forward (unnormalised, numpy/torch "backward" norm), for kept modes only:
 *   X[ky, kx, c] = Σ_{h<H, w<W} x[h, w, c] · e^{−2πi (ky·h/H + kx·w/W)}
 * Kept modes: kx = 0 … modesX−1 along the width (the halved axis, x), and along the height (y)
 *   ky = 0, 1, …, modesY−1, −modesY, …, −1 (FFT order: the lowest modesY non-negative, then the
 *   modesY negative frequencies) — 2·modesY × modesX complex modes.
 * Inverse, the real inverse of the spectrum that is zero outside the kept modes:
 *   x[h, w, c] = (1/(H·W)) Σ_kept a_kx · Re(X[ky, kx, c] · e^{+2πi (ky·h/H + kx·w/W)}),
 *   a_0 = 1, a_kx = 2 for 0 < kx < W/2, a_{W/2} = 1 (the Hermitian partner of each kx > 0).
 * So irdft2(rdft2(x)) is the projection of x onto the kept modes, except that ky = −modesY is kept
 * without its partner +modesY: on the columns kx = 0 (and kx = W/2) that mode comes back at half
 * amplitude, exactly as with torch.fft.irfft2 on the truncated spectrum.
 *
 * Spectral layout: [B, 2·modesY, modesX, 2·C] ([B, modes, 2·C] in 1D), channels [Re c… | Im c…].
 */
import * as tf from "@tensorflow/tfjs";
import { fullForward, fullInverse, halvedForward, halvedInverse, matMulConstT } from "./dft-matrices";

export { fullAxisFrequencies as keptFrequencies } from "./dft-matrices";

function shapeOf(t: unknown): string {
  return t instanceof tf.Tensor ? `rank ${t.rank} ${t.dtype} (shape [${t.shape.join(",")}])` : typeof t;
}

function checkTensor(fn: string, name: string, t: tf.Tensor, rank: number, layout: string): void {
  if (!(t instanceof tf.Tensor) || t.rank !== rank || t.dtype !== "float32") {
    throw new TypeError(`${fn}: ${name} must be a rank ${rank} float32 tensor ${layout}, got ${shapeOf(t)}`);
  }
}

function checkHalvedModes(fn: string, name: string, m: number, n: number): void {
  if (!Number.isInteger(m) || m < 1 || m > Math.floor(n / 2) + 1) {
    throw new RangeError(`${fn}: ${name} must be an integer in [1, ${Math.floor(n / 2) + 1}] for ${n} points, got ${String(m)}`);
  }
}

function checkFullModes(fn: string, name: string, m: number, n: number): void {
  if (!Number.isInteger(m) || m < 1 || 2 * m > n) {
    throw new RangeError(`${fn}: ${name} must be an integer in [1, ${Math.floor(n / 2)}] for ${n} points (2·${name} ≤ ${n}), got ${String(m)}`);
  }
}

/**
 * Truncated 2D real DFT. x [B, H, W, C] float32 → [B, 2·modesY, modesX, 2·C] (see the module
 * comment for the kept modes, their order and the normalisation). Differentiable.
 */
export function rdft2(x: tf.Tensor4D, modesY: number, modesX: number): tf.Tensor4D {
  checkTensor("rdft2", "x", x, 4, "[batch, height, width, channels]");
  const [B, H, W, C] = x.shape;
  checkFullModes("rdft2", "modesY", modesY, H);
  checkHalvedModes("rdft2", "modesX", modesX, W);
  const K = 2 * modesY;
  // Each transform contracts the last axis against a constant on the right (matMulConstT).
  let s = tf.transpose(x, [0, 1, 3, 2]).reshape([B * H * C, W]) as tf.Tensor2D; // [b, h, c | w]
  s = matMulConstT(s, halvedForward(W, modesX)); // [b, h, c | re|im, kx]
  s = tf.transpose(s.reshape([B, H, C, 2, modesX]), [0, 2, 4, 3, 1]).reshape([B * C * modesX, 2 * H]); // [b, c, kx | re|im, h]
  s = matMulConstT(s, fullForward(H, modesY)); // [b, c, kx | re|im, ky]
  return tf.transpose(s.reshape([B, C, modesX, 2, K]), [0, 4, 2, 3, 1]).reshape([B, K, modesX, 2 * C]);
}

/**
 * Inverse of `rdft2` onto an H×W grid: X [B, 2·modesY, modesX, 2·C] → x [B, H, W, C] float32 (the
 * modes are read from X's shape). Differentiable.
 */
export function irdft2(X: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  checkTensor("irdft2", "X", X, 4, "[batch, 2·modesY, modesX, 2·channels]");
  const [B, K, mx, C2] = X.shape;
  if (K % 2 !== 0 || C2 % 2 !== 0) {
    throw new RangeError(`irdft2: X must be [batch, 2·modesY, modesX, 2·channels] with even axes 1 and 3, got [${X.shape.join(",")}]`);
  }
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`irdft2: height and width must be positive integers, got ${height}x${width}`);
  }
  const my = K / 2, C = C2 / 2;
  checkFullModes("irdft2", "modesY", my, height);
  checkHalvedModes("irdft2", "modesX", mx, width);
  let s = tf.transpose(X.reshape([B, K, mx, 2, C]), [0, 2, 4, 3, 1]).reshape([B * mx * C, 2 * K]) as tf.Tensor2D; // [b, kx, c | re|im, ky]
  s = matMulConstT(s, fullInverse(height, my)); // [b, kx, c | re|im, h]
  s = tf.transpose(s.reshape([B, mx, C, 2, height]), [0, 4, 2, 3, 1]).reshape([B * height * C, 2 * mx]); // [b, h, c | re|im, kx]
  s = matMulConstT(s, halvedInverse(width, mx)); // [b, h, c | w]
  return tf.transpose(s.reshape([B, height, C, width]), [0, 1, 3, 2]) as tf.Tensor4D;
}

/**
 * Truncated 1D real DFT along the width: x [B, W, C] float32 → [B, modes, 2·C] with
 * X[k, c] = Σ_w x[w, c] e^{−2πi k·w/W}, k = 0 … modes−1, channels [Re | Im]. Differentiable.
 */
export function rdft1(x: tf.Tensor3D, modes: number): tf.Tensor3D {
  checkTensor("rdft1", "x", x, 3, "[batch, width, channels]");
  const [B, W, C] = x.shape;
  checkHalvedModes("rdft1", "modes", modes, W);
  const xt = tf.transpose(x, [0, 2, 1]).reshape([B * C, W]) as tf.Tensor2D; // [b, c | w]
  const s = matMulConstT(xt, halvedForward(W, modes)); // [b, c | re|im, k]
  return tf.transpose(s.reshape([B, C, 2, modes]), [0, 3, 2, 1]).reshape([B, modes, 2 * C]);
}

/**
 * Inverse of `rdft1` onto `width` points: X [B, modes, 2·C] → x [B, W, C] with
 * x[w] = (1/W) Σ_k a_k Re(X[k] e^{+2πi k·w/W}) (a_k as in 2D). Differentiable.
 */
export function irdft1(X: tf.Tensor3D, width: number): tf.Tensor3D {
  checkTensor("irdft1", "X", X, 3, "[batch, modes, 2·channels]");
  const [B, m, C2] = X.shape;
  if (C2 % 2 !== 0) throw new RangeError(`irdft1: X must be [batch, modes, 2·channels] with an even last axis, got [${X.shape.join(",")}]`);
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`irdft1: width must be a positive integer, got ${width}`);
  checkHalvedModes("irdft1", "modes", m, width);
  const C = C2 / 2;
  const s = tf.transpose(X.reshape([B, m, 2, C]), [0, 3, 2, 1]).reshape([B * C, 2 * m]) as tf.Tensor2D; // [b, c | re|im, k]
  const x = matMulConstT(s, halvedInverse(width, m)); // [b, c | w]
  return tf.transpose(x.reshape([B, C, width]), [0, 2, 1]) as tf.Tensor3D;
}
