/**
 * Constant cos/sin matrices of the truncated real DFTs (internal to core/dft), built in float64
 * with exact integer phase reduction, stored as float32 tensors kept outside any tidy scope and
 * cached per (backend, kind, n, modes); each comes with its transpose so that the transform and its
 * gradient both run the fast non-transposed matMul on wasm with the constant as the right operand.
 */
import * as tf from "@tensorflow/tfjs";
import { matMul } from "./matmul";

/** A constant matrix and its transpose. */
export interface ConstMatrix {
  m: tf.Tensor2D;
  mT: tf.Tensor2D;
}

const cache = new Map<string, ConstMatrix>();

/** Angle 2π·(k·j mod n)/n, exact for any integers. */
function phase(k: number, j: number, n: number): number {
  const r = (((k * j) % n) + n) % n;
  return (2 * Math.PI * r) / n;
}

/** Kept frequencies along a full (non-halved) axis of n points: 0..m−1 then −m..−1. */
export function fullAxisFrequencies(n: number, m: number): number[] {
  const f: number[] = [];
  for (let k = 0; k < m; k++) f.push(k);
  for (let k = -m; k < 0; k++) f.push(k);
  return f;
}

function cached(key: string, rows: number, cols: number, fill: (a: Float32Array) => void): ConstMatrix {
  const hit = cache.get(key);
  if (hit !== undefined && !hit.m.isDisposed && !hit.mT.isDisposed) return hit;
  const a = new Float32Array(rows * cols);
  fill(a);
  const entry = tf.tidy(() => {
    const m = tf.tensor2d(a, [rows, cols]);
    return { m: tf.keep(m), mT: tf.keep(tf.transpose(m)) };
  });
  cache.set(key, entry);
  return entry;
}

/**
 * Real → complex along a halved axis: [2m, n] = [[cos], [−sin]] with rows k = 0..m−1, so that
 * F·x gives (Re X_k; Im X_k), X_k = Σ_j x_j e^{−2πi kj/n}.
 */
export function halvedForward(n: number, m: number): ConstMatrix {
  return cached(`${tf.getBackend()}|hf|${n}|${m}`, 2 * m, n, (a) => {
    for (let k = 0; k < m; k++) for (let j = 0; j < n; j++) {
      const t = phase(k, j, n);
      a[k * n + j] = Math.cos(t);
      a[(m + k) * n + j] = -Math.sin(t);
    }
  });
}

/**
 * Complex → real along a halved axis, including the 1/n factor and Hermitian weights
 * c_0 = 1, c_k = 2 (c_{n/2} = 1): [n, 2m] with x_j = Σ_k c_k (Re X_k cos − Im X_k sin)/n.
 */
export function halvedInverse(n: number, m: number): ConstMatrix {
  return cached(`${tf.getBackend()}|hi|${n}|${m}`, n, 2 * m, (a) => {
    for (let j = 0; j < n; j++) for (let k = 0; k < m; k++) {
      const t = phase(k, j, n);
      const c = (k === 0 || 2 * k === n ? 1 : 2) / n;
      a[j * 2 * m + k] = c * Math.cos(t);
      a[j * 2 * m + m + k] = -c * Math.sin(t);
    }
  });
}

/**
 * Complex → complex forward along a full axis, kept frequencies `fullAxisFrequencies(n, m)`
 * (K = 2m of them): [2K, 2n] = [[C, S], [−S, C]] acting on (Re; Im) stacked along the axis.
 */
export function fullForward(n: number, m: number): ConstMatrix {
  const f = fullAxisFrequencies(n, m), K = f.length;
  return cached(`${tf.getBackend()}|ff|${n}|${m}`, 2 * K, 2 * n, (a) => {
    for (let r = 0; r < K; r++) for (let j = 0; j < n; j++) {
      const t = phase(f[r], j, n), c = Math.cos(t), s = Math.sin(t);
      a[r * 2 * n + j] = c;
      a[r * 2 * n + n + j] = s;
      a[(K + r) * 2 * n + j] = -s;
      a[(K + r) * 2 * n + n + j] = c;
    }
  });
}

/** Complex → complex inverse along a full axis, with the 1/n factor: [2n, 2K] = [[C, −S], [S, C]]/n. */
export function fullInverse(n: number, m: number): ConstMatrix {
  const f = fullAxisFrequencies(n, m), K = f.length;
  return cached(`${tf.getBackend()}|fi|${n}|${m}`, 2 * n, 2 * K, (a) => {
    for (let j = 0; j < n; j++) for (let r = 0; r < K; r++) {
      const t = phase(f[r], j, n), c = Math.cos(t) / n, s = Math.sin(t) / n;
      a[j * 2 * K + r] = c;
      a[j * 2 * K + K + r] = -s;
      a[(n + j) * 2 * K + r] = s;
      a[(n + j) * 2 * K + K + r] = c;
    }
  });
}

/**
 * y = x·Mᵀ for x [S, n] and a constant M [R, n] → [S, R], with the gradient dy·M. The constant is the
 * right operand of both matMuls: tfjs-wasm packs a right operand into its XNNPACK operator once per
 * buffer and caches it, so a constant on the right is packed once, while an activation on the right
 * would be repacked at every call (measured on rdft2 at FNO sizes: its two forward matMuls 32 → 3 ms).
 */
export function matMulConstT(x: tf.Tensor2D, c: ConstMatrix): tf.Tensor2D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: matMul(args[0] as tf.Tensor2D, c.mT),
    gradFunc: (dy: tf.Tensor) => [matMul(dy as tf.Tensor2D, c.m)],
  }))(x) as tf.Tensor2D;
}
