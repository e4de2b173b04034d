/**
 * Cached constant rows of ones [1, n] (float32, kept outside tidy scopes, per backend): the left
 * operand that turns a sum over rows into a fast matMul on tfjs-wasm (1ᵀ·y), whose Sum over the
 * first axis is several times slower.
 */
import * as tf from "@tensorflow/tfjs";

const cache = new Map<string, tf.Tensor2D>();

/** ones [1, n]. */
export function onesRow(n: number): tf.Tensor2D {
  const key = `${tf.getBackend()}|${n}`;
  let t = cache.get(key);
  if (t === undefined || t.isDisposed) {
    t = tf.keep(tf.ones([1, n]) as tf.Tensor2D);
    cache.set(key, t);
  }
  return t;
}
