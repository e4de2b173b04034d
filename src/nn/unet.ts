/**
 * A U-Net (Ronneberger et al. 2015) on core's fast ops, NHWC float32:
 * x [batch, height, width, inChannels] → [batch, height, width, outChannels].
 *
 * - spatialDims 2 (default): a 2D field; height and width divisible by 2^depth (the halvings act on
 *   both axes).
 * - spatialDims 1: 1D fields along the width axis (a Lorenz-96 ring: x [batch, 1, sites, channels]);
 *   kernels are 1×k, the halvings act on the width only (divisible by 2^depth), and every row of
 *   the height axis is an independent field.
 *
 * Level l has c·2^l channels and two Conv2d layers. Down: space to depth by 2 (lossless; 2×2
 * blocks by pixelUnshuffle in 2D, pairs of neighbours by a reshape in 1D) then the level's first
 * convolution; up: a sub-pixel convolution (ESPCN: a convolution to 4× — in 1D 2× — the channels,
 * then depth to space) back to the finer level. Skips are added (as in LinkNet) rather than
 * concatenated: a last-axis concat's backward is a slow split on tfjs-wasm, and the sum keeps the
 * widths fixed. A final 1x1 convolution maps to the outputs. Zero ("same") or periodic
 * ("circular") padding; periodic padding wraps each level's input once by the halo its
 * convolutions consume ("valid" convolutions inside), the same function with fewer wrap copies.
 *
 * Conditioning (the denoiser of a diffusion model or a bridge):
 * - `timeChannels` > 0: cond.t [batch] (a time step or a continuous time) → sinusoidal embedding
 *   (layers/time-embedding.ts) → one Linear per level, added to the level's features after its
 *   first convolution (a per-channel shift, as in DDPM's ResNet blocks).
 * - `condChannels` > 0: cond.field [batch, height, width, condChannels] (e.g. the interpolated
 *   coarse field) enters the first convolution beside x (conv(x) + conv'(field), i.e. the
 *   convolution of the channel concatenation, without a slow concat).
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkInt, checkObject, checkOneOf, checkShape, checkTensor, circularPad, pixelShuffle, pixelUnshuffle, shapeString } from "../core";
import { activate } from "./activations";
import { Conv2d, CONV_ACTIVATIONS, resolveKernel, type ConvActivationName } from "./layers/conv2d";
import { Linear } from "./layers/linear";
import { checkSeed, childSeed } from "./layers/seeds";
import { timeEmbedding } from "./layers/time-embedding";
import { Module, condTensor, type Conditioning } from "./module";

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
  /** "same" (zeros, default) or "circular" (periodic domain). */
  padding?: "same" | "circular";
  /** Width of the time-step embedding read from cond.t (even; default 0: no time conditioning). */
  timeChannels?: number;
  /** Channels of cond.field, a field on x's grid entering the first convolution (default 0: none). */
  condChannels?: number;
  /** 2 (default): a 2D field; 1: 1D fields along the width axis (1×k kernels, halvings of the width only). */
  spatialDims?: 1 | 2;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type UNetResolved = Required<Omit<UNetConfig, "spatialDims">> & { spatialDims: 1 | 2 };

export class UNet extends Module<UNetResolved> {
  readonly className = "UNet";
  private readonly down: [Conv2d, Conv2d][] = [];
  private readonly up: { upsample: Conv2d; convs: [Conv2d, Conv2d] }[] = [];
  private readonly head: Conv2d;
  private readonly fieldConv: Conv2d | undefined;
  /** Per level (finest first): the time embedding's projection to the level's channels (down path, then up path). */
  private readonly timeDown: Linear[] = [];
  private readonly timeUp: Linear[] = [];

