/**
 * Super-resolution with missing values, after Yasuda et al. 2023 (arXiv:2303.16684) and Yasuda &
 * Onishi 2025 (arXiv:2404.02631): a coarse simulation has no value where its own buildings stand,
 * although the fine grid has streets there; the network restores those cells and super-resolves
 * ×factor in one pass, given the fine grid's static geometry.
 *
 *   x [batch, h, w, inChannels]            coarse fields, missing cells filled (e.g. zeros), plus mask channel(s)
 *   cond.field [batch, h·r, w·r, staticChannels]   fine-grid static fields (e.g. the building mask), optional
 *     → concat(x, pixelUnshuffle(cond.field, r))    the fine geometry at coarse resolution, r² channels per field
 *       (with `staticInTrunk: false` the trunk reads x alone and the fine fields join only the head)
 *     → nLayers GatedConv2d (gated = true) or Conv2d (gated = false), hiddenChannels, activation φ;
 *       with `reinject`, every layer after the first also gets that input again (concatenated to its
 *       features), as Yasuda et al.'s U-Net joins the building mask at every level — so every gate
 *       sees the mask, not only what the layers before it kept of it
 *     → Conv2d to r²·highChannels, φ, pixel shuffle     (sub-pixel upsampling, Shi et al. 2016)
 *     → headLayers × (concat cond.field → Conv2d highChannels, φ) → Conv2d outChannels
 *   → [batch, h·r, w·r, outChannels]
 *
 * With `gated: false` the coarse trunk uses plain convolutions of the same width: the same network
 * without gates, for which a filled hole is just data.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBoolean, checkChannels, checkInt, checkObject, checkOneOf, checkTensor, pixelShuffle, pixelUnshuffle, shapeString } from "../core";
import { CONV_ACTIVATIONS, Conv2d, resolveKernel, type ConvActivationName } from "./layers/conv2d";
import { GatedConv2d } from "./layers/gated-conv2d";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module, condTensor, type Conditioning } from "./module";

export interface GatedSRNetConfig {
  /** Channels of the coarse input x (fields and mask channels). */
  inChannels: number;
  /** Channels of the fine-grid static input cond.field (default 0: none). */
  staticChannels?: number;
  outChannels: number;
  /** Width of the coarse trunk. */
  hiddenChannels: number;
  /** Convolutions in the coarse trunk (≥ 1). */
  nLayers: number;
  /** Width of the fine-grid head (default hiddenChannels / factor², at least 4). */
  highChannels?: number;
  /** Upsampling factor r (≥ 1). */
  factor: number;
  /** Gated convolutions in the coarse trunk (default true); false: plain convolutions. */
  gated?: boolean;
  /** Concatenate the trunk's input to the input of every trunk layer (default true). */
  reinject?: boolean;
  /**
   * Give the trunk the fine static fields, folded to coarse resolution (default true). With false
   * they join only the fine-grid head — e.g. so that a plain trunk cannot read the coarse mask off
   * the fine geometry and sees only what x itself shows.
   */
  staticInTrunk?: boolean;
  /** Fine-grid convolutions between the sub-pixel upsampling and the output (default 1), each given cond.field again. */
  headLayers?: number;
  /** Odd square kernel size (default 3). */
  kernelSize?: number;
  /** Activation φ (default "relu"). */
  activation?: ConvActivationName;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type GatedSRNetResolved = Required<GatedSRNetConfig>;

export class GatedSRNet extends Module<GatedSRNetResolved> {
  readonly className = "GatedSRNet";
  private readonly trunk: (GatedConv2d | Conv2d)[] = [];
  private readonly up: Conv2d;
  private readonly head: Conv2d[] = [];
  private readonly out: Conv2d;

