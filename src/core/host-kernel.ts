/**
 * Kernels computed on the host: a plain loop in JavaScript reads the input's buffer and fills the
 * output's. For data movement (periodic padding, a filter flip) that tfjs-wasm does with several
 * small kernels, each of which costs more in fixed overhead than the copy itself. On wasm both
 * buffers are views of the module's heap (no copies in or out); elsewhere the input is read and the
 * output written. Float32 only; registered per backend on first use.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * A host kernel: the output's shape, and a fill that writes every element of the output from the
 * input (and the values of any further operands, in the order given to runHostKernel).
 */
export interface HostKernel {
  outShape(shape: readonly number[], attrs: tf.NamedAttrMap): number[];
  fill(input: Float32Array, output: Float32Array, shape: readonly number[], attrs: tf.NamedAttrMap, operands: readonly Float32Array[]): void;
}

/** The wasm backend's heap access (tfjs-backend-wasm's BackendWasm). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

function run(k: HostKernel, input: tf.TensorInfo, operands: tf.TensorInfo[], backend: tf.KernelBackend, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const shape = k.outShape(input.shape, attrs);
  if (tf.getBackend() === "wasm") {
    const heap = backend as unknown as HeapBackend;
    const out = heap.makeOutput(shape, "float32");
    // views taken after the allocation (a growing heap detaches older views)
    const view = (t: tf.TensorInfo) => heap.typedArrayFromHeap(t);
    k.fill(view(input), view(out), input.shape, attrs, operands.map(view));
    return out;
  }
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const read = (t: tf.TensorInfo) => backend.readSync(t.dataId) as Float32Array;
  k.fill(read(input), values, input.shape, attrs, operands.map(read));
  return { dataId: backend.write(values, shape, "float32"), shape, dtype: "float32" };
}

/**
 * Runs the host kernel `name` (defined by `k` on first use) on x with attrs; its
 * gradient, if any, is registered by the caller with tf.registerGradient under the same name.
 * `aliases` name further inputs that are x again (the kernel reads only x): a gradient can then
 * deliver its value to x in several terms, in the order x, ...aliases. `operands` are further
 * float32 tensors whose values the fill reads (inputs "operand0", "operand1", …).
 */
export function runHostKernel(name: string, k: HostKernel, x: tf.Tensor, attrs: Record<string, number>, aliases: readonly string[] = [],
  operands: readonly tf.Tensor[] = []): tf.Tensor {
  const backendName = tf.getBackend();
  if (tf.getKernel(name, backendName) === undefined) {
    tf.registerKernel({
      kernelName: name,
      backendName,
      kernelFunc: ({ inputs, backend, attrs: a }) => {
        const operandInfos: tf.TensorInfo[] = [];
        for (let i = 0; inputs[`operand${i}`] !== undefined; i++) operandInfos.push(inputs[`operand${i}`] as tf.TensorInfo);
        return run(k, inputs.x as tf.TensorInfo, operandInfos, backend as tf.KernelBackend, a ?? {});
      },
    });
  }
  const inputs: tf.NamedTensorMap = { x };
  for (const a of aliases) inputs[a] = x;
  operands.forEach((t, i) => { inputs[`operand${i}`] = t; });
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * Whether a host kernel without a gradient of its own can stand in for differentiable ops here: on
 * wasm (where the host kernels pay off) with no gradient tape recording (first-order gradients run
 * their gradient functions untaped; a higher-order gradient records them).
 */
export function untapedOnWasm(): boolean {
  return tf.getBackend() === "wasm" && tf.engine().state.gradientDepth === 0;
}
