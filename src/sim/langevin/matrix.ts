/**
 * Small dense linear algebra on row-major Float64Array matrices, enough for the stationary
 * statistics of linear SDEs: Gaussian elimination, Cholesky, the continuous Lyapunov equation
 * A X + X Aᵀ + Q = 0, the discrete (Stein) equation X = M X Mᵀ + Q, and the growth rate of M^k.
 */
import { choleskyFactor, matmul } from "../../core/dense-matrix";

/** Solves S·x = b for dense S [n, n] (copied) by Gaussian elimination with partial pivoting. */
export function solveDense(S: Float64Array, b: Float64Array, n: number, where: string): Float64Array {
  const a = S.slice(), x = b.slice();
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let c = 0; c < n; c++) {
    let piv = c, best = Math.abs(a[c * n + c]);
    for (let r = c + 1; r < n; r++) { const v = Math.abs(a[r * n + c]); if (v > best) { best = v; piv = r; } }
    if (best <= 1e-13 * scale) throw new RangeError(`${where}: the linear system is singular (pivot ${best.toExponential(2)} in column ${c})`);
    if (piv !== c) {
      for (let k = 0; k < n; k++) { const t = a[c * n + k]; a[c * n + k] = a[piv * n + k]; a[piv * n + k] = t; }
      const t = x[c]; x[c] = x[piv]; x[piv] = t;
    }
    const d = a[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / d;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * x[k];
    x[r] = s / a[r * n + r];
  }
  return x;
}

/** Lower Cholesky factor of a symmetric matrix [n, n], or null if it is not positive definite. */
export function cholesky(S: Float64Array, n: number): Float64Array | null {
  const f = choleskyFactor(S, n);
  return "row" in f ? null : f.L;
}

const symmetrize = (X: Float64Array, n: number) => {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const m = 0.5 * (X[i * n + j] + X[j * n + i]); X[i * n + j] = m; X[j * n + i] = m; }
  return X;
};

/** Largest n for which the n²×n² Kronecker systems below are solved (n⁶/3 flops). */
export const MAX_KRONECKER_DIM = 40;

/**
 * Solves the continuous Lyapunov equation A X + X Aᵀ + Q = 0 (A [n, n], Q symmetric [n, n]) through
 * its Kronecker form (I⊗A + A⊗I) vec X = −vec Q; n ≤ 40. Returns X symmetrised.
 */
export function solveLyapunov(A: Float64Array, Q: Float64Array, n: number): Float64Array {
  const where = "solveLyapunov";
  if (n > MAX_KRONECKER_DIM) throw new RangeError(`${where}: dimension must be ≤ ${MAX_KRONECKER_DIM} for the Kronecker solver, got ${n}`);
  const N = n * n, S = new Float64Array(N * N), rhs = new Float64Array(N);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const r = i * n + j;
    rhs[r] = -Q[r];
    for (let k = 0; k < n; k++) {
      S[r * N + k * n + j] += A[i * n + k]; // (A X)_{ij}
      S[r * N + i * n + k] += A[j * n + k]; // (X Aᵀ)_{ij}
    }
  }
  return symmetrize(solveDense(S, rhs, N, `${where} (is A singular or with eigenvalues λ_i + λ_j = 0?)`), n);
}

/** Solves the discrete Lyapunov (Stein) equation X = M X Mᵀ + Q; n ≤ 40. */
export function solveStein(M: Float64Array, Q: Float64Array, n: number): Float64Array {
  const where = "solveStein";
  if (n > MAX_KRONECKER_DIM) throw new RangeError(`${where}: dimension must be ≤ ${MAX_KRONECKER_DIM} for the Kronecker solver, got ${n}`);
  const N = n * n, S = new Float64Array(N * N), rhs = Q.slice();
  for (let r = 0; r < N; r++) S[r * N + r] = 1;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const r = i * n + j;
    for (let k = 0; k < n; k++) for (let l = 0; l < n; l++) S[r * N + k * n + l] -= M[i * n + k] * M[j * n + l];
  }
  return symmetrize(solveDense(S, rhs, N, `${where} (does M have eigenvalues with μ_i·μ_j = 1?)`), n);
}

/** B·Bᵀ for B [n, p]. */
export function gram(B: Float64Array, n: number, p: number): Float64Array {
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += B[i * p + k] * B[j * p + k];
    G[i * n + j] = s;
  }
  return G;
}

/**
 * Asymptotic growth rate lim_k log‖M^k‖/k = log ρ(M), estimated by 40 normalised squarings
 * (k = 2^40, so the norm-equivalence factor contributes < 1e-11). Negative ⇔ ρ(M) < 1.
 */
export function logSpectralRadius(M: Float64Array, n: number): number {
  let X = M.slice(), logNorm = 0, k = 1;
  const normalize = () => {
    let s = 0;
    for (let i = 0; i < X.length; i++) s += X[i] * X[i];
    const f = Math.sqrt(s);
    if (f === 0) return -Infinity;
    for (let i = 0; i < X.length; i++) X[i] /= f;
    return Math.log(f);
  };
  logNorm = normalize();
  if (logNorm === -Infinity) return -Infinity;
  for (let s = 0; s < 40; s++) {
    X = matmul(X, X, n, n, n);
    k *= 2;
    const l = normalize();
    if (l === -Infinity) return -Infinity;
    logNorm = 2 * logNorm + l;
  }
  return logNorm / k;
}
