/**
 * Where an attribution map peaks: per sample, the flat index of the largest |A| (NHWC maps: |A|
 * summed over channels first), row-major over the non-batch (non-channel) axes — for a map
 * [N, H, W, C], index = row·W + column.
 */
import * as tf from "@tensorflow/tfjs";
import { checkTensor } from "../core";

export function attributionPeaks(attributions: tf.Tensor): Int32Array {
  const a = checkTensor("sensitivity.attributionPeaks", "attributions", attributions, [2, 3, 4], "[N, ...] (NHWC maps or [N, features])");
  const idx = tf.tidy(() => tf.argMax((a.rank === 4 ? tf.abs(a).sum(3) : tf.abs(a)).reshape([a.shape[0], -1]), 1));
  const out = Int32Array.from(idx.dataSync());
  idx.dispose();
  return out;
}
