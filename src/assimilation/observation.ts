/**
 * Linear observation operators y = H·x for a state x [n] (a field flattened row-major): point
 * observations (H selects entries, as for sensors at grid points) or a dense matrix H [m, n].
 */
import { checkInt } from "../core/checks";
import { checkMatrix } from "./dense";

/** A linear observation operator H [m, n]. */
export interface ObservationOperator {
  /** Number of observations. */
  readonly m: number;
  /** Length of the state. */
  readonly n: number;
  /** Observed state entries (point observations) or null (a dense H). */
  readonly indices: Int32Array | null;
  /** H·x for the state stored at x[offset … offset + n) (default offset 0); returns [m]. */
  apply(x: ArrayLike<number>, offset?: number): Float64Array;
  /** H as a dense matrix [m, n]. */
  dense(): Float64Array;
}

/** Point observations of the state entries `indices` (distinct, in [0, n)): H has one 1 per row. */
export function pointObservations(indices: ArrayLike<number>, n: number): ObservationOperator {
  const where = "assimilation.pointObservations";
  checkInt(where, "n (state length)", n, 1);
  if (indices === null || typeof indices !== "object" || typeof indices.length !== "number" || indices.length === 0) {
    throw new TypeError(`${where}: indices must be a non-empty array of state indices in [0, ${n})`);
  }
  const idx = new Int32Array(indices.length), seen = new Set<number>();
  for (let k = 0; k < indices.length; k++) {
    const i = checkInt(where, `indices[${k}]`, indices[k], 0, n - 1);
    if (seen.has(i)) throw new RangeError(`${where}: indices must be distinct, ${i} appears twice`);
    seen.add(i); idx[k] = i;
  }
  const m = idx.length;
  return {
    m, n, indices: idx,
    apply(x, offset = 0) {
      const y = new Float64Array(m);
      for (let k = 0; k < m; k++) y[k] = x[offset + idx[k]];
      return y;
    },
    dense() {
      const H = new Float64Array(m * n);
      for (let k = 0; k < m; k++) H[k * n + idx[k]] = 1;
      return H;
    },
  };
}

/** A dense observation operator H [m, n] (row-major, copied). */
export function matrixObservations(H: Float64Array, m: number, n: number): ObservationOperator {
  const where = "assimilation.matrixObservations";
  checkInt(where, "m", m, 1); checkInt(where, "n", n, 1);
  const h = checkMatrix(where, "H", H, m * n, `[${m}, ${n}]`).slice();
  return {
    m, n, indices: null,
    apply(x, offset = 0) {
      const y = new Float64Array(m);
      for (let k = 0; k < m; k++) { let s = 0; for (let i = 0; i < n; i++) s += h[k * n + i] * x[offset + i]; y[k] = s; }
      return y;
    },
    dense: () => h.slice(),
  };
}

/**
 * Row-major indices j·nx + i of the grid points (j, i) = (oy + a·spacing, ox + b·spacing) of an
 * [ny, nx] field — observations every `spacing` points in both directions, starting at `offset`
 * [oy, ox] (each in [0, spacing)); rows listed first.
 */
export function gridObservationIndices(ny: number, nx: number, spacing: number, offset: readonly [number, number] = [0, 0]): Int32Array {
  const where = "assimilation.gridObservationIndices";
  checkInt(where, "ny", ny, 1); checkInt(where, "nx", nx, 1);
  checkInt(where, "spacing", spacing, 1, Math.max(ny, nx));
  if (!Array.isArray(offset) || offset.length !== 2) throw new TypeError(`${where}: offset must be [oy, ox], got ${String(offset)}`);
  const oy = checkInt(where, "offset[0] (oy)", offset[0], 0, spacing - 1), ox = checkInt(where, "offset[1] (ox)", offset[1], 0, spacing - 1);
  const out: number[] = [];
  for (let j = oy; j < ny; j += spacing) for (let i = ox; i < nx; i += spacing) out.push(j * nx + i);
  return Int32Array.from(out);
}
