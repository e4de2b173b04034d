/**
 * Eigenpairs of non-symmetric real matrices.
 *
 * - `eig`: every eigenpair of a dense matrix [n, n], by ml-matrix's EigenvalueDecomposition (the JAMA
 *   algorithm: Householder reduction to Hessenberg form, then the shifted (Francis double-shift) QR
 *   iteration to real Schur form, and back-substitution for the eigenvectors; Golub & Van Loan 2013,
 *   §7.5). Cost ~10 n³ flops: fine up to n ≈ 500.
 * - `arnoldi`: a few eigenpairs at one end of the spectrum of an operator given only by its action
 *   v ↦ A v (sparse generators, shift-inverted operators, transfer matrices), by the Arnoldi process
 *   with full re-orthogonalisation and explicit restarts (Saad 2011, Numerical Methods for Large
 *   Eigenvalue Problems, §6.2–6.3); the small Hessenberg problem is solved by `eig`.
 *
 * Eigenvectors are normalised to unit 2-norm with their largest-magnitude entry real and positive,
 * so they are reproducible (an eigenvector has arbitrary scale and phase).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../core/random";
import { checkFunction, checkInt, checkOneOf, checkPositive } from "../core/checks";
import { checkFiniteFloat64 } from "./validate";

/** Eigenpairs, sorted. */
export interface Eigenpairs {
  /** Real and imaginary parts of the eigenvalues [k]; a complex pair appears as two entries, +im first. */
  re: Float64Array;
  im: Float64Array;
  /** Right eigenvectors: pair j is vectors[j] + i·vectorsIm[j] (each [n]; vectorsIm[j] is zero for a real eigenvalue). */
  vectors: Float64Array[];
  vectorsIm: Float64Array[];
}

/** "real": descending real part (generators: the slowest mode first); "magnitude": descending |λ| (transfer matrices). */
export type EigenOrder = "real" | "magnitude";

const ORDERS: readonly EigenOrder[] = ["real", "magnitude"];

function orderKey(order: EigenOrder, re: number, im: number): number {
  return order === "real" ? re : Math.hypot(re, im);
}

/** Scales v = vr + i·vi to unit norm with its largest-magnitude entry real positive (in place). */
function normalizeVector(vr: Float64Array, vi: Float64Array): void {
  let norm = 0, peak = 0, kPeak = 0;
  for (let k = 0; k < vr.length; k++) {
    const m2 = vr[k] * vr[k] + vi[k] * vi[k];
    norm += m2;
    if (m2 > peak) { peak = m2; kPeak = k; }
  }
  if (norm === 0) return;
  // multiply by conj(v[kPeak]) / (|v[kPeak]|·‖v‖): the peak entry becomes |v[kPeak]|/‖v‖ > 0
  const pr = vr[kPeak], pi = vi[kPeak], s = 1 / (Math.sqrt(peak) * Math.sqrt(norm));
  const cr = pr * s, ci = -pi * s;
  for (let k = 0; k < vr.length; k++) {
    const a = vr[k], b = vi[k];
    vr[k] = a * cr - b * ci;
    vi[k] = a * ci + b * cr;
  }
  vi[kPeak] = 0;
}

/** Sorts eigenpairs by `order` (ties: larger imaginary part first) and keeps the first `count`. */
function sortPairs(p: Eigenpairs, order: EigenOrder, count: number): Eigenpairs {
  const idx = Array.from(p.re, (_, j) => j);
  idx.sort((i, j) => {
    const d = orderKey(order, p.re[j], p.im[j]) - orderKey(order, p.re[i], p.im[i]);
    const scale = Math.max(1e-300, Math.abs(orderKey(order, p.re[i], p.im[i])));
    return Math.abs(d) > 1e-12 * scale ? d : p.im[j] - p.im[i];
  });
  const keep = idx.slice(0, count);
  return {
    re: Float64Array.from(keep, (j) => p.re[j]),
    im: Float64Array.from(keep, (j) => p.im[j]),
    vectors: keep.map((j) => p.vectors[j]),
    vectorsIm: keep.map((j) => p.vectorsIm[j]),
  };
}

