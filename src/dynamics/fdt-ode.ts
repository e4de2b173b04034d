/**
 * Linear response of deterministic chaotic systems (Lorenz-96), beside fdt.ts:
 *
 * - `bruteForceOdeResponse`: the reference — pairs of ensembles of an ODE from the same states,
 *   one with an impulse δx(0) and/or a constant forcing δf added to the right-hand side; the mean
 *   difference ⟨x^δ(t) − x(t)⟩ [d] and its standard error at each save. Both ensembles are stepped
 *   as one batch [2m, d] by RK4, so the model's rhs must accept any number of members (as
 *   sim.lorenz96.Lorenz96's does). For a chaotic system each member's difference grows until it
 *   decorrelates; the mean stays linear in δ for small δ (the FDT's premise), but its standard
 *   error grows with the lead time — the reason the reference is reliable only up to a few
 *   Lyapunov times.
 * - `ringQuasiGaussianResponse`: the quasi-Gaussian FDT R(τ) = C(τ)C(0)⁻¹ (Leith 1975; Gritsun &
 *   Branstator 2007) for a statistically homogeneous ring of K sites, where C(τ) is circulant: the
 *   lagged covariances are averaged over the K shifts by a spatial DFT of each snapshot, and R is
 *   diagonal in Fourier space, R̂_k(τ) = Ĉ_k(τ)/Ĉ_k(0). Cost O(N·K²) for the DFTs plus O(N·K) per
 *   lag (laggedCovariances is O(N·K²) per lag), memory 2N(⌊K/2⌋ + 1) doubles for the half spectrum
 *   of the N = snapshots·members states, and the shift average lowers the sampling noise.
 * - `stepResponse`: the response to a constant forcing switched on at t = 0, ∫₀ᵗ R(s) ds · δf, by
 *   the trapezoid rule over the lags of any R(τ) series.
 * - `patternCorrelation`: Pearson's correlation of two response maps over all their entries.
 */
import { checkFinite, checkInt, checkObject } from "../core/checks";
import { Rk4, integrate, type OnProgress, type Rhs } from "../sim/integrators";
import { checkFiniteFloat64 } from "./validate";

/** An ODE whose right-hand side accepts an ensemble x [m, d] (flat, member-major). */
export interface BatchedOde {
  readonly name: string;
  readonly dim: number;
  readonly rhs: Rhs;
}

/** Options of `bruteForceOdeResponse`; give `perturbation`, `forcing` or both. */
export interface OdeResponseOptions {
  /** Impulse δx(0) [d] added to every member of the perturbed ensemble (state units). */
  perturbation?: Float64Array;
  /** Constant forcing δf [d] added to the perturbed ensemble's tendency (state units per time). */
  forcing?: Float64Array;
  dt: number;
  steps: number;
  /** Save every this many steps (and at t = 0). */
  saveEvery: number;
  onProgress?: OnProgress;
}

export interface OdeResponse {
  /** Save times [T] (model time units). */
  times: Float64Array;
  /** ⟨x^δ(t) − x(t)⟩ [d] at each save. */
  response: Float64Array[];
  /** Standard error of each entry of `response` (member-to-member spread / √m) [d]. */
  stderr: Float64Array[];
  members: number;
}

