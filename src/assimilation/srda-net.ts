/**
 * The super-resolution data-assimilation (SR-DA) network of Yasuda & Onishi (2024, arXiv:
 * 2308.03351, its deterministic part): it fuses a low-resolution forecast with sparse
 * high-resolution observations into a high-resolution analysis. Everything runs on the coarse grid:
 *
 *   x [B, h, w, 1 + 2r²]   channel 0 the coarse forecast, then the observation field and its mask
 *                          (observed value / 1 at observed fine points, 0 elsewhere), each
 *                          pixel-unshuffled from [B, h·r, w·r, 1] to r² channels (srdaInput)
 *   y = pixelShuffle(CNN(x), r) + bicubic(forecast)        → [B, h·r, w·r, 1]
 *
 * so the network learns the correction to the bicubic interpolation of the forecast; with the
 * observations zero it is a super-resolution network. Rows are y, upward from a wall where ζ = 0:
 * the coarse rows are the nodes 0 … h−1 of an (h + 1)-row channel grid whose last row, the far
 * wall, is 0 and left out; the fine rows are the nodes 0 … h·r − 1 of its (h·r + 1)-row refinement
 * (node j of the coarse grid is node r·j of the fine one). x is periodic (circular padding).
 */
import * as tf from "@tensorflow/tfjs";
import { bicubic } from "../baselines/bicubic";
import { checkChannels, checkInt, checkObject, checkTensor, pixelShuffle, pixelUnshuffle } from "../core";
import { CNN } from "../nn/cnn";
import { checkSeed } from "../nn/layers/seeds";
import { Module } from "../nn/module";
import { modelNames, registerModel } from "../nn/registry";

export interface SrdaNetConfig {
  /** Refinement factor r between the coarse and the fine grid (the SRDA jet: 4). */
  factor: number;
  /** Feature maps of the coarse-grid CNN. */
  hiddenChannels: number;
  /** Convolutions of the CNN (≥ 2). */
  nLayers: number;
  /** Odd kernel size (default 3). */
  kernelSize?: number;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type SrdaNetResolved = Required<SrdaNetConfig>;

export class SrdaNet extends Module<SrdaNetResolved> {
  readonly className = "SrdaNet";
  private readonly body: CNN;

  constructor(config: SrdaNetConfig) {
    const where = "SrdaNet";
    checkObject(where, "config", config);
    super({
      factor: checkInt(where, "factor", config.factor, 1, 16),
      hiddenChannels: checkInt(where, "hiddenChannels", config.hiddenChannels, 1),
      nLayers: checkInt(where, "nLayers", config.nLayers, 2),
      kernelSize: checkInt(where, "kernelSize", config.kernelSize ?? 3, 1),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config, r2 = c.factor * c.factor;
    this.body = this.register("body", new CNN({
      inChannels: 1 + 2 * r2, outChannels: r2, hiddenChannels: c.hiddenChannels, nLayers: c.nLayers,
      kernelSize: c.kernelSize, padding: "circular", activation: "relu", seed: c.seed,
    }));
  }

  /** Input channels: 1 + 2r². */
  get inChannels(): number { return 1 + 2 * this.config.factor ** 2; }

  /** x [B, h, w, 1 + 2r²] (see srdaInput) → the fine analysis [B, h·r, w·r, 1]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const where = "SrdaNet.apply", layout = "[batch, h, w, 1 + 2·factor²]";
    checkTensor(where, "x", x, 4, layout);
    checkChannels(where, "x", x, this.inChannels, layout);
    const r = this.config.factor, [B, h, w] = x.shape as [number, number, number, number];
    return tf.tidy(() => {
      const forecast = tf.concat([tf.slice(x, [0, 0, 0, 0], [B, h, w, 1]), tf.zeros([B, 1, w, 1])], 1) as tf.Tensor4D; // + far wall
      const skip = tf.slice(bicubic(forecast, { size: [h * r + 1, w * r], boundary: ["clamp", "periodic"], align: ["node", "node"] }), [0, 0, 0, 0], [B, h * r, w * r, 1]);
      return tf.add(pixelShuffle(this.body.apply(x), r), skip) as tf.Tensor4D;
    });
  }
}

if (!modelNames().includes("SrdaNet")) registerModel<SrdaNetConfig>("SrdaNet", (c) => new SrdaNet(c));

/**
 * The SR-DA network's input [B, h, w, 1 + 2r²] from the coarse forecast [B, h, w, 1], the
 * observation field [B, h·r, w·r, 1] (observed values, zero elsewhere) and the mask [1 or B, h·r,
 * w·r, 1] (1 at observed points): the fine fields are pixel-unshuffled onto the coarse grid.
 */
export function srdaInput(forecast: tf.Tensor4D, observations: tf.Tensor4D, mask: tf.Tensor4D, factor: number): tf.Tensor4D {
  const where = "assimilation.srdaInput";
  checkTensor(where, "forecast", forecast, 4, "[B, h, w, 1]");
  checkChannels(where, "forecast", forecast, 1, "[B, h, w, 1]");
  const [B, h, w] = forecast.shape, r = checkInt(where, "factor", factor, 1, 16);
  const fine = [h * r, w * r];
  if (observations.rank !== 4 || observations.shape[0] !== B || observations.shape[1] !== fine[0] || observations.shape[2] !== fine[1] || observations.shape[3] !== 1) {
    throw new RangeError(`${where}: observations must be [${B}, ${fine[0]}, ${fine[1]}, 1] (the forecast's grid refined ${r}×), got [${observations.shape.join(", ")}]`);
  }
  if (mask.rank !== 4 || (mask.shape[0] !== 1 && mask.shape[0] !== B) || mask.shape[1] !== fine[0] || mask.shape[2] !== fine[1] || mask.shape[3] !== 1) {
    throw new RangeError(`${where}: mask must be [1 or ${B}, ${fine[0]}, ${fine[1]}, 1], got [${mask.shape.join(", ")}]`);
  }
  return tf.tidy(() => {
    const m = mask.shape[0] === B ? mask : tf.tile(mask, [B, 1, 1, 1]) as tf.Tensor4D;
    return tf.concat([forecast, pixelUnshuffle(observations, r), pixelUnshuffle(m, r)], 3) as tf.Tensor4D;
  });
}

/** x rolled by `shift` columns along the periodic x axis (axis 2): out[…, i, :] = x[…, (i − shift) mod W, :]. */
export function rollX(x: tf.Tensor4D, shift: number): tf.Tensor4D {
  const W = x.shape[2], s = ((checkInt("assimilation.rollX", "shift", shift) % W) + W) % W;
  if (s === 0) return x.clone();
  return tf.tidy(() => tf.concat([tf.slice(x, [0, 0, W - s, 0], [-1, -1, s, -1]), tf.slice(x, [0, 0, 0, 0], [-1, -1, W - s, -1])], 2) as tf.Tensor4D);
}
