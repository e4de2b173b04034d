/**
 * 2D convolution (stride 1, odd kernels, NHWC) with bias and activation, differentiable and fast on
 * tfjs-wasm.
 *
 * tfjs-wasm has no Conv2DBackpropFilter kernel and its Conv2DBackpropInput is ~10x slower than a
 * forward convolution, so the gradient is written with forward convolutions only (RECIPES.md,
 * "Making tfjs-wasm fast and correct"):
 *   dx = conv2d(g, W reversed in space with in/out channels swapped)      ('same'; 'valid' pads g by k−1)
 *   dW = ONE 'valid' conv2d of the padded input as [Ci, Hp, Wp, B] with g as a filter [Ho, Wo, B, Co]
 *   db = ones[1, N] · g[N, Co]
 * where g = dy ⊙ activation'(z) is the gradient at the pre-activation z = x ⋆ W + b.
 */
import * as tf from "@tensorflow/tfjs";
import { matMul } from "./matmul";

/**
 * Activations fused into conv2d. "gelu" is the sigmoid approximation x·σ(1.702x) (Hendrycks &
 * Gimpel 2016, §2), not the erf form (erf costs ~18 ns/element on wasm); "none" = "linear" = identity.
 */
export type ConvActivation = "none" | "linear" | "relu" | "tanh" | "gelu";

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** 'same' (output H×W, zero padding (k−1)/2) or 'valid' (output (H−kh+1)×(W−kw+1)). Default 'same'. */
  padding?: "same" | "valid";
  /** Bias [Co], float32, added before the activation. */
  bias?: tf.Tensor1D;
  /** Activation applied after the bias. Default "none". */
  activation?: ConvActivation;
}

const ACTIVATIONS: readonly ConvActivation[] = ["none", "linear", "relu", "tanh", "gelu"];
const GELU_BETA = 1.702;

function shapeOf(t: unknown): string {
  return t instanceof tf.Tensor ? `rank ${t.rank} ${t.dtype} (shape [${t.shape.join(",")}])` : typeof t;
}

function validate(x: tf.Tensor4D, filter: tf.Tensor4D, opts: Conv2dOptions): void {
  if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.dtype !== "float32") {
    throw new TypeError(`conv2d: x must be a rank 4 float32 tensor [batch, height, width, channels], got ${shapeOf(x)}`);
  }
  if (!(filter instanceof tf.Tensor) || filter.rank !== 4 || filter.dtype !== "float32") {
    throw new TypeError(`conv2d: filter must be a rank 4 float32 tensor [kh, kw, inChannels, outChannels], got ${shapeOf(filter)}`);
  }
  const [kh, kw, ci, co] = filter.shape;
  if (kh % 2 !== 1 || kw % 2 !== 1) throw new RangeError(`conv2d: kernel sizes must be odd, got ${kh}x${kw}`);
  if (ci !== x.shape[3]) {
    throw new RangeError(`conv2d: filter expects ${ci} input channels, x [${x.shape.join(",")}] has ${x.shape[3]}`);
  }
  const padding = opts.padding ?? "same";
  if (padding !== "same" && padding !== "valid") throw new RangeError(`conv2d: padding must be 'same' or 'valid', got ${String(padding)}`);
  if (padding === "valid" && (x.shape[1] < kh || x.shape[2] < kw)) {
    throw new RangeError(`conv2d: 'valid' needs height ≥ ${kh} and width ≥ ${kw}, got x [${x.shape.join(",")}]`);
  }
  const activation = opts.activation ?? "none";
  if (!ACTIVATIONS.includes(activation)) {
    throw new RangeError(`conv2d: activation must be one of ${ACTIVATIONS.join(", ")}, got ${String(activation)}`);
  }
  const b = opts.bias;
  if (b !== undefined && (!(b instanceof tf.Tensor) || b.rank !== 1 || b.dtype !== "float32" || b.shape[0] !== co)) {
    throw new TypeError(`conv2d: bias must be a float32 tensor [${co}], got ${shapeOf(b)}`);
  }
}

