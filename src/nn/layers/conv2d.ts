/**
 * A 2D convolution layer, stride 1, NHWC float32 (torch.nn.Conv2d with odd kernels):
 * x [batch, height, width, inChannels] → [batch, height', width', outChannels], with an optional
 * fused activation. Padding: "same" (zeros, output H×W), "valid" (no padding, (H−kh+1)×(W−kw+1)) or
 * "circular" (periodic wrap, output H×W — for periodic domains). Built on core.conv2d, whose
 * gradient uses forward convolutions only (fast on tfjs-wasm). Weights start uniform in
 * ±1/√(kh·kw·inChannels), PyTorch's default.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkBoolean, checkChannels, checkInt, checkObject, checkOneOf, checkTensor, circularPad, conv2d, shapeString, type ConvActivation } from "../../core";
import { Module } from "../module";
import { uniformFanIn } from "../params";
import { checkSeed } from "./seeds";

export const PADDINGS = ["same", "valid", "circular"] as const;
export type Padding = (typeof PADDINGS)[number];
export const CONV_ACTIVATIONS = ["linear", "relu", "tanh", "gelu"] as const;
export type ConvActivationName = (typeof CONV_ACTIVATIONS)[number];

export interface Conv2dConfig {
  inChannels: number;
  outChannels: number;
  /** Odd kernel size k (square) or [kh, kw] (default 3). */
  kernelSize?: number | [number, number];
  /** Default "same". */
  padding?: Padding;
  /** Add a bias (default true). */
  bias?: boolean;
  /** Fused activation after the bias (default "linear"). */
  activation?: ConvActivationName;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type Conv2dResolved = Required<Omit<Conv2dConfig, "kernelSize">> & { kernelSize: [number, number] };

/** [kh, kw] from a kernelSize option, both odd. */
export function resolveKernel(where: string, k: number | [number, number] | undefined): [number, number] {
  const ks: [number, number] = Array.isArray(k) ? [k[0], k[1]] : [k ?? 3, k ?? 3];
  ks.forEach((v, i) => {
    checkInt(where, `kernelSize[${i}]`, v, 1);
    if (v % 2 !== 1) throw new RangeError(`${where}: kernel sizes must be odd, got ${ks.join("x")}`);
  });
  return ks;
}

export class Conv2d extends Module<Conv2dResolved> {
  readonly className = "Conv2d";
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(config: Conv2dConfig) {
    const where = "Conv2d";
    checkObject(where, "config", config);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      kernelSize: resolveKernel(where, config.kernelSize),
      padding: checkOneOf(where, "padding", config.padding ?? "same", PADDINGS),
      bias: checkBoolean(where, "bias", config.bias, true),
      activation: checkOneOf(where, "activation", config.activation ?? "linear", CONV_ACTIVATIONS),
      seed: checkSeed(where, config.seed),
    });
    const { inChannels: ci, outChannels: co, kernelSize: [kh, kw] } = this.config, rng = new Rng(this.config.seed);
    const fanIn = kh * kw * ci;
    this.weight = this.params.add("weight", [kh, kw, ci, co], uniformFanIn(rng, kh * kw * ci * co, fanIn));
    this.bias = this.config.bias ? this.params.add("bias", [co], uniformFanIn(rng, co, fanIn)) : undefined;
  }

  /** x [batch, height, width, inChannels] → [batch, height', width', outChannels] (see padding). */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = "[batch, height, width, channels]";
    checkTensor("Conv2d.apply", "x", x, 4, layout);
    checkChannels("Conv2d.apply", "x", x, this.config.inChannels, layout);
    const [kh, kw] = this.config.kernelSize;
    const [, H, W] = x.shape as number[];
    if (this.config.padding !== "same" && (H < kh || W < kw)) {
      throw new RangeError(`Conv2d.apply: padding "${this.config.padding}" needs height ≥ ${kh} and width ≥ ${kw}, got x ${shapeString(x.shape)}`);
    }
    return this.applyUnchecked(x as tf.Tensor4D);
  }

  /** apply() without validation, with an optional override of the activation: for modules that validated x. */
  applyUnchecked(x: tf.Tensor4D, activation: ConvActivation = this.config.activation): tf.Tensor4D {
    const { padding, kernelSize: [kh, kw] } = this.config;
    const input = padding === "circular" ? circularPad(x, (kh - 1) / 2, (kw - 1) / 2) : x;
    return conv2d(input, this.weight as tf.Tensor as tf.Tensor4D, {
      padding: padding === "same" ? "same" : "valid", bias: this.bias as tf.Tensor as tf.Tensor1D | undefined, activation,
    });
  }
}