  constructor(config: UNetConfig) {
    const where = "UNet";
    checkObject(where, "config", config);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      baseChannels: checkInt(where, "baseChannels", config.baseChannels ?? 16, 1),
      depth: checkInt(where, "depth", config.depth ?? 3, 1, 8),
      kernelSize: resolveKernel(where, config.kernelSize ?? 3)[0],
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      padding: checkOneOf(where, "padding", config.padding ?? "same", ["same", "circular"] as const),
      timeChannels: checkInt(where, "timeChannels", config.timeChannels ?? 0, 0),
      condChannels: checkInt(where, "condChannels", config.condChannels ?? 0, 0),
      spatialDims: checkInt(where, "spatialDims", config.spatialDims ?? 2, 1, 2) as 1 | 2,
      seed: checkSeed(where, config.seed),
    });
    const { inChannels, outChannels, baseChannels: c, depth, kernelSize: k, padding, timeChannels, condChannels, spatialDims, seed } = this.config;
    if (timeChannels % 2 !== 0) throw new RangeError(`${where}: timeChannels must be even, got ${timeChannels}`);
    let n = 0;
    const kernel = (kk: number): [number, number] => (spatialDims === 1 ? [1, kk] : [kk, kk]);
    const conv = (name: string, ci: number, co: number, kk = k, bias = true) =>
      this.register(name, new Conv2d({ inChannels: ci, outChannels: co, kernelSize: kernel(kk), padding: padding === "circular" ? "valid" : padding, bias, seed: childSeed(seed, n++) }));
    const width = (l: number) => c * 2 ** l;
    const block = 2 ** spatialDims; // cells merged by one halving: 4 in 2D, 2 in 1D
    for (let l = 0; l <= depth; l++) {
      this.down.push([conv(`down/${l}/0`, l === 0 ? inChannels : block * width(l - 1), width(l)), conv(`down/${l}/1`, width(l), width(l))]);
    }
    for (let l = depth - 1; l >= 0; l--) {
      this.up.push({ upsample: conv(`up/${l}/upsample`, width(l + 1), block * width(l)), convs: [conv(`up/${l}/0`, width(l), width(l)), conv(`up/${l}/1`, width(l), width(l))] });
    }
    this.head = conv("head", width(0), outChannels, 1);
    if (condChannels > 0) this.fieldConv = conv("condition/field", condChannels, width(0), k, false);
    if (timeChannels > 0) {
      const lin = (name: string, co: number) => this.register(name, new Linear({ inFeatures: timeChannels, outFeatures: co, seed: childSeed(seed, n++) }));
      for (let l = 0; l <= depth; l++) this.timeDown.push(lin(`condition/time/down/${l}`, width(l)));
      for (let l = depth - 1; l >= 0; l--) this.timeUp.push(lin(`condition/time/up/${l}`, width(l)));
    }
  }

  /**
   * x [batch, height, width, inChannels]; cond.t [batch] when timeChannels > 0; cond.field
   * [batch, height, width, condChannels] when condChannels > 0 → [batch, height, width, outChannels].
   */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor4D {
    const where = "UNet.apply", layout = "[batch, height, width, channels]";
    checkTensor(where, "x", x, 4, layout);
    checkChannels(where, "x", x, this.config.inChannels, layout);
    const f = 2 ** this.config.depth, oneD = this.config.spatialDims === 1;
    const [B, height, width] = x.shape as number[];
    if (oneD && width % f !== 0) throw new RangeError(`${where}: width must be divisible by 2^depth = ${f} (spatialDims 1), got x ${shapeString(x.shape)}`);
    if (!oneD && (height % f !== 0 || width % f !== 0)) throw new RangeError(`${where}: height and width must be divisible by 2^depth = ${f}, got x ${shapeString(x.shape)}`);
    let field: tf.Tensor4D | undefined, temb: tf.Tensor2D | undefined;
    if (this.fieldConv !== undefined) {
      const cf = condTensor(where, cond, "field", `[batch, height, width, ${this.config.condChannels}]`);
      field = checkShape(where, "cond.field", cf, [B, height, width, this.config.condChannels], "[batch, height, width, condChannels]") as tf.Tensor4D;
    }
    if (this.config.timeChannels > 0) {
      const t = condTensor(where, cond, "t", "[batch]");
      if (t.size !== B) throw new RangeError(`${where}: cond.t must hold one time per sample ([${B}]), got ${shapeString(t.shape)}`);
      temb = timeEmbedding(t.reshape([B]), this.config.timeChannels);
    }
    const act = this.config.activation, r = (this.config.kernelSize - 1) / 2, circular = this.config.padding === "circular";
    if (circular && Math.min(oneD ? Infinity : height, width) / f < 2 * r) {
      throw new RangeError(`${where}: circular padding needs ≥ ${2 * r} cells per axis at the coarsest level (size / 2^depth), got x ${shapeString(x.shape)}`);
    }
    /** The periodic halo of `convs` stacked convolutions (identity under zero padding, which each convolution applies itself). */
    const halo = (h: tf.Tensor4D, convs: number) => (circular ? circularPad(h, oneD ? 0 : r * convs, r * convs) : h);
    /** Adds the level's time shift [B, 1, 1, C] when time-conditioned. */
    const shift = (h: tf.Tensor4D, lin: Linear | undefined) =>
      temb === undefined || lin === undefined ? h : tf.add(h, lin.applyRows(temb).reshape([B, 1, 1, -1])) as tf.Tensor4D;
    /** Space to depth and back by 2: 2×2 blocks in 2D, neighbouring pairs along the width in 1D (a reshape of NHWC). */
    const down = (h: tf.Tensor4D) => oneD ? h.reshape([B, h.shape[1], h.shape[2] / 2, 2 * h.shape[3]]) as tf.Tensor4D : pixelUnshuffle(h, 2);
    const up = (h: tf.Tensor4D) => oneD ? h.reshape([B, h.shape[1], h.shape[2] * 2, h.shape[3] / 2]) as tf.Tensor4D : pixelShuffle(h, 2);
    const skips: tf.Tensor4D[] = [];
    let h = x as tf.Tensor4D;
    this.down.forEach(([c0, c1], l) => {
      if (l > 0) h = down(h); // 2D: [B, H/2, W/2, 4·c_{l−1}]; 1D: [B, H, W/2, 2·c_{l−1}]
      let z = c0.applyUnchecked(halo(h, 2), l === 0 && field !== undefined ? "linear" : act);
      if (l === 0 && field !== undefined && this.fieldConv !== undefined) z = activate(tf.add(z, this.fieldConv.applyUnchecked(halo(field, 2))), act) as tf.Tensor4D;
      h = c1.applyUnchecked(shift(z, this.timeDown[l]), act);
      skips.push(h);
    });
    this.up.forEach(({ upsample, convs }, i) => {
      const l = this.config.depth - 1 - i;
      h = up(upsample.applyUnchecked(halo(h, 1), act)); // 2D: [B, 2H, 2W, c_l]; 1D: [B, H, 2W, c_l]
      h = convs[1].applyUnchecked(shift(convs[0].applyUnchecked(halo(tf.add(h, skips[l]) as tf.Tensor4D, 2), act), this.timeUp[i]), act);
    });
    return this.head.applyUnchecked(h, "linear");
  }
}
