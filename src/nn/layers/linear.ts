/**
 * A linear map on the last axis, y = x·W + b (torch.nn.Linear): x [..., inFeatures] →
 * [..., outFeatures], float32. Every leading axis (batch, grid points, tokens) is a row, so on an
 * NHWC field it is a 1x1 convolution. W [inFeatures, outFeatures] and b [outFeatures] start uniform
 * in ±1/√inFeatures, PyTorch's default. Built on core.dense (hand-written gradient on the fast
 * matMul path).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkBoolean, checkChannels, checkInt, checkObject, checkTensor, dense } from "../../core";
import { Module } from "../module";
import { uniformFanIn } from "../params";
import { checkSeed } from "./seeds";

export interface LinearConfig {
  inFeatures: number;
  outFeatures: number;
  /** Add a bias (default true). */
  bias?: boolean;
  /** Initialisation seed (default 0). */
  seed?: number;
}

export class Linear extends Module<Required<LinearConfig>> {
  readonly className = "Linear";
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(config: LinearConfig) {
    const where = "Linear";
    checkObject(where, "config", config);
    super({
      inFeatures: checkInt(where, "inFeatures", config.inFeatures, 1),
      outFeatures: checkInt(where, "outFeatures", config.outFeatures, 1),
      bias: checkBoolean(where, "bias", config.bias, true),
      seed: checkSeed(where, config.seed),
    });
    const { inFeatures: ci, outFeatures: co } = this.config, rng = new Rng(this.config.seed);
    this.weight = this.params.add("weight", [ci, co], uniformFanIn(rng, ci * co, ci));
    this.bias = this.config.bias ? this.params.add("bias", [co], uniformFanIn(rng, co, ci)) : undefined;
  }

  /** x [..., inFeatures] (rank ≥ 2) → [..., outFeatures]. */
  apply(x: tf.Tensor): tf.Tensor {
    const layout = "[..., features]";
    checkTensor("Linear.apply", "x", x, [2, 3, 4, 5], layout);
    checkChannels("Linear.apply", "x", x, this.config.inFeatures, layout);
    return this.applyRows(x.reshape([-1, this.config.inFeatures]) as tf.Tensor2D).reshape([...x.shape.slice(0, -1), this.config.outFeatures]);
  }

  /** Rows x [S, inFeatures] → [S, outFeatures], unchecked: for modules that have validated x. */
  applyRows(x: tf.Tensor2D): tf.Tensor2D {
    return dense(x, this.weight as tf.Tensor as tf.Tensor2D, this.bias as tf.Tensor as tf.Tensor1D | undefined);
  }
}
