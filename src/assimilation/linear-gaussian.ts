/**
 * The linear-Gaussian case of SR-DA theory (Yasuda & Onishi 2024, arXiv:2308.03351, §2): given a
 * background x_b, the truth is x = x_b + e_b with e_b ~ N(0, B), and y = H·x + e_o with e_o ~
 * N(0, R). Then E[x | x_b, y] = x_b + K (y − H·x_b) with the Kalman gain K: a network trained with
 * a mean-squared loss on (x_b, y) → x samples learns the Kalman analysis without being told B or R.
 * Here the state is a periodic ring of n points (grid units) with Gaussian background correlations.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFinite, checkInt, checkPositive } from "../core/checks";
import type { Rng } from "../core/random";
import type { Linear } from "../nn/layers/linear";
import { cholesky } from "./dense";
import type { ObservationOperator } from "./observation";

/**
 * Covariance [n, n] of a periodic ring: the Gaussian variance·exp(−d²/(2·length²)) of the offset d
 * (grid units) summed over its periodic images d + k·n (so it is positive definite on the ring),
 * plus a nugget of 1e-6·variance on the diagonal.
 */
export function ringCovariance(n: number, length: number, variance = 1): Float64Array {
  const where = "assimilation.ringCovariance";
  checkInt(where, "n", n, 1);
  const L = checkPositive(where, "length", length), v = checkPositive(where, "variance", variance);
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let c = 0;
    for (let k = -3; k <= 3; k++) { const d = i - j + k * n; c += Math.exp(-(d * d) / (2 * L * L)); }
    B[i * n + j] = v * c + (i === j ? 1e-6 * v : 0);
  }
  return B;
}

/** One set of samples: backgrounds [S, n], observations [S, m], truths [S, n] (row-major float32). */
export interface LinearGaussianSamples {
  background: Float32Array;
  observations: Float32Array;
  truth: Float32Array;
  count: number;
}

/**
 * S samples of the linear-Gaussian problem: x_b ~ N(0, climatology), x = x_b + B^{1/2}ξ,
 * y = H·x + R^{1/2}η (ξ, η standard normal from `rng`).
 */
export function linearGaussianSamples(opts: { B: Float64Array; R: Float64Array; H: ObservationOperator; climatology: Float64Array; count: number; rng: Rng }): LinearGaussianSamples {
  const where = "assimilation.linearGaussianSamples", { m, n } = opts.H;
  const S = checkInt(where, "count", opts.count, 1);
  const Lb = cholesky(opts.B, n, `${where} (B)`), Lr = cholesky(opts.R, m, `${where} (R)`), Lc = cholesky(opts.climatology, n, `${where} (climatology)`);
  const background = new Float32Array(S * n), truth = new Float32Array(S * n), observations = new Float32Array(S * m);
  const z = new Float64Array(n), zo = new Float64Array(m), xb = new Float64Array(n), x = new Float64Array(n);
  const lower = (L: Float64Array, k: number, v: Float64Array, i: number) => { let s = 0; for (let j = 0; j <= i; j++) s += L[i * k + j] * v[j]; return s; };
  for (let s = 0; s < S; s++) {
    opts.rng.fillNormal(z);
    for (let i = 0; i < n; i++) xb[i] = lower(Lc, n, z, i);
    opts.rng.fillNormal(z);
    for (let i = 0; i < n; i++) x[i] = xb[i] + lower(Lb, n, z, i);
    opts.rng.fillNormal(zo);
    const hx = opts.H.apply(x);
    for (let k = 0; k < m; k++) observations[s * m + k] = hx[k] + lower(Lr, m, zo, k);
    background.set(xb, s * n); truth.set(x, s * n);
  }
  return { background, observations, truth, count: S };
}

/** The tensors { input [S, n + m] (background then observations), truth [S, n] } for nn.fit. */
export function linearGaussianBatch(s: LinearGaussianSamples, n: number, m: number): { input: tf.Tensor2D; truth: tf.Tensor2D } {
  const input = new Float32Array(s.count * (n + m));
  for (let k = 0; k < s.count; k++) {
    input.set(s.background.subarray(k * n, (k + 1) * n), k * (n + m));
    input.set(s.observations.subarray(k * m, (k + 1) * m), k * (n + m) + n);
  }
  return { input: tf.tensor2d(input, [s.count, n + m]), truth: tf.tensor2d(s.truth, [s.count, n]) };
}

/**
 * The gain [n, m] a Linear layer (in n + m: background then observations, out n) has learned:
 * ∂(analysis)_i/∂y_k = weight[n + k, i].
 */
export function learnedGain(layer: Linear, n: number, m: number): Float64Array {
  const where = "assimilation.learnedGain";
  const [ci, co] = layer.weight.shape;
  if (ci !== n + m || co !== n) throw new RangeError(`${where}: the layer must map n + m = ${n + m} inputs to n = ${n} outputs, got weight [${ci}, ${co}]`);
  const w = layer.weight.dataSync(), K = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) K[i * m + k] = w[(n + k) * n + i];
  return K;
}

/** ‖A − B‖_F / ‖B‖_F. */
export function relativeFrobenius(A: ArrayLike<number>, B: ArrayLike<number>): number {
  if (A.length !== B.length || A.length === 0) throw new RangeError(`assimilation.relativeFrobenius: matrices must have the same non-zero size, got ${A.length} and ${B.length}`);
  let d = 0, s = 0;
  for (let i = 0; i < A.length; i++) { d += (A[i] - B[i]) ** 2; s += B[i] ** 2; }
  return checkFinite("assimilation.relativeFrobenius", "result", Math.sqrt(d / s));
}
