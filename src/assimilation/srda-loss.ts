/**
 * The SR-DA training objective for nn.fit: mean squared error of the analysis against the fine
 * truth, with the observations drawn afresh at every step (truth at the mask's points plus noise of
 * std `obsStd`, in the scaled units of the data) and, while training, the whole sample rolled by a
 * random number of coarse columns along the periodic x axis (an exact symmetry of the channel).
 * The minimiser is the posterior mean E[truth | forecast, observations]: in the linear-Gaussian
 * case, the Kalman analysis.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFinite, checkObject } from "../core/checks";
import { randomNormalTensor } from "../core/random-tensor";
import type { Batch, FitContext, FitLoss } from "../nn/fit";
import { rollX, srdaInput, type SrdaNet } from "./srda-net";

/**
 * A FitLoss over batches { forecast [B, h, w, 1], truth [B, h·r, w·r, 1] } (scaled fields, rows as
 * in SrdaNet) with the observation mask [1, h·r, w·r, 1].
 */
export function srdaLoss(net: SrdaNet, opts: { mask: tf.Tensor4D; obsStd: number; roll?: boolean }): FitLoss {
  const where = "assimilation.srdaLoss";
  checkObject(where, "options", opts);
  const sigma = checkFinite(where, "obsStd", opts.obsStd, 0), r = net.config.factor, roll = opts.roll ?? true;
  return (batch: Batch, ctx: FitContext) => tf.tidy(() => {
    let f = batch.forecast as tf.Tensor4D, t = batch.truth as tf.Tensor4D;
    if (f === undefined || t === undefined) throw new RangeError(`${where}: batches must hold forecast [B, h, w, 1] and truth [B, h·r, w·r, 1]`);
    if (roll && ctx.training) {
      const s = ctx.rng.integer(0, f.shape[2]);
      f = rollX(f, s); t = rollX(t, s * r);
    }
    const noise = randomNormalTensor(t.shape, ctx.rng, 0, sigma);
    const obs = tf.mul(tf.add(t, noise), opts.mask) as tf.Tensor4D;
    const pred = net.apply(srdaInput(f, obs, opts.mask, r));
    return tf.mean(tf.square(tf.sub(pred, t))) as tf.Scalar;
  });
}
