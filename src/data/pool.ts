/**
 * Pooling several loaded copies of one dataset (e.g. two seeds) into one set of arrays, rows of the
 * first dataset first.
 */
import { concatRows } from "./split";
import type { Dataset, NamedArray } from "./types";

/**
 * Arrays `names` (default: all of them) of `datasets`, each concatenated along axis 0 in the order
 * given. The datasets must be the same dataset at the same parameters (name and cache key), so
 * that rows mean the same thing; their seeds may differ.
 */
export function poolDatasets(datasets: readonly Dataset[], names?: readonly string[]): Record<string, NamedArray> {
  const where = "poolDatasets";
  if (!Array.isArray(datasets) || datasets.length === 0) throw new RangeError(`${where}: datasets must be a non-empty list of loaded datasets`);
  const first = datasets[0];
  datasets.forEach((d, i) => {
    if (d?.manifest?.name !== first.manifest.name || d.manifest.key !== first.manifest.key) {
      throw new RangeError(`${where}: datasets[${i}] is ${d?.manifest?.name} (key ${d?.manifest?.key}), datasets[0] is ${first.manifest.name} (key ${first.manifest.key}); only copies of one dataset at the same parameters pool`);
    }
  });
  const keys = names ?? Object.keys(first.arrays);
  const out: Record<string, NamedArray> = {};
  for (const key of keys) {
    if (!(key in first.arrays)) throw new RangeError(`${where}: no array "${key}"; ${first.name} has ${Object.keys(first.arrays).join(", ")}`);
    out[key] = concatRows(datasets.map((d) => d.arrays[key]));
  }
  return out;
}
