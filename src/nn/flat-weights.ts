/**
 * Many small tensors as one flat vector and back: element-wise updates of every weight of a model
 * (Adam, a moving average) then run one chain of kernels over the concatenation instead of one per
 * variable — on tfjs-wasm a kernel's fixed cost, not its arithmetic, dominates for small models.
 * Each element sees the same float32 operations as in the per-variable form: the same bits.
 */
import * as tf from "@tensorflow/tfjs";

/** The tensors' elements, each flattened in row-major order, concatenated: [Σ sizes]. */
export function flatten(ts: readonly tf.Tensor[]): tf.Tensor1D {
  return (ts.length === 1 ? ts[0].reshape([-1]) : tf.concat(ts.map((t) => t.reshape([-1])))) as tf.Tensor1D;
}

/**
 * The inverse of flatten: flat [Σ sizes] cut into tensors shaped like `like`. Through a read of the
 * values (tf.split's Slices cost more than a whole Adam update on wasm).
 */
export function unflatten(flat: tf.Tensor1D, like: readonly tf.Tensor[]): tf.Tensor[] {
  const total = like.reduce((n, t) => n + t.size, 0);
  if (flat.size !== total) throw new RangeError(`unflatten: the flat vector has ${flat.size} elements, the ${like.length} tensors ${total}`);
  const values = flat.dataSync() as Float32Array;
  let offset = 0;
  return like.map((t) => {
    const part = tf.tensor(values.subarray(offset, offset + t.size), t.shape, "float32");
    offset += t.size;
    return part;
  });
}
