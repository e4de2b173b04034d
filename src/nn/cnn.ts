/**
 * A plain convolutional surrogate: `nLayers` stride-1 'same' convolutions (core.conv2d), an
 * activation after each but the last, x [batch, height, width, inChannels] → [batch, height, width,
 * outChannels] (NHWC, float32). Its output at a pixel depends only on inputs inside its receptive
 * field, 1 + nLayers·(k − 1) pixels per axis; outside it the Jacobian is exactly zero — the
 * locality that notebooks 02 and 03 contrast with an FNO. Zero padding at the borders.
 * For 1D fields use height 1 and kernelSize [1, k].
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, conv2d } from "../core";
import { Model } from "./model";
import { uniformFanIn } from "./params";
import { checkChannels, checkInt, checkOneOf, checkTensor, describe } from "./validate";

export const CONV_ACTIVATIONS = ["relu", "tanh", "gelu", "linear"] as const;
export type ConvActivationName = (typeof CONV_ACTIVATIONS)[number];

export interface CNNConfig {
  inChannels: number;
  outChannels: number;
  hiddenChannels: number;
  /** Number of convolutions (≥ 1). */
  nLayers: number;
  /** Odd kernel size k (square) or [kh, kw] (default 3). */
  kernelSize?: number | [number, number];
  /** Activation after every convolution but the last (default "relu"). */
  activation?: ConvActivationName;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type CNNResolved = Required<Omit<CNNConfig, "kernelSize">> & { kernelSize: [number, number] };

/** [kh, kw] from a kernelSize option, both odd. */
export function resolveKernel(where: string, k: number | [number, number] | undefined): [number, number] {
  const ks: [number, number] = Array.isArray(k) ? [k[0], k[1]] : [k ?? 3, k ?? 3];
  ks.forEach((v, i) => {
    checkInt(where, `kernelSize[${i}]`, v, 1);
    if (v % 2 !== 1) throw new RangeError(`${where}: kernel sizes must be odd, got ${ks.join("x")}`);
  });
  return ks;
}

export class CNN extends Model<CNNResolved> {
  readonly className = "CNN";
  private readonly layers: { W: tf.Variable; b: tf.Variable }[] = [];

  constructor(config: CNNConfig) {
    const where = "CNN";
    if (config === null || typeof config !== "object") throw new TypeError(`${where}: config must be an object, got ${describe(config)}`);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      hiddenChannels: checkInt(where, "hiddenChannels", config.hiddenChannels, 1),
      nLayers: checkInt(where, "nLayers", config.nLayers, 1),
      kernelSize: resolveKernel(where, config.kernelSize),
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      seed: checkInt(where, "seed", config.seed ?? 0, 0, 2 ** 32 - 1),
    });
    const { inChannels, outChannels, hiddenChannels, nLayers, kernelSize: [kh, kw] } = this.config;
    const rng = new Rng(this.config.seed);
    for (let l = 0; l < nLayers; l++) {
      const ci = l === 0 ? inChannels : hiddenChannels, co = l === nLayers - 1 ? outChannels : hiddenChannels;
      const fanIn = kh * kw * ci;
      this.layers.push({
        W: this.params.add(`convs/${l}/weight`, [kh, kw, ci, co], uniformFanIn(rng, kh * kw * ci * co, fanIn)),
        b: this.params.add(`convs/${l}/bias`, [co], uniformFanIn(rng, co, fanIn)),
      });
    }
  }

  /** Receptive field [rows, columns]: 1 + nLayers·(k − 1) per axis. */
  get receptiveField(): [number, number] {
    const { nLayers, kernelSize: [kh, kw] } = this.config;
    return [1 + nLayers * (kh - 1), 1 + nLayers * (kw - 1)];
  }

  /** x [batch, height, width, inChannels] → [batch, height, width, outChannels]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = "[batch, height, width, channels]";
    checkTensor("CNN.apply", "x", x, 4, layout);
    checkChannels("CNN.apply", "x", x, this.config.inChannels, layout);
    let h = x as tf.Tensor4D;
    this.layers.forEach(({ W, b }, l) => {
      const last = l === this.layers.length - 1;
      h = conv2d(h, W as tf.Tensor as tf.Tensor4D, { bias: b as tf.Tensor as tf.Tensor1D, activation: last ? "none" : this.config.activation });
    });
    return h;
  }
}
