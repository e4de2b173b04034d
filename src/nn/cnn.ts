/**
 * A plain convolutional surrogate: `nLayers` stride-1 Conv2d layers with an activation after each
 * but the last, x [batch, height, width, inChannels] → [batch, height, width, outChannels] (NHWC,
 * float32). Its output at a pixel depends only on inputs inside its receptive field,
 * 1 + nLayers·(k − 1) pixels per axis; outside it the Jacobian is exactly zero — the locality that
 * notebooks 02 and 03 contrast with an FNO. Zero ("same") or periodic ("circular") padding.
 * For 1D fields use height 1 and kernelSize [1, k].
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkInt, checkObject, checkOneOf, checkTensor } from "../core";
import { Conv2d, CONV_ACTIVATIONS, resolveKernel, type ConvActivationName } from "./layers/conv2d";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module } from "./module";

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
  /** "same" (zeros, default) or "circular" (periodic domain). */
  padding?: "same" | "circular";
  /** Initialisation seed (default 0). */
  seed?: number;
}

type CNNResolved = Required<Omit<CNNConfig, "kernelSize">> & { kernelSize: [number, number] };

export class CNN extends Module<CNNResolved> {
  readonly className = "CNN";
  private readonly convs: Conv2d[] = [];

  constructor(config: CNNConfig) {
    const where = "CNN";
    checkObject(where, "config", config);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      hiddenChannels: checkInt(where, "hiddenChannels", config.hiddenChannels, 1),
      nLayers: checkInt(where, "nLayers", config.nLayers, 1),
      kernelSize: resolveKernel(where, config.kernelSize),
      activation: checkOneOf(where, "activation", config.activation ?? "relu", CONV_ACTIVATIONS),
      padding: checkOneOf(where, "padding", config.padding ?? "same", ["same", "circular"] as const),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config;
    for (let l = 0; l < c.nLayers; l++) {
      const last = l === c.nLayers - 1;
      this.convs.push(this.register(`convs/${l}`, new Conv2d({
        inChannels: l === 0 ? c.inChannels : c.hiddenChannels, outChannels: last ? c.outChannels : c.hiddenChannels,
        kernelSize: c.kernelSize, padding: c.padding, activation: last ? "linear" : c.activation, seed: childSeed(c.seed, l),
      })));
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
    return this.convs.reduce((h, conv) => conv.applyUnchecked(h), x as tf.Tensor4D);
  }
}
