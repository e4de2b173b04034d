/**
 * Sparse matrices in compressed-row (CSR) form, for discretised generators (Fokker–Planck operators
 * have 3 entries per row in 1D, 5 in 2D), and a banded LU factorisation for the shift-invert solves
 * of `arnoldi`.
 */
import { checkFinite, checkInt } from "../core/checks";

/** A sparse matrix [rows, cols] in CSR form: row i holds colIndex/values[rowPtr[i] .. rowPtr[i+1]). */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIndex: Int32Array;
  readonly values: Float64Array;
}

/** Builds a CSR matrix [rows, cols] from (row, col, value) triplets; duplicates are summed. */
export function sparseFromTriplets(rows: number, cols: number, ti: ArrayLike<number>, tj: ArrayLike<number>, tv: ArrayLike<number>): SparseMatrix {
  const where = "dynamics.sparseFromTriplets";
  checkInt(where, "rows", rows, 1);
  checkInt(where, "cols", cols, 1);
  if (ti.length !== tj.length || ti.length !== tv.length) throw new RangeError(`${where}: row, col and value lists must have one length, got ${ti.length}, ${tj.length}, ${tv.length}`);
  const perRow: Map<number, number>[] = Array.from({ length: rows }, () => new Map());
  for (let e = 0; e < ti.length; e++) {
    const i = ti[e], j = tj[e];
    if (!(Number.isInteger(i) && i >= 0 && i < rows && Number.isInteger(j) && j >= 0 && j < cols)) throw new RangeError(`${where}: entry ${e} at (${i}, ${j}) is outside [${rows}, ${cols}]`);
    checkFinite(where, `value ${e}`, tv[e]);
    const row = perRow[i];
    row.set(j, (row.get(j) ?? 0) + tv[e]);
  }
  const rowPtr = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) rowPtr[i + 1] = rowPtr[i] + perRow[i].size;
  const colIndex = new Int32Array(rowPtr[rows]), values = new Float64Array(rowPtr[rows]);
  for (let i = 0; i < rows; i++) {
    const entries = [...perRow[i].entries()].sort((a, b) => a[0] - b[0]);
    entries.forEach(([j, v], q) => { colIndex[rowPtr[i] + q] = j; values[rowPtr[i] + q] = v; });
  }
  return { rows, cols, rowPtr, colIndex, values };
}

/** out = A·x (x [cols], out [rows]). */
export function sparseMultiply(A: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let q = A.rowPtr[i]; q < A.rowPtr[i + 1]; q++) s += A.values[q] * x[A.colIndex[q]];
    out[i] = s;
  }
  return out;
}

/** out = Aᵀ·x (x [rows], out [cols]). */
export function sparseMultiplyTranspose(A: SparseMatrix, x: Float64Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < A.rows; i++) {
    const xi = x[i];
    for (let q = A.rowPtr[i]; q < A.rowPtr[i + 1]; q++) out[A.colIndex[q]] += A.values[q] * xi;
  }
  return out;
}

/** The dense row-major copy [rows, cols]. */
export function sparseToDense(A: SparseMatrix): Float64Array {
  const D = new Float64Array(A.rows * A.cols);
  for (let i = 0; i < A.rows; i++) for (let q = A.rowPtr[i]; q < A.rowPtr[i + 1]; q++) D[i * A.cols + A.colIndex[q]] += A.values[q];
  return D;
}

/**
 * LU factorisation without pivoting of the banded square matrix A − σI (lower bandwidth p, upper q,
 * stored as [n, p + q + 1]); cost n·p·q to factor, n·(p + q) per solve. Without pivoting it is
 * stable when A − σI is diagonally dominant by columns — the case of a shifted generator L − σI
 * (σ > 0) whose off-diagonal entries are ≥ 0 and whose columns sum to 0, as the finite-volume
 * Fokker–Planck operators of this folder are.
 */
export class BandedLU {
  readonly n: number;
  readonly lower: number;
  readonly upper: number;
  private readonly band: Float64Array;

  constructor(A: SparseMatrix, shift = 0) {
    const where = "dynamics.BandedLU";
    if (A.rows !== A.cols) throw new RangeError(`${where}: the matrix must be square, got [${A.rows}, ${A.cols}]`);
    checkFinite(where, "shift", shift);
    const n = A.rows;
    let p = 0, q = 0;
    for (let i = 0; i < n; i++) for (let e = A.rowPtr[i]; e < A.rowPtr[i + 1]; e++) {
      const j = A.colIndex[e];
      p = Math.max(p, i - j);
      q = Math.max(q, j - i);
    }
    this.n = n; this.lower = p; this.upper = q;
    const w = p + q + 1, B = new Float64Array(n * w); // B[i·w + (j − i + p)] = (A − σI)_ij
    for (let i = 0; i < n; i++) {
      for (let e = A.rowPtr[i]; e < A.rowPtr[i + 1]; e++) B[i * w + A.colIndex[e] - i + p] += A.values[e];
      B[i * w + p] -= shift;
    }
    let scale = 0;
    for (let i = 0; i < B.length; i++) scale = Math.max(scale, Math.abs(B[i]));
    for (let c = 0; c < n; c++) {
      const piv = B[c * w + p];
      if (!(Math.abs(piv) > 1e-13 * scale)) throw new RangeError(`${where}: zero pivot ${piv.toExponential(2)} in row ${c}: A − σI is singular or needs pivoting (is σ = ${shift} an eigenvalue?)`);
      const last = Math.min(n - 1, c + p);
      for (let r = c + 1; r <= last; r++) {
        const lr = B[r * w + c - r + p] / piv;
        if (lr === 0) continue;
        B[r * w + c - r + p] = lr;
        const end = Math.min(n - 1, c + q);
        for (let j = c + 1; j <= end; j++) B[r * w + j - r + p] -= lr * B[c * w + j - c + p];
      }
    }
    this.band = B;
  }

  /** Solves (A − σI)·x = b; writes x into `out` (may be b itself) and returns it. */
  solve(b: Float64Array, out: Float64Array = new Float64Array(this.n)): Float64Array {
    const { n, lower: p, upper: q, band: B } = this, w = p + q + 1;
    if (out !== b) out.set(b);
    for (let r = 0; r < n; r++) { // forward: L y = b (unit lower)
      let s = out[r];
      for (let c = Math.max(0, r - p); c < r; c++) s -= B[r * w + c - r + p] * out[c];
      out[r] = s;
    }
    for (let r = n - 1; r >= 0; r--) { // backward: U x = y
      let s = out[r];
      const end = Math.min(n - 1, r + q);
      for (let j = r + 1; j <= end; j++) s -= B[r * w + j - r + p] * out[j];
      out[r] = s / B[r * w + p];
    }
    return out;
  }
}
