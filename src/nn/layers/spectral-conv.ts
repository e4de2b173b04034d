/**
 * The spectral convolution of a Fourier neural operator (Li et al. 2020, arXiv:2010.08895, eq. 4–5;
 * neuraloperator's `SpectralConv(in_channels, out_channels, n_modes)`):
 *
 *   K(v) = F⁻¹( R · F(v) ),   (R·F(v))_k = R_k F(v)_k  for the kept modes k, zero elsewhere,
 *
 * with one complex matrix R_k [Ci, Co] per kept mode. F and F⁻¹ are core's truncated real DFTs
 * (matMuls against cos/sin matrices); the per-mode complex product is
 *   Re = Xr·Wr − Xi·Wi,  Im = Xr·Wi + Xi·Wr
 * with each real product a `modeMix` (depthwise convolution over modes).
 *
 * Kept modes (Li et al.'s convention, which neuraloperator ≥ 1.0 writes as n_modes = 2·nModes):
 * 1D, nModes = [m]: k = 0 … m−1. 2D, nModes = [mY, mX] on [height, width]: ky = 0 … mY−1 and
 * −mY … −1, kx = 0 … mX−1 (K = 2·mY·mX modes). Because F is unnormalised and F⁻¹ carries 1/N, the
 * layer computes the same function on any grid that resolves the kept modes.
 *
 * Config: `{ inChannels, outChannels, nModes, seed }`. x [B, N, Ci] (1D) or [B, H, W, Ci] (2D), NHWC
 * float32 → the same grid with Co channels; grids coarser than 2·nModes per axis are refused.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkChannels, checkInt, checkObject, checkTensor, describe, irdft1, irdft2, modeMix, rdft1, rdft2, shapeString } from "../../core";
import { Module } from "../module";
import { uniform } from "../params";
import { checkSeed } from "./seeds";

export interface SpectralConvConfig {
  inChannels: number;
  outChannels: number;
  /** Modes kept per axis: [m] (1D) or [mHeight, mWidth] (2D). */
  nModes: number[];
  /** Initialisation seed (default 0). */
  seed?: number;
}

/** Throws unless nModes is [m] or [mHeight, mWidth] of integers ≥ 1. */
export function checkModes(where: string, nModes: unknown): number[] {
  if (!Array.isArray(nModes) || (nModes.length !== 1 && nModes.length !== 2)) {
    throw new RangeError(`${where}: nModes must be [m] (1D) or [mHeight, mWidth] (2D), got ${describe(nModes)}`);
  }
  nModes.forEach((m, i) => checkInt(where, `nModes[${i}]`, m, 1));
  return nModes as number[];
}

export class SpectralConv extends Module<Required<SpectralConvConfig>> {
  readonly className = "SpectralConv";
  /** Number of kept complex modes K (m in 1D, 2·mY·mX in 2D). */
  readonly modes: number;
  private readonly wr: tf.Variable;
  private readonly wi: tf.Variable;

  /**
   * Weights `weightReal` and `weightImag`, each [Ci, K, Co] with K the kept modes in rdft order
   * (ky major, kx minor), initialised uniform in [0, 1/(Ci·Co)) as in Li et al.'s code.
   */
  constructor(config: SpectralConvConfig) {
    const where = "SpectralConv";
    checkObject(where, "config", config);
    checkModes(where, config.nModes);
    super({
      inChannels: checkInt(where, "inChannels", config.inChannels, 1),
      outChannels: checkInt(where, "outChannels", config.outChannels, 1),
      nModes: [...config.nModes],
      seed: checkSeed(where, config.seed),
    });
    const { inChannels: ci, outChannels: co, nModes } = this.config, rng = new Rng(this.config.seed);
    this.modes = nModes.length === 1 ? nModes[0] : 2 * nModes[0] * nModes[1];
    const n = ci * this.modes * co, scale = 1 / (ci * co), shape = [ci, this.modes, co];
    this.wr = this.params.add("weightReal", shape, uniform(rng, n, 0, scale));
    this.wi = this.params.add("weightImag", shape, uniform(rng, n, 0, scale));
  }

  /** Smallest grid the layer accepts: 2·nModes points per axis. */
  get minGrid(): number[] {
    return this.config.nModes.map((m) => 2 * m);
  }

  /** x [B, N, Ci] (1D) or [B, H, W, Ci] (2D) → the same grid with Co channels. */
  apply(x: tf.Tensor): tf.Tensor {
    const d = this.config.nModes.length, layout = d === 1 ? "[batch, n, channels]" : "[batch, height, width, channels]";
    checkTensor("SpectralConv.apply", "x", x, d + 2, layout);
    checkChannels("SpectralConv.apply", "x", x, this.config.inChannels, layout);
    x.shape.slice(1, 1 + d).forEach((n, i) => {
      if (n < 2 * this.config.nModes[i]) {
        const axis = d === 1 ? "" : ` along ${i === 0 ? "the height" : "the width"}`;
        throw new RangeError(`SpectralConv.apply: a grid of ${n} points${axis} cannot carry ${this.config.nModes[i]} Fourier modes; ` +
          `it needs at least 2·nModes = ${2 * this.config.nModes[i]} points (x ${shapeString(x.shape)})`);
      }
    });
    return this.applyUnchecked(x);
  }

  /** apply() without validation: for modules that have checked x's layout and grid. */
  applyUnchecked(x: tf.Tensor): tf.Tensor {
    const [B] = x.shape, Ci = this.config.inChannels, Co = this.config.outChannels, K = this.modes, nModes = this.config.nModes;
    // spectrum with channels [Re c… | Im c…]: [B, m, 2Ci] (1D) or [B, 2mY, mX, 2Ci] (2D)
    const X = nModes.length === 1 ? rdft1(x as tf.Tensor3D, nModes[0]) : rdft2(x as tf.Tensor4D, nModes[0], nModes[1]);
    const parts = tf.transpose(X.reshape([B, K, 2, Ci]), [2, 0, 3, 1]); // [2, B, Ci, K]
    const [xr, xi] = tf.unstack(parts) as [tf.Tensor3D, tf.Tensor3D];
    const wr = this.wr as tf.Tensor as tf.Tensor3D, wi = this.wi as tf.Tensor as tf.Tensor3D;
    const re = tf.sub(modeMix(xr, wr), modeMix(xi, wi)); // [B, K, Co]
    const im = tf.add(modeMix(xr, wi), modeMix(xi, wr));
    const Y = tf.stack([re, im], 2); // [B, K, 2, Co] = channels [Re | Im]
    if (nModes.length === 1) return irdft1(Y.reshape([B, K, 2 * Co]) as tf.Tensor3D, x.shape[1] as number);
    const [, H, W] = x.shape as number[];
    return irdft2(Y.reshape([B, 2 * nModes[0], nModes[1], 2 * Co]) as tf.Tensor4D, H, W);
  }
}
