/**
 * A multilayer perceptron on feature vectors, x [batch, inFeatures] → [batch, outFeatures], float32:
 * Linear layers of the given hidden widths with an activation after each hidden layer and a linear
 * output.
 *
 * Conditioning: with `condFeatures` > 0, `cond` (a tensor [batch, condFeatures], or `cond.features`)
 * enters the first layer as a second linear term, h₁ = σ(x·W + c·V + b) — the same as appending c
 * to x, without a last-axis concat (slow to differentiate on tfjs-wasm).
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkInt, checkObject, checkTensor, describe, shapeString } from "../core";
import { activate, checkActivation, type Activation } from "./activations";
import { Linear } from "./layers/linear";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module, condTensor, type Conditioning } from "./module";

export interface MLPConfig {
  inFeatures: number;
  outFeatures: number;
  /** Widths of the hidden layers (may be empty: a linear model). */
  hiddenFeatures: number[];
  /** Activation after each hidden layer (default "gelu"). */
  activation?: Activation;
  /** Width of the conditioning vector (default 0: none). */
  condFeatures?: number;
  /** Initialisation seed (default 0). */
  seed?: number;
}

export class MLP extends Module<Required<MLPConfig>> {
  readonly className = "MLP";
  private readonly layers: Linear[] = [];
  private readonly condition: Linear | undefined;

  constructor(config: MLPConfig) {
    const where = "MLP";
    checkObject(where, "config", config);
    checkInt(where, "inFeatures", config.inFeatures, 1);
    checkInt(where, "outFeatures", config.outFeatures, 1);
    if (!Array.isArray(config.hiddenFeatures)) throw new TypeError(`${where}: hiddenFeatures must be an array of widths, got ${describe(config.hiddenFeatures)}`);
    config.hiddenFeatures.forEach((w, i) => checkInt(where, `hiddenFeatures[${i}]`, w, 1));
    super({
      inFeatures: config.inFeatures, outFeatures: config.outFeatures, hiddenFeatures: [...config.hiddenFeatures],
      activation: checkActivation(where, config.activation ?? "gelu"),
      condFeatures: checkInt(where, "condFeatures", config.condFeatures ?? 0, 0),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config, widths = [c.inFeatures, ...c.hiddenFeatures, c.outFeatures];
    for (let l = 0; l + 1 < widths.length; l++) {
      this.layers.push(this.register(`layers/${l}`, new Linear({ inFeatures: widths[l], outFeatures: widths[l + 1], seed: childSeed(c.seed, l) })));
    }
    if (c.condFeatures > 0) {
      this.condition = this.register("condition", new Linear({ inFeatures: c.condFeatures, outFeatures: widths[1], bias: false, seed: childSeed(c.seed, widths.length) }));
    }
  }

  /** x [batch, inFeatures], cond [batch, condFeatures] when configured → [batch, outFeatures]. */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor2D {
    const layout = "[batch, features]";
    checkTensor("MLP.apply", "x", x, 2, layout);
    checkChannels("MLP.apply", "x", x, this.config.inFeatures, layout);
    let h = this.layers[0].applyRows(x as tf.Tensor2D);
    if (this.condition !== undefined) {
      const c = condTensor("MLP.apply", cond, "features", `[batch, ${this.config.condFeatures}]`);
      checkTensor("MLP.apply", "cond.features", c, 2, "[batch, condFeatures]");
      checkChannels("MLP.apply", "cond.features", c, this.config.condFeatures, "[batch, condFeatures]");
      if (c.shape[0] !== x.shape[0]) throw new RangeError(`MLP.apply: cond.features ${shapeString(c.shape)} must have x's batch ${x.shape[0]}`);
      h = tf.add(h, this.condition.applyRows(c as tf.Tensor2D));
    }
    for (let l = 1; l < this.layers.length; l++) h = this.layers[l].applyRows(activate(h, this.config.activation) as tf.Tensor2D);
    return h;
  }
}
