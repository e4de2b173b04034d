/**
 * Forecast skill of a one-scale model (with any closure, or none) against a truth record: forecasts
 * started from the true X at given rows, scored by the RMSE over sites and starts at every lead.
 */
import { checkInteger, checkPositive } from "../validate";
import { simulateEnsemble } from "./ensemble";
import type { Lorenz96 } from "./one-scale";

export interface ForecastOptions {
  /** Rows of the truth record [T, K] where forecasts start (each ≤ T − 1 − leads). */
  starts: ArrayLike<number>;
  /** Leads scored, in truth rows: l = 0, 1, …, leads (lead time l·sampleDt). */
  leads: number;
  /** Time between consecutive truth rows (model time units), e.g. 0.01. */
  sampleDt: number;
  /** Model time step; sampleDt/dt must be a whole number of steps. */
  dt: number;
  /** "rk4" (default) or "rk3-ssp". */
  scheme?: "rk4" | "rk3-ssp";
  /** Progress in model steps. */
  onProgress?: (done: number, total: number) => void;
}

export interface ForecastSkill {
  /** l·sampleDt for l = 0..leads [leads + 1] (model time units). */
  leadTimes: Float64Array;
  /** RMSE of X at each lead [leads + 1]: sqrt of the mean over starts and sites of (X_model − X_truth)². */
  rmse: Float64Array;
  /** Number of forecasts. */
  forecasts: number;
}

/**
 * Runs `model` from truth rows `starts` of `truth` [T, K] (flat, row-major, K = model.dim) as one
 * ensemble (the closure sees all starts in one batch) and returns the RMSE at every lead. The lead-0
 * RMSE is 0 by construction. A blow-up is an error naming the forecast (member) and the time.
 */
export function forecastRmse(model: Lorenz96, truth: Float64Array, opts: ForecastOptions): ForecastSkill {
  const where = `${model.name}.forecastRmse`, K = model.dim;
  if (!(truth instanceof Float64Array) || truth.length === 0 || truth.length % K !== 0) {
    throw new RangeError(`${where}: truth must be a Float64Array [T, ${K}], got ${truth instanceof Float64Array ? `length ${truth.length}` : typeof truth}`);
  }
  const T = truth.length / K;
  const leads = checkInteger(where, "leads", opts.leads, 1, T - 1);
  const sampleDt = checkPositive(where, "sampleDt", opts.sampleDt), dt = checkPositive(where, "dt", opts.dt);
  const perRow = Math.round(sampleDt / dt);
  if (perRow < 1 || Math.abs(perRow * dt - sampleDt) > 1e-9 * sampleDt) {
    throw new RangeError(`${where}: sampleDt / dt must be a whole number of steps, got ${sampleDt} / ${dt} = ${sampleDt / dt}`);
  }
  const starts = Array.from(opts.starts ?? [], Number), S = starts.length;
  if (S === 0) throw new RangeError(`${where}: starts must list at least one row`);
  starts.forEach((r, i) => checkInteger(where, `starts[${i}]`, r, 0, T - 1 - leads));
  const x0 = new Float64Array(S * K);
  starts.forEach((r, b) => x0.set(truth.subarray(r * K, (r + 1) * K), b * K));
  const run = simulateEnsemble(model, x0, { dt, steps: leads * perRow, saveEvery: perRow, scheme: opts.scheme, onProgress: opts.onProgress });
  const rmse = new Float64Array(leads + 1), leadTimes = new Float64Array(leads + 1);
  for (let l = 0; l <= leads; l++) {
    let e = 0;
    for (let b = 0; b < S; b++) {
      const o = (l * S + b) * K, r = (starts[b] + l) * K;
      for (let k = 0; k < K; k++) e += (run.states[o + k] - truth[r + k]) ** 2;
    }
    rmse[l] = Math.sqrt(e / (S * K));
    leadTimes[l] = l * sampleDt;
  }
  return { leadTimes, rmse, forecasts: S };
}
