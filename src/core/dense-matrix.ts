/**
 * The dense float64 matrix kernels the simulators and the statistical modules share, on row-major
 * Float64Array matrices ([r, c] means r·c entries, entry (i, j) at i·c + j): the product, the
 * transpose and the Cholesky factor. Each sum runs over its index in ascending order, so callers get
 * the same bits wherever they call from. Internal to Kazami (not re-exported by core's index); each
 * module's public wrappers validate and name their errors.
 */

/** C = A·B for A [n, m], B [m, p]; returns C [n, p]. */
export function matmul(A: Float64Array, B: Float64Array, n: number, m: number, p: number): Float64Array {
  const C = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) {
    const a = A[i * m + k];
    if (a === 0) continue;
    for (let j = 0; j < p; j++) C[i * p + j] += a * B[k * p + j];
  }
  return C;
}

/** Aᵀ for A [n, m]; returns [m, n]. */
export function transpose(A: Float64Array, n: number, m: number): Float64Array {
  const T = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) T[j * n + i] = A[i * m + j];
  return T;
}

/**
 * The lower-triangular L [n, n] with L·Lᵀ = S for a symmetric S [n, n] (only its lower triangle is
 * read), column by column; or, where S is not positive definite to the given margin, the first row
 * whose pivot S_jj − Σ_k L_jk² is not above `minPivot` (default 0), with that pivot.
 */
export function choleskyFactor(S: Float64Array, n: number, minPivot = 0): { L: Float64Array } | { row: number; pivot: number } {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = S[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > minPivot)) return { row: j, pivot: d };
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = S[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return { L };
}
