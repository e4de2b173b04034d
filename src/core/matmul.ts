/**
 * matMul with a guard against the tfjs-wasm operator cache trap (RECIPES.md, "silent wrong
 * gradients").
 *
 * tfjs-wasm runs a non-transposed, batch-1 matMul a·b through an XNNPACK fully-connected operator
 * that it builds once and caches under b's data buffer id (plus bias and activation), with b's
 * shape at that moment baked in. tfjs' reshape shares the data buffer, so the same data reaching
 * matMul later as the right operand under another shape silently reuses the stale operator: wrong
 * values, wrong gradients (1e5x off in an FNO, then NaN). The guard remembers the shape each buffer
 * was first used with as the right operand and makes a real copy (a new buffer; `tf.clone` would
 * share it) when a different shape arrives. It does nothing on other backends.
 *
 * Every Kazami matMul goes through `matMul` here; tensors used as right operands of tf.matMul
 * elsewhere are outside its view.
 */
import * as tf from "@tensorflow/tfjs";

/** Shape ("KxN") with which each data buffer was first a right operand on wasm. */
const firstRightShape = new WeakMap<object, string>();

/**
 * Returns `b`, or a real copy of it when its buffer was already used by the wasm fast matMul under
 * another shape. b: float32 [K, N]. Differentiable (the copy is `b + 0`).
 */
export function guardRightOperand(b: tf.Tensor2D): tf.Tensor2D {
  if (tf.getBackend() !== "wasm") return b;
  const key = `${b.shape[0]}x${b.shape[1]}`;
  const first = firstRightShape.get(b.dataId);
  if (first === undefined) {
    firstRightShape.set(b.dataId, key);
    return b;
  }
  if (first === key) return b;
  const copy = tf.add(b, 0) as tf.Tensor2D;
  firstRightShape.set(copy.dataId, key);
  return copy;
}

function describe(t: unknown): string {
  if (!(t instanceof tf.Tensor)) return typeof t;
  return `rank ${t.rank} ${t.dtype} (shape [${t.shape.join(",")}])`;
}

/**
 * a [M, K] · b [K, N] → [M, N], float32, both operands non-transposed (the only fast path on
 * wasm: transposed operands fall to a naive loop at 1–2 GFLOP/s, so transpose explicitly first).
 * Safe against the wasm operator cache trap (see the module comment). Differentiable.
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (!(a instanceof tf.Tensor) || a.rank !== 2 || a.dtype !== "float32") {
    throw new TypeError(`matMul: a must be a rank 2 float32 tensor [M, K], got ${describe(a)}`);
  }
  if (!(b instanceof tf.Tensor) || b.rank !== 2 || b.dtype !== "float32") {
    throw new TypeError(`matMul: b must be a rank 2 float32 tensor [K, N], got ${describe(b)}`);
  }
  if (a.shape[1] !== b.shape[0]) {
    throw new RangeError(`matMul: inner dimensions differ: a [${a.shape.join(",")}] · b [${b.shape.join(",")}]`);
  }
  return tf.matMul(a, guardRightOperand(b));
}
