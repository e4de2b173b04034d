/**
 * Relaxation of an ensemble towards the stationary state, and its rate: the direct (Monte Carlo)
 * counterpart of the slowest eigenvalue of the Fokker–Planck operator. An ensemble started from one
 * state relaxes as ⟨g(X_t)⟩ − ⟨g⟩_∞ = Σ_n c_n e^{λ_n t}; once the faster modes have died out, the
 * slope of ln|⟨g⟩ − ⟨g⟩_∞| is the slowest rate λ_1 that g sees.
 */
import type { Rng } from "../core/random";
import { checkFinite, checkInt, checkPositive } from "../core/checks";
import { simulateEnsemble, type SdeModel } from "../sim/langevin";
import { checkRng } from "./validate";

/** Options of `ensembleRelaxation`. */
export interface RelaxationOptions {
  /** Initial state [d] of every member (or [m, d]). */
  initial: Float64Array;
  members: number;
  dt: number;
  steps: number;
  saveEvery: number;
  rng: Rng;
  /** Observable g(x) of one state [d] (default its first component). */
  observable?: (x: Float64Array) => number;
  onProgress?: (done: number, total: number) => void;
}

/** The ensemble mean of g over time, with its standard error. */
export interface Relaxation {
  times: Float64Array;
  /** ⟨g(X_t)⟩ over the members [s]. */
  mean: Float64Array;
  /** Standard error of the mean [s]. */
  stderr: Float64Array;
}

/** Euler–Maruyama ensemble of `model` and the mean of an observable at every save. */
export function ensembleRelaxation(model: SdeModel, options: RelaxationOptions): Relaxation {
  const where = `dynamics.ensembleRelaxation(${model?.name ?? "model"})`;
  const m = checkInt(where, "members", options.members, 2), d = model.dim;
  const g = options.observable ?? ((x: Float64Array) => x[0]);
  const run = simulateEnsemble(model, {
    members: m, initial: options.initial, dt: options.dt, steps: options.steps, saveEvery: options.saveEvery,
    rng: checkRng(where, options.rng), onProgress: options.onProgress,
  });
  const s = run.states.length, mean = new Float64Array(s), stderr = new Float64Array(s);
  for (let k = 0; k < s; k++) {
    let a = 0, b = 0;
    for (let p = 0; p < m; p++) { const v = g(run.states[k].subarray(p * d, (p + 1) * d)); a += v; b += v * v; }
    mean[k] = a / m;
    stderr[k] = Math.sqrt(Math.max(0, b / m - mean[k] ** 2) / (m - 1));
  }
  return { times: Float64Array.from(run.times), mean, stderr };
}

/**
 * The relaxation rate (a negative number, 1/time) of ⟨g⟩ − `limit` from t ≥ `from` while
 * |⟨g⟩ − limit| stays above `snr` standard errors: the slope of ln|⟨g⟩ − limit| by least squares
 * weighted by the inverse variance of each log, (|⟨g⟩ − limit| / stderr)².
 */
export function relaxationRate(r: Relaxation, options: { from: number; limit?: number; snr?: number }): { rate: number; stderr: number; window: [number, number] } {
  const where = "dynamics.relaxationRate";
  const from = checkFinite(where, "from", options.from), limit = checkFinite(where, "limit", options.limit ?? 0);
  const snr = checkPositive(where, "snr", options.snr ?? 10);
  const t: number[] = [], y: number[] = [], w: number[] = [];
  for (let k = 0; k < r.times.length; k++) {
    if (r.times[k] < from) continue;
    const dev = Math.abs(r.mean[k] - limit);
    if (!(dev > snr * r.stderr[k])) break;
    t.push(r.times[k]);
    y.push(Math.log(dev));
    w.push((dev / r.stderr[k]) ** 2);
  }
  if (t.length < 3) throw new RangeError(`${where}: fewer than 3 points from t = ${from} above ${snr} standard errors; use more members or an earlier 'from'`);
  let sw = 0, st = 0, sy = 0;
  for (let k = 0; k < t.length; k++) { sw += w[k]; st += w[k] * t[k]; sy += w[k] * y[k]; }
  const mt = st / sw, my = sy / sw;
  let stt = 0, sty = 0;
  for (let k = 0; k < t.length; k++) { stt += w[k] * (t[k] - mt) ** 2; sty += w[k] * (t[k] - mt) * (y[k] - my); }
  // stderr: from the weights alone (independent logs); snapshots of one ensemble are correlated in time, so it is a lower bound
  return { rate: sty / stt, stderr: Math.sqrt(1 / stt), window: [t[0], t[t.length - 1]] };
}
