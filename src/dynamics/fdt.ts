/**
 * Linear response by the fluctuation–dissipation theorem (FDT), and by brute force.
 *
 * The response matrix R(t) [d, d] gives the mean change of x_i at time t after an impulse
 * δx_j(0) = ε: ⟨δx(t)⟩ = R(t)·ε (for a constant forcing δf, ⟨δx(t)⟩ = ∫₀ᵗ R(s) ds·δf).
 * - Quasi-Gaussian FDT (Leith 1975; Gritsun & Branstator 2007): R(t) = C(t) C(0)⁻¹ with the lagged
 *   covariance C(t) = ⟨x(t) x(0)ᵀ⟩ (means removed). Exact for linear (OU) systems, where
 *   C(t) = e^{At} C(0) and so R(t) = e^{At}.
 * - Score-based FDT (Majda, Abramov & Grote 2005; Giorgini et al. 2024, arXiv:2402.01029):
 *   R_ij(t) = −⟨x_i(t) s_j(x(0))⟩ with the score s = ∇ ln p_s of the stationary density. Exact for
 *   any system with a smooth stationary density; with the Gaussian score s = −C(0)⁻¹x it reduces
 *   to the quasi-Gaussian formula.
 * - Brute force: pairs of ensembles from the same states, one with the impulse, driven by the
 *   same noise; R(t)·e = ⟨x^ε(t) − x(t)⟩/ε.
 *
 * Records are time-major lists of snapshots [m, d] (m members at one time; m = 1 for one long
 * trajectory), equally spaced; lags are in snapshots.
 */
import { Rng } from "../core/random";
import { checkFinite, checkFunction, checkInt } from "../core/checks";
import { simulateEnsemble, type SdeModel } from "../sim/langevin";
import { expm, inverse, matmul } from "./linalg";
import { checkFiniteFloat64, checkRng } from "./validate";

function checkRecord(where: string, record: readonly Float64Array[], d: number, maxLag: number): number {
  if (!Array.isArray(record) || record.length <= maxLag) throw new RangeError(`${where}: need more than maxLag = ${maxLag} snapshots, got ${Array.isArray(record) ? record.length : typeof record}`);
  const size = record[0]?.length;
  if (!(size > 0 && size % d === 0)) throw new RangeError(`${where}: snapshots must be Float64Array [m, ${d}], got length ${size}`);
  for (const s of record) if (!(s instanceof Float64Array) || s.length !== size) throw new RangeError(`${where}: every snapshot must be a Float64Array of length ${size}`);
  return size / d;
}

function recordMean(record: readonly Float64Array[], d: number): Float64Array {
  const mean = new Float64Array(d);
  let count = 0;
  for (const s of record) for (let o = 0; o < s.length; o += d) { for (let i = 0; i < d; i++) mean[i] += s[o + i]; count++; }
  return mean.map((v) => v / count);
}

/** Lagged covariances C(τ)_ij = ⟨x_i(t + τ) x_j(t)⟩ − ⟨x_i⟩⟨x_j⟩ for τ = 0 … maxLag snapshots; each [d, d]. */
export function laggedCovariances(record: readonly Float64Array[], d: number, maxLag: number): Float64Array[] {
  const where = "dynamics.laggedCovariances";
  checkInt(where, "d", d, 1);
  checkInt(where, "maxLag", maxLag, 0);
  checkRecord(where, record, d, maxLag);
  const mu = recordMean(record, d), out: Float64Array[] = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    const C = new Float64Array(d * d);
    let count = 0;
    for (let t = 0; t + lag < record.length; t++) {
      const a = record[t + lag], b = record[t];
      for (let o = 0; o < a.length; o += d) {
        for (let i = 0; i < d; i++) { const ai = a[o + i] - mu[i]; for (let j = 0; j < d; j++) C[i * d + j] += ai * (b[o + j] - mu[j]); }
        count++;
      }
    }
    out.push(C.map((v) => v / count));
  }
  return out;
}

/** Quasi-Gaussian FDT: R(τ) = C(τ) C(0)⁻¹ for τ = 0 … maxLag snapshots; each [d, d]. */
export function quasiGaussianResponse(record: readonly Float64Array[], d: number, maxLag: number): Float64Array[] {
  const C = laggedCovariances(record, d, maxLag), C0inv = inverse(C[0], d, "dynamics.quasiGaussianResponse: C(0)");
  return C.map((Ct) => matmul(Ct, C0inv, d, d, d));
}

