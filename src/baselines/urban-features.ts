/**
 * Local features of an urban canopy cell for the linear-regression control of notebook 01's
 * surrogate: what a modeller would hand a regression to predict the steady temperature anomaly θ
 * at a cell from the layout — position (the heat accumulates along the wind, x), the building
 * fraction and the wall adjacency around the cell (boxes of half-width 0, 1, 2, 4 cells), the
 * building fraction upstream along the wind (bands of half-width 0, 1, 2, 4 rows, over the last 1,
 * 2, 4, 8, 16 cells and the whole upstream fetch), upstream walls, a little downstream fraction, and
 * products of the main ones with x. y is periodic, x bounded (inlet at x = 0).
 *
 * 52 features per cell (the regression adds its own intercept), float64 [cells, 52], for fraction, adjacency [ny, nx] of one layout.
 */
import { checkInteger } from "../sim/validate";

/** Number of features `urbanFeatures` returns per cell. */
export const URBAN_FEATURES = 52;

/** Features [ny·nx, 52] (row-major cells, feature minor) of one layout. */
export function urbanFeatures(fraction: ArrayLike<number>, adjacency: ArrayLike<number>, nx: number, ny: number): Float64Array {
  const where = "baselines.urbanFeatures", cells = nx * ny;
  checkInteger(where, "nx", nx, 1); checkInteger(where, "ny", ny, 1);
  if (fraction.length !== cells || adjacency.length !== cells) {
    throw new RangeError(`${where}: fraction and adjacency must be [ny, nx] = [${ny}, ${nx}], got ${fraction.length} and ${adjacency.length} values`);
  }
  const at = (a: ArrayLike<number>, i: number, j: number) => a[(((j % ny) + ny) % ny) * nx + i];
  const map = (f: (i: number, j: number) => number) => { const o = new Float64Array(cells); for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) o[j * nx + i] = f(i, j); return o; };
  /** Mean over the (2r+1)² box around each cell (inside the domain in x). */
  const box = (a: ArrayLike<number>, r: number) => map((i, j) => {
    let s = 0, n = 0;
    for (let dj = -r; dj <= r; dj++) for (let di = -r; di <= r; di++) if (i + di >= 0 && i + di < nx) { s += at(a, i + di, j + dj); n++; }
    return s / n;
  });
  /** Mean over rows j−b … j+b of each column. */
  const band = (a: ArrayLike<number>, b: number) => map((i, j) => { let s = 0; for (let dj = -b; dj <= b; dj++) s += at(a, i, j + dj); return s / (2 * b + 1); });
  /** Sum of a column field over the l cells upstream (l ≥ nx: the whole fetch), divided by l (or nx). */
  const upstream = (col: Float64Array, l: number) => map((i, j) => { let s = 0; for (let q = 1; q <= Math.min(l, i); q++) s += col[j * nx + i - q]; return s / Math.min(l, nx); });
  const downstream = (col: Float64Array, l: number) => map((i, j) => { let s = 0; for (let q = 1; q <= l && i + q < nx; q++) s += col[j * nx + i + q]; return s / l; });
  const x = map((i) => (i + 0.5) / nx), y = map((_, j) => (j + 0.5) / ny), times = (a: Float64Array) => a.map((v, c) => v * x[c]);
  const f = Float64Array.from(fraction), w = Float64Array.from(adjacency);
  const bands = [0, 1, 2, 4].map((b) => band(f, b)), wallBands = [0, 2].map((b) => band(w, b));
  const features: Float64Array[] = [
    x, x.map((v) => v * v), x.map((v) => v ** 3), y,
    ...[0, 1, 2, 4].map((r) => box(f, r)), ...[0, 1, 2, 4].map((r) => box(w, r)),
    ...bands.flatMap((col) => [1, 2, 4, 8, 16, nx].map((l) => upstream(col, l))),
    ...wallBands.flatMap((col) => [4, 16, nx].map((l) => upstream(col, l))),
    ...[bands[0], bands[2]].flatMap((col) => [2, 8].map((l) => downstream(col, l))),
    times(box(f, 1)), times(upstream(bands[0], nx)), times(upstream(bands[2], nx)), times(upstream(bands[3], nx)), times(box(w, 1)), times(upstream(wallBands[1], nx)),
  ];
  if (features.length !== URBAN_FEATURES) throw new Error(`${where}: built ${features.length} features, expected ${URBAN_FEATURES}`);
  const out = new Float64Array(cells * features.length);
  features.forEach((a, k) => { for (let c = 0; c < cells; c++) out[c * features.length + k] = a[c]; });
  return out;
}

/** The regression's design over the air cells of `count` layouts: features [rows, 52] and where each row sits. */
export interface UrbanDesign {
  phi: Float64Array;
  /** Flat index (layout·cells + cell) of each row. */
  index: Int32Array;
}

/**
 * Features of every air cell of layouts fraction, adjacency, solid [count, ny, nx] (buildings are
 * excluded: θ = 0 there by definition).
 */
export function urbanDesign(fraction: ArrayLike<number>, adjacency: ArrayLike<number>, solid: ArrayLike<number>, nx: number, ny: number, count: number): UrbanDesign {
  const cells = nx * ny, rows: number[] = [], parts: Float64Array[] = [];
  if (solid.length !== count * cells) throw new RangeError(`baselines.urbanDesign: solid must be [${count}, ${ny}, ${nx}], got ${solid.length} values`);
  for (let s = 0; s < count; s++) {
    const sl = (a: ArrayLike<number>) => Array.prototype.slice.call(a, s * cells, (s + 1) * cells) as number[];
    const f = urbanFeatures(sl(fraction), sl(adjacency), nx, ny);
    for (let c = 0; c < cells; c++) if (!solid[s * cells + c]) { rows.push(s * cells + c); parts.push(f.subarray(c * URBAN_FEATURES, (c + 1) * URBAN_FEATURES)); }
  }
  const phi = new Float64Array(rows.length * URBAN_FEATURES);
  parts.forEach((p, r) => phi.set(p, r * URBAN_FEATURES));
  return { phi, index: Int32Array.from(rows) };
}
