/**
 * 2D convolution (stride 1, odd kernels, NHWC) with bias and activation, differentiable and fast on
 * tfjs-wasm.
 *
 * The forward pass is a kernel of Kazami's own, registered with a gradient, that runs the backend's
 * FusedConv2D — or, for relu while a gradient is being recorded, Conv2D, Add and Relu, as
 * tf.fused.conv2d does then (the values stay bit-identical to that form). tfjs-wasm has no
 * Conv2DBackpropFilter kernel and its Conv2DBackpropInput is ~10x slower than a forward
 * convolution, so the gradient is written with forward convolutions only (RECIPES.md, "Making
 * tfjs-wasm fast and correct"):
 *   dx = conv2d(g, W reversed in space with in/out channels swapped)      ('same'; 'valid' pads by k−1)
 *   dW = ONE conv2d of the input as [Ci, H, W, B] with g as a filter [Ho, Wo, B, Co] (padding in the
 *        conv), or the same sums as one GEMM where that is faster (conv-filter-gradient.ts)
 *   db = 1ᵀ·g over batch and space (a matMul; wasm's Sum over the first axes transposes first)
 * where g = dy ⊙ activation'(z) is the gradient at the pre-activation z = x ⋆ W + b. Each of the three
 * is computed only when it is needed (a registered gradient's per-input thunks; tf.customGrad would
 * compute all three every time): a frozen filter costs no dW, an input that is data no dx.
 */
import * as tf from "@tensorflow/tfjs";
import { filterGradient } from "./conv-filter-gradient";
import { runHostKernel, type HostKernel } from "./host-kernel";
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

/**
 * Kazami's convolution kernels (stride 1, NHWC): FusedConv2D, or for relu under a gradient tape
 * Conv2D + Add + Relu, with the gradient below; the relu one also keeps its output for the backward
 * pass (relu' is its step), the linear one keeps only x and W.
 */
const KERNELS = { linear: "KazamiConv2d", relu: "KazamiConv2dRelu" } as const;

/** Attributes of the kernels. */
interface KernelAttrs {
  pad: "same" | "valid";
  /** relu only: FusedConv2D (true) or Conv2D, Add, Relu (false, while a gradient is recorded). */
  fuse: boolean;
}

const FLIP = "KazamiFlipFilter";

/** W [kh, kw, Ci, Co] → W reversed in both spatial axes with the channels swapped, [kh, kw, Co, Ci]. */
const flip: HostKernel = {
  outShape: ([kh, kw, ci, co]) => [kh, kw, co, ci],
  fill: (values, out, [kh, kw, ci, co]) => {
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const from = ((i * kw + j) * ci) * co, to = (((kh - 1 - i) * kw + (kw - 1 - j)) * co) * ci;
      for (let a = 0; a < ci; a++) for (let b = 0; b < co; b++) out[to + b * ci + a] = values[from + a * co + b];
    }
  },
};

/** The flipped filter (a host kernel: tfjs-wasm's Reverse and Transpose cost ~10x the copy); the flip is its own adjoint. */
function flipFilter(filter: tf.Tensor4D): tf.Tensor4D {
  if (!flipGradientRegistered) {
    tf.registerGradient({ kernelName: FLIP, gradFunc: (dy) => ({ x: () => flipFilter(dy as tf.Tensor4D) }) });
    flipGradientRegistered = true;
  }
  return runHostKernel(FLIP, flip, filter, {}) as tf.Tensor4D;
}
let flipGradientRegistered = false;

/** dx [B, H, W, Ci] from g [B, Ho, Wo, Co] and W [kh, kw, Ci, Co] by one forward conv. */
function inputGradient(g: tf.Tensor4D, filter: tf.Tensor4D, padding: "same" | "valid"): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const flipped = flipFilter(filter); // [kh, kw, Co, Ci]
  if (padding === "same") return tf.conv2d(g, flipped, 1, "same");
  return tf.conv2d(g, flipped, 1, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
}

/**
 * The kernels' gradient. tfjs calls only the thunks of inputs that lead to what is differentiated,
 * so a frozen filter costs no dW and an input that is data (a first layer) costs no dx.
 */
