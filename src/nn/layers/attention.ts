/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, eq. 1 and §3.2.2) over tokens,
 * float32: x [batch, tokens, channels] → [batch, tokens, channels],
 *
 *   head_i = softmax(Q_i K_iᵀ / √d) V_i,   Q = x W_q, K = c W_k, V = c W_v,   out = [head_1 … head_h] W_o
 *
 * with d = channels/heads and c = x (self-attention) or `cond.context` [batch, M, channels]
 * (cross-attention: queries from x, keys and values from the context tokens). Cost quadratic in the
 * number of tokens; no positional information — the layer is equivariant to permutations of x's
 * tokens (and invariant to permutations of the context's). Residual connections and norms are the
 * enclosing block's business.
 */
import * as tf from "@tensorflow/tfjs";
import { batchMatMul, checkChannels, checkInt, checkObject, checkTensor, shapeString } from "../../core";
import { Module, type Conditioning } from "../module";
import { Linear } from "./linear";
import { checkSeed, childSeed } from "./seeds";

/**
 * Checks an attention layer's input x [batch, tokens, channels] and returns its context
 * [batch, M, channels] (cond itself or cond.context; undefined for self-attention), same batch.
 */
export function attentionContext(where: string, x: tf.Tensor, cond: Conditioning | undefined, channels: number): tf.Tensor3D | undefined {
  const layout = "[batch, tokens, channels]";
  checkTensor(where, "x", x, 3, layout);
  checkChannels(where, "x", x, channels, layout);
  const context = cond instanceof tf.Tensor ? cond : cond?.context;
  if (context === undefined) return undefined;
  checkTensor(where, "cond.context", context, 3, "[batch, M, channels]");
  checkChannels(where, "cond.context", context, channels, "[batch, M, channels]");
  if (context.shape[0] !== x.shape[0]) throw new RangeError(`${where}: cond.context ${shapeString(context.shape)} must have x's batch ${x.shape[0]}`);
  return context as tf.Tensor3D;
}

export interface MultiHeadAttentionConfig {
  channels: number;
  /** Number of heads (divides channels; default 1). */
  heads?: number;
  /** Initialisation seed (default 0). */
  seed?: number;
}

export class MultiHeadAttention extends Module<Required<MultiHeadAttentionConfig>> {
  readonly className = "MultiHeadAttention";
  private readonly q: Linear;
  private readonly k: Linear;
  private readonly v: Linear;
  private readonly out: Linear;

  constructor(config: MultiHeadAttentionConfig) {
    const where = "MultiHeadAttention";
    checkObject(where, "config", config);
    const channels = checkInt(where, "channels", config.channels, 1), heads = checkInt(where, "heads", config.heads ?? 1, 1);
    if (channels % heads !== 0) throw new RangeError(`${where}: channels (${channels}) must be divisible by heads (${heads})`);
    super({ channels, heads, seed: checkSeed(where, config.seed) });
    const s = this.config.seed, lin = (k: number) => new Linear({ inFeatures: channels, outFeatures: channels, seed: childSeed(s, k) });
    this.q = this.register("query", lin(0));
    this.k = this.register("key", lin(1));
    this.v = this.register("value", lin(2));
    this.out = this.register("output", lin(3));
  }

  /** x [batch, tokens, channels]; cond.context [batch, M, channels] for cross-attention → [batch, tokens, channels]. */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor3D {
    const where = "MultiHeadAttention.apply", C = this.config.channels, h = this.config.heads;
    const context = attentionContext(where, x, cond, C);
    const c = context ?? x;
    const [B, N] = x.shape as number[], M = c.shape[1] as number, d = C / h;
    // [B, T, C] → [B·h, T, d]
    const heads = (t: tf.Tensor, T: number) => tf.transpose(t.reshape([B, T, h, d]), [0, 2, 1, 3]).reshape([B * h, T, d]) as tf.Tensor3D;
    const q = heads(this.q.apply(x), N), k = heads(this.k.apply(c), M), v = heads(this.v.apply(c), M);
    const weights = tf.softmax(tf.mul(batchMatMul(q, k, false, true), 1 / Math.sqrt(d))); // [B·h, N, M]
    const mixed = tf.transpose(batchMatMul(weights as tf.Tensor3D, v).reshape([B, h, N, d]), [0, 2, 1, 3]).reshape([B, N, C]);
    return this.out.apply(mixed) as tf.Tensor3D;
  }
}
