/**
 * Point-wise activations by name (config is data). "gelu" is the sigmoid approximation
 * x·σ(1.702x) of Hendrycks & Gimpel (2016, §2), not the erf form: on tfjs-wasm erf costs ~18 ns per
 * element and the approximation differs from it by < 0.02 everywhere. The PyTorch twins in bench/
 * use the same formula. "silu" is x·σ(x). Both have hand-written gradients (fewer kernels than
 * autodiff through the product).
 */
import * as tf from "@tensorflow/tfjs";
import { checkOneOf } from "../core";

export const ACTIVATIONS = ["linear", "relu", "tanh", "gelu", "silu"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Checks an activation name (RangeError listing the known names). */
export function checkActivation(where: string, name: unknown): Activation {
  return checkOneOf(where, "activation", name, ACTIVATIONS);
}

/** x·σ(βx) with d/dx = s + βx·s(1 − s), s = σ(βx). Any shape, float32. */
function swish(x: tf.Tensor, beta: number): tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor, save = args[1] as tf.GradSaveFunc;
    const s = tf.sigmoid(beta === 1 ? x : tf.mul(x, beta)); // x·1 is x: one kernel fewer for silu
    save([x, s]);
    return {
      value: tf.mul(x, s),
      gradFunc: (dy, saved) => {
        const [xs, ss] = saved;
        const ds = tf.add(ss, tf.mul(beta === 1 ? xs : tf.mul(xs, beta), tf.mul(ss, tf.sub(1, ss))));
        return [tf.mul(dy, ds)];
      },
    };
  })(x);
}

/** Applies the named activation element-wise (any shape, float32). */
export function activate(x: tf.Tensor, name: Activation): tf.Tensor {
  switch (name) {
    case "linear": return x;
    case "relu": return tf.relu(x);
    case "tanh": return tf.tanh(x);
    case "gelu": return swish(x, 1.702);
    case "silu": return swish(x, 1);
  }
}
