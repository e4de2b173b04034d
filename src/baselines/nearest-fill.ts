/**
 * Nearest-neighbour filling of missing cells — the cheapest restoration of holes in a gridded field
 * (e.g. a coarse urban simulation's building cells, which have no air value), used before bicubic
 * interpolation as the control of a missing-value super-resolution.
 */
import { checkInt } from "../core/checks";

/**
 * Fields [samples, height, width] (row-major) with the cells where `valid` is 0 replaced by the
 * value of the nearest valid cell of the same sample (Euclidean distance in cells; ties go to the
 * first in row-major order). Valid cells are copied unchanged. Returns a new Float64Array; O(missing
 * × valid) per sample. Every sample needs at least one valid cell.
 */
export function nearestFill(values: ArrayLike<number>, valid: ArrayLike<number>, height: number, width: number): Float64Array {
  const where = "baselines.nearestFill";
  checkInt(where, "height", height, 1);
  checkInt(where, "width", width, 1);
  const cells = height * width;
  if (values.length === 0 || values.length % cells !== 0) throw new RangeError(`${where}: values must hold [samples, ${height}, ${width}] (a multiple of ${cells}) values, got ${values.length}`);
  if (valid.length !== values.length) throw new RangeError(`${where}: valid must match values (${values.length} cells), got ${valid.length}`);
  const out = Float64Array.from(values), samples = values.length / cells;
  const ys = new Int32Array(cells), xs = new Int32Array(cells);
  for (let s = 0; s < samples; s++) {
    const o = s * cells;
    let nValid = 0;
    for (let c = 0; c < cells; c++) if (valid[o + c]) { ys[nValid] = Math.floor(c / width); xs[nValid] = c % width; nValid++; }
    if (nValid === 0) throw new RangeError(`${where}: sample ${s} has no valid cell to fill from`);
    if (nValid === cells) continue;
    for (let c = 0; c < cells; c++) {
      if (valid[o + c]) continue;
      const y = Math.floor(c / width), x = c % width;
      let best = Infinity, from = 0;
      for (let k = 0; k < nValid; k++) {
        const d = (ys[k] - y) ** 2 + (xs[k] - x) ** 2;
        if (d < best) { best = d; from = k; }
      }
      out[o + c] = values[o + ys[from] * width + xs[from]];
    }
  }
  return out;
}