/**
 * Every eigenpair of a dense real matrix A [n, n] (row-major), sorted by `order` (default "real").
 * Complex eigenvalues come in conjugate pairs, +im first. Eigenvectors: unit 2-norm, largest entry
 * real positive.
 * @example const { re, vectors } = dynamics.eig(L, n); // re[0] = slowest rate of a generator
 */
export function eig(A: Float64Array, n: number, order: EigenOrder = "real"): Eigenpairs {
  const where = "dynamics.eig";
  checkInt(where, "n", n, 1);
  checkFiniteFloat64(where, "A", A, n * n, `[${n}, ${n}]`);
  checkOneOf(where, "order", order, ORDERS);
  const rows = Array.from({ length: n }, (_, i) => Array.from(A.subarray(i * n, (i + 1) * n)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: false });
  const re = Float64Array.from(evd.realEigenvalues), im = Float64Array.from(evd.imaginaryEigenvalues);
  const V = evd.eigenvectorMatrix;
  const vectors: Float64Array[] = [], vectorsIm: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const vr = new Float64Array(n), vi = new Float64Array(n);
    if (im[j] === 0) {
      for (let k = 0; k < n; k++) vr[k] = V.get(k, j);
    } else {
      // JAMA stores a pair λ = re ± i·im (im[j] > 0 first) as columns j (real part) and j+1 (imaginary part)
      const first = im[j] > 0, c = first ? j : j - 1, sign = first ? 1 : -1;
      for (let k = 0; k < n; k++) { vr[k] = V.get(k, c); vi[k] = sign * V.get(k, c + 1); }
    }
    normalizeVector(vr, vi);
    vectors.push(vr);
    vectorsIm.push(vi);
  }
  return sortPairs({ re, im, vectors, vectorsIm }, order, n);
}

/** Options of `arnoldi`. */
export interface ArnoldiOptions {
  /** Number of wanted eigenpairs k ≥ 1. */
  count: number;
  /** Which end of the spectrum (default "magnitude": largest |μ|, what shift-invert and transfer matrices need). */
  order?: EigenOrder;
  /** Largest Krylov dimension before a restart (default min(n, max(3k + 30, 60))). */
  maxDim?: number;
  /** Relative residual ‖A x − μ x‖ / (|μ|·‖x‖) at which a pair counts as converged (default 1e-10). */
  tol?: number;
  /** Explicit restarts allowed (default 20). */
  restarts?: number;
  /** Start vector [n] (default a fixed pseudo-random vector, so results are reproducible). */
  start?: Float64Array;
}

/** Eigenpairs from `arnoldi`, with their residuals. */
export interface ArnoldiResult extends Eigenpairs {
  /** Relative residual of each pair [k]. */
  residuals: Float64Array;
  /** Krylov dimension of the last cycle. */
  dimension: number;
  /** Whether every wanted pair reached `tol`. */
  converged: boolean;
}

/**
 * The `count` eigenpairs at one end of the spectrum of a real linear operator on ℝⁿ given by
 * `apply(v, out)` (out = A v; both [n]; `apply` must not keep the arrays).
 * @throws RangeError if the pairs have not converged after the allowed restarts.
 */
