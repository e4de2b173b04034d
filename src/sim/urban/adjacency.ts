/**
 * Wall adjacency of a rasterized canopy: for every air cell, the fraction of its four neighbours
 * that are buildings (0, ¼, ½, ¾, 1), 0 in buildings. Walls heat the air beside them, so this is
 * where the heat sources of the steady problem sit — a cheap, exact input channel for a surrogate
 * and a feature for a regression. The domain is periodic in y and bounded in x (inlet, outlet),
 * as in the solver.
 */
import { checkInteger } from "../validate";

/** solid [count, ny, nx] (1 = building) → adjacency [count, ny, nx], float64. */
export function wallAdjacency(solid: ArrayLike<number>, nx: number, ny: number, count = 1): Float64Array {
  const where = "urban.wallAdjacency";
  checkInteger(where, "nx", nx, 1); checkInteger(where, "ny", ny, 1); checkInteger(where, "count", count, 1);
  const cells = nx * ny;
  if (solid.length !== count * cells) throw new RangeError(`${where}: solid must hold count·ny·nx = ${count}·${ny}·${nx} values, got ${solid.length}`);
  const out = new Float64Array(count * cells);
  for (let s = 0; s < count; s++) {
    const o = s * cells, at = (i: number, j: number) => solid[o + (((j % ny) + ny) % ny) * nx + i];
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      if (at(i, j)) continue;
      const w = (i > 0 && at(i - 1, j) ? 1 : 0) + (i < nx - 1 && at(i + 1, j) ? 1 : 0) + (at(i, j - 1) ? 1 : 0) + (at(i, j + 1) ? 1 : 0);
      out[o + j * nx + i] = w / 4;
    }
  }
  return out;
}
