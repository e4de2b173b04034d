/**
 * Ensembles of the one-scale Lorenz-96 model (with or without a closure) stepped together: the
 * state is one flat Float64Array [members, K] advanced by one Runge–Kutta stepper, so the model's
 * right-hand side — and its closure — is evaluated once per stage for all members. Free-run
 * climatology (mean, std, max |X| after a burn-in) is computed on the fly at every step.
 */
import type { OdeRunOptions } from "../ode";
import { Rk3Ssp, Rk4, integrate } from "../integrators";
import type { OnProgress, Stepper } from "../integrators";
import { STABILITY_LIMIT } from "../ode";
import { checkInteger, checkPositive } from "../validate";
import type { Lorenz96 } from "./one-scale";

/** Time step, steps, saves, scheme, start time and progress: the options of every ODE run (sim.ode). */
export type EnsembleRunOptions = OdeRunOptions;

export interface EnsembleRun {
  /** Save times [T] (model time units). */
  times: Float64Array;
  /** Saved states, flat [T, members, K]: member b at save s is states[(s·members + b)·K + k]. */
  states: Float64Array;
  members: number;
  /** K. */
  sites: number;
  /** The final state [members, K]. */
  final: Float64Array;
}

/** Mean, standard deviation (divisor n) and max |x| of a set of values, and how many there were. */
export interface Climatology {
  mean: number;
  std: number;
  maxAbs: number;
  count: number;
}

/** How often (in steps) the resolved stiffness dt·‖J‖∞ of every member is checked. */
const STIFFNESS_EVERY = 10;

function memberError(where: string, what: string, b: number, t: number, s: number): RangeError {
  return new RangeError(`${where}: member ${b} ${what} at t = ${t.toPrecision(6)} (step ${s}); ` +
    "the run is blowing up (an unstable closure or dt too large)");
}

/** Throws naming the first member with a non-finite entry, or whose dt·‖J‖∞ exceeds the limit (when `stiffness`). */
function checkMembers(where: string, model: Lorenz96, y: Float64Array, dt: number, t: number, s: number, stiffness: boolean): void {
  const K = model.dim;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw memberError(where, `became non-finite (X_${i % K} = ${y[i]})`, Math.floor(i / K), t, s);
  }
  if (!stiffness) return;
  for (let o = 0, b = 0; o < y.length; o += K, b++) {
    const r = dt * model.jacobianNorm(y, o);
    if (r > STABILITY_LIMIT) {
      throw memberError(where, `left the stable range of the explicit scheme (dt·‖J‖∞ = ${r.toPrecision(4)} > ${STABILITY_LIMIT}, ` +
        `dt = ${dt}, i.e. dt ≤ ${(STABILITY_LIMIT * dt / r).toPrecision(3)} would be needed)`, b, t, s);
    }
  }
}

/** Validated run: steps x [members, K] in place; `onStep(t, y, s)` after each checked step. */
function runEnsemble(where: string, model: Lorenz96, x0: Float64Array, opts: EnsembleRunOptions,
  onStep?: (t: number, y: Float64Array, s: number) => void): EnsembleRun {
  const K = model.dim;
  if (!(x0 instanceof Float64Array)) throw new TypeError(`${where}: x0 must be a Float64Array [members, ${K}], got ${typeof x0 === "object" ? (x0 as object)?.constructor?.name : typeof x0}`);
  if (x0.length === 0 || x0.length % K !== 0) throw new RangeError(`${where}: x0 must have length members·${K} ([members, ${K}]), got length ${x0.length}`);
  if (opts === null || typeof opts !== "object") throw new TypeError(`${where}: options must be an object { dt, steps, ... }`);
  const dt = checkPositive(where, "dt", opts.dt);
  const steps = checkInteger(where, "steps", opts.steps, 0);
  const saveEvery = opts.saveEvery === undefined ? Math.max(steps, 1) : checkInteger(where, "saveEvery", opts.saveEvery, 1);
  const scheme = opts.scheme ?? "rk4";
  if (scheme !== "rk4" && scheme !== "rk3-ssp") throw new RangeError(`${where}: scheme must be "rk4" or "rk3-ssp", got ${String(scheme)}`);
  const members = x0.length / K, n = x0.length, t0 = opts.t0 ?? 0;
  const stepper: Stepper = scheme === "rk4" ? new Rk4(model.rhs, n) : new Rk3Ssp(model.rhs, n);
  const x = x0.slice();
  checkMembers(where, model, x, dt, t0, 0, true);
  const nSaves = Math.floor(steps / saveEvery) + 1;
  const times = new Float64Array(nSaves), states = new Float64Array(nSaves * n);
  let k = 0;
  const save = (t: number, y: Float64Array) => { times[k] = t; states.set(y, k * n); k++; };
  if (steps === 0) save(t0, x);
  integrate(stepper, x, {
    t0, dt, steps, saveEvery, label: where, onProgress: opts.onProgress,
    onSave: (t, y) => save(t, y),
    afterStep: (t, y, s) => {
      checkMembers(where, model, y, dt, t, s, s % STIFFNESS_EVERY === 0);
      onStep?.(t, y, s);
    },
  });
  return { times, states, members, sites: K, final: x };
}