export function arnoldi(apply: (v: Float64Array, out: Float64Array) => void, n: number, options: ArnoldiOptions): ArnoldiResult {
  const where = "dynamics.arnoldi";
  checkFunction(where, "apply", apply, "(v: Float64Array, out: Float64Array) => void");
  checkInt(where, "n", n, 1);
  const k = checkInt(where, "count", options.count, 1, n);
  const order = checkOneOf(where, "order", options.order ?? "magnitude", ORDERS);
  const maxDim = checkInt(where, "maxDim", options.maxDim ?? Math.min(n, Math.max(3 * k + 30, 60)), Math.min(n, k + 1), n);
  const tol = checkPositive(where, "tol", options.tol ?? 1e-10);
  const restarts = checkInt(where, "restarts", options.restarts ?? 20, 0);
  let start = options.start === undefined ? new Rng(0x5eed).fillUniform(new Float64Array(n), -1, 1) : checkFiniteFloat64(where, "start", options.start, n, `[${n}]`).slice();
  let last: ArnoldiResult | undefined;
  for (let cycle = 0; cycle <= restarts; cycle++) {
    last = arnoldiCycle(apply, n, k, order, maxDim, tol, start);
    if (last.converged) return last;
    // explicit restart from the sum of the wanted Ritz vectors (real parts)
    start = new Float64Array(n);
    for (const v of last.vectors) for (let i = 0; i < n; i++) start[i] += v[i];
  }
  const worst = Math.max(...last!.residuals);
  throw new RangeError(`${where}: ${k} eigenpairs did not converge in ${restarts + 1} cycles of dimension ${maxDim} (worst relative residual ${worst.toExponential(2)} > tol ${tol}); raise maxDim or restarts`);
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function arnoldiCycle(apply: (v: Float64Array, out: Float64Array) => void, n: number, k: number, order: EigenOrder, maxDim: number, tol: number, start: Float64Array): ArnoldiResult {
  const V: Float64Array[] = [];
  const H = new Float64Array((maxDim + 1) * maxDim); // [maxDim + 1, maxDim], column j holds the coefficients of A v_j
  const h = (i: number, j: number) => i * maxDim + j;
  let norm = norm2(start);
  if (!(norm > 0)) throw new RangeError("dynamics.arnoldi: the start vector is zero");
  V.push(start.map((x) => x / norm));
  let result: ArnoldiResult | undefined;
  for (let m = 1; m <= maxDim; m++) {
    const w = new Float64Array(n);
    apply(V[m - 1], w);
    for (let pass = 0; pass < 2; pass++) { // classical Gram–Schmidt twice ("twice is enough")
      for (let i = 0; i < m; i++) {
        let d = 0;
        const vi = V[i];
        for (let t = 0; t < n; t++) d += vi[t] * w[t];
        H[h(i, m - 1)] += d;
        for (let t = 0; t < n; t++) w[t] -= d * vi[t];
      }
    }
    norm = norm2(w);
    H[h(m, m - 1)] = norm;
    const breakdown = !(norm > 1e-14 * Math.abs(H[h(m - 1, m - 1)]) + 1e-300);
    if (breakdown || m === maxDim || (m >= k + 2 && m % 5 === 0)) {
      result = ritz(V, H, maxDim, m, n, k, order, breakdown ? 0 : norm);
      if (breakdown || Math.max(...result.residuals) < tol) { result.converged = true; return result; }
    }
    if (m < maxDim) V.push(w.map((x) => x / norm));
  }
  return result!;
}

/** Ritz pairs of the m-step Arnoldi factorisation A V_m = V_m H_m + h_{m+1,m} v_{m+1} e_mᵀ. */
function ritz(V: Float64Array[], H: Float64Array, maxDim: number, m: number, n: number, k: number, order: EigenOrder, hNext: number): ArnoldiResult {
  const Hm = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Hm[i * m + j] = H[i * maxDim + j];
  const small = eig(Hm, m, order);
  const count = Math.min(k, m);
  const vectors: Float64Array[] = [], vectorsIm: Float64Array[] = [], residuals = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    const yr = small.vectors[p], yi = small.vectorsIm[p];
    const xr = new Float64Array(n), xi = new Float64Array(n);
    for (let j = 0; j < m; j++) {
      const vj = V[j], a = yr[j], b = yi[j];
      for (let t = 0; t < n; t++) { xr[t] += a * vj[t]; xi[t] += b * vj[t]; }
    }
    normalizeVector(xr, xi);
    vectors.push(xr);
    vectorsIm.push(xi);
    // ‖y‖ = 1 and ‖V y‖ = 1 (V orthonormal): residual = h_{m+1,m}·|y_m|
    const mag = Math.hypot(small.re[p], small.im[p]);
    residuals[p] = (hNext * Math.hypot(yr[m - 1], yi[m - 1])) / Math.max(mag, 1e-300);
  }
  return { re: small.re.slice(0, count), im: small.im.slice(0, count), vectors, vectorsIm, residuals, dimension: m, converged: false };
}
