/**
 * The one path-integral core behind integrated gradients and local attribution maps: for a path
 * γ(α) from a start γ(0) to the input x = γ(1), the attribution of input entry j is
 *   A_j = ∫₀¹ ∂F/∂x_j(γ(α)) · dγ_j/dα dα ≈ Σ_k ∂F/∂x_j(γ(α_k)) · v_kj,
 * with v_k the (quadrature-weighted) path velocity or the path increment γ(α_k) − γ(α_{k−1}).
 * Completeness: Σ_j A_j = F(x) − F(γ(0)) up to the quadrature error, reported as `delta`.
 *
 * Evaluation is batched like captum's `internalBatchSize`: the steps of all N samples are stacked
 * into batches of at most internalBatchSize rows, one forward + backward pass per batch, so
 * 128 steps of 4 samples with internalBatchSize 256 cost 2 passes, not 512.
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkObject, shapeString } from "../core";
import { targetGradients, targetValues, type Forward, type Target } from "./target";

/** A discretised path for a batch x [N, ...in]: `nSteps` points, produced a chunk at a time. */
export interface DiscretePath {
  nSteps: number;
  /** γ(0) [N, ...in], the start (baseline). */
  start: tf.Tensor;
  /**
   * Steps k0 … k0 + c − 1, step-major: points [c·N, ...in] (row k·N + n = sample n at step k) and
   * the matching velocities [c·N, ...in] with the quadrature weight folded in.
   */
  chunk(k0: number, c: number): { points: tf.Tensor; velocities: tf.Tensor };
}

/** Every attribution method returns this. */
export interface AttributionResult {
  /** Attributions, shaped like the input [N, ...in] (Grad-CAM: the layer's grid [N, h, w, 1]). Caller disposes. */
  attributions: tf.Tensor;
  /** Per sample, Σ attributions − (F(x) − F(baseline)): the completeness error (path methods, gradient × input). */
  delta?: Float64Array;
}

export interface PathIntegralOptions {
  /** Which scalar of f's output per sample (see Target). */
  target?: Target;
  /** Rows (steps × samples) per forward/backward pass, ≥ N (default max(N, 256)). */
  internalBatchSize?: number;
}

/** Rows per pass: at least one step of every sample. */
export function stepsPerPass(where: string, n: number, nSteps: number, internalBatchSize: number | undefined): number {
  const ibs = checkInt(where, "internalBatchSize", internalBatchSize ?? Math.max(n, 256), 1);
  if (ibs < n) throw new RangeError(`${where}: internalBatchSize must be ≥ the batch size N = ${n} (one step of every sample per pass), got ${ibs}`);
  return Math.max(1, Math.min(nSteps, Math.floor(ibs / n)));
}

/**
 * Σ_k ∇F(γ_k) ⊙ v_k over the path, for x [N, ...in] (float32) and F = target ∘ f, with
 * delta = Σ_j A_j − (F(x) − F(γ(0))) per sample (float64). The path's tensors are the caller's.
 */
export function pathIntegral(where: string, f: Forward, x: tf.Tensor, path: DiscretePath, opts: PathIntegralOptions = {}): Required<AttributionResult> {
  checkObject(where, "options", opts);
  const n = x.shape[0];
  if (shapeString(path.start.shape) !== shapeString(x.shape)) {
    throw new RangeError(`${where}: the baseline must have x's shape ${shapeString(x.shape)}, got ${shapeString(path.start.shape)}`);
  }
  const fx = targetValues(where, f, x, opts.target), f0 = targetValues(where, f, path.start, opts.target);
  const c = stepsPerPass(where, n, path.nSteps, opts.internalBatchSize);
  let total = tf.zerosLike(x);
  for (let k0 = 0; k0 < path.nSteps; k0 += c) {
    const m = Math.min(c, path.nSteps - k0);
    const next = tf.tidy(() => {
      const { points, velocities } = path.chunk(k0, m);
      const g = targetGradients(f, points, opts.target);
      return tf.add(total, tf.sum(tf.mul(g, velocities).reshape([m, ...x.shape]), 0));
    });
    total.dispose();
    total = next;
  }
  const sums = rowSums(total);
  const delta = Float64Array.from(sums, (s, i) => s - (fx[i] - f0[i]));
  return { attributions: total, delta };
}

/** Σ over the non-batch axes of a [N, ...] tensor, in float64. */
export function rowSums(t: tf.Tensor): Float64Array {
  const n = t.shape[0], per = t.size / n, v = t.dataSync(), s = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < per; j++) s[i] += v[i * per + j];
  return s;
}
