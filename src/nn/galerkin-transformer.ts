/**
 * A Galerkin transformer operator (Cao 2021, arXiv:2105.14995; the zero-shot super-resolution
 * operator of Yasuda & Onishi, arXiv:2504.21361): an encoder over tokens — values at scattered
 * coordinates — and a decoder that can be queried at any coordinates, so one trained model maps a
 * field given on any set of points to any other set of points (any super-resolution factor).
 * float32 throughout.
 *
 *   tokens   values [N, T, inChannels] at coords [N, T, 2]   →  h₀ = MLP([values, φ(coords)])    [N, T, width]
 *   encoder  h ← h + A(h),  h ← h + FFN(h)                    (encoderLayers blocks, A Galerkin self-attention)
 *   queries  q [N, Q, 2] with optional features f [N, Q, F]   →  z₀ = MLP([φ(q), f])               [N, Q, width]
 *   decoder  z ← z + A(z; context h),  z ← z + FFN(z)         (decoderLayers blocks, A Galerkin cross-attention)
 *   head     out = Linear(act(Linear(z)))                                                           [N, Q, outChannels]
 *
 * φ(c) are Fourier features of the coordinates, sin and cos of 2πk·c_a/L_a for k = 1 … modes along
 * each axis a (L = `domain`, the period or extent). Cost: linear in T and in Q (Galerkin attention is
 * Q(K̃ᵀṼ)/T, see layers/galerkin-attention.ts). Properties, by construction: the output is invariant
 * to any permutation of the tokens (values and coordinates permuted together) and the encoder's
 * latent tokens permute with them; each query's output depends only on its own coordinates and
 * features and on the tokens, never on the other queries asked with it. Concatenations are written
 * as sums of linear maps (a last-axis concat is slow to differentiate on tfjs-wasm).
 *
 * Coordinates are (y, x) in the units of `domain` = [Ly, Lx], matching NHWC's row-then-column order.
 */
import * as tf from "@tensorflow/tfjs";
import { checkChannels, checkInt, checkObject, checkOneOf, checkPositive, checkTensor, describe, matMul, shapeString } from "../core";
import { activate, checkActivation, type Activation } from "./activations";
import { GALERKIN_KINDS, GalerkinAttention, type GalerkinKind } from "./layers/galerkin-attention";
import { Linear } from "./layers/linear";
import { checkSeed, childSeed } from "./layers/seeds";
import { Module, condTensor, type Conditioning } from "./module";

export interface GalerkinTransformerConfig {
  /** Value channels of each token. */
  inChannels: number;
  /** Output channels at each query. */
  outChannels: number;
  /** Width d of the latent tokens (divisible by heads). */
  width: number;
  /** Encoder blocks (self-attention + feed-forward), ≥ 0. */
  encoderLayers: number;
  /** Decoder blocks (cross-attention to the tokens + feed-forward), ≥ 1 (default 1). */
  decoderLayers?: number;
  /** Attention heads (default 1). */
  heads?: number;
  /** Hidden width of the feed-forward blocks and embeddings (default 2·width). */
  hiddenWidth?: number;
  /** Fourier frequencies per coordinate axis, k = 1 … modes (default 8). */
  modes?: number;
  /** Period or extent [Ly, Lx] of the coordinates (default [1, 1]). */
  domain?: [number, number];
  /** Extra channels given at each query beside its coordinates (default 0). */
  queryFeatures?: number;
  /** "galerkin" (default) or "fourier" attention. */
  kind?: GalerkinKind;
  /** Activation of the feed-forward blocks, embeddings and head (default "gelu"). */
  activation?: Activation;
  /** Initialisation seed (default 0). */
  seed?: number;
}

type Resolved = Required<GalerkinTransformerConfig>;

/** A two-layer perceptron width → hidden → width (the feed-forward block of a transformer). */
interface Mlp2 { a: Linear; b: Linear }

export class GalerkinTransformer extends Module<Resolved> {
  readonly className = "GalerkinTransformer";
  private readonly tokenIn: { values: Linear; sin: Linear; cos: Linear; out: Linear };
  private readonly queryIn: { sin: Linear; cos: Linear; features: Linear | undefined; out: Linear };
  private readonly encoder: { attention: GalerkinAttention; ffn: Mlp2 }[] = [];
  private readonly decoder: { attention: GalerkinAttention; ffn: Mlp2 }[] = [];
  private readonly head: Mlp2;
  private readonly frequencies: Float32Array;

