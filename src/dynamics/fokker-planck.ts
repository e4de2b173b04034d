/**
 * The Fokker–Planck operator of an SDE dX = f(X) dt + B dW in one or two dimensions, discretised
 * by finite volumes on a regular grid, and its leading eigenmodes.
 *
 *   ∂p/∂t = L p = −∇·(f p) + ∇·(D ∇p),   D = ½ B Bᵀ (constant, diagonal),
 *
 * Cells of width h_k along axis k; p is the mean density of a cell. The flux through the face
 * between cells i and i+1 along axis k is the Scharfetter–Gummel (exponential-fitting) flux
 *
 *   J = (D_k/h_k)·[B(−z) p_i − B(z) p_{i+1}],   z = f_k(face)·h_k/D_k,   B(z) = z/(e^z − 1),
 *
 * exact for a constant drift between the two cell centres, second-order accurate in h, positivity
 * preserving, and upwind in the drift-dominated limit (Scharfetter & Gummel 1969; for Fokker–Planck
 * equations e.g. Chang & Cooper 1970). The domain boundary has no flux, so L conserves mass: its
 * columns sum to 0 and its off-diagonal entries are ≥ 0 (a generator of a Markov jump process on the
 * cells). Eigenvalues: 0 (the stationary density), then negative real parts — for an OU process
 * dX = A X dt + B dW they are Σ n_k λ_k(A), n_k ≥ 0 integers (Metafune, Pallara & Priola 2002), so
 * in 1D with A = −γ: −nγ.
 *
 * Layout: cell (i along x, j along y) is entry j·nx + i, i.e. a row-major field [ny, nx] with row 0
 * at the bottom — what `plot.field` expects.
 */
import { checkFinite, checkInt, checkPositive } from "../core/checks";
import type { Eigenpairs } from "./eigen";
import { arnoldi } from "./eigen";
import { BandedLU, SparseMatrix, sparseFromTriplets, sparseMultiply } from "./sparse";

/** What the operator needs of an SDE (every `sim.langevin` model has it). */
export interface DriftDiffusion {
  /** Name for messages. */
  readonly name?: string;
  /** State dimension d, 1 or 2. */
  readonly dim: number;
  /** Drift for a batch of states: (t, x [m, d], out [m, d]) => void (evaluated at t = 0). */
  readonly drift: (t: number, x: Float64Array, out: Float64Array) => void;
  /** Noise matrix B [d, p]; D = ½ B Bᵀ must be diagonal with positive entries. */
  readonly noise: Float64Array;
}

/** One grid axis: `cells` cells covering [lo, hi]. */
export interface GridAxis {
  lo: number;
  hi: number;
  cells: number;
}

/** A discretised Fokker–Planck operator. */
export interface FokkerPlanckOperator {
  readonly dim: number;
  readonly axes: readonly GridAxis[];
  /** Cell widths h_k [d]. */
  readonly spacing: readonly number[];
  /** Cell centres along each axis: centers[k] [cells_k]. */
  readonly centers: readonly Float64Array[];
  /** Number of cells N = Π cells_k. */
  readonly size: number;
  /** Cell volume Π h_k (mass of a density p is Σ p_i·volume). */
  readonly volume: number;
  /** Diagonal of D = ½ B Bᵀ [d]. */
  readonly diffusion: Float64Array;
  /** L [N, N]: dp/dt = L p for cell densities p [N]. */
  readonly matrix: SparseMatrix;
}

/** B(z) = z/(e^z − 1), with B(0) = 1. */
export function bernoulli(z: number): number {
  if (Math.abs(z) < 1e-10) return 1 - z / 2;
  return z / Math.expm1(z);
}

/**
 * The finite-volume Fokker–Planck operator of `model` on the grid `axes` (one axis per dimension).
 * @example const fp = dynamics.fokkerPlanck(new sim.langevin.DoubleWell({ sigma: 0.5 }), [{ lo: -2.5, hi: 2.5, cells: 400 }]);
 */