/**
 * Score-based FDT: R_ij(τ) = −⟨x_i(t + τ) s_j(x(t))⟩ for τ = 0 … maxLag snapshots, with
 * `score(x [d], out [d])` writing ∇ ln p_s(x). Each R(τ) is [d, d].
 */
export function scoreResponse(record: readonly Float64Array[], d: number, maxLag: number, score: (x: Float64Array, out: Float64Array) => void): Float64Array[] {
  const where = "dynamics.scoreResponse";
  checkFunction(where, "score", score, "(x: Float64Array [d], out: Float64Array [d]) => void");
  checkInt(where, "d", d, 1);
  checkInt(where, "maxLag", maxLag, 0);
  checkRecord(where, record, d, maxLag);
  const mu = recordMean(record, d);
  const scores = record.map((s) => { // s(x(t)) for every snapshot, [m, d]
    const out = new Float64Array(s.length), tmp = new Float64Array(d);
    for (let o = 0; o < s.length; o += d) { score(s.subarray(o, o + d), tmp); out.set(tmp, o); }
    return out;
  });
  const out: Float64Array[] = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    const R = new Float64Array(d * d);
    let count = 0;
    for (let t = 0; t + lag < record.length; t++) {
      const a = record[t + lag], b = scores[t];
      for (let o = 0; o < a.length; o += d) {
        for (let i = 0; i < d; i++) { const ai = a[o + i] - mu[i]; for (let j = 0; j < d; j++) R[i * d + j] -= ai * b[o + j]; }
        count++;
      }
    }
    out.push(R.map((v) => v / count));
  }
  return out;
}

/** Options of `bruteForceResponse`. */
export interface BruteForceOptions {
  /** Impulse δx(0) [d] (state units), applied to every member of the perturbed ensemble. */
  perturbation: Float64Array;
  dt: number;
  steps: number;
  saveEvery: number;
  /** One seed is drawn from it; both ensembles then see the same noise. */
  rng: Rng;
}

/**
 * Brute-force impulse response: ensembles from `initial` [m, d] with and without `perturbation`,
 * driven by the same noise. Returns the times and ⟨x^ε(t) − x(t)⟩ [d] at each save (divide by the
 * perturbation's size for R(t)·e).
 */
export function bruteForceResponse(model: SdeModel, initial: Float64Array, options: BruteForceOptions): { times: Float64Array; response: Float64Array[] } {
  const where = `dynamics.bruteForceResponse(${model?.name ?? "model"})`;
  const d = model.dim, m = initial.length / d;
  checkInt(where, "members", m, 1);
  const eps = checkFiniteFloat64(where, "perturbation", options.perturbation, d, `[${d}]`);
  const seed = checkRng(where, options.rng).integer(0, 2 ** 31);
  const run = (x0: Float64Array) => simulateEnsemble(model, { members: m, initial: x0, dt: options.dt, steps: options.steps, saveEvery: options.saveEvery, rng: new Rng(seed) });
  const kicked = initial.slice();
  for (let p = 0; p < m; p++) for (let i = 0; i < d; i++) kicked[p * d + i] += eps[i];
  const a = run(initial), b = run(kicked);
  const response = a.states.map((s, k) => {
    const r = new Float64Array(d);
    for (let o = 0; o < s.length; o += d) for (let i = 0; i < d; i++) r[i] += (b.states[k][o + i] - s[o + i]) / m;
    return r;
  });
  return { times: Float64Array.from(a.times), response };
}

/** The exact response of the linear system dx/dt = A x (+ noise): R(t) = e^{At} [d, d] at each time t ≥ 0. */
export function linearResponse(A: Float64Array, d: number, times: ArrayLike<number>): Float64Array[] {
  const where = "dynamics.linearResponse";
  checkFiniteFloat64(where, "A", A, d * d, `[${d}, ${d}]`);
  return Array.from(times, (t, k) => expm(A.map((a) => a * checkFinite(where, `times[${k}]`, t, 0)), d));
}
