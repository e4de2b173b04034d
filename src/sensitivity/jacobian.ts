/**
 * The Jacobian of a network (or any differentiable tfjs function) at one input, by reverse mode
 * with rows batched: the input [1, ...in] is tiled into c copies, copy i's output is weighted by the
 * one-hot selection of output entry r0 + i, and one backward pass gives c rows of
 * J_ij = ∂f(x)_i/∂x_j. Rows go in chunks of `batchSize` copies to bound memory.
 */
import * as tf from "@tensorflow/tfjs";
import type { NamedArray } from "../data/types";

export interface JacobianOptions {
  /** Output rows per backward pass (copies of x in one batch), ≥ 1; default min(m, 64). */
  batchSize?: number;
}

/** J [m, n] (row-major): m = output size, n = input size, non-batch axes flattened row-major. */
export type Jacobian = NamedArray<Float64Array> & { shape: [number, number] };

const WHERE = "sensitivity.jacobian";
const shapeText = (s: readonly number[]) => `[${s.join(", ")}]`;

/**
 * J_ij = ∂f(x)_i/∂x_j of `f` at the single input x [1, ...in] (float32), with i over the m entries
 * of f(x) [1, ...out] and j over the n entries of x, both flattened row-major without the batch axis.
 * Returns { data: Float64Array (m·n), shape: [m, n] } (float32 gradients widened to float64).
 *
 * `f` must map a batch [B, ...in] to [B, ...out] sample by sample (no batch statistics, no mixing
 * of samples): it is called on B = batchSize tiled copies. A function whose output does not depend
 * on x has J = 0. No tensors are left behind; x is not disposed.
 */
export function jacobian(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, opts: JacobianOptions = {}): Jacobian {
  if (typeof f !== "function") throw new TypeError(`${WHERE}: f must be a function (x [B, ...in]) => y [B, ...out], got ${typeof f}`);
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${WHERE}: x must be a tf.Tensor [1, ...in], got ${x === null ? "null" : typeof x}`);
  if (x.dtype !== "float32") throw new TypeError(`${WHERE}: x must be float32, got ${x.dtype} (shape ${shapeText(x.shape)})`);
  if (x.rank < 2 || x.shape[0] !== 1) {
    throw new RangeError(`${WHERE}: x must be one input with a batch axis of 1, [1, ...in], got shape ${shapeText(x.shape)}`);
  }
  if (opts === null || typeof opts !== "object") throw new TypeError(`${WHERE}: options must be an object { batchSize? }`);
  const outShape = tf.tidy(() => {
    const y = f(x);
    if (!(y instanceof tf.Tensor)) throw new TypeError(`${WHERE}: f must return a tf.Tensor, got ${typeof y}`);
    if (y.rank < 1 || y.shape[0] !== 1) {
      throw new RangeError(`${WHERE}: f must keep the batch axis: for x ${shapeText(x.shape)} it returned ${shapeText(y.shape)}, expected [1, ...out]`);
    }
    return y.shape.slice(1);
  });
  const m = outShape.reduce((p, d) => p * d, 1), n = x.size;
  const batchSize = opts.batchSize ?? Math.min(m, 64);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${WHERE}: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const J = new Float64Array(m * n);
  const reps: number[] = x.shape.map(() => 1);
  for (let r0 = 0; r0 < m; r0 += batchSize) {
    const c = Math.min(batchSize, m - r0);
    reps[0] = c;
    const g = tf.tidy(() => {
      const xs = tf.tile(x, reps); // [c, ...in]: copy i serves output entry r0 + i
      const pick = tf.oneHot(tf.range(r0, r0 + c, 1, "int32"), m).toFloat().reshape([c, ...outShape]);
      let badShape: number[] | undefined; // reported after tf.grad returns: throwing inside it leaks tensors
      const selected = (z: tf.Tensor) => {
        const y = f(z);
        // + 0·Σz keeps a path from z to the result, so an f that ignores x yields J = 0 (tfjs would
        // otherwise refuse the gradient, leaking its tape); it adds exact zeros to the gradient
        const anchor = tf.mul(tf.sum(z), 0);
        if (shapeText(y.shape) === shapeText([c, ...outShape])) return tf.add(tf.sum(tf.mul(y, pick)), anchor);
        badShape = y.shape;
        return anchor;
      };
      const grad = tf.grad(selected)(xs);
      if (badShape !== undefined) {
        throw new RangeError(`${WHERE}: f must map [B, ...in] to [B, ...out] sample by sample; for B = ${c} copies it returned ${shapeText(badShape)}, expected ${shapeText([c, ...outShape])}`);
      }
      return grad;
    });
    J.set(g.dataSync(), r0 * n); // rows r0 … r0 + c − 1, float32 → float64
    g.dispose();
  }
  return { data: J, shape: [m, n] };
}

/**
 * ‖J·P − J_ref‖_F / ‖J_ref‖_F for Jacobians [m, n] (float64), where P = I − 11ᵀ/n removes the
 * response to the input's mean when `zeroMeanInputs` is set (J_ref is then taken as already on that
 * subspace, e.g. a solver's Jacobian from zero-mean perturbations): how close a network's
 * sensitivity is to the physics'.
 */
export function jacobianDifference(J: Float64Array, reference: Float64Array, n: number, opts: { zeroMeanInputs?: boolean } = {}): number {
  if (J.length !== reference.length || J.length % n !== 0) {
    throw new RangeError(`sensitivity.jacobianDifference: J and reference must both be [m, ${n}], got ${J.length} and ${reference.length} values`);
  }
  let d = 0, s = 0;
  for (let i = 0; i < J.length / n; i++) {
    let mean = 0;
    if (opts.zeroMeanInputs) { for (let j = 0; j < n; j++) mean += J[i * n + j]; mean /= n; }
    for (let j = 0; j < n; j++) { d += (J[i * n + j] - mean - reference[i * n + j]) ** 2; s += reference[i * n + j] ** 2; }
  }
  return Math.sqrt(d / s);
}
