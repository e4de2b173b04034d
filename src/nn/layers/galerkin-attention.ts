/**
 * Softmax-free attention of Cao (2021, "Choose a Transformer: Fourier or Galerkin", NeurIPS,
 * arXiv:2105.14995, eqs. 2.5–2.8) over tokens, float32: x [batch, Nq, channels] →
 * [batch, Nq, channels], with per head i (d = channels/heads, M key/value tokens):
 *
 *   galerkin:  head_i = Q_i (K̃_iᵀ Ṽ_i) / M      K̃ = LN(K), Ṽ = LN(V)   — cost O(M·d²), linear in tokens
 *   fourier:   head_i = (Q̃_i K̃_iᵀ) V_i / M      Q̃ = LN(Q), K̃ = LN(K)   — cost O(Nq·M·d)
 *
 * Q = x W_q, K = c W_k, V = c W_v, out = [head_1 … head_h] W_o, with c = x (self-attention) or
 * `cond.context` [batch, M, channels] (cross-attention). LN is a layer norm over each head's d
 * features with a learned scale and shift per head (Cao's per-head norms). The 1/M makes the sum
 * over tokens a quadrature of an integral over the domain, so the layer is a learned integral
 * operator that keeps its meaning when the number of tokens changes (Cao §2.3).
 *
 * Properties: self-attention is equivariant to permutations of x's tokens; cross-attention is
 * invariant to permutations of the context, and each query's output depends on that query and the
 * context only (no normalisation runs across queries), so a decoder built from it answers a query
 * the same whatever other queries are asked. Residuals and feed-forward blocks are the enclosing
 * block's business.
 */
import * as tf from "@tensorflow/tfjs";
import { batchMatMul, checkFinite, checkInt, checkObject, checkOneOf } from "../../core";
import { Module, type Conditioning } from "../module";
import { attentionContext } from "./attention";
import { Linear } from "./linear";
import { checkSeed, childSeed } from "./seeds";

export const GALERKIN_KINDS = ["galerkin", "fourier"] as const;
export type GalerkinKind = (typeof GALERKIN_KINDS)[number];

export interface GalerkinAttentionConfig {
  channels: number;
  /** Number of heads (divides channels; default 1). */
  heads?: number;
  /** "galerkin" (default: Q(K̃ᵀṼ)/M, linear cost) or "fourier" ((Q̃K̃ᵀ)V/M). */
  kind?: GalerkinKind;
  /** Added to the variance in the layer norms (default 1e-5). */
  eps?: number;
  /** Initialisation seed (default 0). */
  seed?: number;
}

/** Per-head layer norm of t [B, T, h, d] over d with scale γ [h, d] and shift β [h, d]. */
function headNorm(t: tf.Tensor, gamma: tf.Variable, beta: tf.Variable, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(t, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(t, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

export class GalerkinAttention extends Module<Required<GalerkinAttentionConfig>> {
  readonly className = "GalerkinAttention";
  private readonly q: Linear;
  private readonly k: Linear;
  private readonly v: Linear;
  private readonly out: Linear;
  private readonly norms: { a: [tf.Variable, tf.Variable]; b: [tf.Variable, tf.Variable] };

  constructor(config: GalerkinAttentionConfig) {
    const where = "GalerkinAttention";
    checkObject(where, "config", config);
    const channels = checkInt(where, "channels", config.channels, 1), heads = checkInt(where, "heads", config.heads ?? 1, 1);
    if (channels % heads !== 0) throw new RangeError(`${where}: channels (${channels}) must be divisible by heads (${heads})`);
    super({
      channels, heads, kind: checkOneOf(where, "kind", config.kind ?? "galerkin", GALERKIN_KINDS),
      eps: checkFinite(where, "eps", config.eps ?? 1e-5, 0), seed: checkSeed(where, config.seed),
    });
    const s = this.config.seed, lin = (k: number) => new Linear({ inFeatures: channels, outFeatures: channels, seed: childSeed(s, k) });
    this.q = this.register("query", lin(0));
    this.k = this.register("key", lin(1));
    this.v = this.register("value", lin(2));
    this.out = this.register("output", lin(3));
    const d = channels / heads, ones = () => new Float32Array(channels).fill(1), zeros = () => new Float32Array(channels);
    // galerkin normalises K and V, fourier Q and K: "a" is K's norm, "b" V's (galerkin) or Q's (fourier)
    this.norms = {
      a: [this.params.add("normA/weight", [heads, d], ones()), this.params.add("normA/bias", [heads, d], zeros())],
      b: [this.params.add("normB/weight", [heads, d], ones()), this.params.add("normB/bias", [heads, d], zeros())],
    };
  }

  /** x [batch, Nq, channels]; cond.context [batch, M, channels] for cross-attention → [batch, Nq, channels]. */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor3D {
    const context = attentionContext("GalerkinAttention.apply", x, cond, this.config.channels);
    return this.applyUnchecked(x as tf.Tensor3D, context);
  }

  /** As `apply`, unchecked: for modules that have validated x [B, Nq, C] and context [B, M, C]. */
  applyUnchecked(x: tf.Tensor3D, context?: tf.Tensor3D): tf.Tensor3D {
    const { channels: C, heads: h, eps, kind } = this.config, c = context ?? x;
    const [B, N] = x.shape, M = c.shape[1], d = C / h;
    const split = (t: tf.Tensor, T: number) => t.reshape([B, T, h, d]); // [B, T, C] → [B, T, h, d]
    const toHeads = (t: tf.Tensor, T: number) => tf.transpose(t, [0, 2, 1, 3]).reshape([B * h, T, d]) as tf.Tensor3D; // → [B·h, T, d]
    let q = split(this.q.apply(x), N), k = split(this.k.apply(c), M), v = split(this.v.apply(c), M);
    const [ga, ba] = this.norms.a, [gb, bb] = this.norms.b;
    k = headNorm(k, ga, ba, eps);
    let mixed: tf.Tensor3D;
    if (kind === "galerkin") {
      v = headNorm(v, gb, bb, eps);
      const kv = tf.div(batchMatMul(toHeads(k, M), toHeads(v, M), true, false), M); // K̃ᵀṼ/M [B·h, d, d]
      mixed = batchMatMul(toHeads(q, N), kv as tf.Tensor3D); // [B·h, N, d]
    } else {
      q = headNorm(q, gb, bb, eps);
      const qk = tf.div(batchMatMul(toHeads(q, N), toHeads(k, M), false, true), M); // Q̃K̃ᵀ/M [B·h, N, M]
      mixed = batchMatMul(qk as tf.Tensor3D, toHeads(v, M));
    }
    const merged = tf.transpose(mixed.reshape([B, h, N, d]), [0, 2, 1, 3]).reshape([B, N, C]);
    return this.out.apply(merged) as tf.Tensor3D;
  }
}
