/**
 * The dense linear algebra of the Kalman update, on row-major Float64Array matrices ([r, c] means
 * r·c entries, entry (i, j) at i·c + j): a Cholesky factor and the symmetric positive-definite
 * solve S·X = B that every gain needs (S = H·B·Hᵀ + R is [m, m] with m observations).
 */
import { checkInt } from "../core/checks";
import { choleskyFactor } from "../core/dense-matrix";

/** Throws unless `a` is a Float64Array of `length` finite entries. */
export function checkMatrix(where: string, name: string, a: unknown, length: number, shape: string): Float64Array {
  if (!(a instanceof Float64Array)) throw new TypeError(`${where}: ${name} must be a Float64Array ${shape}, got ${a === null ? "null" : typeof a}`);
  if (a.length !== length) throw new RangeError(`${where}: ${name} must be ${shape} (${length} entries), got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) throw new RangeError(`${where}: ${name}[${i}] is not finite (${a[i]})`);
  }
  return a;
}

/**
 * Lower-triangular L with L·Lᵀ = S for a symmetric positive-definite S [m, m].
 * @throws RangeError if S is not positive definite (a pivot ≤ 1e-14·max diag).
 */
export function cholesky(S: Float64Array, m: number, where = "assimilation.cholesky"): Float64Array {
  checkInt(where, "m", m, 1);
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, Math.abs(S[i * m + i]));
  const f = choleskyFactor(S, m, 1e-14 * scale);
  if ("row" in f) throw new RangeError(`${where}: the matrix [${m}, ${m}] is not positive definite (pivot ${f.pivot.toExponential(2)} at row ${f.row})`);
  return f.L;
}

/** X [m, p] solving S·X = B for S [m, m] symmetric positive definite and B [m, p]. */
export function solveSpd(S: Float64Array, m: number, B: Float64Array, p: number, where = "assimilation.solveSpd"): Float64Array {
  const L = cholesky(S, m, where), X = B.slice();
  for (let c = 0; c < p; c++) {
    for (let i = 0; i < m; i++) { // L·z = b
      let s = X[i * p + c];
      for (let k = 0; k < i; k++) s -= L[i * m + k] * X[k * p + c];
      X[i * p + c] = s / L[i * m + i];
    }
    for (let i = m - 1; i >= 0; i--) { // Lᵀ·x = z
      let s = X[i * p + c];
      for (let k = i + 1; k < m; k++) s -= L[k * m + i] * X[k * p + c];
      X[i * p + c] = s / L[i * m + i];
    }
  }
  return X;
}
