/**
 * Polynomial closures for the one-scale Lorenz-96 model: U_k = Σ_p a_p·X_k^p, the same polynomial
 * at every site — the deterministic parameterisation of Wilks (2005, eq. 6) and Arnold et al.
 * (2013, eq. 5), usually cubic — and its least-squares fit to (X_k, U_k) pairs of a truth record.
 */
import { checkInteger } from "../validate";
import type { Closure } from "./one-scale";

/** The closure U_k = Σ_{p=0}^{P} a_p·X_k^p (coefficients a_0..a_P, Horner), for any batch. */
export function polynomialClosure(coefficients: ArrayLike<number>): Closure {
  const a = Float64Array.from(coefficients ?? []);
  if (a.length === 0 || !a.every(Number.isFinite)) {
    throw new RangeError(`lorenz96.polynomialClosure: coefficients must be a non-empty list of finite numbers, got [${Array.from(a)}]`);
  }
  const P = a.length - 1;
  return (X, _members, out) => {
    for (let i = 0; i < X.length; i++) {
      const x = X[i];
      let u = a[P];
      for (let p = P - 1; p >= 0; p--) u = u * x + a[p];
      out[i] = u;
    }
  };
}

/**
 * Least-squares polynomial of `degree` (default 3) through the pairs (X_k, U_k) pooled over every
 * row and site of X, U [T, K] (flat, same length). Solved by the normal equations in the scaled
 * variable X/max|X| (well conditioned up to degree ~8). Returns a_0..a_degree, the closure and the
 * RMSE of the fit.
 */
export function fitPolynomialClosure(X: Float64Array, U: Float64Array, degree = 3): { coefficients: Float64Array; closure: Closure; rmse: number } {
  const where = "lorenz96.fitPolynomialClosure";
  const P = checkInteger(where, "degree", degree, 0, 8), m = P + 1;
  if (!(X instanceof Float64Array) || !(U instanceof Float64Array)) throw new TypeError(`${where}: X and U must be Float64Arrays [T, K]`);
  if (X.length !== U.length || X.length < m) throw new RangeError(`${where}: X and U need the same length ≥ ${m}, got ${X.length} and ${U.length}`);
  let scale = 0;
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i]) || !Number.isFinite(U[i])) throw new RangeError(`${where}: X[${i}] and U[${i}] must be finite, got ${X[i]}, ${U[i]}`);
    scale = Math.max(scale, Math.abs(X[i]));
  }
  if (scale === 0) scale = 1;
  // normal equations A c = r in z = X/scale: A_pq = Σ z^{p+q}, r_p = Σ z^p·U
  const A = new Float64Array(m * m), r = new Float64Array(m), pw = new Float64Array(2 * P + 1);
  for (let i = 0; i < X.length; i++) {
    const z = X[i] / scale;
    pw[0] = 1;
    for (let p = 1; p <= 2 * P; p++) pw[p] = pw[p - 1] * z;
    for (let p = 0; p < m; p++) {
      r[p] += pw[p] * U[i];
      for (let q = 0; q < m; q++) A[p * m + q] += pw[p + q];
    }
  }
  const c = solve(where, A, r, m);
  const coefficients = c.map((v, p) => v / scale ** p);
  const closure = polynomialClosure(coefficients);
  const fitted = new Float64Array(X.length);
  closure(X, 1, fitted);
  let e = 0;
  for (let i = 0; i < X.length; i++) e += (fitted[i] - U[i]) ** 2;
  return { coefficients, closure, rmse: Math.sqrt(e / X.length) };
}

/** Gaussian elimination with partial pivoting of the m×m system A x = b (A, b overwritten). */
function solve(where: string, A: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(A[i * m + c]) > Math.abs(A[piv * m + c])) piv = i;
    if (!(Math.abs(A[piv * m + c]) > 1e-300)) throw new RangeError(`${where}: the fit is singular (fewer distinct X values than coefficients)`);
    if (piv !== c) {
      for (let j = 0; j < m; j++) { const t = A[c * m + j]; A[c * m + j] = A[piv * m + j]; A[piv * m + j] = t; }
      const t = b[c]; b[c] = b[piv]; b[piv] = t;
    }
    for (let i = c + 1; i < m; i++) {
      const f = A[i * m + c] / A[c * m + c];
      for (let j = c; j < m; j++) A[i * m + j] -= f * A[c * m + j];
      b[i] -= f * b[c];
    }
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < m; j++) s -= A[i * m + j] * x[j];
    x[i] = s / A[i * m + i];
  }
  return x;
}
