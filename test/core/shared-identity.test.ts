import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { conv2d } from "../../src/core/conv2d";
import { dense } from "../../src/core/dense";
import { normals, toArrays } from "./backends";

// A small network whose gradient saves tensors through kernels (Multiply, Sigmoid, BatchMatMul) and
// through Kazami's customGrads (dense, conv2d).
function lossAndGrads(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(normals(2 * 6 * 6 * 3, 1), [2, 6, 6, 3]);
    const f = tf.variable(tf.tensor4d(normals(3 * 3 * 3 * 4, 2, 0.3), [3, 3, 3, 4]));
    const w = tf.variable(tf.tensor2d(normals(4 * 5, 3, 0.3), [4, 5]));
    const b = tf.variable(tf.tensor1d(normals(5, 4, 0.1)));
    const { value, grads } = tf.variableGrads(() => {
      const h = conv2d(x, f, { padding: "same", activation: "relu" });
      const y = dense(h.reshape([72, 4]) as tf.Tensor2D, w, b);
      return tf.mean(tf.mul(tf.sigmoid(y), y)) as tf.Scalar;
    }, [f, w, b]);
    const out = toArrays([value, grads[f.name], grads[w.name], grads[b.name]]);
    [f, w, b].forEach((v) => v.dispose());
    return out;
  });
}

describe("shared Identity on wasm", () => {
  it("tf.clone shares the buffer: no new buffer, the same values, and the clone outlives the original", async () => {
    await initBackend({ backend: "wasm" });
    const x = tf.tensor2d(normals(12, 5), [3, 4]);
    const buffers = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    expect(y.dataId).toBe(x.dataId);
    const values = Float32Array.from(x.dataSync());
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(Array.from(values));
    y.dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers - 1);
  });

  it("a training gradient is the copying Identity's, bit for bit, with no tensors left behind", async () => {
    await initBackend({ backend: "wasm" });
    const shared = lossAndGrads();
    const tensors = tf.memory().numTensors;
    // the copying kernel tfjs-wasm ships, swapped back in for the comparison
    const sharing = tf.getKernel("Identity", "wasm")!;
    tf.unregisterKernel("Identity", "wasm");
    tf.registerKernel({
      kernelName: "Identity", backendName: "wasm",
      kernelFunc: ({ inputs, backend }) => {
        const x = inputs.x as tf.TensorInfo, heap = backend as unknown as { makeOutput(s: number[], d: string): tf.TensorInfo; typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
        const out = heap.makeOutput(x.shape, x.dtype);
        heap.typedArrayFromHeap(out).set(heap.typedArrayFromHeap(x));
        return out;
      },
    });
    let copied: Float32Array[];
    try {
      copied = lossAndGrads();
    } finally {
      tf.unregisterKernel("Identity", "wasm");
      tf.registerKernel(sharing);
    }
    expect(shared.map((a) => Array.from(a))).toEqual(copied.map((a) => Array.from(a)));
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
