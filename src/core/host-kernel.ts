/**
 * Kernels computed on the host: the input's buffer is read, a plain loop in JavaScript fills the
 * output, and the output is written back to the backend. For data movement (periodic padding, a
 * filter flip) that tfjs-wasm does with several small kernels, each of which costs more in fixed
 * overhead than the copy itself. Float32 only; registered per backend on first use.
 */
import * as tf from "@tensorflow/tfjs";

/** The host computation: the input's values and shape → the output's values and shape. */
export type HostKernel = (values: Float32Array, shape: readonly number[], attrs: tf.NamedAttrMap) => { values: Float32Array; shape: number[] };

const kernels = new Map<string, HostKernel>();

/**
 * Runs the one-input host kernel `name` (defined by `fn` on first use) on x with attrs; its
 * gradient, if any, is registered by the caller with tf.registerGradient under the same name.
 */
export function runHostKernel(name: string, fn: HostKernel, x: tf.Tensor, attrs: Record<string, number>): tf.Tensor {
  if (!kernels.has(name)) kernels.set(name, fn);
  const backendName = tf.getBackend();
  if (tf.getKernel(name, backendName) === undefined) {
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs: a }) => {
        const input = inputs.x as tf.TensorInfo, b = backend as tf.KernelBackend;
        const out = (kernels.get(name) as HostKernel)(b.readSync(input.dataId) as Float32Array, input.shape, a ?? {});
        return { dataId: b.write(out.values, out.shape, "float32"), shape: out.shape, dtype: "float32" };
      },
    });
  }
  return tf.engine().runKernel(name, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
