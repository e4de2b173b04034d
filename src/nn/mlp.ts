/**
 * A multilayer perceptron on feature vectors, x [batch, inFeatures] → [batch, outFeatures], float32:
 * dense layers of the given hidden widths with an activation after each hidden layer and a linear
 * output. The closure model of notebook 01 (sub-grid tendency of Lorenz-96 from the resolved state).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../core";
import { activate, checkActivation, type Activation } from "./activations";
import { dense } from "./layers/dense";
import { Model } from "./model";
import { uniformFanIn } from "./params";
import { checkChannels, checkInt, checkTensor, describe } from "./validate";

export interface MLPConfig {
  inFeatures: number;
  outFeatures: number;
  /** Widths of the hidden layers (may be empty: a linear model). */
  hiddenFeatures: number[];
  /** Activation after each hidden layer (default "gelu"). */
  activation?: Activation;
  /** Initialisation seed (default 0). */
  seed?: number;
}

export class MLP extends Model<Required<MLPConfig>> {
  readonly className = "MLP";
  private readonly layers: { W: tf.Variable; b: tf.Variable }[] = [];

  constructor(config: MLPConfig) {
    const where = "MLP";
    if (config === null || typeof config !== "object") throw new TypeError(`${where}: config must be an object, got ${describe(config)}`);
    checkInt(where, "inFeatures", config.inFeatures, 1);
    checkInt(where, "outFeatures", config.outFeatures, 1);
    if (!Array.isArray(config.hiddenFeatures)) throw new TypeError(`${where}: hiddenFeatures must be an array of widths, got ${describe(config.hiddenFeatures)}`);
    config.hiddenFeatures.forEach((w, i) => checkInt(where, `hiddenFeatures[${i}]`, w, 1));
    super({
      inFeatures: config.inFeatures, outFeatures: config.outFeatures, hiddenFeatures: [...config.hiddenFeatures],
      activation: checkActivation(where, config.activation ?? "gelu"), seed: checkInt(where, "seed", config.seed ?? 0, 0, 2 ** 32 - 1),
    });
    const rng = new Rng(this.config.seed);
    const widths = [this.config.inFeatures, ...this.config.hiddenFeatures, this.config.outFeatures];
    for (let l = 0; l + 1 < widths.length; l++) {
      const [ci, co] = [widths[l], widths[l + 1]];
      this.layers.push({
        W: this.params.add(`layers/${l}/weight`, [ci, co], uniformFanIn(rng, ci * co, ci)),
        b: this.params.add(`layers/${l}/bias`, [co], uniformFanIn(rng, co, ci)),
      });
    }
  }

  /** x [batch, inFeatures] → [batch, outFeatures]. */
  apply(x: tf.Tensor): tf.Tensor2D {
    const layout = "[batch, features]";
    checkTensor("MLP.apply", "x", x, 2, layout);
    checkChannels("MLP.apply", "x", x, this.config.inFeatures, layout);
    let h = x as tf.Tensor2D;
    this.layers.forEach(({ W, b }, l) => {
      h = dense(h, W as tf.Tensor as tf.Tensor2D, b as tf.Tensor as tf.Tensor1D);
      if (l + 1 < this.layers.length) h = activate(h, this.config.activation) as tf.Tensor2D;
    });
    return h;
  }
}
