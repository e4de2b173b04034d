/**
 * Twin experiments: the growth of small initial errors, the predictability experiment of Lorenz
 * (1963, 1969). Pairs of runs of an ODE model start δ0 apart (random direction); the ensemble mean
 * of ln(|δ(t)|/δ0) grows as λ_1·t — the largest Lyapunov exponent — until the error saturates at
 * the attractor's size.
 */
import type { Rng } from "../core/random";
import { checkInt, checkPositive } from "../core/checks";
import { simulateOde, type OdeModel } from "../sim/ode";
import { checkRng, checkRows } from "./validate";

/** Options of `twinExperiments`. */
export interface TwinOptions {
  /** Initial error size δ0 (state units). */
  delta: number;
  /** RK4 time step and number of steps. */
  dt: number;
  steps: number;
  /** Record every this many steps. */
  saveEvery: number;
  /** Draws the direction of each initial error. */
  rng: Rng;
  onProgress?: (done: number, total: number) => void;
}

/** Error growth of twin pairs. */
export interface TwinRun {
  /** Lead times [s]. */
  times: Float64Array;
  /** ⟨ln(|δ(t)|/δ0)⟩ over the pairs [s] (dimensionless). */
  meanLogGrowth: Float64Array;
  /** Root-mean-square error √⟨|δ(t)|²⟩ [s] (state units). */
  rmsError: Float64Array;
  /** Number of pairs. */
  pairs: number;
}

/**
 * Runs one twin pair from each start [n, d] (states on the attractor, e.g. from `attractorSamples`).
 * Progress counts pairs.
 */
export function twinExperiments(model: OdeModel, starts: Float64Array, options: TwinOptions): TwinRun {
  const where = `dynamics.twinExperiments(${model?.name ?? "model"})`;
  const d = model.dim, n = checkRows(where, "starts", starts, d, `[n, ${d}]`);
  const delta = checkPositive(where, "delta", options.delta);
  const rng = checkRng(where, options.rng);
  const steps = checkInt(where, "steps", options.steps, 1), saveEvery = checkInt(where, "saveEvery", options.saveEvery, 1, steps);
  const run = { dt: options.dt, steps, saveEvery };
  let times = new Float64Array(0), logSum = new Float64Array(0), sqSum = new Float64Array(0);
  for (let p = 0; p < n; p++) {
    const x = starts.subarray(p * d, (p + 1) * d), e = rng.fillNormal(new Float64Array(d));
    const norm = Math.sqrt(e.reduce((a, v) => a + v * v, 0));
    const a = simulateOde(model, x, run), b = simulateOde(model, x.map((v, i) => v + (delta * e[i]) / norm), run);
    if (p === 0) { times = a.times; logSum = new Float64Array(times.length); sqSum = new Float64Array(times.length); }
    for (let s = 0; s < times.length; s++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) r2 += (a.states[s * d + i] - b.states[s * d + i]) ** 2;
      logSum[s] += 0.5 * Math.log(r2 / (delta * delta));
      sqSum[s] += r2;
    }
    options.onProgress?.(p + 1, n);
  }
  return { times, meanLogGrowth: logSum.map((v) => v / n), rmsError: sqSum.map((v) => Math.sqrt(v / n)), pairs: n };
}

/**
 * `count` states on the attractor of `model`: a run from x0 [dim] of `spinUp` steps, then one
 * state every `spacing` steps. Returns [count, dim].
 */
export function attractorSamples(model: OdeModel, x0: Float64Array, options: { count: number; dt: number; spinUp: number; spacing: number }): Float64Array {
  const where = `dynamics.attractorSamples(${model?.name ?? "model"})`;
  const count = checkInt(where, "count", options.count, 1), spacing = checkInt(where, "spacing", options.spacing, 1);
  const spinUp = checkInt(where, "spinUp", options.spinUp, 0);
  const spun = spinUp > 0 ? simulateOde(model, x0, { dt: options.dt, steps: spinUp }).final : x0;
  const run = simulateOde(model, spun, { dt: options.dt, steps: count * spacing, saveEvery: spacing });
  return run.states.slice(model.dim, (count + 1) * model.dim);
}

/** Least-squares line y ≈ slope·x + intercept over the points with x in [from, to], with the slope's standard error. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>, range: [number, number] = [-Infinity, Infinity]): { slope: number; intercept: number; stderr: number; points: number } {
  const where = "dynamics.fitLine";
  if (x.length !== y.length) throw new RangeError(`${where}: x and y must have one length, got ${x.length} and ${y.length}`);
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < x.length; i++) if (x[i] >= range[0] && x[i] <= range[1] && Number.isFinite(y[i])) { n++; sx += x[i]; sy += y[i]; }
  if (n < 3) throw new RangeError(`${where}: need ≥ 3 finite points in [${range[0]}, ${range[1]}], got ${n}`);
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) if (x[i] >= range[0] && x[i] <= range[1] && Number.isFinite(y[i])) { sxx += (x[i] - mx) ** 2; sxy += (x[i] - mx) * (y[i] - my); }
  const slope = sxy / sxx, intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < x.length; i++) if (x[i] >= range[0] && x[i] <= range[1] && Number.isFinite(y[i])) rss += (y[i] - intercept - slope * x[i]) ** 2;
  return { slope, intercept, stderr: Math.sqrt(rss / (n - 2) / sxx), points: n };
}