export function fokkerPlanck(model: DriftDiffusion, axes: readonly GridAxis[]): FokkerPlanckOperator {
  const where = `dynamics.fokkerPlanck(${model?.name ?? "model"})`;
  const d = checkInt(where, "model.dim", model?.dim, 1, 2);
  if (!Array.isArray(axes) || axes.length !== d) throw new RangeError(`${where}: axes must list ${d} axis/axes { lo, hi, cells } (one per dimension), got ${Array.isArray(axes) ? axes.length : typeof axes}`);
  axes.forEach((a, k) => {
    checkFinite(where, `axes[${k}].lo`, a.lo);
    checkFinite(where, `axes[${k}].hi`, a.hi, a.lo + Number.EPSILON * Math.max(1, Math.abs(a.lo)));
    checkInt(where, `axes[${k}].cells`, a.cells, 3, 4096);
  });
  const diffusion = diagonalDiffusion(where, model.noise, d);
  const spacing = axes.map((a) => (a.hi - a.lo) / a.cells);
  const centers = axes.map((a, k) => Float64Array.from({ length: a.cells }, (_, i) => a.lo + (i + 0.5) * spacing[k]));
  const nx = axes[0].cells, ny = d === 2 ? axes[1].cells : 1, N = nx * ny;
  if (N > 262144) throw new RangeError(`${where}: the grid has ${N} cells; at most 262144 (512²) are supported`);
  const ti: number[] = [], tj: number[] = [], tv: number[] = [];
  const add = (i: number, j: number, v: number) => { ti.push(i); tj.push(j); tv.push(v); };
  // faces along axis k between cell c (lower) and c' = c + stride (upper)
  for (let k = 0; k < d; k++) {
    const h = spacing[k], Dk = diffusion[k], stride = k === 0 ? 1 : nx;
    const faces: Array<[number, number]> = [];
    const points: number[] = [];
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const upper = k === 0 ? i + 1 < nx : j + 1 < ny;
      if (!upper) continue;
      const c = j * nx + i;
      faces.push([c, c + stride]);
      const fx = k === 0 ? axes[0].lo + (i + 1) * h : centers[0][i];
      if (d === 1) points.push(fx);
      else points.push(fx, k === 1 ? axes[1].lo + (j + 1) * h : centers[1][j]);
    }
    const x = Float64Array.from(points), f = new Float64Array(x.length);
    model.drift(0, x, f); // f [faces, d]
    faces.forEach(([c, u], e) => {
      const fk = f[e * d + k];
      if (!Number.isFinite(fk)) throw new RangeError(`${where}: the drift is ${fk} at face ${e} of axis ${k}`);
      const z = (fk * h) / Dk, g = Dk / (h * h);
      const down = g * bernoulli(-z), up = g * bernoulli(z); // J/h = down·p_c − up·p_u
      // dp_c/dt −= J/h, dp_u/dt += J/h
      add(c, c, -down); add(c, u, up);
      add(u, c, down); add(u, u, -up);
    });
  }
  const matrix = sparseFromTriplets(N, N, ti, tj, tv);
  return { dim: d, axes: axes.map((a) => ({ ...a })), spacing, centers, size: N, volume: spacing.reduce((a, b) => a * b, 1), diffusion, matrix };
}

function diagonalDiffusion(where: string, B: Float64Array, d: number): Float64Array {
  if (!(B instanceof Float64Array) || B.length === 0 || B.length % d !== 0) throw new TypeError(`${where}: model.noise must be a Float64Array [${d}, p]`);
  const p = B.length / d, D = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let q = 0; q < p; q++) D[i * d + j] += 0.5 * B[i * p + q] * B[j * p + q];
  const diag = Float64Array.from({ length: d }, (_, i) => D[i * d + i]);
  for (let i = 0; i < d; i++) {
    if (!(diag[i] > 0)) throw new RangeError(`${where}: the diffusion D = ½BBᵀ must be positive along every axis, got D[${i}][${i}] = ${diag[i]}`);
    for (let j = 0; j < d; j++) if (i !== j && Math.abs(D[i * d + j]) > 1e-12 * Math.max(diag[i], 1e-300)) {
      throw new RangeError(`${where}: the diffusion D = ½BBᵀ must be diagonal for this finite-volume scheme, got D[${i}][${j}] = ${D[i * d + j]}`);
    }
  }
  return diag;
}

/** Options of `generatorModes`. */
export interface GeneratorModesOptions {
  /** Number of modes k (the stationary one included). */
  count: number;
  /** Shift σ > 0 of the shift-invert iteration (L − σI)⁻¹ (default 1e-3 × the mean |diagonal| of L). */
  shift?: number;
  /** Relative residual tolerance of the Arnoldi pairs (default 1e-10). */
  tol?: number;
}

