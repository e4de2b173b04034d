/**
 * A translation-equivariant denoiser for states on a periodic 1D lattice (a Lorenz-96 ring), NHWC
 * float32: x [batch, 1, sites, inChannels] → [batch, 1, sites, outChannels]. Every layer is a
 * circular 1×k convolution or acts site by site, and nothing down-samples, so shifting the ring of x
 * (and of cond.field) by any number of sites shifts the output by the same number: a model trained on
 * n members learns the statistics of every site from all n·sites values (the U-Net with d halvings
 * commutes with shifts by 2^d sites only). Receptive field: 1 + (blocks + 1)·(k − 1) sites.
 *
 *   e   = silu(sinusoidal embedding of cond.t)                      [batch, timeChannels]
 *   h₀  = lift(x) + field(cond.field)                               (1×k conv; 1×1 conv, no bias)
 *   h_{l+1} = h_l + conv_l(silu(h_l + W_l·e))                        (blocks residual blocks)
 *   y   = head(silu(h_L))                                           (1×1 conv)
 *
 * The per-block time shift W_l·e is DDPM's way of telling a block the noise level (Ho et al. 2020,
 * appendix B). cond.t is the diffusion time step [batch] (float32; integers 0 … T−1 or any scale the
 * sinusoid resolves, see layers/time-embedding.ts); cond.field [batch, 1, sites, condChannels] is
 * optional conditioning on x's lattice (a forcing, a coarse state), read when condChannels > 0.
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkInt, checkObject, checkTensor, shapeString } from "../core";
import { activate } from "./activations";
import { Conv2d, resolveKernel } from "./layers/conv2d";
import { Linear } from "./layers/linear";
import { checkSeed, childSeed } from "./layers/seeds";
import { timeEmbedding } from "./layers/time-embedding";
import { Module, condTensor, type Conditioning } from "./module";

export interface RingDenoiserConfig {
  inChannels: number;
  outChannels: number;
  /** Channels of every hidden layer (default 32). */
  hiddenChannels?: number;
  /** Number of residual blocks (≥ 1, default 4). */
  blocks?: number;
  /** Odd kernel size k along the ring (default 5). */
  kernelSize?: number;
  /** Width of the sinusoidal embedding of cond.t (even, default 32). */
  timeChannels?: number;
  /** Channels of cond.field (default 0: no field conditioning). */
  condChannels?: number;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type RingDenoiserResolved = Required<RingDenoiserConfig>;

export class RingDenoiser extends Module<RingDenoiserResolved> {
  readonly className = "RingDenoiser";
  private readonly lift: Conv2d;
  private readonly field: Conv2d | undefined;
  private readonly time: Linear[] = [];
  private readonly convs: Conv2d[] = [];
  private readonly head: Conv2d;

  constructor(config: RingDenoiserConfig) {
    const where = "RingDenoiser";
    checkObject(where, "config", config);
    const timeChannels = checkInt(where, "timeChannels", config.timeChannels ?? 32, 2);
    if (timeChannels % 2 !== 0) throw new RangeError(`${where}: timeChannels must be even, got ${timeChannels}`);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      hiddenChannels: checkInt(where, "hiddenChannels", config.hiddenChannels ?? 32, 1),
      blocks: checkInt(where, "blocks", config.blocks ?? 4, 1),
      kernelSize: resolveKernel(where, config.kernelSize ?? 5)[0],
      timeChannels,
      condChannels: checkInt(where, "condChannels", config.condChannels ?? 0, 0),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config, kernel: [number, number] = [1, c.kernelSize];
    const conv = (name: string, inChannels: number, outChannels: number, k: [number, number], i: number, bias = true) =>
      this.register(name, new Conv2d({ inChannels, outChannels, kernelSize: k, padding: "circular", bias, seed: childSeed(c.seed, i) }));
    this.lift = conv("lift", c.inChannels, c.hiddenChannels, kernel, 0);
    this.field = c.condChannels > 0 ? conv("field", c.condChannels, c.hiddenChannels, [1, 1], 1, false) : undefined;
    for (let l = 0; l < c.blocks; l++) {
      this.time.push(this.register(`time/${l}`, new Linear({ inFeatures: c.timeChannels, outFeatures: c.hiddenChannels, seed: childSeed(c.seed, 10 + 2 * l) })));
      this.convs.push(conv(`blocks/${l}`, c.hiddenChannels, c.hiddenChannels, kernel, 11 + 2 * l));
    }
    this.head = conv("head", c.hiddenChannels, c.outChannels, [1, 1], 2);
  }

  /** Receptive field along the ring, in sites. */
  get receptiveField(): number {
    return 1 + (this.config.blocks + 1) * (this.config.kernelSize - 1);
  }

  /** x [batch, 1, sites, inChannels], cond { t [batch], field? [batch, 1, sites, condChannels] } → [batch, 1, sites, outChannels]. */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor4D {
    const where = "RingDenoiser.apply", layout = "[batch, 1, sites, channels]", c = this.config;
    checkTensor(where, "x", x, 4, layout);
    checkChannels(where, "x", x, c.inChannels, layout);
    const [B, H, W] = x.shape as number[];
    if (H !== 1 || W < c.kernelSize) throw new RangeError(`${where}: x must be one ring of ≥ ${c.kernelSize} sites per sample [batch, 1, sites, ${c.inChannels}], got ${shapeString(x.shape)}`);
    const t = condTensor(where, cond, "t", "[batch] (the diffusion time step)");
    checkTensor(where, "cond.t", t, 1, "[batch]");
    if (t.shape[0] !== B) throw new RangeError(`${where}: cond.t ${shapeString(t.shape)} must have x's batch ${B}`);
    let field: tf.Tensor | undefined;
    if (this.field !== undefined) {
      field = condTensor(where, cond, "field", `[batch, 1, sites, ${c.condChannels}]`);
      checkTensor(where, "cond.field", field, 4, "[batch, 1, sites, condChannels]");
      if (field.shape.slice(0, 3).join() !== [B, 1, W].join()) throw new RangeError(`${where}: cond.field ${shapeString(field.shape)} must be on x's ring [${B}, 1, ${W}, ${c.condChannels}]`);
      checkChannels(where, "cond.field", field, c.condChannels, "[batch, 1, sites, condChannels]");
    }
    const e = activate(timeEmbedding(t, c.timeChannels), "silu") as tf.Tensor2D;
    let h: tf.Tensor4D = this.lift.applyUnchecked(x as tf.Tensor4D);
    if (this.field !== undefined && field !== undefined) h = tf.add(h, this.field.applyUnchecked(field as tf.Tensor4D));
    for (let l = 0; l < c.blocks; l++) {
      const shift = this.time[l].applyRows(e).reshape([B, 1, 1, c.hiddenChannels]);
      h = tf.add(h, this.convs[l].applyUnchecked(activate(tf.add(h, shift), "silu") as tf.Tensor4D));
    }
    return this.head.applyUnchecked(activate(h, "silu") as tf.Tensor4D);
  }
}