  constructor(config: GalerkinTransformerConfig) {
    const where = "GalerkinTransformer";
    checkObject(where, "config", config);
    const width = checkInt(where, "width", config.width, 1), heads = checkInt(where, "heads", config.heads ?? 1, 1);
    if (width % heads !== 0) throw new RangeError(`${where}: width (${width}) must be divisible by heads (${heads})`);
    const domain = config.domain ?? [1, 1];
    if (!Array.isArray(domain) || domain.length !== 2) throw new TypeError(`${where}: domain must be [Ly, Lx], got ${describe(domain)}`);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      width, heads,
      encoderLayers: checkInt(where, "encoderLayers", config.encoderLayers, 0),
      decoderLayers: checkInt(where, "decoderLayers", config.decoderLayers ?? 1, 1),
      hiddenWidth: checkInt(where, "hiddenWidth", config.hiddenWidth ?? 2 * width, 1),
      modes: checkInt(where, "modes", config.modes ?? 8, 1),
      domain: [checkPositive(where, "domain[0] (Ly)", domain[0]), checkPositive(where, "domain[1] (Lx)", domain[1])],
      queryFeatures: checkInt(where, "queryFeatures", config.queryFeatures ?? 0, 0),
      kind: checkOneOf(where, "kind", config.kind ?? "galerkin", GALERKIN_KINDS),
      activation: checkActivation(where, config.activation ?? "gelu"),
      seed: checkSeed(where, config.seed),
    });
    const c = this.config, F = 2 * c.modes, H = c.hiddenWidth;
    let k = 0;
    const lin = (name: string, i: number, o: number, bias = true) => this.register(name, new Linear({ inFeatures: i, outFeatures: o, bias, seed: childSeed(c.seed, k++) }));
    const mlp2 = (name: string, i: number, h: number, o: number): Mlp2 => ({ a: lin(`${name}/0`, i, h), b: lin(`${name}/1`, h, o) });
    this.tokenIn = { values: lin("tokenEmbedding/values", c.inChannels, H), sin: lin("tokenEmbedding/sin", F, H, false), cos: lin("tokenEmbedding/cos", F, H, false), out: lin("tokenEmbedding/out", H, width) };
    this.queryIn = {
      sin: lin("queryEmbedding/sin", F, H), cos: lin("queryEmbedding/cos", F, H, false),
      features: c.queryFeatures > 0 ? lin("queryEmbedding/features", c.queryFeatures, H, false) : undefined, out: lin("queryEmbedding/out", H, width),
    };
    const attention = (name: string) => this.register(name, new GalerkinAttention({ channels: width, heads, kind: c.kind, seed: childSeed(c.seed, k++) }));
    for (let l = 0; l < c.encoderLayers; l++) this.encoder.push({ attention: attention(`encoder/${l}/attention`), ffn: mlp2(`encoder/${l}/ffn`, width, H, width) });
    for (let l = 0; l < c.decoderLayers; l++) this.decoder.push({ attention: attention(`decoder/${l}/attention`), ffn: mlp2(`decoder/${l}/ffn`, width, H, width) });
    this.head = mlp2("head", width, H, c.outChannels);
    // phases φ = coords [·, 2] · frequencies [2, F]: column a·modes + (k − 1) holds 2πk/L_a on row a
    this.frequencies = new Float32Array(2 * F);
    for (let a = 0; a < 2; a++) for (let m = 1; m <= c.modes; m++) this.frequencies[a * F + a * c.modes + m - 1] = (2 * Math.PI * m) / c.domain[a];
  }

  /**
   * values [N, T, inChannels] at cond.coords [N, T, 2], queried at cond.queries [N, Q, 2] (with
   * cond.queryFeatures [N, Q, queryFeatures] when configured) → [N, Q, outChannels].
   */
  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor3D {
    const where = "GalerkinTransformer.apply";
    const coords = condTensor(where, cond, "coords", "[N, T, 2]");
    const queries = condTensor(where, cond, "queries", "[N, Q, 2]");
    const features = cond instanceof tf.Tensor ? undefined : cond?.queryFeatures;
    return this.decode(this.encode(x, coords), queries, features);
  }

  /** The encoder: values [N, T, inChannels] at coords [N, T, 2] → latent tokens [N, T, width]. */
  encode(values: tf.Tensor, coords: tf.Tensor): tf.Tensor3D {
    const where = "GalerkinTransformer.encode", c = this.config;
    checkTensor(where, "values", values, 3, "[N, T, inChannels]");
    checkChannels(where, "values", values, c.inChannels, "[N, T, inChannels]");
    checkPoints(where, "coords", coords, values.shape.slice(0, 2) as number[]);
    const [N, T] = values.shape as number[], rows = N * T;
    const [s, co] = this.fourier(coords.reshape([rows, 2]) as tf.Tensor2D);
    const t = this.tokenIn;
    const pre = tf.add(tf.add(t.values.applyRows(values.reshape([rows, c.inChannels]) as tf.Tensor2D), t.sin.applyRows(s)), t.cos.applyRows(co));
    let h = t.out.applyRows(activate(pre, c.activation) as tf.Tensor2D).reshape([N, T, c.width]) as tf.Tensor3D;
    for (const block of this.encoder) {
      h = tf.add(h, block.attention.applyUnchecked(h));
      h = tf.add(h, this.ffn(block.ffn, h));
    }
    return h;
  }

  /**
   * The decoder: latent tokens [N, T, width] (from `encode`) queried at [N, Q, 2], with features
   * [N, Q, queryFeatures] when configured → [N, Q, outChannels]. Each query is answered independently.
   */
  decode(latent: tf.Tensor, queries: tf.Tensor, features?: tf.Tensor): tf.Tensor3D {
    const where = "GalerkinTransformer.decode", c = this.config;
    checkTensor(where, "latent", latent, 3, "[N, T, width]");
    checkChannels(where, "latent", latent, c.width, "[N, T, width]");
    checkTensor(where, "queries", queries, 3, "[N, Q, 2]");
    checkPoints(where, "queries", queries, [latent.shape[0], queries.shape[1] as number]);
    const [N, Q] = queries.shape, rows = N * Q;
    const [s, co] = this.fourier(queries.reshape([rows, 2]) as tf.Tensor2D), qi = this.queryIn;
    let pre = tf.add(qi.sin.applyRows(s), qi.cos.applyRows(co));
    if (qi.features !== undefined) {
      if (features === undefined) throw new TypeError(`${where}: this model takes ${c.queryFeatures} query features: give cond.queryFeatures [N, Q, ${c.queryFeatures}]`);
      checkTensor(where, "queryFeatures", features, 3, "[N, Q, queryFeatures]");
      checkChannels(where, "queryFeatures", features, c.queryFeatures, "[N, Q, queryFeatures]");
      if (features.shape[0] !== N || features.shape[1] !== Q) throw new RangeError(`${where}: queryFeatures ${shapeString(features.shape)} must match queries ${shapeString(queries.shape)} in N and Q`);
      pre = tf.add(pre, qi.features.applyRows(features.reshape([rows, c.queryFeatures]) as tf.Tensor2D));
    } else if (features !== undefined) {
      throw new RangeError(`${where}: this model takes no query features (queryFeatures = 0), got ${shapeString(features.shape)}`);
    }
    let z = qi.out.applyRows(activate(pre, c.activation) as tf.Tensor2D).reshape([N, Q, c.width]) as tf.Tensor3D;
    for (const block of this.decoder) {
      z = tf.add(z, block.attention.applyUnchecked(z, latent as tf.Tensor3D));
      z = tf.add(z, this.ffn(block.ffn, z));
    }
    return this.ffn(this.head, z) as tf.Tensor3D;
  }

  /** sin and cos of the phases of coordinate rows [S, 2] → two [S, 2·modes]. */
  private fourier(coords: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
    const phase = matMul(coords, tf.tensor2d(this.frequencies, [2, 2 * this.config.modes]));
    return [tf.sin(phase), tf.cos(phase)];
  }

  /** b(act(a(x))) on the last axis of x [N, T, ·]. */
  private ffn(m: Mlp2, x: tf.Tensor): tf.Tensor {
    const [N, T, C] = x.shape;
    const h = activate(m.a.applyRows(x.reshape([N * T, C]) as tf.Tensor2D), this.config.activation) as tf.Tensor2D;
    return m.b.applyRows(h).reshape([N, T, m.b.config.outFeatures]);
  }
}

/** Checks points [N, P, 2] against the expected [N, P]. */
function checkPoints(where: string, name: string, t: tf.Tensor, lead: number[]): void {
  checkTensor(where, name, t, 3, "[N, points, 2]");
  if (t.shape[2] !== 2 || t.shape[0] !== lead[0] || t.shape[1] !== lead[1]) {
    throw new RangeError(`${where}: ${name} must be [${lead[0]}, ${lead[1]}, 2] (y, x per point), got ${shapeString(t.shape)}`);
  }
}