/** dW [kh, kw, Ci, Co] from the input x [B, H, W, Ci] and g [B, Ho, Wo, Co] by one forward conv. */
function filterGradient(x: tf.Tensor4D, g: tf.Tensor4D, kh: number, kw: number, padding: "same" | "valid"): tf.Tensor4D {
  const ph = padding === "same" ? (kh - 1) / 2 : 0, pw = padding === "same" ? (kw - 1) / 2 : 0;
  const xp = ph + pw > 0 ? tf.pad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]]) : x; // [B, Hp, Wp, Ci]
  const input = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [Ci, Hp, Wp, B]
  const kernel = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, B, Co]
  const dw = tf.conv2d(input, kernel, 1, "valid"); // [Ci, kh, kw, Co]
  return tf.transpose(dw, [1, 2, 0, 3]);
}

/** dx [B, H, W, Ci] from g [B, Ho, Wo, Co] and W [kh, kw, Ci, Co] by one forward conv. */
function inputGradient(g: tf.Tensor4D, filter: tf.Tensor4D, padding: "same" | "valid"): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, Co, Ci]
  if (padding === "same") return tf.conv2d(g, flipped, 1, "same");
  const gp = tf.pad(g, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
  return tf.conv2d(gp, flipped, 1, "valid");
}

/**
 * y = activation(x ⋆ W + b), stride 1, NHWC, float32.
 *
 * @param x input [B, H, W, Ci]
 * @param filter [kh, kw, Ci, Co], kh and kw odd (cross-correlation, as tf.conv2d and torch.nn.Conv2d)
 * @param opts padding ('same' default | 'valid'), bias [Co], activation (see `ConvActivation`)
 * @returns [B, H, W, Co] ('same') or [B, H−kh+1, W−kw+1, Co] ('valid'); differentiable with respect
 *   to x, filter and bias on every backend, through forward convolutions only.
 */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, opts: Conv2dOptions = {}): tf.Tensor4D {
  validate(x, filter, opts);
  const padding = opts.padding ?? "same";
  const act = opts.activation ?? "none";
  const [kh, kw] = filter.shape;
  const hasBias = opts.bias !== undefined;

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const xs = args[0] as tf.Tensor4D, ws = args[1] as tf.Tensor4D;
    const bias = hasBias ? (args[2] as tf.Tensor1D) : undefined;
    const fused = act === "relu" ? "relu" : "linear";
    const z = tf.fused.conv2d({ x: xs, filter: ws, strides: 1, pad: padding, bias, activation: fused });
    // Saved for the backward pass: x, W, then what the activation's derivative needs.
    let y: tf.Tensor4D = z;
    if (act === "tanh") {
      y = tf.tanh(z);
      save([xs, ws, y]);
    } else if (act === "gelu") {
      const s = tf.sigmoid(tf.mul(z, GELU_BETA));
      y = tf.mul(z, s);
      save([xs, ws, z, s]);
    } else {
      save([xs, ws, y]); // relu: y = relu(z), whose step is the derivative
    }
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        let g = dy as tf.Tensor4D;
        if (act === "relu") g = tf.mul(dy, tf.step(saved[2])); // saved[2] = relu output
        else if (act === "tanh") g = tf.mul(dy, tf.sub(1, tf.square(saved[2])));
        else if (act === "gelu") {
          const [zs, s] = [saved[2], saved[3]];
          g = tf.mul(dy, tf.add(s, tf.mul(tf.mul(zs, GELU_BETA), tf.mul(s, tf.sub(1, s)))));
        }
        const dx = inputGradient(g, sw, padding);
        const dw = filterGradient(sx, g, kh, kw, padding);
        if (!hasBias) return [dx, dw];
        const co = g.shape[3], n = g.size / co;
        const db = matMul(tf.ones([1, n]), g.reshape([n, co])).reshape([co]);
        return [dx, dw, db];
      },
    };
  });
  const inputs: tf.Tensor[] = hasBias ? [x, filter, opts.bias as tf.Tensor1D] : [x, filter];
  return op(...inputs) as tf.Tensor4D;
}
