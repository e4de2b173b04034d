/**
 * The variational information bottleneck (VIB; Alemi, Fischer, Dillon & Murphy 2017, ICLR, eq. 6)
 * as one module: a stochastic encoder q(h|x) = N(μ(x), diag e^{ℓ(x)}), a decoder h ↦ ŷ(h) with a
 * learned Gaussian likelihood q(y|h) = N(ŷ(h), Σ), and the prior r(h) = N(0, I). The likelihood is
 * "diagonal" (Σ = diag e^{λ}, λ [outFeatures] learned; any output size) or "full" (the precision
 * Σ⁻¹ = LLᵀ with L lower-triangular, diag L = e^{κ}, learned; for outputs up to 64 features whose
 * residuals are correlated — a diagonal Σ then loosens the bound on I(Y;H) by the residuals'
 * total correlation).
 *
 *   x [B, inFeatures] → (μ, ℓ) [B, k] each → h = μ + e^{ℓ/2} ⊙ ε [B, k] → ŷ [B, outFeatures]
 *
 * The objective (objective.ts) is the variational bound of Tishby, Pereira & Bialek's (2000) IB
 * Lagrangian: E[−log q(y|h)] + β·E[KL(q(h|x) ‖ r(h))]. Its two terms bound the two informations:
 * I(X;H) ≤ E KL (the rate) and I(Y;H) ≥ H(Y) − E[−log q(y|h)] (Alemi et al. 2017, eqs. 12–13).
 *
 * Design: `forward(x, rng)` returns the sample *and* its KL as tensors of the same call — no hidden
 * state. A module that kept "the KL of the last apply" would hold a tensor that tf.tidy disposes at
 * the end of the scope that made it (or leaks, if kept), that a predict or validation call silently
 * overwrites, and whose correctness would depend on call order. `apply(x)` is the deterministic
 * prediction ŷ(μ(x)), so `predict` and the rest of src/nn treat the VIB as any model.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkChannels, checkInt, checkObject, checkOneOf, checkTensor, dense, describe, randomNormalTensor } from "../core";
import { ACTIVATIONS, MLP, Module, activate, modelNames, registerModel, type Activation } from "../nn";
import { Linear, checkSeed, childSeed } from "../nn/layers";

export interface VIBConfig {
  /** Input features (the present state x). */
  inFeatures: number;
  /** Latent dimension k of h. */
  latentFeatures: number;
  /** Output features (the predicted variable y, e.g. the future state). */
  outFeatures: number;
  /** Hidden widths of the encoder trunk before the μ and ℓ heads (default []: linear heads on x). */
  encoderHidden?: number[];
  /** Hidden widths of the decoder MLP (default []: linear decoder). */
  decoderHidden?: number[];
  /** Activation of the hidden layers (default "gelu"). */
  activation?: Activation;
  /** Covariance of the decoder's Gaussian likelihood: "diagonal" (default) or "full" (outFeatures ≤ 64). */
  likelihood?: Likelihood;
  /** Initialisation seed (default 0). */
  seed?: number;
}

/** What one stochastic pass returns; every tensor is new and belongs to the caller's tidy scope. */
export interface VIBForward {
  /** μ(x) [B, k]. */
  mean: tf.Tensor2D;
  /** ℓ(x) = log variance of q(h|x) [B, k]. */
  logVar: tf.Tensor2D;
  /** h = μ + e^{ℓ/2} ⊙ ε [B, k] (ε from the rng), or μ when no rng is given. */
  latent: tf.Tensor2D;
  /** ŷ(h) [B, outFeatures]. */
  prediction: tf.Tensor2D;
  /** KL(q(h|x) ‖ N(0, I)) per sample [B] (nats). */
  kl: tf.Tensor1D;
}

/**
 * KL(N(μ, diag e^{ℓ}) ‖ N(0, I)) = ½ Σ_j (μ_j² + e^{ℓ_j} − ℓ_j − 1) per row: mean, logVar [B, k] → [B] (nats).
 * (Kingma & Welling 2014, appendix B.)
 */
export function gaussianKl(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(logVar, 1)), 1)) as tf.Tensor1D);
}

/** The decoder likelihood's covariance: one learned variance per feature, or a learned full precision. */
export type Likelihood = "diagonal" | "full";
const LIKELIHOODS: readonly Likelihood[] = ["diagonal", "full"];
/** Largest output of a "full" likelihood (its precision has outFeatures² parameters). */
export const MAX_FULL_LIKELIHOOD = 64;