/**
 * Integrates an ensemble x0 [members, K] (flat, copied) of `model` with RK4 (or SSP-RK3): one
 * stepper for all members, so the closure is called once per stage with `members` states. Refuses
 * a member that becomes non-finite (error naming the member, t and the step) and, every 10 steps, a
 * member whose resolved stiffness dt·‖J‖∞ exceeds 2.5. Returns states [T, members, K] at
 * t0, t0 + saveEvery·dt, …
 */
export function simulateEnsemble(model: Lorenz96, x0: Float64Array, opts: EnsembleRunOptions): EnsembleRun {
  return runEnsemble(`${model.name}.simulateEnsemble`, model, x0, opts);
}

/** Accumulates mean, std and max |x| with a shift (the first value seen) against cancellation. */
class Moments {
  private shift = NaN;
  private s1 = 0;
  private s2 = 0;
  count = 0;
  maxAbs = 0;
  add(values: ArrayLike<number>): void {
    if (this.count === 0 && values.length > 0) this.shift = values[0];
    for (let i = 0; i < values.length; i++) {
      const v = values[i], d = v - this.shift;
      this.s1 += d; this.s2 += d * d;
      if (Math.abs(v) > this.maxAbs) this.maxAbs = Math.abs(v);
    }
    this.count += values.length;
  }
  result(): Climatology {
    const m = this.s1 / this.count;
    return { mean: this.shift + m, std: Math.sqrt(Math.max(this.s2 / this.count - m * m, 0)), maxAbs: this.maxAbs, count: this.count };
  }
}

/** Mean, std (divisor n) and max |x| over all entries of `values` (e.g. a truth record X [T, K]). */
export function climatology(values: ArrayLike<number>): Climatology {
  if (values === null || typeof values !== "object" || typeof values.length !== "number" || values.length === 0) {
    throw new RangeError("lorenz96.climatology: values must be a non-empty array of numbers");
  }
  const m = new Moments();
  m.add(values);
  return m.result();
}

export interface FreeRunOptions extends EnsembleRunOptions {
  /** Steps left out of the statistics at the start (default 0); must be < steps. */
  burnIn?: number;
}

/**
 * A free run of the ensemble x0 [members, K] (as `simulateEnsemble`) and its climatology: mean, std
 * and max |X| over every member, site and step after the first `burnIn` steps (the states at steps
 * burnIn+1 … steps). A blow-up is an error naming the member and the time, never NaN statistics.
 */
export function freeRunClimatology(model: Lorenz96, x0: Float64Array, opts: FreeRunOptions): Climatology & { run: EnsembleRun } {
  const where = `${model.name}.freeRunClimatology`;
  const steps = checkInteger(where, "steps", opts.steps, 1);
  const burnIn = checkInteger(where, "burnIn", opts.burnIn ?? 0, 0, steps - 1);
  const moments = new Moments();
  const run = runEnsemble(where, model, x0, opts, (_t, y, s) => { if (s > burnIn) moments.add(y); });
  return { ...moments.result(), run };
}
