/**
 * A gated 2D convolution (Yu et al. 2019, "Free-form image inpainting with gated convolution",
 * ICCV, eq. 1): two convolutions of the same input, a feature branch and a gate branch,
 *
 *   out = φ(conv_f(x)) ⊙ σ(conv_g(x)),
 *
 * x [batch, height, width, inChannels] → [batch, height', width', outChannels], NHWC float32, φ a
 * point-wise activation and σ the logistic sigmoid. Give the layer a mask channel among its inputs
 * (1 = valid, 0 = missing) and the gate learns, per pixel and channel, how much of each feature to
 * pass: where the input is missing it can shut the response off instead of propagating the fill
 * value — what a plain convolution, which treats a zero-filled hole as data, cannot do. Stacked, the
 * gates of later layers see the features (and the mask they carry), so the valid region grows layer
 * by layer into the hole. Both branches are `Conv2d` children ("feature", "gate") with the same
 * kernel and padding; weights start as PyTorch's default, seeded per branch.
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkInt, checkObject, checkOneOf, checkTensor, shapeString } from "../../core";
import { Module } from "../module";
import { CONV_ACTIVATIONS, Conv2d, PADDINGS, resolveKernel, type ConvActivationName, type Padding } from "./conv2d";
import { checkSeed, childSeed } from "./seeds";

export interface GatedConv2dConfig {
  inChannels: number;
  outChannels: number;
  /** Odd kernel size k (square) or [kh, kw] (default 3), shared by both branches. */
  kernelSize?: number | [number, number];
  /** Default "same" (zeros); "valid" or "circular" as in Conv2d. */
  padding?: Padding;
  /** Activation φ of the feature branch (default "relu"; "linear" for none). */
  activation?: ConvActivationName;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type GatedConv2dResolved = Required<Omit<GatedConv2dConfig, "kernelSize">> & { kernelSize: [number, number] };

export class GatedConv2d extends Module<GatedConv2dResolved> {
  readonly className = "GatedConv2d";
  readonly feature: Conv2d;
  readonly gate: Conv2d;

  constructor(config: GatedConv2dConfig) {
    const where = "GatedConv2d";
    checkObject(where, "config", config);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      kernelSize: resolveKernel(where, config.kernelSize),
      padding: checkOneOf(where, "padding", config.padding ?? "same", PADDINGS),
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      seed: checkSeed(where, config.seed),
    });
    const { inChannels, outChannels, kernelSize, padding, activation, seed } = this.config;
    const branch = { inChannels, outChannels, kernelSize, padding };
    this.feature = this.register("feature", new Conv2d({ ...branch, activation, seed: childSeed(seed, 0) }));
    this.gate = this.register("gate", new Conv2d({ ...branch, activation: "linear", seed: childSeed(seed, 1) }));
  }

  /** x [batch, height, width, inChannels] → [batch, height', width', outChannels] (height', width' as Conv2d's padding gives). */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = "[batch, height, width, channels]";
    checkTensor("GatedConv2d.apply", "x", x, 4, layout);
    checkChannels("GatedConv2d.apply", "x", x, this.config.inChannels, layout);
    const [kh, kw] = this.config.kernelSize, [, H, W] = x.shape as number[];
    if (this.config.padding !== "same" && (H < kh || W < kw)) {
      throw new RangeError(`GatedConv2d.apply: padding "${this.config.padding}" needs height ≥ ${kh} and width ≥ ${kw}, got x ${shapeString(x.shape)}`);
    }
    return this.applyUnchecked(x as tf.Tensor4D);
  }

  /** apply() without validation: for modules that validated x. */
  applyUnchecked(x: tf.Tensor4D): tf.Tensor4D {
    return tf.mul(this.feature.applyUnchecked(x), tf.sigmoid(this.gate.applyUnchecked(x)));
  }

  /** The gate σ(conv_g(x)) in (0, 1), [batch, height', width', outChannels]: what passes where (for plots and tests). */
  gateOf(x: tf.Tensor4D): tf.Tensor4D {
    checkTensor("GatedConv2d.gateOf", "x", x, 4, "[batch, height, width, channels]");
    checkChannels("GatedConv2d.gateOf", "x", x, this.config.inChannels, "[batch, height, width, channels]");
    return tf.tidy(() => tf.sigmoid(this.gate.applyUnchecked(x)));
  }
}
