/**
 * Sinusoidal embedding of a scalar per sample — a diffusion time step or a continuous time — as in
 * the Transformer's positional encoding (Vaswani et al. 2017, §3.5) and DDPM (Ho et al. 2020):
 *
 *   e(t) = [sin(t·ω_0), …, sin(t·ω_{h−1}), cos(t·ω_0), …, cos(t·ω_{h−1})],  ω_i = P^(−i/h),  h = dim/2
 *
 * with P = maxPeriod (default 10000): periods from 2π to 2πP, so both integer steps 0…1000 and t in
 * [0, 1] (scaled by the caller) are resolved. No trainable variables; a model follows it with Linear
 * layers of its own.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFinite, checkInt, checkObject, checkTensor, shapeString } from "../../core";
import { Module } from "../module";

export interface TimeEmbeddingConfig {
  /** Embedding width (even). */
  dim: number;
  /** Longest period over 2π (default 10000). */
  maxPeriod?: number;
}

/** t [B] or [B, 1] (float32) → e(t) [B, dim]. */
export function timeEmbedding(t: tf.Tensor, dim: number, maxPeriod = 10000): tf.Tensor2D {
  checkTensor("timeEmbedding", "t", t, [1, 2], "[batch] or [batch, 1]");
  if (t.rank === 2 && t.shape[1] !== 1) throw new RangeError(`timeEmbedding: t must be [batch] or [batch, 1], got ${shapeString(t.shape)}`);
  checkInt("timeEmbedding", "dim", dim, 2);
  if (dim % 2 !== 0) throw new RangeError(`timeEmbedding: dim must be even, got ${dim}`);
  checkFinite("timeEmbedding", "maxPeriod", maxPeriod, 1);
  const h = dim / 2;
  const omega = Float32Array.from({ length: h }, (_, i) => Math.pow(maxPeriod, -i / h));
  return tf.tidy(() => {
    const phase = tf.mul(t.reshape([-1, 1]), tf.tensor2d(omega, [1, h])); // [B, h]
    return tf.concat([tf.sin(phase), tf.cos(phase)], 1) as tf.Tensor2D;
  });
}

/** The module form of `timeEmbedding` (no variables), for use inside models' configs. */
export class TimeEmbedding extends Module<Required<TimeEmbeddingConfig>> {
  readonly className = "TimeEmbedding";

  constructor(config: TimeEmbeddingConfig) {
    const where = "TimeEmbedding";
    checkObject(where, "config", config);
    const dim = checkInt(where, "dim", config.dim, 2);
    if (dim % 2 !== 0) throw new RangeError(`${where}: dim must be even, got ${dim}`);
    super({ dim, maxPeriod: checkFinite(where, "maxPeriod", config.maxPeriod ?? 10000, 1) });
  }

  /** t [B] or [B, 1] → [B, dim]. */
  apply(t: tf.Tensor): tf.Tensor2D {
    return timeEmbedding(t, this.config.dim, this.config.maxPeriod);
  }
}
