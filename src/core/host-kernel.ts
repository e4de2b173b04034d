/**
 * Kernels computed on the host: a plain loop in JavaScript reads the input's buffer and fills the
 * output's. For data movement (periodic padding, a filter flip) that tfjs-wasm does with several
 * small kernels, each of which costs more in fixed overhead than the copy itself. On wasm both
 * buffers are views of the module's heap (no copies in or out); elsewhere the input is read and the
 * output written. Float32 only; registered per backend on first use.
 */
import * as tf from "@tensorflow/tfjs";

/** A host kernel: the output's shape, and a fill that writes every element of the output. */
export interface HostKernel {
  outShape(shape: readonly number[], attrs: tf.NamedAttrMap): number[];
  fill(input: Float32Array, output: Float32Array, shape: readonly number[], attrs: tf.NamedAttrMap): void;
}

/** The wasm backend's heap access (tfjs-backend-wasm's BackendWasm). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

function run(k: HostKernel, input: tf.TensorInfo, backend: tf.KernelBackend, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const shape = k.outShape(input.shape, attrs);
  if (tf.getBackend() === "wasm") {
    const heap = backend as unknown as HeapBackend;
    const out = heap.makeOutput(shape, "float32");
    // views taken after the allocation (a growing heap detaches older views)
    k.fill(heap.typedArrayFromHeap(input), heap.typedArrayFromHeap(out), input.shape, attrs);
    return out;
  }
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  k.fill(backend.readSync(input.dataId) as Float32Array, values, input.shape, attrs);
  return { dataId: backend.write(values, shape, "float32"), shape, dtype: "float32" };
}

/**
 * Runs the one-input host kernel `name` (defined by `k` on first use) on x with attrs; its
 * gradient, if any, is registered by the caller with tf.registerGradient under the same name.
 * `aliases` name further inputs that are x again (the kernel reads only x): a gradient can then
 * deliver its value to x in several terms, in the order x, ...aliases.
 */
export function runHostKernel(name: string, k: HostKernel, x: tf.Tensor, attrs: Record<string, number>, aliases: readonly string[] = []): tf.Tensor {
  const backendName = tf.getBackend();
  if (tf.getKernel(name, backendName) === undefined) {
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs: a }) => run(k, inputs.x as tf.TensorInfo, backend as tf.KernelBackend, a ?? {}),
    });
  }
  const inputs: tf.NamedTensorMap = { x };
  for (const a of aliases) inputs[a] = x;
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