  constructor(config: GatedSRNetConfig) {
    const where = "GatedSRNet";
    checkObject(where, "config", config);
    const factor = checkInt(where, "factor", config.factor, 1);
    const hiddenChannels = checkInt(where, "hiddenChannels", config.hiddenChannels, 1);
    const kernelSize = config.kernelSize ?? 3;
    resolveKernel(where, kernelSize);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      staticChannels: checkInt(where, "staticChannels", config.staticChannels ?? 0, 0),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      hiddenChannels,
      nLayers: checkInt(where, "nLayers", config.nLayers, 1),
      highChannels: checkInt(where, "highChannels", config.highChannels ?? Math.max(4, Math.floor(hiddenChannels / (factor * factor))), 1),
      factor,
      gated: checkBoolean(where, "gated", config.gated, true),
      reinject: checkBoolean(where, "reinject", config.reinject, true),
      staticInTrunk: checkBoolean(where, "staticInTrunk", config.staticInTrunk, true),
      headLayers: checkInt(where, "headLayers", config.headLayers ?? 1, 1),
      kernelSize: checkInt(where, "kernelSize", kernelSize, 1),
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config, r2 = c.factor * c.factor, c0 = c.inChannels + (c.staticInTrunk ? r2 * c.staticChannels : 0);
    const conv = (name: string, k: number, ci: number, co: number, activation: ConvActivationName) =>
      this.register(name, new Conv2d({ inChannels: ci, outChannels: co, kernelSize: c.kernelSize, activation, seed: childSeed(c.seed, k) }));
    for (let l = 0; l < c.nLayers; l++) {
      const layer = { inChannels: l === 0 ? c0 : c.hiddenChannels + (c.reinject ? c0 : 0), outChannels: c.hiddenChannels,
        kernelSize: c.kernelSize, activation: c.activation, seed: childSeed(c.seed, l) };
      this.trunk.push(this.register(`trunk/${l}`, c.gated ? new GatedConv2d(layer) : new Conv2d(layer)));
    }
    this.up = conv("upsample", c.nLayers, c.hiddenChannels, r2 * c.highChannels, c.activation);
    for (let j = 0; j < c.headLayers; j++) { // the first keeps the name and seed it had before headLayers existed
      this.head.push(conv(j === 0 ? "head" : `head/${j}`, j === 0 ? c.nLayers + 1 : c.nLayers + 2 + j, c.highChannels + c.staticChannels, c.highChannels, c.activation));
    }
    this.out = conv("out", c.nLayers + 2, c.highChannels, c.outChannels, "linear");
  }

  /**
   * x [batch, h, w, inChannels] → [batch, h·factor, w·factor, outChannels]; with staticChannels > 0,
   * cond.field [batch, h·factor, w·factor, staticChannels] (or cond itself as a bare tensor).
   */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor4D {
    const where = "GatedSRNet.apply", layout = "[batch, height, width, channels]", c = this.config;
    checkTensor(where, "x", x, 4, layout);
    checkChannels(where, "x", x, c.inChannels, layout);
    const [B, h, w] = x.shape as number[], r = c.factor;
    let field: tf.Tensor4D | undefined;
    if (c.staticChannels > 0) {
      const f = condTensor(where, cond, "field", `[batch, ${h * r}, ${w * r}, ${c.staticChannels}]`);
      checkTensor(where, "cond.field", f, 4, layout);
      if (f.shape[0] !== B || f.shape[1] !== h * r || f.shape[2] !== w * r || f.shape[3] !== c.staticChannels) {
        throw new RangeError(`${where}: cond.field must be [${B}, ${h * r}, ${w * r}, ${c.staticChannels}] (x ${shapeString(x.shape)} upsampled ×${r}), got ${shapeString(f.shape)}`);
      }
      field = f as tf.Tensor4D;
    }
    const z0 = field === undefined || !c.staticInTrunk ? (x as tf.Tensor4D) : tf.concat([x as tf.Tensor4D, pixelUnshuffle(field, r)], 3); // [B, h, w, Cin (+ r²·Cs)]
    let z = z0;
    this.trunk.forEach((layer, l) => { z = layer.applyUnchecked(l > 0 && c.reinject ? tf.concat([z, z0], 3) : z); }); // [B, h, w, hidden]
    let y = pixelShuffle(this.up.applyUnchecked(z), r); // [B, H, W, highChannels]
    for (const layer of this.head) y = layer.applyUnchecked(field === undefined ? y : tf.concat([y, field], 3));
    return this.out.applyUnchecked(y);
  }
}
