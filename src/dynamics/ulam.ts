/**
 * Ulam's method: the transfer operator of a stochastic or deterministic flow over a lag τ,
 * estimated from sampled transitions x(t) → x(t + τ) as bin-to-bin transition frequencies
 * (Ulam 1960; Froyland 2001; for SDEs e.g. Dellnitz & Junge 1999). P_ij = #(i → j) / #(i → ·) is
 * row-stochastic; its left eigenvectors are density modes (P ≈ e^{τL} in the basis of bin
 * indicators) and its eigenvalues μ_n ≈ e^{λ_n τ}, so λ_n ≈ ln μ_n / τ.
 */
import { checkFinite, checkInt, checkPositive } from "../core/checks";
import { arnoldi, type Eigenpairs } from "./eigen";
import type { GridAxis } from "./fokker-planck";
import { checkRows } from "./validate";

/** An Ulam transfer matrix on the bins that were left at least once. */
export interface UlamMatrix {
  /** Dimension d of the states. */
  readonly dim: number;
  readonly axes: readonly GridAxis[];
  /** Grid index (j·nx + i) of each kept bin [nb]. */
  readonly bins: Int32Array;
  /** P [nb, nb], row-stochastic, over the kept bins. */
  readonly matrix: Float64Array;
  /** Transitions counted out of each kept bin [nb]. */
  readonly counts: Float64Array;
  /** Transitions used, and dropped (a state outside the grid, or a target bin never left). */
  readonly used: number;
  readonly dropped: number;
}

function binOf(x: Float64Array, o: number, axes: readonly GridAxis[]): number {
  let index = 0, stride = 1;
  for (let k = 0; k < axes.length; k++) {
    const a = axes[k], c = Math.floor(((x[o + k] - a.lo) / (a.hi - a.lo)) * a.cells);
    if (!(c >= 0 && c < a.cells)) return -1;
    index += c * stride;
    stride *= a.cells;
  }
  return index;
}

/**
 * Transition pairs of an ensemble record: `states` are snapshots [m, d] at equal spacing (e.g.
 * `sim.langevin.simulateEnsemble(...).states`); every pair (snapshot s, snapshot s + lag) of each
 * member is one transition. Returns from/to [pairs, d].
 */
export function lagPairs(states: readonly Float64Array[], lag: number): { from: Float64Array; to: Float64Array } {
  const where = "dynamics.lagPairs";
  checkInt(where, "lag", lag, 1);
  if (!Array.isArray(states) || states.length <= lag) throw new RangeError(`${where}: need more than lag = ${lag} snapshots, got ${Array.isArray(states) ? states.length : typeof states}`);
  const size = states[0].length, pairs = states.length - lag;
  const from = new Float64Array(pairs * size), to = new Float64Array(pairs * size);
  for (let s = 0; s < pairs; s++) { from.set(states[s], s * size); to.set(states[s + lag], s * size); }
  return { from, to };
}

/**
 * The Ulam matrix of transitions from[n] → to[n] (both [pairs, d]) on the grid `axes` (bins are
 * [lo, hi) split into `cells` equal parts along each axis). Bins never left are removed, and
 * transitions into them or out of the grid are dropped (and counted).
 */
export function ulamMatrix(from: Float64Array, to: Float64Array, axes: readonly GridAxis[]): UlamMatrix {
  const where = "dynamics.ulamMatrix";
  const d = axes.length;
  checkInt(where, "axes.length", d, 1, 3);
  axes.forEach((a, k) => { checkFinite(where, `axes[${k}].lo`, a.lo); checkFinite(where, `axes[${k}].hi`, a.hi, a.lo); checkInt(where, `axes[${k}].cells`, a.cells, 1, 4096); });
  const pairs = checkRows(where, "from", from, d, `[pairs, ${d}]`);
  if (!(to instanceof Float64Array) || to.length !== from.length) throw new RangeError(`${where}: to must be a Float64Array [${pairs}, ${d}] like from`);
  const total = axes.reduce((n, a) => n * a.cells, 1);
  if (total > 1 << 16) throw new RangeError(`${where}: at most 65536 bins, got ${total}`);
  const src = new Int32Array(pairs), dst = new Int32Array(pairs), out = new Float64Array(total);
  for (let n = 0; n < pairs; n++) {
    src[n] = binOf(from, n * d, axes);
    dst[n] = binOf(to, n * d, axes);
    if (src[n] >= 0 && dst[n] >= 0) out[src[n]]++;
  }
  const keep: number[] = [], slot = new Int32Array(total).fill(-1);
  for (let b = 0; b < total; b++) if (out[b] > 0) { slot[b] = keep.length; keep.push(b); }
  const nb = keep.length;
  if (nb < 2) throw new RangeError(`${where}: fewer than 2 bins hold transitions; widen the grid or sample more`);
  const P = new Float64Array(nb * nb), counts = new Float64Array(nb);
  let used = 0;
  for (let n = 0; n < pairs; n++) {
    if (src[n] < 0 || dst[n] < 0 || slot[dst[n]] < 0) continue;
    P[slot[src[n]] * nb + slot[dst[n]]]++;
    counts[slot[src[n]]]++;
    used++;
  }
  for (let i = 0; i < nb; i++) if (counts[i] > 0) for (let j = 0; j < nb; j++) P[i * nb + j] /= counts[i];
  return { dim: d, axes: axes.map((a) => ({ ...a })), bins: Int32Array.from(keep), matrix: P, counts, used, dropped: pairs - used };
}

/** Leading eigenpairs of an Ulam matrix. */
export interface TransferModes extends Eigenpairs {
  /** Generator eigenvalues λ = log μ / τ (complex log; re ≤ 0), [k]. */
  rates: { re: Float64Array; im: Float64Array };
  /** Density modes on the full grid [cells] (0 in removed bins), real parts; mode 0 scaled to unit sum. */
  modes: Float64Array[];
}

/**
 * The `count` eigenvalues μ of largest modulus of an Ulam matrix, with left eigenvectors (density
 * modes), and the generator eigenvalues log μ / lag (lag in time units).
 */
export function transferModes(ulam: UlamMatrix, options: { count: number; lag: number }): TransferModes {
  const where = "dynamics.transferModes";
  const nb = ulam.bins.length, P = ulam.matrix;
  const count = checkInt(where, "count", options.count, 1, nb);
  const lag = checkPositive(where, "lag", options.lag);
  const res = arnoldi((v, out) => { // out = Pᵀ v
    out.fill(0);
    for (let i = 0; i < nb; i++) { const vi = v[i]; if (vi !== 0) for (let j = 0; j < nb; j++) out[j] += P[i * nb + j] * vi; }
  }, nb, { count, order: "magnitude", maxDim: Math.min(nb, Math.max(3 * count + 30, 60)) });
  const total = ulam.axes.reduce((n, a) => n * a.cells, 1);
  const modes = res.vectors.map((v, p) => {
    const full = new Float64Array(total);
    ulam.bins.forEach((b, q) => { full[b] = v[q]; });
    if (p === 0) { const s = full.reduce((a, b) => a + b, 0); for (let i = 0; i < total; i++) full[i] /= s; }
    return full;
  });
  const rre = Float64Array.from(res.re, (r, p) => Math.log(Math.hypot(r, res.im[p])) / lag);
  const rim = Float64Array.from(res.re, (r, p) => Math.atan2(res.im[p], r) / lag);
  return { re: res.re, im: res.im, vectors: res.vectors, vectorsIm: res.vectorsIm, rates: { re: rre, im: rim }, modes };
}