/** Brute-force response of `model` from the states `initial` [m, d]; see the module comment. */
export function bruteForceOdeResponse(model: BatchedOde, initial: Float64Array, options: OdeResponseOptions): OdeResponse {
  const where = `dynamics.bruteForceOdeResponse(${model?.name ?? "model"})`;
  checkObject(where, "options", options);
  const d = checkInt(where, "model.dim", model?.dim, 1);
  if (typeof model.rhs !== "function") throw new TypeError(`${where}: model.rhs must be a function (t, x [m, d], out) => void`);
  if (!(initial instanceof Float64Array) || initial.length === 0 || initial.length % d !== 0) {
    throw new RangeError(`${where}: initial must be a Float64Array [m, ${d}], got ${initial instanceof Float64Array ? `length ${initial.length}` : typeof initial}`);
  }
  const m = initial.length / d;
  checkFiniteFloat64(where, "initial", initial, m * d, `[${m}, ${d}]`);
  if (options.perturbation === undefined && options.forcing === undefined) throw new RangeError(`${where}: give a perturbation [${d}], a forcing [${d}], or both`);
  const kick = options.perturbation === undefined ? undefined : checkFiniteFloat64(where, "perturbation", options.perturbation, d, `[${d}]`);
  const force = options.forcing === undefined ? undefined : checkFiniteFloat64(where, "forcing", options.forcing, d, `[${d}]`);
  const dt = checkFinite(where, "dt", options.dt, Number.MIN_VALUE);
  const steps = checkInt(where, "steps", options.steps, 1);
  const saveEvery = checkInt(where, "saveEvery", options.saveEvery, 1, steps);
  // one batch [2m, d]: members 0..m−1 unperturbed, m..2m−1 perturbed
  const x = new Float64Array(2 * m * d);
  x.set(initial, 0);
  x.set(initial, m * d);
  if (kick) for (let p = m; p < 2 * m; p++) for (let i = 0; i < d; i++) x[p * d + i] += kick[i];
  const rhs: Rhs = (t, y, out) => {
    model.rhs(t, y, out);
    if (force) for (let p = m; p < 2 * m; p++) for (let i = 0; i < d; i++) out[p * d + i] += force[i];
  };
  const times: number[] = [], response: Float64Array[] = [], stderr: Float64Array[] = [];
  integrate(new Rk4(rhs, x.length), x, {
    dt, steps, saveEvery, label: where, onProgress: options.onProgress,
    onSave: (t, y) => {
      const mean = new Float64Array(d), sq = new Float64Array(d);
      for (let p = 0; p < m; p++) for (let i = 0; i < d; i++) { const v = y[(m + p) * d + i] - y[p * d + i]; mean[i] += v; sq[i] += v * v; }
      for (let i = 0; i < d; i++) { mean[i] /= m; sq[i] = m > 1 ? Math.sqrt(Math.max(sq[i] / m - mean[i] * mean[i], 0) / (m - 1)) : NaN; }
      times.push(t); response.push(mean); stderr.push(sq);
    },
  });
  return { times: Float64Array.from(times), response, stderr, members: m };
}

/**
 * Quasi-Gaussian FDT on a homogeneous ring: R(τ) = C(τ)C(0)⁻¹ [K, K] (circulant) for τ = 0 …
 * maxLag snapshots, from a record of snapshots [m, K] (time-major, equally spaced; m members).
 * C is estimated with one mean for every site and averaged over the ring's shifts.
 */
export function ringQuasiGaussianResponse(record: readonly Float64Array[], K: number, maxLag: number): Float64Array[] {
  const where = "dynamics.ringQuasiGaussianResponse";
  checkInt(where, "K", K, 2);
  checkInt(where, "maxLag", maxLag, 0);
  if (!Array.isArray(record) || record.length <= maxLag) throw new RangeError(`${where}: need more than maxLag = ${maxLag} snapshots, got ${Array.isArray(record) ? record.length : typeof record}`);
  const size = record[0]?.length;
  if (!(size > 0 && size % K === 0)) throw new RangeError(`${where}: snapshots must be Float64Array [m, ${K}], got length ${size}`);
  const m = size / K, T = record.length;
  let mu = 0;
  for (const [t, s] of record.entries()) {
    if (!(s instanceof Float64Array) || s.length !== size) throw new RangeError(`${where}: snapshot ${t} must be a Float64Array of length ${size}`);
    for (let i = 0; i < size; i++) mu += s[i];
  }
  mu /= T * size;
  // X̂_k = Σ_j (x_j − μ) e^{−2πi jk/K} for k = 0 … ⌊K/2⌋ (x is real: X̂_{K−k} = conj X̂_k), every member of
  // every snapshot: re, im [T, m, H]
  const H = Math.floor(K / 2) + 1, cells = m * H;
  const cos = new Float64Array(K * K), sin = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) { cos[k * K + j] = Math.cos((2 * Math.PI * k * j) / K); sin[k * K + j] = Math.sin((2 * Math.PI * k * j) / K); }
  const re = new Float64Array(T * cells), im = new Float64Array(T * cells);
  for (let t = 0; t < T; t++) {
    const s = record[t];
    for (let p = 0; p < m; p++) for (let k = 0; k < H; k++) {
      let a = 0, b = 0;
      for (let j = 0; j < K; j++) { const v = s[p * K + j] - mu; a += cos[k * K + j] * v; b -= sin[k * K + j] * v; }
      re[t * cells + p * H + k] = a; im[t * cells + p * H + k] = b;
    }
  }
  // Ĉ_k(τ) ∝ ⟨X̂_k(t + τ) conj X̂_k(t)⟩; the common factor cancels in Ĉ_k(τ)/Ĉ_k(0)
  const spectra: Array<[Float64Array, Float64Array]> = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    const cr = new Float64Array(H), ci = new Float64Array(H);
    for (let t = 0; t + lag < T; t++) {
      const o1 = (t + lag) * cells, o0 = t * cells;
      for (let q = 0; q < cells; q++) {
        const k = q % H, ar = re[o1 + q], ai = im[o1 + q], br = re[o0 + q], bi = im[o0 + q];
        cr[k] += ar * br + ai * bi; ci[k] += ai * br - ar * bi;
      }
    }
    spectra.push([cr, ci]);
  }
  const power = spectra[0][0];
  for (let k = 0; k < H; k++) if (!(power[k] > 0)) throw new RangeError(`${where}: the record has no variance at wavenumber ${k}; C(0) is singular`);
  // weights of the half spectrum in the inverse DFT: k and K − k together, k = 0 and k = K/2 alone
  const weight = Float64Array.from({ length: H }, (_, k) => (k === 0 || 2 * k === K ? 1 : 2));
  return spectra.map(([cr, ci]) => {
    // r(τ, o) = (1/K) Σ_k R̂_k e^{2πi ko/K} = (1/K) Σ_{k ≤ K/2} w_k Re(R̂_k e^{2πi ko/K}); R_ij = r(τ, (i − j) mod K)
    const r = new Float64Array(K);
    for (let o = 0; o < K; o++) {
      let s = 0;
      for (let k = 0; k < H; k++) s += (weight[k] * (cr[k] * cos[k * K + o] - ci[k] * sin[k * K + o])) / power[k];
      r[o] = s / K;
    }
    const R = new Float64Array(K * K);
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) R[i * K + j] = r[(i - j + K) % K];
    return R;
  });
}

