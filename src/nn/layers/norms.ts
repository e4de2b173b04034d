/**
 * Normalisation layers, float32, with learned scale γ (ones) and shift β (zeros):
 * - LayerNorm (Ba et al. 2016): over the last axis, x [..., features] → same shape.
 * - GroupNorm (Wu & He 2018): over the grid and each group of channels, x [batch, ..., channels]
 *   (NWC or NHWC) → same shape; channels divisible by groups. groups = 1 is a LayerNorm over grid and
 *   channels, groups = channels an InstanceNorm.
 * Both compute y = (x − μ)/√(σ² + eps)·γ + β with the biased variance, as torch.nn does.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBoolean, checkChannels, checkFinite, checkInt, checkObject, checkTensor } from "../../core";
import { Module } from "../module";

export interface LayerNormConfig {
  features: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn γ and β (default true). */
  affine?: boolean;
}

export interface GroupNormConfig {
  groups: number;
  channels: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn γ and β per channel (default true). */
  affine?: boolean;
}

interface Affine { gamma: tf.Variable; beta: tf.Variable }

/** γ [n] = 1 and β [n] = 0 registered on `m`, or undefined when not affine. */
function affineParams(m: Module, n: number, affine: boolean): Affine | undefined {
  if (!affine) return undefined;
  return { gamma: m.params.add("weight", [n], new Float32Array(n).fill(1)), beta: m.params.add("bias", [n], new Float32Array(n)) };
}

/** (g − μ)/√(σ² + eps) with μ, σ² over `axes` of g, reshaped to `shape`, then ·γ + β on the last axis. */
function normalize(g: tf.Tensor, axes: number | number[], eps: number, shape: number[], affine: Affine | undefined): tf.Tensor {
  const { mean, variance } = tf.moments(g, axes, true);
  const y = tf.mul(tf.sub(g, mean), tf.rsqrt(tf.add(variance, eps))).reshape(shape);
  return affine === undefined ? y : tf.add(tf.mul(y, affine.gamma), affine.beta);
}

export class LayerNorm extends Module<Required<LayerNormConfig>> {
  readonly className = "LayerNorm";
  private readonly affine: Affine | undefined;

  constructor(config: LayerNormConfig) {
    const where = "LayerNorm";
    checkObject(where, "config", config);
    super({
      features: checkInt(where, "features", config.features, 1),
      eps: checkFinite(where, "eps", config.eps ?? 1e-5, 0),
      affine: checkBoolean(where, "affine", config.affine, true),
    });
    this.affine = affineParams(this, this.config.features, this.config.affine);
  }

  /** x [..., features] (rank ≥ 2) → same shape. */
  apply(x: tf.Tensor): tf.Tensor {
    checkTensor("LayerNorm.apply", "x", x, [2, 3, 4, 5], "[..., features]");
    checkChannels("LayerNorm.apply", "x", x, this.config.features, "[..., features]");
    return normalize(x, -1, this.config.eps, x.shape, this.affine);
  }
}

export class GroupNorm extends Module<Required<GroupNormConfig>> {
  readonly className = "GroupNorm";
  private readonly affine: Affine | undefined;

  constructor(config: GroupNormConfig) {
    const where = "GroupNorm";
    checkObject(where, "config", config);
    const groups = checkInt(where, "groups", config.groups, 1), channels = checkInt(where, "channels", config.channels, 1);
    if (channels % groups !== 0) throw new RangeError(`${where}: channels (${channels}) must be divisible by groups (${groups})`);
    super({ groups, channels, eps: checkFinite(where, "eps", config.eps ?? 1e-5, 0), affine: checkBoolean(where, "affine", config.affine, true) });
    this.affine = affineParams(this, channels, this.config.affine);
  }

  /** x [batch, ..., channels] (rank 3 or 4: NWC or NHWC) → same shape. */
  apply(x: tf.Tensor): tf.Tensor {
    const layout = "[batch, ..., channels]";
    checkTensor("GroupNorm.apply", "x", x, [3, 4], layout);
    checkChannels("GroupNorm.apply", "x", x, this.config.channels, layout);
    const { groups: G, channels: C, eps } = this.config, B = x.shape[0];
    return normalize(x.reshape([B, -1, G, C / G]), [1, 3], eps, x.shape, this.affine); // groups [B, grid points, G, C/G]
  }
}
