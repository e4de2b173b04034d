/**
 * Itô SDEs with additive noise, dX = f(t, X) dt + B dW, simulated as ensembles by Euler–Maruyama
 * (many members in one flat Float64Array [members, dim]).
 */
import { EulerMaruyama, integrate } from "../integrators";
import type { OnProgress, Rhs } from "../integrators";
import type { Rng } from "../../core/random";
import { checkFloat64, checkInteger, checkPositive, checkRng } from "../validate";

export interface SdeModel {
  /** Name for error messages. */
  readonly name: string;
  /** State dimension d. */
  readonly dim: number;
  /** Noise matrix B, row-major [d, p]. */
  readonly noise: Float64Array;
  /** Drift for a whole ensemble: (t, x [m, d], out [m, d]). */
  readonly drift: Rhs;
  /** Throws a RangeError naming dt and the allowed range if Euler–Maruyama would be unstable. */
  checkTimeStep(dt: number): void;
}

export interface EnsembleOptions {
  /** Number of members m ≥ 1. */
  members: number;
  /** Initial state: one state [d] for every member, or [m, d]. */
  initial: Float64Array;
  dt: number;
  steps: number;
  /** Source of the Gaussian increments, consumed as the run goes (m·p normals per step). */
  rng: Rng;
  /** Keep the ensemble every this many steps (and at t0); default: initial and final. */
  saveEvery?: number;
  t0?: number;
  onProgress?: OnProgress;
}

export interface EnsembleRun {
  times: number[];
  /** Ensemble snapshots, each [m, d] (member-major). */
  states: Float64Array[];
}

/**
 * Euler–Maruyama ensemble of `model`. Progress: `onProgress(step, steps)`. A non-finite state stops
 * the run with an error naming dt.
 */
export function simulateEnsemble(model: SdeModel, opts: EnsembleOptions): EnsembleRun {
  const where = `${model.name}.simulateEnsemble`;
  const m = checkInteger(where, "members", opts.members, 1);
  const d = model.dim;
  const dt = checkPositive(where, "dt", opts.dt);
  checkInteger(where, "steps", opts.steps, 0);
  const rng = checkRng(where, opts);
  model.checkTimeStep(dt);
  const x = new Float64Array(m * d);
  if (!(opts.initial instanceof Float64Array)) throw new TypeError(`${where}: initial must be a Float64Array [${d}] or [${m}, ${d}]`);
  if (opts.initial.length === d) for (let k = 0; k < m; k++) x.set(opts.initial, k * d);
  else x.set(checkFloat64(where, "initial", opts.initial, m * d, `[${m}, ${d}] (or [${d}] for all members)`));
  const stepper = new EulerMaruyama({ dim: d, members: m, drift: model.drift, noise: model.noise, rng });
  const times: number[] = [], states: Float64Array[] = [];
  const saveEvery = opts.saveEvery ?? Math.max(opts.steps, 1);
  if (opts.steps === 0) { times.push(opts.t0 ?? 0); states.push(x.slice()); }
  integrate(stepper, x, {
    t0: opts.t0 ?? 0, dt, steps: opts.steps, saveEvery, label: where, onProgress: opts.onProgress,
    onSave: (t, y) => { times.push(t); states.push(y.slice()); },
  });
  return { times, states };
}

/** Sample mean [d] and covariance [d, d] (divisor m − 1) of an ensemble [m, d]. */
export function ensembleMoments(x: Float64Array, dim: number): { mean: Float64Array; covariance: Float64Array } {
  if (!(x instanceof Float64Array) || x.length % dim !== 0 || x.length < 2 * dim) {
    throw new RangeError(`ensembleMoments: x must be a Float64Array [m, ${dim}] with m ≥ 2`);
  }
  const m = x.length / dim, mean = new Float64Array(dim), cov = new Float64Array(dim * dim);
  for (let k = 0; k < m; k++) for (let i = 0; i < dim; i++) mean[i] += x[k * dim + i] / m;
  for (let k = 0; k < m; k++) for (let i = 0; i < dim; i++) {
    const a = x[k * dim + i] - mean[i];
    for (let j = 0; j <= i; j++) cov[i * dim + j] += (a * (x[k * dim + j] - mean[j])) / (m - 1);
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) cov[j * dim + i] = cov[i * dim + j];
  return { mean, covariance: cov };
}
