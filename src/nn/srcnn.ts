/**
 * SRCNN (Dong, Loy, He & Tang 2014, "Learning a deep convolutional network for image
 * super-resolution", ECCV; TPAMI 38, 295 (2016), §3.1): three convolutions on the low-resolution
 * field already interpolated to the high-resolution grid (by the caller, e.g. baselines.bicubic),
 *
 *   F1 = relu(W1 ⋆ Y + b1)     patch extraction, f1×f1 filters, n1 maps      (default 9×9, 64)
 *   F2 = relu(W2 ⋆ F1 + b2)    non-linear mapping, f2×f2 filters, n2 maps     (default 1×1, 32)
 *   F  = W3 ⋆ F2 + b3          reconstruction, f3×f3 filters                 (default 5×5)
 *
 * plus, with `residual: true`, the interpolated input Y itself (F + Y: the network learns only the
 * correction, as in VDSR, Kim et al. 2016 — the same map, easier to train from little data).
 * x [batch, height, width, channels] → [batch, height, width, channels] (NHWC, float32, one grid).
 * Its output at a pixel depends only on inputs within the receptive field 1 + Σ(f_i − 1) pixels per
 * axis (13 by default) and the Jacobian is exactly zero outside it: SRCNN is local by construction.
 * Zero ("same") or periodic ("circular") padding.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBoolean, checkChannels, checkInt, checkObject, checkOneOf, checkTensor, shapeString } from "../core";
import { Conv2d, CONV_ACTIVATIONS, type ConvActivationName } from "./layers/conv2d";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module } from "./module";

export interface SRCNNConfig {
  /** Channels of the field (input and output). */
  channels: number;
  /** Feature maps of the first two layers [n1, n2] (default [64, 32]). */
  filters?: [number, number];
  /** Odd kernel sizes of the three layers [f1, f2, f3] (default [9, 1, 5]). */
  kernelSizes?: [number, number, number];
  /** Activation after the first two layers (default "relu"). */
  activation?: ConvActivationName;
  /** Add the input to the output (learn the correction to the interpolation; default false). */
  residual?: boolean;
  /** "same" (zeros, default) or "circular" (periodic domain). */
  padding?: "same" | "circular";
  /** Initialisation seed (default 0). */
  seed?: number;
}

export type SRCNNResolved = Required<SRCNNConfig>;

export class SRCNN extends Module<SRCNNResolved> {
  readonly className = "SRCNN";
  private readonly convs: Conv2d[];

  constructor(config: SRCNNConfig) {
    const where = "SRCNN";
    checkObject(where, "config", config);
    const filters = config.filters ?? [64, 32], kernels = config.kernelSizes ?? [9, 1, 5];
    if (!Array.isArray(filters) || filters.length !== 2) throw new TypeError(`${where}: filters must be [n1, n2], got ${JSON.stringify(filters)}`);
    if (!Array.isArray(kernels) || kernels.length !== 3) throw new TypeError(`${where}: kernelSizes must be [f1, f2, f3], got ${JSON.stringify(kernels)}`);
    kernels.forEach((k, i) => {
      checkInt(where, `kernelSizes[${i}]`, k, 1);
      if (k % 2 !== 1) throw new RangeError(`${where}: kernel sizes must be odd, got kernelSizes ${JSON.stringify(kernels)}`);
    });
    super({
      channels: checkInt(where, "channels", config.channels, 1),
      filters: [checkInt(where, "filters[0]", filters[0], 1), checkInt(where, "filters[1]", filters[1], 1)],
      kernelSizes: [kernels[0], kernels[1], kernels[2]],
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      residual: checkBoolean(where, "residual", config.residual, false),
      padding: checkOneOf(where, "padding", config.padding ?? "same", ["same", "circular"] as const),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config, widths = [c.channels, c.filters[0], c.filters[1], c.channels];
    this.convs = c.kernelSizes.map((k, l) => this.register(`convs/${l}`, new Conv2d({
      inChannels: widths[l], outChannels: widths[l + 1], kernelSize: k, padding: c.padding,
      activation: l === 2 ? "linear" : c.activation, seed: childSeed(c.seed, l),
    })));
  }

  /** Receptive field per axis (pixels of the high-resolution grid): 1 + Σ(f_i − 1). */
  get receptiveField(): number {
    return 1 + this.config.kernelSizes.reduce((s, k) => s + k - 1, 0);
  }

  /** x [batch, height, width, channels] (the interpolated field) → [batch, height, width, channels]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = "[batch, height, width, channels]";
    checkTensor("SRCNN.apply", "x", x, 4, layout);
    checkChannels("SRCNN.apply", "x", x, this.config.channels, layout);
    const half = (Math.max(...this.config.kernelSizes) - 1) / 2;
    if (this.config.padding === "circular" && ((x.shape[1] as number) < half || (x.shape[2] as number) < half)) {
      throw new RangeError(`SRCNN.apply: circular padding by ${half} needs height and width ≥ ${half}, got x ${shapeString(x.shape)}`);
    }
    const y = this.convs.reduce((h, conv) => conv.applyUnchecked(h), x as tf.Tensor4D);
    return this.config.residual ? tf.add(y, x) : y;
  }
}
