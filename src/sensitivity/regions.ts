/**
 * Attributions summed over labelled regions (features made of many input cells, e.g. the footprint
 * of each mountain): for sample k, S[k][r] = Σ_{cells q with labels[k][q] = r} Σ_channels A[k, q, c].
 * Complete attributions (integrated gradients) stay complete: Σ_r S[k][r] = Σ A[k] when every cell
 * carries a label. `largestMagnitude` picks the region (or feature) with the largest |value|.
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkTensor, describe } from "../core";

const WHERE = "sensitivity.regionSums";

/**
 * Per-sample region sums of attributions [N, H, W, C] (NHWC maps) or [N, features]: `labels` holds,
 * per sample, the region index in [0, regions − 1] of each cell (row-major, length H·W or features),
 * or −1 for a cell in no region. Returns N arrays of `regions` sums, in the attributions' units.
 */
export function regionSums(attributions: tf.Tensor, labels: readonly ArrayLike<number>[], regions: number): Float64Array[] {
  const a = checkTensor(WHERE, "attributions", attributions, [2, 4], "[N, H, W, C] (NHWC maps) or [N, features]");
  const r = checkInt(WHERE, "regions", regions, 1);
  const n = a.shape[0], cells = a.rank === 4 ? a.shape[1]! * a.shape[2]! : a.shape[1]!, channels = a.rank === 4 ? a.shape[3]! : 1;
  if (!Array.isArray(labels) || labels.length !== n) {
    throw new RangeError(`${WHERE}: labels must be one label array per sample (${n}), got ${describe(labels)}`);
  }
  const values = a.dataSync();
  return labels.map((lab, k) => {
    if (lab === null || typeof lab !== "object" || lab.length !== cells) {
      throw new RangeError(`${WHERE}: labels[${k}] must hold one region index per cell (${cells}), got ${describe(lab)}`);
    }
    const sums = new Float64Array(r);
    for (let q = 0; q < cells; q++) {
      const l = lab[q];
      if (l === -1) continue;
      if (!Number.isInteger(l) || l < 0 || l >= r) throw new RangeError(`${WHERE}: labels[${k}][${q}] must be an integer in [0, ${r - 1}] or −1, got ${l}`);
      for (let c = 0; c < channels; c++) sums[l] += values[(k * cells + q) * channels + c];
    }
    return sums;
  });
}

/** Index of the entry with the largest |value| (the first on a tie); throws on an empty list or a non-finite entry. */
export function largestMagnitude(values: ArrayLike<number>): number {
  if (values === null || typeof values !== "object" || values.length === 0) {
    throw new RangeError(`sensitivity.largestMagnitude: values must be a non-empty list of numbers, got ${describe(values)}`);
  }
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`sensitivity.largestMagnitude: values[${i}] must be finite, got ${values[i]}`);
    if (Math.abs(values[i]) > Math.abs(values[best])) best = i;
  }
  return best;
}
