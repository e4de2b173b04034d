/**
 * Scores of a super-resolved field against the truth, per sample, for batches of NHWC float32 fields
 * [N, H, W, C] (every channel and pixel counted): the root-mean-square error, the peak signal-to-noise
 * ratio and the domain-mean enstrophy ½⟨ζ²⟩ of a vorticity field — the statistic a too diffusive
 * model gets wrong (vorticity itself has zero domain mean on a periodic domain). float64 results.
 */
import * as tf from "@tensorflow/tfjs";
import { checkPositive, shapeString } from "../core/checks";
import { readTensor } from "../core/read-tensor";
import { checkTensor } from "../core/validate";

const LAYOUT = "[batch, height, width, channels]";

function checkPair(where: string, pred: tf.Tensor, truth: tf.Tensor): void {
  checkTensor(where, "pred", pred, 4, LAYOUT);
  checkTensor(where, "truth", truth, 4, LAYOUT);
  if (shapeString(pred.shape) !== shapeString(truth.shape)) {
    throw new RangeError(`${where}: pred and truth must have the same shape, got pred ${shapeString(pred.shape)} and truth ${shapeString(truth.shape)}`);
  }
}

/** RMSE per sample, √⟨(pred − truth)²⟩ over pixels and channels: [N] in the fields' units. */
export function rmse(pred: tf.Tensor4D, truth: tf.Tensor4D): Float64Array {
  checkPair("baselines.rmse", pred, truth);
  return Float64Array.from(readTensor(() => tf.sqrt(tf.mean(tf.square(tf.sub(pred, truth)), [1, 2, 3]))));
}

/**
 * Peak signal-to-noise ratio per sample, 20·log10(peak / RMSE) in dB. `peak` is a number in the
 * fields' units, or "range" (default): max − min of each truth sample (for signed fields such as
 * vorticity, where the image convention peak = 1 has no meaning). The difference of two PSNRs against
 * the same truth, 20·log10(RMSE_a / RMSE_b), does not depend on the peak.
 */
export function psnr(pred: tf.Tensor4D, truth: tf.Tensor4D, opts: { peak?: number | "range" } = {}): Float64Array {
  const where = "baselines.psnr";
  checkPair(where, pred, truth);
  const peak = opts.peak ?? "range";
  const errors = rmse(pred, truth);
  const peaks = peak === "range"
    ? Float64Array.from(readTensor(() => tf.sub(tf.max(truth, [1, 2, 3]), tf.min(truth, [1, 2, 3]))))
    : new Float64Array(errors.length).fill(checkPositive(where, "peak", peak));
  return errors.map((e, i) => 20 * Math.log10(peaks[i] / e));
}

/** Domain-mean enstrophy ½⟨ζ²⟩ per sample of vorticity fields ζ [N, H, W, 1] (1/time²). */
export function enstrophy(vorticity: tf.Tensor4D): Float64Array {
  checkTensor("baselines.enstrophy", "vorticity", vorticity, 4, "[batch, height, width, 1]");
  if (vorticity.shape[3] !== 1) throw new RangeError(`baselines.enstrophy: vorticity must have 1 channel, got ${shapeString(vorticity.shape)}`);
  return Float64Array.from(readTensor(() => tf.mul(tf.mean(tf.square(vorticity), [1, 2, 3]), 0.5)));
}
