/**
 * A residual super-resolution CNN with sub-pixel upsampling, EDSR's layout (Lim et al. 2017,
 * "Enhanced deep residual networks for single image super-resolution", CVPRW, Fig. 3: residual
 * blocks without batch normalisation, residual scaling, a global skip) ending in ESPCN's pixel
 * shuffle (Shi et al. 2016). All convolutions run on the low-resolution grid:
 *
 *   x [batch, h, w, inChannels]
 *     h0 = W_head ⋆ x                                              head, to hiddenChannels
 *     h_{b+1} = h_b + s·W_b2 ⋆ σ(W_b1 ⋆ h_b)                       nBlocks residual blocks (s = residualScale)
 *     f = h0 + W_tail ⋆ h_nBlocks                                  global skip over the body
 *     y = pixelShuffle(W_up ⋆ f, r)                                sub-pixel conv to r²·outChannels, then shuffle
 *     (+ x repeated on each r×r block when skip = "nearest")
 *   → [batch, h·r, w·r, outChannels]
 *
 * (EDSR's last convolution at high resolution is left out: every weight acts on the coarse grid,
 * so a step costs ~r² less than an SRCNN on the interpolated field.) Local by construction: the
 * r×r output block of a coarse pixel depends only on coarse inputs within
 * 1 + (2·nBlocks + 3)·(k − 1) pixels per axis. Zero ("same") or periodic ("circular") padding; with
 * "circular" a shift of the input by one coarse pixel shifts the output by exactly r fine pixels.
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkFinite, checkInt, checkObject, checkOneOf, checkTensor, pixelShuffle, shapeString } from "../core";
import { Conv2d, CONV_ACTIVATIONS, type ConvActivationName } from "./layers/conv2d";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module } from "./module";

export const EDSR_SKIPS = ["nearest", "none"] as const;

export interface EDSRConfig {
  inChannels: number;
  outChannels: number;
  /** Feature maps of the body (EDSR: 64 baseline, 256 large). */
  hiddenChannels: number;
  /** Residual blocks (≥ 0; EDSR: 16 baseline, 32 large). */
  nBlocks: number;
  /** Upsampling factor r (integer ≥ 1). */
  factor: number;
  /** Odd kernel size of every convolution (default 3). */
  kernelSize?: number;
  /** Scale s of each block's residual branch (default 1; EDSR uses 0.1 for wide bodies). */
  residualScale?: number;
  /** Activation inside the blocks (default "relu"). */
  activation?: ConvActivationName;
  /** "nearest" (default when inChannels = outChannels): add the input repeated on each r×r block; "none". */
  skip?: (typeof EDSR_SKIPS)[number];
  /** "same" (zeros, default) or "circular" (periodic domain). */
  padding?: "same" | "circular";
  /** Initialisation seed (default 0). */
  seed?: number;
}

export type EDSRResolved = Required<EDSRConfig>;

export class EDSR extends Module<EDSRResolved> {
  readonly className = "EDSR";
  private readonly head: Conv2d;
  private readonly blocks: [Conv2d, Conv2d][] = [];
  private readonly tail: Conv2d;
  private readonly up: Conv2d;

  constructor(config: EDSRConfig) {
    const where = "EDSR";
    checkObject(where, "config", config);
    const inChannels = checkInt(where, "inChannels", config.inChannels, 1), outChannels = checkInt(where, "outChannels", config.outChannels, 1);
    const skip = checkOneOf(where, "skip", config.skip ?? (inChannels === outChannels ? "nearest" : "none"), EDSR_SKIPS);
    if (skip === "nearest" && inChannels !== outChannels) {
      throw new RangeError(`${where}: skip "nearest" adds the input to the output, so inChannels and outChannels must be equal, got ${inChannels} and ${outChannels}`);
    }
    const kernelSize = checkInt(where, "kernelSize", config.kernelSize ?? 3, 1);
    if (kernelSize % 2 !== 1) throw new RangeError(`${where}: kernelSize must be odd, got ${kernelSize}`);
    super({
      inChannels, outChannels,
      hiddenChannels: checkInt(where, "hiddenChannels", config.hiddenChannels, 1),
      nBlocks: checkInt(where, "nBlocks", config.nBlocks, 0),
      factor: checkInt(where, "factor", config.factor, 1),
      kernelSize,
      residualScale: checkFinite(where, "residualScale", config.residualScale ?? 1),
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      skip,
      padding: checkOneOf(where, "padding", config.padding ?? "same", ["same", "circular"] as const),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config;
    let n = 0;
    const conv = (name: string, ci: number, co: number) => this.register(name, new Conv2d({
      inChannels: ci, outChannels: co, kernelSize: c.kernelSize, padding: c.padding, seed: childSeed(c.seed, n++),
    }));
    this.head = conv("head", c.inChannels, c.hiddenChannels);
    for (let b = 0; b < c.nBlocks; b++) this.blocks.push([conv(`blocks/${b}/0`, c.hiddenChannels, c.hiddenChannels), conv(`blocks/${b}/1`, c.hiddenChannels, c.hiddenChannels)]);
    this.tail = conv("tail", c.hiddenChannels, c.hiddenChannels);
    this.up = conv("upsample", c.hiddenChannels, c.factor * c.factor * c.outChannels);
  }

  /** Receptive field per axis, in coarse pixels: 1 + (2·nBlocks + 3)·(k − 1). */
  get receptiveField(): number {
    return 1 + (2 * this.config.nBlocks + 3) * (this.config.kernelSize - 1);
  }

  /** x [batch, h, w, inChannels] → [batch, h·factor, w·factor, outChannels]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = "[batch, height, width, channels]", c = this.config;
    checkTensor("EDSR.apply", "x", x, 4, layout);
    checkChannels("EDSR.apply", "x", x, c.inChannels, layout);
    const half = (c.kernelSize - 1) / 2;
    if (c.padding === "circular" && ((x.shape[1] as number) < half || (x.shape[2] as number) < half)) {
      throw new RangeError(`EDSR.apply: circular padding by ${half} needs height and width ≥ ${half}, got x ${shapeString(x.shape)}`);
    }
    const x4 = x as tf.Tensor4D;
    const h0 = this.head.applyUnchecked(x4);
    let h = h0;
    for (const [a, b] of this.blocks) {
      const branch = b.applyUnchecked(a.applyUnchecked(h, c.activation)); // activation fused into the first conv
      h = tf.add(h, c.residualScale === 1 ? branch : tf.mul(branch, c.residualScale));
    }
    const f = tf.add(h0, this.tail.applyUnchecked(h)) as tf.Tensor4D;
    const y = pixelShuffle(this.up.applyUnchecked(f), c.factor); // [B, h·r, w·r, out]
    if (c.skip === "none") return y;
    const r = c.factor;
    return tf.add(y, pixelShuffle(tf.concat(Array.from({ length: r * r }, () => x4), 3), r)); // x repeated on each r×r block
  }
}
