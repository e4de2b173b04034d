/**
 * A U-Net surrogate (Ronneberger et al. 2015) on core's fast ops, NHWC float32:
 * x [batch, height, width, inChannels] → [batch, height, width, outChannels], height and width
 * divisible by 2^depth.
 *
 * Level l has c·2^l channels and two 'same' convolutions. Down: pixelUnshuffle by 2 (space to
 * depth, lossless) then the level's first convolution; up: a sub-pixel convolution (ESPCN,
 * core.subpixelUpsample) back to the finer level. Skips are added (as in LinkNet) rather than
 * concatenated: a last-axis concat's backward is a slow split on tfjs-wasm, and the sum keeps the
 * widths fixed. A final 1x1 convolution maps to the outputs. Zero padding at the borders.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, conv2d, pixelUnshuffle, subpixelUpsample } from "../core";
import { CONV_ACTIVATIONS, resolveKernel, type ConvActivationName } from "./cnn";
import { Model } from "./model";
import { uniformFanIn } from "./params";
import { checkChannels, checkInt, checkOneOf, checkTensor, describe, shapeString } from "./validate";

export interface UNetConfig {
  inChannels: number;
  outChannels: number;
  /** Channels c of the finest level; level l has c·2^l (default 16). */
  baseChannels?: number;
  /** Number of halvings (≥ 1, default 3). */
  depth?: number;
  /** Odd kernel size of the convolutions (default 3). */
  kernelSize?: number;
  /** Activation after every convolution but the output one (default "relu"). */
  activation?: ConvActivationName;
  /** Initialisation seed (default 0). */
  seed?: number;
}

interface Conv { W: tf.Variable; b: tf.Variable }

export class UNet extends Model<Required<UNetConfig>> {
  readonly className = "UNet";
  private readonly down: Conv[][] = [];
  private readonly up: { upsample: Conv; convs: Conv[] }[] = [];
  private readonly head: Conv;

  constructor(config: UNetConfig) {
    const where = "UNet";
    if (config === null || typeof config !== "object") throw new TypeError(`${where}: config must be an object, got ${describe(config)}`);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      baseChannels: checkInt(where, "baseChannels", config.baseChannels ?? 16, 1),
      depth: checkInt(where, "depth", config.depth ?? 3, 1, 8),
      kernelSize: resolveKernel(where, config.kernelSize ?? 3)[0],
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      seed: checkInt(where, "seed", config.seed ?? 0, 0, 2 ** 32 - 1),
    });
    const { inChannels, outChannels, baseChannels: c, depth, kernelSize: k } = this.config;
    const rng = new Rng(this.config.seed);
    const conv = (name: string, kk: number, ci: number, co: number): Conv => ({
      W: this.params.add(`${name}/weight`, [kk, kk, ci, co], uniformFanIn(rng, kk * kk * ci * co, kk * kk * ci)),
      b: this.params.add(`${name}/bias`, [co], uniformFanIn(rng, co, kk * kk * ci)),
    });
    const width = (l: number) => c * 2 ** l;
    for (let l = 0; l <= depth; l++) {
      const ci = l === 0 ? inChannels : 4 * width(l - 1);
      this.down.push([conv(`down/${l}/0`, k, ci, width(l)), conv(`down/${l}/1`, k, width(l), width(l))]);
    }
    for (let l = depth - 1; l >= 0; l--) {
      this.up.push({
        upsample: conv(`up/${l}/upsample`, k, width(l + 1), 4 * width(l)),
        convs: [conv(`up/${l}/0`, k, width(l), width(l)), conv(`up/${l}/1`, k, width(l), width(l))],
      });
    }
    this.head = conv("head", 1, width(0), outChannels);
  }

  /** x [batch, height, width, inChannels] → [batch, height, width, outChannels]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = "[batch, height, width, channels]";
    checkTensor("UNet.apply", "x", x, 4, layout);
    checkChannels("UNet.apply", "x", x, this.config.inChannels, layout);
    const f = 2 ** this.config.depth;
    const [, height, width] = x.shape as number[];
    if (height % f !== 0 || width % f !== 0) {
      throw new RangeError(`UNet.apply: height and width must be divisible by 2^depth = ${f}, got x ${shapeString(x.shape)}`);
    }
    const act = this.config.activation;
    const apply = (h: tf.Tensor4D, { W, b }: Conv, activation: ConvActivationName | "none" = act) =>
      conv2d(h, W as tf.Tensor as tf.Tensor4D, { bias: b as tf.Tensor as tf.Tensor1D, activation });
    const skips: tf.Tensor4D[] = [];
    let h = x as tf.Tensor4D;
    this.down.forEach((convs, l) => {
      if (l > 0) h = pixelUnshuffle(h, 2); // [B, H/2, W/2, 4·c_{l−1}]
      h = apply(apply(h, convs[0]), convs[1]);
      skips.push(h);
    });
    this.up.forEach(({ upsample, convs }, i) => {
      const l = this.config.depth - 1 - i;
      h = subpixelUpsample(h, upsample.W as tf.Tensor as tf.Tensor4D, { factor: 2, bias: upsample.b as tf.Tensor as tf.Tensor1D, activation: act });
      h = apply(apply(tf.add(h, skips[l]) as tf.Tensor4D, convs[0]), convs[1]);
    });
    return apply(h, this.head, "none");
  }
}
