/**
 * Mask-aware bicubic interpolation of a field that lives only on part of each cell — air
 * temperature among buildings, whose coarse cells average air (the field) and buildings (zero).
 * Normalized convolution (Knutsson & Westin 1993) with Keys' cubic kernel: interpolate the weighted
 * field and the weights alike and divide,
 *
 *   out = bicubic(x·w) / max(bicubic(w), floor),
 *
 * so a coarse cell's value counts in proportion to its air fraction w and the zeros inside
 * buildings do not drag the interpolant down next to walls (plain bicubic of a block mean that
 * counts buildings as 0 does). A field constant over the air is reproduced exactly wherever the
 * interpolated weight exceeds `floor`, at any factor.
 */
import * as tf from "@tensorflow/tfjs";
import { checkPositive } from "../core/checks";
import { checkTensor } from "../core/validate";
import { bicubic, type BicubicOptions } from "./bicubic";

export interface NormalizedBicubicOptions extends BicubicOptions {
  /** Lower bound of the interpolated weight in the division (default 0.05): caps the gain where a target sits among cells of little air. */
  floor?: number;
}

const WHERE = "baselines.normalizedBicubic";

/**
 * weighted [N, h, w, C] — each cell's mean of field × weight (for a field that is 0 inside
 * buildings: its plain block mean) — and weights [N, h, w, 1] in [0, 1] (each cell's air fraction)
 * → the field interpolated to [N, H, W, C] (float32; `factor` or `size`, `boundary`, `align` as in
 * baselines.bicubic). Values where the target has no air are meaningless (mask them).
 */
export function normalizedBicubic(weighted: tf.Tensor4D, weights: tf.Tensor4D, options: NormalizedBicubicOptions): tf.Tensor4D {
  checkTensor(WHERE, "weighted", weighted, 4, "[N, h, w, C]");
  checkTensor(WHERE, "weights", weights, 4, "[N, h, w, 1]");
  const [N, h, w] = weighted.shape;
  if (weights.shape[0] !== N || weights.shape[1] !== h || weights.shape[2] !== w || weights.shape[3] !== 1) {
    throw new RangeError(`${WHERE}: weights must be [${N}, ${h}, ${w}, 1] to match weighted [${weighted.shape.join(", ")}], got [${weights.shape.join(", ")}]`);
  }
  const floor = checkPositive(WHERE, "floor", options.floor ?? 0.05);
  const bicubicOptions: BicubicOptions = { factor: options.factor, size: options.size, boundary: options.boundary, align: options.align };
  return tf.tidy(() => tf.div(bicubic(weighted, bicubicOptions), tf.maximum(bicubic(weights, bicubicOptions), floor)) as tf.Tensor4D);
}