/**
 * The response to a constant forcing δf [d] switched on at t = 0, ∫₀ᵗ R(s) ds · δf [d], at t = 0,
 * Δ, 2Δ, … for a response series R(τ) [d, d] at lags spaced by `lagTime` (trapezoid rule).
 */
export function stepResponse(R: readonly Float64Array[], d: number, lagTime: number, forcing: Float64Array): Float64Array[] {
  const where = "dynamics.stepResponse";
  checkInt(where, "d", d, 1);
  checkFinite(where, "lagTime", lagTime, Number.MIN_VALUE);
  const f = checkFiniteFloat64(where, "forcing", forcing, d, `[${d}]`);
  if (!Array.isArray(R) || R.length === 0) throw new RangeError(`${where}: R must be a non-empty list of [${d}, ${d}] matrices`);
  R.forEach((Rk, k) => checkFiniteFloat64(where, `R[${k}]`, Rk, d * d, `[${d}, ${d}]`));
  const apply = (Rk: Float64Array) => Float64Array.from({ length: d }, (_, i) => { let s = 0; for (let j = 0; j < d; j++) s += Rk[i * d + j] * f[j]; return s; });
  const out = [new Float64Array(d)];
  let prev = apply(R[0]);
  for (let k = 1; k < R.length; k++) {
    const cur = apply(R[k]), acc = out[k - 1].slice();
    for (let i = 0; i < d; i++) acc[i] += 0.5 * lagTime * (prev[i] + cur[i]);
    out.push(acc);
    prev = cur;
  }
  return out;
}

/** Pearson's correlation of two maps (lists of equally long rows, e.g. response [d] per lead time) over all entries. */
export function patternCorrelation(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  const where = "dynamics.patternCorrelation";
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a.length === 0) throw new RangeError(`${where}: a and b must be lists of rows of the same length, got ${a?.length} and ${b?.length}`);
  let n = 0, sa = 0, sb = 0;
  a.forEach((row, k) => {
    if (row.length !== b[k].length) throw new RangeError(`${where}: row ${k} has ${row.length} entries in a and ${b[k].length} in b`);
    for (let i = 0; i < row.length; i++) {
      if (!Number.isFinite(row[i]) || !Number.isFinite(b[k][i])) throw new RangeError(`${where}: entry [${k}][${i}] is not finite (${row[i]}, ${b[k][i]})`);
      sa += row[i]; sb += b[k][i]; n++;
    }
  });
  const ma = sa / n, mb = sb / n;
  let sab = 0, saa = 0, sbb = 0;
  a.forEach((row, k) => { for (let i = 0; i < row.length; i++) { const u = row[i] - ma, v = b[k][i] - mb; sab += u * v; saa += u * u; sbb += v * v; } });
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