function gradConfig(activation: keyof typeof KERNELS): tf.GradConfig {
  return {
    kernelName: KERNELS[activation],
    inputsToSave: ["x", "filter"],
    outputsToSave: activation === "relu" ? [true] : [],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D | undefined];
      const { pad } = attrs as unknown as KernelAttrs;
      // g: the gradient at the pre-activation.
      const g = (y === undefined ? dy : tf.mul(dy as tf.Tensor, tf.step(y))) as tf.Tensor4D;
      return {
        x: () => inputGradient(g, filter, pad),
        filter: () => filterGradient(x, g, filter.shape[0], filter.shape[1], pad),
        bias: () => {
          // gᵀ·1: XNNPACK packs its right operand, and a column of ones packs in no time (1ᵀ·g packed all of g)
          const co = g.shape[3], n = g.size / co;
          return matMul(tf.transpose(g.reshape([n, co])) as tf.Tensor2D, tf.ones([n, 1]) as tf.Tensor2D).reshape([co]);
        },
      };
    },
  };
}
let gradientsRegistered = false;

/** Registers the kernel for the current backend (delegating to its FusedConv2D, Conv2D, Add and Relu) and the gradients, once. */
function ensureKernel(activation: keyof typeof KERNELS): string {
  if (!gradientsRegistered) {
    tf.registerGradient(gradConfig("linear"));
    tf.registerGradient(gradConfig("relu"));
    gradientsRegistered = true;
  }
  const kernelName = KERNELS[activation], backendName = tf.getBackend();
  if (tf.getKernel(kernelName, backendName) !== undefined) return kernelName;
  const kernel = (name: string) => {
    const k = tf.getKernel(name, backendName);
    if (k === undefined) throw new Error(`conv2d: the ${backendName} backend has no ${name} kernel`);
    return k.kernelFunc;
  };
  const [fused, conv, add, relu] = [kernel(tf.FusedConv2D), kernel(tf.Conv2D), kernel(tf.Add), kernel(tf.Relu)];
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { pad, fuse } = attrs as unknown as KernelAttrs;
      const convAttrs = { strides: 1, pad, dataFormat: "NHWC", dilations: 1 };
      if (activation === "linear" || fuse) {
        return fused({ inputs, backend, attrs: { ...convAttrs, activation } as unknown as tf.NamedAttrMap });
      }
      const z = conv({ inputs: { x: inputs.x, filter: inputs.filter }, backend, attrs: convAttrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
      const zb = inputs.bias === undefined ? z : (add({ inputs: { a: z, b: inputs.bias }, backend }) as tf.TensorInfo);
      const y = relu({ inputs: { x: zb }, backend });
      const b = backend as tf.KernelBackend;
      b.disposeData(z.dataId);
      if (zb !== z) b.disposeData(zb.dataId);
      return y;
    },
  });
  return kernelName;
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
  // relu is in the kernel; tanh and gelu follow it (the kernel then adds the bias only).
  const kernelName = ensureKernel(act === "relu" ? "relu" : "linear");
  // fused unless a gradient is being recorded (as tf.fused.conv2d decides)
  const attrs: KernelAttrs = { pad: padding, fuse: tf.engine().state.gradientDepth === 0 };
  const inputs: tf.NamedTensorMap = opts.bias === undefined ? { x, filter } : { x, filter, bias: opts.bias };
  return tf.tidy(() => {
    const z = tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    if (act === "tanh") return tf.tanh(z);
    if (act === "gelu") return gelu(z);
    return z;
  });
}

/** x·σ(1.702x) with its derivative σ + 1.702·x·σ(1 − σ) written out (one pass of elementwise ops). */
const gelu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const z = args[0] as tf.Tensor4D, save = args[1] as tf.GradSaveFunc;
  const s = tf.sigmoid(tf.mul(z, GELU_BETA));
  save([z, s]);
  return {
    value: tf.mul(z, s),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [zs, ss] = saved;
      return tf.mul(dy, tf.add(ss, tf.mul(tf.mul(zs, GELU_BETA), tf.mul(ss, tf.sub(1, ss)))));
    },
  };
}) as (z: tf.Tensor4D) => tf.Tensor4D;
