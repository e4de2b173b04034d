/**
 * The time loop shared by every simulator: fixed steps of a Stepper with snapshots, progress and a
 * guard against blow-up (a non-finite state stops the run with an error naming the time step).
 */
import type { OnProgress, Stepper } from "./types";
import { checkFinite, checkInteger, checkPositive } from "../validate";

export interface IntegrateOptions {
  /** Start time (default 0). */
  t0?: number;
  /** Time step, > 0. */
  dt: number;
  /** Number of steps, ≥ 0. */
  steps: number;
  /** Call `onSave` every this many steps (and at step 0); default: only at the end. */
  saveEvery?: number;
  /** Receives (t, y) at saves; copy `y` if you keep it. */
  onSave?: (t: number, y: Float64Array, step: number) => void;
  /** Called after every step with (t, y); throw to stop (e.g. a CFL check). */
  afterStep?: (t: number, y: Float64Array, step: number) => void;
  onProgress?: OnProgress;
  /** Name used in error messages (default the stepper's name). */
  label?: string;
}

function firstNonFinite(y: Float64Array): number {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) return i;
  return -1;
}

/**
 * Advances `y` in place by `steps` steps of size `dt`; returns the final time.
 * The state is checked for NaN/Inf at every save and progress report (≥ every 1% of the run).
 */
export function integrate(stepper: Stepper, y: Float64Array, opts: IntegrateOptions): number {
  const label = opts.label ?? stepper.name;
  const dt = checkPositive(label, "dt", opts.dt);
  const steps = checkInteger(label, "steps", opts.steps, 0);
  let t = checkFinite(label, "t0", opts.t0 ?? 0);
  const saveEvery = opts.saveEvery === undefined ? 0 : checkInteger(label, "saveEvery", opts.saveEvery, 1);
  if (!(y instanceof Float64Array) || y.length !== stepper.size) {
    throw new RangeError(`${label}: state must be a Float64Array of length ${stepper.size}, got ${y instanceof Float64Array ? `length ${y.length}` : typeof y}`);
  }
  const t0 = t;
  const guard = (step: number) => {
    const bad = firstNonFinite(y);
    if (bad >= 0) {
      throw new RangeError(`${label}: the state became non-finite (entry ${bad} = ${y[bad]}) by t = ${t} (step ${step}); ` +
        `the run is unstable — reduce dt (was ${dt}) or check the parameters`);
    }
  };
  const reportEvery = Math.max(1, Math.floor(steps / 100));
  if (opts.onSave && saveEvery > 0) opts.onSave(t, y, 0);
  opts.onProgress?.(0, steps);
  for (let s = 1; s <= steps; s++) {
    stepper.step(t, y, dt);
    t = t0 + s * dt; // no accumulated round-off in t
    opts.afterStep?.(t, y, s);
    const save = saveEvery > 0 ? s % saveEvery === 0 : s === steps;
    if (save || s % reportEvery === 0 || s === steps) guard(s);
    if (save && opts.onSave) opts.onSave(t, y, s);
    if (opts.onProgress && (s % reportEvery === 0 || s === steps)) opts.onProgress(s, steps);
  }
  return t;
}