/** The leading eigenmodes of a generator. */
export interface GeneratorModes extends Eigenpairs {
  /** The stationary density [N] (mode 0, scaled to unit mass, ≥ 0 up to round-off). */
  stationary: Float64Array;
  /** Residuals ‖L ψ − λ ψ‖₂ of the unit-norm pairs [k] (1/time). */
  residuals: Float64Array;
}

/**
 * The `count` eigenpairs of the generator L [N, N] (a `fokkerPlanck` operator or any sparse
 * generator with columns summing to 0) with the largest real parts — 0 and the slowest relaxation
 * rates — by Arnoldi on (L − σI)⁻¹ (banded LU); λ = σ + 1/μ. Eigenvalues in 1/time; modes are
 * density eigenfunctions ψ_n (right eigenvectors of L), sorted by descending real part.
 */
export function generatorModes(op: FokkerPlanckOperator | { matrix: SparseMatrix; volume?: number }, options: GeneratorModesOptions): GeneratorModes {
  const where = "dynamics.generatorModes";
  const L = op.matrix, N = L.rows;
  const count = checkInt(where, "count", options.count, 1, N);
  let meanDiag = 0;
  for (let i = 0; i < N; i++) for (let q = L.rowPtr[i]; q < L.rowPtr[i + 1]; q++) if (L.colIndex[q] === i) meanDiag += Math.abs(L.values[q]) / N;
  const shift = checkPositive(where, "shift", options.shift ?? 1e-3 * meanDiag);
  const lu = new BandedLU(L, shift);
  const extra = Math.min(N, count + 4); // a margin: the ordering by |λ − σ| can differ from that by Re λ
  const res = arnoldi((v, out) => lu.solve(v, out), N, { count: extra, order: "magnitude", tol: options.tol ?? 1e-10 });
  const re = new Float64Array(extra), im = new Float64Array(extra);
  for (let p = 0; p < extra; p++) {
    const m2 = res.re[p] ** 2 + res.im[p] ** 2; // λ = σ + 1/μ = σ + conj(μ)/|μ|²
    re[p] = shift + res.re[p] / m2;
    im[p] = -res.im[p] / m2;
  }
  const idx = Array.from(re, (_, p) => p).sort((a, b) => re[b] - re[a] || im[b] - im[a]).slice(0, count);
  const volume = op.volume ?? 1;
  const s0 = res.vectors[idx[0]];
  let mass = 0;
  for (let i = 0; i < N; i++) mass += s0[i] * volume;
  return {
    re: Float64Array.from(idx, (p) => re[p]),
    im: Float64Array.from(idx, (p) => im[p]),
    vectors: idx.map((p) => res.vectors[p]),
    vectorsIm: idx.map((p) => res.vectorsIm[p]),
    residuals: Float64Array.from(idx, (p) => residual(L, re[p], im[p], res.vectors[p], res.vectorsIm[p])),
    stationary: s0.map((v) => v / mass),
  };
}

/** ‖L v − λ v‖₂ for v = vr + i·vi, λ = lr + i·li. */
function residual(L: SparseMatrix, lr: number, li: number, vr: Float64Array, vi: Float64Array): number {
  const N = L.rows, ar = sparseMultiply(L, vr, new Float64Array(N)), ai = sparseMultiply(L, vi, new Float64Array(N));
  let s = 0;
  for (let i = 0; i < N; i++) s += (ar[i] - lr * vr[i] + li * vi[i]) ** 2 + (ai[i] - lr * vi[i] - li * vr[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * Observable (Koopman / backward) eigenfunctions φ_n = ψ_n / p_s of 1D density modes ψ_n, on the
 * cells where the stationary density p_s ≥ floor·max p_s (elsewhere φ is dominated by round-off).
 * @returns the kept cell centres x [m] and one array [m] per mode.
 */
export function observableModes(op: FokkerPlanckOperator, modes: GeneratorModes, floor = 1e-3): { x: Float64Array; modes: Float64Array[] } {
  if (op.dim !== 1) throw new RangeError(`dynamics.observableModes: needs a 1D operator, got dim ${op.dim}`);
  const ps = modes.stationary;
  let peak = 0;
  for (const v of ps) peak = Math.max(peak, v);
  const keep: number[] = [];
  for (let i = 0; i < ps.length; i++) if (ps[i] >= floor * peak) keep.push(i);
  return {
    x: Float64Array.from(keep, (i) => op.centers[0][i]),
    modes: modes.vectors.map((v) => Float64Array.from(keep, (i) => v[i] / ps[i])),
  };
}
