/**
 * The Lie-algebra convolution (L-conv; Dehmamy, Walters, Liu, Wang & Yu 2021, "Automatic symmetry
 * discovery with Lie algebra convolutional network", NeurIPS, arXiv:2109.07103, eq. 7): a group
 * convolution expanded to first order around the identity, with the Lie-algebra generators L_i as
 * learnable d×d matrices acting on the d sites of a signal:
 *
 *   y = x·W₀ + Σᵢ (Lᵢ x)·Wᵢ + b         x [batch, sites, inChannels] → [batch, sites, outChannels]
 *
 * (Lᵢ x)[s] = Σ_t Lᵢ[s, t] x[t] mixes sites; Wᵢ [inChannels, outChannels] mixes channels. With
 * `identity` the first term is x itself (W₀ = I, the paper's residual form y = x + Σᵢ Lᵢ x Wᵢ):
 * fitted to pairs (x, g_ε·x) related by a small transformation it is a linear regression whose
 * solution is L·W ≈ ε·(the generator of g) — how the paper discovers symmetries from data, and how
 * notebook 08 uses it. With the true generator fixed, (x ↦ x + (t/n)·L x) applied n times
 * approaches the group action exp(tL)·x.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkBoolean, checkInt, checkObject, checkTensor, matMul, shapeString } from "../../core";
import { checkSeed } from "../layers/seeds";
import { Module } from "../module";
import { uniformFanIn } from "../params";

export interface LConvConfig {
  /** Number of sites d (the flattened spatial size). */
  sites: number;
  inChannels: number;
  outChannels: number;
  /** Number of generators Lᵢ (default 1). */
  generators?: number;
  /** y = x + Σᵢ Lᵢ x Wᵢ (W₀ = I, needs inChannels = outChannels); default true when the channels are equal. */
  identity?: boolean;
  /** Default false. */
  bias?: boolean;
  seed?: number;
}

type LConvResolved = Required<LConvConfig>;

export class LConv extends Module<LConvResolved> {
  readonly className = "LConv";
  /** [generators, sites, sites]: Lᵢ[s, t]. */
  readonly generators: tf.Variable;
  /** [generators, inChannels, outChannels]: Wᵢ. */
  readonly weights: tf.Variable;
  readonly w0: tf.Variable | undefined;
  readonly bias: tf.Variable | undefined;

  constructor(config: LConvConfig) {
    const where = "LConv";
    checkObject(where, "config", config);
    const ci = checkInt(where, "inChannels", config.inChannels, 1), co = checkInt(where, "outChannels", config.outChannels, 1);
    const identity = checkBoolean(where, "identity", config.identity, ci === co);
    if (identity && ci !== co) throw new RangeError(`${where}: identity (y = x + …) needs inChannels = outChannels, got ${ci} and ${co}`);
    super({
      sites: checkInt(where, "sites", config.sites, 1), inChannels: ci, outChannels: co,
      generators: checkInt(where, "generators", config.generators ?? 1, 1), identity, bias: checkBoolean(where, "bias", config.bias, false),
      seed: checkSeed(where, config.seed),
    });
    const { sites: d, generators: nL } = this.config, rng = new Rng(this.config.seed);
    this.generators = this.params.add("generators", [nL, d, d], uniformFanIn(rng, nL * d * d, d));
    this.weights = this.params.add("weights", [nL, ci, co], uniformFanIn(rng, nL * ci * co, ci));
    this.w0 = identity ? undefined : this.params.add("w0", [ci, co], uniformFanIn(rng, ci * co, ci));
    this.bias = this.config.bias ? this.params.add("bias", [co], uniformFanIn(rng, co, ci)) : undefined;
  }

  /** x [batch, sites, inChannels] → [batch, sites, outChannels]. */
  apply(x: tf.Tensor): tf.Tensor3D {
    const { sites: d, inChannels: ci, outChannels: co, generators: nL } = this.config;
    const layout = `[batch, ${d} sites, ${ci} channels]`;
    checkTensor("LConv.apply", "x", x, 3, layout);
    if (x.shape[1] !== d || x.shape[2] !== ci) throw new RangeError(`LConv.apply: x must have shape [batch, ${d}, ${ci}], got ${shapeString(x.shape)}`);
    const b = x.shape[0];
    const xt = tf.transpose(x, [1, 0, 2]).reshape([d, b * ci]) as tf.Tensor2D; // sites first
    const lx = matMul(this.generators.reshape([nL * d, d]) as tf.Tensor2D, xt); // [nL·d, B·ci]
    const rows = tf.transpose(lx.reshape([nL, d, b, ci]), [2, 1, 0, 3]).reshape([b * d, nL * ci]) as tf.Tensor2D;
    let y = matMul(rows, this.weights.reshape([nL * ci, co]) as tf.Tensor2D); // [B·d, co]
    const flat = x.reshape([b * d, ci]) as tf.Tensor2D;
    y = tf.add(y, this.w0 === undefined ? flat : matMul(flat, this.w0 as tf.Tensor as tf.Tensor2D));
    if (this.bias !== undefined) y = tf.add(y, this.bias);
    return y.reshape([b, d, co]);
  }

  /**
   * The generators as row-major d×d Float64Arrays; with `scaled` (one channel in and out), each
   * multiplied by its channel weight Wᵢ — the product a fit determines (Lᵢ and Wᵢ only as a pair).
   */
  generatorMatrices(opts: { scaled?: boolean } = {}): Float64Array[] {
    const { sites: d, generators: nL, inChannels: ci, outChannels: co } = this.config;
    if (opts.scaled && (ci !== 1 || co !== 1)) throw new RangeError(`LConv.generatorMatrices: scaled needs one channel in and out, got ${ci} and ${co}`);
    const L = this.generators.dataSync(), W = this.weights.dataSync();
    return Array.from({ length: nL }, (_, i) => Float64Array.from(L.subarray(i * d * d, (i + 1) * d * d), (v) => (opts.scaled ? v * W[i] : v)));
  }
}
