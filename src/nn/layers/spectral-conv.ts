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
 */
import * as tf from "@tensorflow/tfjs";
import { irdft1, irdft2, rdft1, rdft2, type Rng } from "../../core";
import { Params, uniform } from "../params";
import { modeMix } from "./mode-mix";

export class SpectralConv {
  readonly modes: number;
  private readonly wr: tf.Variable;
  private readonly wi: tf.Variable;

  /**
   * Registers weights `${name}/weightReal` and `${name}/weightImag`, each [Ci, K, Co] with K the
   * kept modes in rdft order (ky major, kx minor), initialised uniform in [0, 1/(Ci·Co)) as in
   * Li et al.'s code.
   */
  constructor(params: Params, name: string, readonly inChannels: number, readonly outChannels: number,
    readonly nModes: readonly number[], rng: Rng) {
    this.modes = nModes.length === 1 ? nModes[0] : 2 * nModes[0] * nModes[1];
    const n = inChannels * this.modes * outChannels, scale = 1 / (inChannels * outChannels);
    const shape = [inChannels, this.modes, outChannels];
    this.wr = params.add(`${name}/weightReal`, shape, uniform(rng, n, 0, scale));
    this.wi = params.add(`${name}/weightImag`, shape, uniform(rng, n, 0, scale));
  }

  /**
   * x [B, N, Ci] (1D) or [B, H, W, Ci] (2D), NHWC float32 → same grid with Co channels. The caller
   * has checked that the grid holds at least 2·nModes points per axis.
   */
  apply(x: tf.Tensor): tf.Tensor {
    const [B] = x.shape, Ci = this.inChannels, Co = this.outChannels, K = this.modes;
    // spectrum with channels [Re c… | Im c…]: [B, m, 2Ci] (1D) or [B, 2mY, mX, 2Ci] (2D)
    const X = this.nModes.length === 1
      ? rdft1(x as tf.Tensor3D, this.nModes[0])
      : rdft2(x as tf.Tensor4D, this.nModes[0], this.nModes[1]);
    const parts = tf.transpose(X.reshape([B, K, 2, Ci]), [2, 0, 3, 1]); // [2, B, Ci, K]
    const [xr, xi] = tf.unstack(parts) as [tf.Tensor3D, tf.Tensor3D];
    const wr = this.wr as tf.Tensor as tf.Tensor3D, wi = this.wi as tf.Tensor as tf.Tensor3D;
    const re = tf.sub(modeMix(xr, wr), modeMix(xi, wi)); // [B, K, Co]
    const im = tf.add(modeMix(xr, wi), modeMix(xi, wr));
    const Y = tf.stack([re, im], 2); // [B, K, 2, Co] = channels [Re | Im]
    if (this.nModes.length === 1) {
      return irdft1(Y.reshape([B, K, 2 * Co]) as tf.Tensor3D, x.shape[1] as number);
    }
    const [, H, W] = x.shape as number[];
    return irdft2(Y.reshape([B, 2 * this.nModes[0], this.nModes[1], 2 * Co]) as tf.Tensor4D, H, W);
  }
}
