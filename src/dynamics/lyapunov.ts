/**
 * Lyapunov exponents of an ODE model by the tangent-linear model and QR re-orthonormalisation
 * (Benettin, Galgani, Giorgilli & Strelcyn 1980; Shimada & Nagashima 1979): m perturbation vectors
 * are stepped with the model (RK4 on [x, v_1, …, v_m], `sim.ode.tangentLinear`), every `every`
 * steps re-orthonormalised by modified Gram–Schmidt (Q R = V), and λ_k = lim (1/t) Σ ln R_kk.
 * Exponents in 1/(model time unit), sorted descending (λ_1 the largest).
 */
import { Rng } from "../core/random";
import { checkInt, checkPositive } from "../core/checks";
import { Rk4 } from "../sim/integrators";
import { simulateOde, tangentLinear, type OdeModel } from "../sim/ode";
import { checkFiniteFloat64 } from "./validate";

/** Options of `lyapunovSpectrum`. */
export interface LyapunovOptions {
  /** RK4 time step (model time units). */
  dt: number;
  /** Steps of the measured run (after spin-up). */
  steps: number;
  /** Exponents wanted, 1 ≤ m ≤ dim (default dim). */
  count?: number;
  /** Re-orthonormalise every this many steps (default 10). */
  every?: number;
  /** Steps run before measuring, to reach the attractor and align the vectors (default 0). */
  spinUp?: number;
  /** Record the running estimates every this many re-orthonormalisations (default so that ~200 are kept). */
  recordEvery?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The result of `lyapunovSpectrum`. */
export interface LyapunovSpectrum {
  /** λ_1 ≥ … ≥ λ_m [m] (1/time). */
  exponents: Float64Array;
  /** Times (since the start of measurement) of the running estimates [r]. */
  times: Float64Array;
  /** Running estimates (1/t) Σ ln R_kk [r, m]. */
  running: Float64Array;
  /** Model state at the end [dim]. */
  final: Float64Array;
  /** Orthonormal (Gram–Schmidt / backward Lyapunov) vectors at the end [m, dim]. */
  vectors: Float64Array;
}

/** Modified Gram–Schmidt on the m vectors y[(k+1)·d ..] in place; adds ln‖·‖ to logs[k]. */
function reorthonormalize(y: Float64Array, d: number, m: number, logs: Float64Array, where: string): void {
  for (let k = 0; k < m; k++) {
    const ok = (k + 1) * d;
    for (let l = 0; l < k; l++) {
      const ol = (l + 1) * d;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += y[ok + i] * y[ol + i];
      for (let i = 0; i < d; i++) y[ok + i] -= dot * y[ol + i];
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += y[ok + i] * y[ok + i];
    norm = Math.sqrt(norm);
    if (!(norm > 0 && Number.isFinite(norm))) throw new RangeError(`${where}: perturbation ${k} has norm ${norm}; reduce dt or 'every'`);
    logs[k] += Math.log(norm);
    for (let i = 0; i < d; i++) y[ok + i] /= norm;
  }
}

/**
 * The Lyapunov spectrum of `model` from x0 [dim].
 * @example const { exponents } = dynamics.lyapunovSpectrum(new sim.lorenz63.Lorenz63(), x0, { dt: 0.01, steps: 200_000, spinUp: 1000 });
 */
export function lyapunovSpectrum(model: OdeModel, x0: Float64Array, options: LyapunovOptions): LyapunovSpectrum {
  const where = `dynamics.lyapunovSpectrum(${model?.name ?? "model"})`;
  const d = model.dim;
  checkFiniteFloat64(where, "x0", x0, d, `[${d}]`);
  const dt = checkPositive(where, "dt", options.dt);
  const steps = checkInt(where, "steps", options.steps, 1);
  const m = checkInt(where, "count", options.count ?? d, 1, d);
  const every = checkInt(where, "every", options.every ?? 10, 1, steps);
  const spinUp = checkInt(where, "spinUp", options.spinUp ?? 0, 0);
  const cycles = Math.floor(steps / every);
  const recordEvery = checkInt(where, "recordEvery", options.recordEvery ?? Math.max(1, Math.floor(cycles / 200)), 1);
  // spin-up of the state alone (checks stiffness), then of the vectors too
  const x = spinUp > 0 ? simulateOde(model, x0, { dt, steps: spinUp }).final : x0.slice();
  const tl = tangentLinear(model, m), rk = new Rk4(tl.rhs, tl.size), y = new Float64Array(tl.size);
  y.set(x);
  // generic start vectors (fixed pseudo-random): the identity can lie in an invariant subspace
  const start = new Rng(0x1a9).fillUniform(new Float64Array(m * d), -1, 1);
  y.set(start, d);
  const scratch = new Float64Array(m);
  for (let s = 1; s <= spinUp; s++) { rk.step(0, y, dt); if (s % every === 0) reorthonormalize(y, d, m, scratch, where); }
  reorthonormalize(y, d, m, scratch, where);
  const logs = new Float64Array(m), times: number[] = [], running: number[] = [];
  const report = Math.max(1, Math.floor(cycles / 100));
  for (let c = 1; c <= cycles; c++) {
    for (let s = 0; s < every; s++) rk.step(0, y, dt);
    reorthonormalize(y, d, m, logs, where);
    const t = c * every * dt;
    if (c % recordEvery === 0) { times.push(t); for (let k = 0; k < m; k++) running.push(logs[k] / t); }
    if (options.onProgress && (c % report === 0 || c === cycles)) options.onProgress(c, cycles);
  }
  const T = cycles * every * dt;
  return {
    exponents: logs.map((l) => l / T),
    times: Float64Array.from(times),
    running: Float64Array.from(running),
    final: y.slice(0, d),
    vectors: y.slice(d),
  };
}