export class VIB extends Module<Required<VIBConfig>> {
  readonly className = "VIB";
  private readonly trunk: Linear[] = [];
  private readonly meanHead: Linear;
  private readonly logVarHead: Linear;
  readonly decoder: MLP;
  /** "diagonal": λ [outFeatures], the log variances; "full": κ [outFeatures], the log of diag L. Starts at 0. */
  readonly decoderLogScale: tf.Variable;
  /** "full" only: the strictly lower part of L [outFeatures, outFeatures] (starts at 0: Σ = I). */
  readonly decoderLower: tf.Variable | undefined;
  private readonly lowerMask: tf.Tensor2D | undefined;
  private readonly eye: tf.Tensor2D | undefined;

  constructor(config: VIBConfig) {
    const where = "VIB";
    checkObject(where, "config", config);
    const widths = (name: string, w: unknown): number[] => {
      if (w === undefined) return [];
      if (!Array.isArray(w)) throw new TypeError(`${where}: ${name} must be an array of widths, got ${describe(w)}`);
      return w.map((v, i) => checkInt(where, `${name}[${i}]`, v, 1));
    };
    super({
      inFeatures: checkInt(where, "inFeatures", config.inFeatures, 1),
      latentFeatures: checkInt(where, "latentFeatures", config.latentFeatures, 1),
      outFeatures: checkInt(where, "outFeatures", config.outFeatures, 1),
      encoderHidden: widths("encoderHidden", config.encoderHidden),
      decoderHidden: widths("decoderHidden", config.decoderHidden),
      activation: checkOneOf(where, "activation", config.activation ?? "gelu", ACTIVATIONS),
      likelihood: checkOneOf(where, "likelihood", config.likelihood ?? "diagonal", LIKELIHOODS),
      seed: checkSeed(where, config.seed),
    });
    if (this.config.likelihood === "full" && this.config.outFeatures > MAX_FULL_LIKELIHOOD) {
      throw new RangeError(`${where}: likelihood "full" needs outFeatures ≤ ${MAX_FULL_LIKELIHOOD} (its precision has outFeatures² parameters), got ${this.config.outFeatures}; use "diagonal"`);
    }
    const c = this.config, enc = [c.inFeatures, ...c.encoderHidden];
    for (let l = 0; l + 1 < enc.length; l++) {
      this.trunk.push(this.register(`encoder/${l}`, new Linear({ inFeatures: enc[l], outFeatures: enc[l + 1], seed: childSeed(c.seed, l) })));
    }
    const last = enc[enc.length - 1], k = c.latentFeatures;
    this.meanHead = this.register("encoder/mean", new Linear({ inFeatures: last, outFeatures: k, seed: childSeed(c.seed, 100) }));
    this.logVarHead = this.register("encoder/logVar", new Linear({ inFeatures: last, outFeatures: k, seed: childSeed(c.seed, 101) }));
    this.decoder = this.register("decoder", new MLP({ inFeatures: k, outFeatures: c.outFeatures, hiddenFeatures: c.decoderHidden,
      activation: c.activation, seed: childSeed(c.seed, 200) }));
    const m = c.outFeatures;
    this.decoderLogScale = this.params.add(c.likelihood === "full" ? "decoderPrecisionLogDiag" : "decoderLogVar", [m], new Float32Array(m));
    if (c.likelihood === "full") {
      this.decoderLower = this.params.add("decoderPrecisionLower", [m, m], new Float32Array(m * m));
      const mask = new Float32Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) mask[i * m + j] = 1;
      this.lowerMask = tf.tensor2d(mask, [m, m]);
      this.eye = tf.eye(m) as tf.Tensor2D; // tf.diag has no gradient
    }
  }

  private checkInput(where: string, x: tf.Tensor): void {
    checkTensor(where, "x", x, 2, "[batch, inFeatures]");
    checkChannels(where, "x", x, this.config.inFeatures, "[batch, inFeatures]");
  }

  /** q(h|x): x [B, inFeatures] → μ [B, k] and ℓ = log variance [B, k]. */
  encode(x: tf.Tensor): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    this.checkInput("VIB.encode", x);
    let h = x as tf.Tensor2D;
    for (const layer of this.trunk) h = activate(layer.applyRows(h), this.config.activation) as tf.Tensor2D;
    return { mean: this.meanHead.applyRows(h), logVar: this.logVarHead.applyRows(h) };
  }

  /** The reparameterised sample h = μ + e^{ℓ/2} ⊙ ε, ε ~ N(0, I) drawn from `rng` [B, k]. */
  sample(mean: tf.Tensor2D, logVar: tf.Tensor2D, rng: Rng): tf.Tensor2D {
    if (!(rng instanceof Rng)) throw new TypeError(`VIB.sample: rng must be a core.Rng (e.g. ctx.rng in nn.fit), got ${describe(rng)}`);
    const eps = randomNormalTensor(mean.shape, rng);
    return tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
  }

  /** One stochastic pass: the latent drawn from `rng` (μ itself without one), its prediction and its KL. */
  forward(x: tf.Tensor, rng?: Rng): VIBForward {
    const { mean, logVar } = this.encode(x);
    const latent = rng === undefined ? mean : this.sample(mean, logVar, rng);
    return { mean, logVar, latent, prediction: this.decoder.apply(latent), kl: gaussianKl(mean, logVar) };
  }

  /**
   * −log q(y|h) per sample [B] (nats), y and the prediction ŷ both [B, outFeatures], r = y − ŷ:
   * "diagonal": ½ Σ_j [r_j² e^{−λ_j} + λ_j + log 2π]; "full": ½‖rL‖² − Σ_j κ_j + (m/2) log 2π
   * (Σ⁻¹ = LLᵀ, so rᵀΣ⁻¹r = ‖rL‖² and log det Σ = −2 Σ κ_j).
   */
  negativeLogLikelihood(y: tf.Tensor, prediction: tf.Tensor): tf.Tensor1D {
    checkTensor("VIB.negativeLogLikelihood", "y", y, 2, "[batch, outFeatures]");
    checkChannels("VIB.negativeLogLikelihood", "y", y, this.config.outFeatures, "[batch, outFeatures]");
    const m = this.config.outFeatures, log2pi = m * Math.log(2 * Math.PI);
    return tf.tidy(() => {
      const scale = this.decoderLogScale as tf.Tensor as tf.Tensor1D, r = tf.sub(y, prediction) as tf.Tensor2D;
      if (this.decoderLower === undefined) {
        const z = tf.mul(tf.square(r), tf.exp(tf.neg(scale)));
        return tf.mul(0.5, tf.add(tf.sum(tf.add(z, scale), 1), log2pi)) as tf.Tensor1D;
      }
      // L = strict lower part + diag(e^κ) [m, m]; a fresh tensor, so the matMul cache sees one shape
      const L = tf.add(tf.mul(this.decoderLower as tf.Tensor, this.lowerMask as tf.Tensor2D), tf.mul(this.eye as tf.Tensor2D, tf.exp(scale).reshape([1, m]))) as tf.Tensor2D;
      const z = dense(r, L);
      return tf.add(tf.mul(0.5, tf.add(tf.sum(tf.square(z), 1), log2pi)), tf.neg(tf.sum(scale))) as tf.Tensor1D;
    });
  }

  /** The decoder likelihood's covariance Σ [m, m] (float64, row-major). */
  likelihoodCovariance(): Float64Array {
    const m = this.config.outFeatures, kappa = Float64Array.from(this.decoderLogScale.dataSync());
    const S = new Float64Array(m * m);
    if (this.decoderLower === undefined) { for (let j = 0; j < m; j++) S[j * m + j] = Math.exp(kappa[j]); return S; }
    // Σ = (LLᵀ)⁻¹ = L⁻ᵀL⁻¹: invert the triangular L column by column
    const low = this.decoderLower.dataSync(), L = new Float64Array(m * m), Li = new Float64Array(m * m);
    for (let i = 0; i < m; i++) { for (let j = 0; j < i; j++) L[i * m + j] = low[i * m + j]; L[i * m + i] = Math.exp(kappa[i]); }
    for (let c = 0; c < m; c++) for (let i = c; i < m; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= L[i * m + k] * Li[k * m + c];
      Li[i * m + c] = s / L[i * m + i];
    }
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) { let s = 0; for (let k = 0; k < m; k++) s += Li[k * m + i] * Li[k * m + j]; S[i * m + j] = s; }
    return S;
  }

  override dispose(): void {
    this.lowerMask?.dispose();
    this.eye?.dispose();
    super.dispose();
  }

  /** The deterministic prediction ŷ(μ(x)): x [B, inFeatures] → [B, outFeatures]. */
  apply(x: tf.Tensor): tf.Tensor2D {
    return this.decoder.apply(this.encode(x).mean);
  }
}

// fromConfig({ className: "VIB", config }) rebuilds a VIB (the guard: a second copy of this module in one process).
if (!modelNames().includes("VIB")) registerModel<VIBConfig>("VIB", (c) => new VIB(c));
