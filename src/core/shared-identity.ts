/**
 * tfjs-wasm's Identity kernel, replaced by one that shares the input's buffer.
 *
 * tfjs keeps every tensor a gradient needs — a kernel's saved inputs and outputs, customGrad's
 * `save` — as `keep(clone(t))`, and clone runs the Identity kernel. The cpu and webgl backends answer
 * Identity by sharing the data buffer (a reference count); tfjs-wasm 4.22 copies it. Under a gradient
 * tape every saved tensor was therefore a memcpy and a second buffer: in an FNO training step
 * (notebook 02's sizes) about 6% of the step's time and the saved activations' memory twice over.
 * Sharing gives the same values (nothing in tfjs or Kazami writes into a buffer after it is made), so
 * results are unchanged bit for bit; it does what Reshape already does on wasm. The matMul operator
 * cache trap (matmul.ts) is keyed by buffer: a shared clone is the same buffer to `guardRightOperand`
 * as to the cache.
 */
import * as tf from "@tensorflow/tfjs";

/** The wasm backend's reference count (tfjs-backend-wasm's BackendWasm.incRef). */
interface RefCountingBackend {
  incRef(dataId: object): void;
}

let installed = false;

/** Makes wasm's Identity share its input's buffer; idempotent. Call once the wasm backend is registered. */
export function shareWasmIdentity(): void {
  if (installed) return;
  const original = tf.getKernel("Identity", "wasm");
  if (original === undefined) throw new Error("shareWasmIdentity: tfjs-backend-wasm has no Identity kernel registered");
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === "string") return original.kernelFunc(args); // strings live outside the heap
      (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  installed = true;
}
