/**
 * Small dense linear algebra on row-major Float64Array matrices ([n, n] means n·n entries, entry
 * (i, j) at i·n + j): products, the inverse by LU with partial pivoting, and the matrix exponential
 * by scaling and squaring of a Taylor series. Enough for response functions exp(A t) and lagged
 * covariances C(τ) C(0)⁻¹ of a few variables; not meant for n beyond a few hundred.
 */
import { matmul, transpose } from "../core/dense-matrix";

/** C = A·B for A [n, m], B [m, p]; returns C [n, p]. Aᵀ for A [n, m]; returns [m, n]. (core's dense kernels) */
export { matmul, transpose };

/** The identity [n, n]. */
export function identity(n: number): Float64Array {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

/**
 * A⁻¹ for A [n, n] by Gauss–Jordan elimination with partial pivoting.
 * @throws RangeError when a pivot is below 1e-14·max|A| (singular to working precision).
 */
export function inverse(A: Float64Array, n: number, where = "inverse"): Float64Array {
  const a = A.slice(), X = identity(n);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let c = 0; c < n; c++) {
    let piv = c, best = Math.abs(a[c * n + c]);
    for (let r = c + 1; r < n; r++) { const v = Math.abs(a[r * n + c]); if (v > best) { best = v; piv = r; } }
    if (!(best > 1e-14 * scale)) throw new RangeError(`${where}: the matrix [${n}, ${n}] is singular to working precision (pivot ${best.toExponential(2)} in column ${c})`);
    if (piv !== c) for (let k = 0; k < n; k++) {
      let t = a[c * n + k]; a[c * n + k] = a[piv * n + k]; a[piv * n + k] = t;
      t = X[c * n + k]; X[c * n + k] = X[piv * n + k]; X[piv * n + k] = t;
    }
    const d = 1 / a[c * n + c];
    for (let k = 0; k < n; k++) { a[c * n + k] *= d; X[c * n + k] *= d; }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) { a[r * n + k] -= f * a[c * n + k]; X[r * n + k] -= f * X[c * n + k]; }
    }
  }
  return X;
}

/**
 * exp(A) for A [n, n]: A is scaled by 2^−s so that ‖A‖₁/2^s ≤ 1/2, the Taylor series is summed to
 * 18 terms (truncation < 1e-20 relative) and the result squared s times (Moler & Van Loan 2003,
 * method 3). Accurate to ~1e-14 relative for the modest norms of response functions.
 */
export function expm(A: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(A[i * n + j]);
    norm = Math.max(norm, s);
  }
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const B = A.map((v) => v / 2 ** s);
  let E = identity(n), term = identity(n);
  for (let k = 1; k <= 18; k++) {
    term = matmul(term, B, n, n, n).map((v) => v / k);
    for (let i = 0; i < E.length; i++) E[i] += term[i];
  }
  for (let k = 0; k < s; k++) E = matmul(E, E, n, n, n);
  return E;
}
