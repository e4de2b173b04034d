/**
 * What the spectral simulators share: a state split as dy/dt = L∘y + N(t, y) with L diagonal and
 * real, a choice of time scheme by name, and a CFL guard fed by the nonlinear term's last
 * evaluation.
 */
import { Etdrk4, IfRk4, Rk3Ssp, Rk4, integrate } from "./integrators";
import type { Rhs, Stepper } from "./integrators";

/** A semilinear model: `linear` per real component (1/time), `nonlinear` N, `rhs` = L∘y + N. */
export interface SplitModel {
  /** Length of the state. */
  readonly size: number;
  /** Diagonal linear rates per state component (≤ 0 for dissipation), 1/time. */
  readonly linear: Float64Array;
  readonly nonlinear: Rhs;
  readonly rhs: Rhs;
  /**
   * Advective rate of the last `nonlinear` call, max over the grid of Σ_d |u_d|/Δx_d (1/time);
   * dt times this is the CFL number.
   */
  readonly advectiveRate: number;
}

/** Time schemes a spectral simulator can be stepped with. */
export type Scheme = "rk4" | "rk3-ssp" | "ifrk4" | "etdrk4";
export const SCHEMES: readonly Scheme[] = ["rk4", "rk3-ssp", "ifrk4", "etdrk4"];

/** Largest |z| on the negative real axis inside the stability region of explicit RK3 / RK4. */
const REAL_AXIS_LIMIT: Record<"rk4" | "rk3-ssp", number> = { "rk4": 2.785, "rk3-ssp": 2.512 };

/** Builds the stepper for `scheme` (explicit schemes step `rhs`; exponential ones split L and N). */
export function makeStepper(where: string, model: SplitModel, scheme: Scheme): Stepper {
  switch (scheme) {
    case "rk4": return new Rk4(model.rhs, model.size);
    case "rk3-ssp": return new Rk3Ssp(model.rhs, model.size);
    case "ifrk4": return new IfRk4(model.linear, model.nonlinear);
    case "etdrk4": return new Etdrk4(model.linear, model.nonlinear);
    default: throw new RangeError(`${where}: scheme must be one of ${SCHEMES.join(", ")}, got ${String(scheme)}`);
  }
}

/**
 * Refuses a dt for which an explicit scheme is unstable on the linear part:
 * dt·max|L| must stay below the real-axis stability limit (2.785 for RK4, 2.512 for SSP-RK3).
 * Exponential schemes integrate L exactly and pass.
 */
export function checkLinearStability(where: string, model: SplitModel, scheme: Scheme, dt: number, what: string): void {
  if (scheme === "ifrk4" || scheme === "etdrk4") return;
  let maxRate = 0;
  for (let i = 0; i < model.linear.length; i++) maxRate = Math.max(maxRate, Math.abs(model.linear[i]));
  const limit = REAL_AXIS_LIMIT[scheme];
  if (dt * maxRate > limit) {
    throw new RangeError(`${where}: dt = ${dt} is unstable for ${scheme} with ${what}: dt·max|L| = ${(dt * maxRate).toPrecision(4)} ` +
      `must be ≤ ${limit}, i.e. dt ≤ ${(limit / maxRate).toPrecision(4)} (or use scheme "etdrk4"/"ifrk4")`);
  }
}

/** Default largest accepted CFL number dt·Σ|u_d|/Δx_d for the pseudo-spectral advection term. */
export const CFL_LIMIT = 1.0;

/** Throws a RangeError if dt·model.advectiveRate exceeds `limit`. */
export function checkCfl(where: string, model: SplitModel, dt: number, t: number, limit: number): void {
  const cfl = dt * model.advectiveRate;
  if (cfl > limit) {
    throw new RangeError(`${where}: CFL number dt·max Σ_d|u_d|/Δx_d = ${cfl.toPrecision(4)} at t = ${t.toPrecision(6)} exceeds the limit ${limit}; ` +
      `reduce dt (was ${dt}) below ${(limit / model.advectiveRate).toPrecision(3)}`);
  }
}

export interface SplitRunOptions {
  /** Time step (> 0), in the model's time unit. */
  dt: number;
  /** Number of steps (≥ 0). */
  steps: number;
  /** Keep a snapshot every this many steps (and the initial state); default: initial and final only. */
  saveEvery?: number;
  /** Time scheme (default "rk4"). */
  scheme?: Scheme;
  /** Largest accepted CFL number (default 1.0). */
  cflLimit?: number;
  /** Start time (default 0). */
  t0?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SplitRun {
  /** Snapshot times. */
  times: number[];
  /** Snapshots produced by the model's `snapshot` function at those times. */
  snapshots: Float64Array[];
  /** The final state (the array that was advanced in place). */
  state: Float64Array;
  /** Time at the end of the run. */
  t: number;
}

/**
 * Advances `state` in place with `scheme`, refusing an unstable dt up front (linear part) and at
 * every step (CFL of the advective term, checked on the initial state too), and keeping snapshots.
 */
export function runSplit(where: string, model: SplitModel, state: Float64Array, opts: SplitRunOptions,
  snapshot: (y: Float64Array) => Float64Array, linearWhat: string): SplitRun {
  if (opts === null || typeof opts !== "object") throw new TypeError(`${where}: options must be an object { dt, steps, ... }`);
  const scheme = opts.scheme ?? "rk4";
  const stepper = makeStepper(where, model, scheme);
  const dt = opts.dt;
  if (typeof dt !== "number" || !(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`${where}: dt must be a finite number > 0, got ${dt}`);
  const cflLimit = opts.cflLimit ?? CFL_LIMIT;
  if (!(cflLimit > 0 && cflLimit <= 2.8)) throw new RangeError(`${where}: cflLimit must be in (0, 2.8], got ${cflLimit}`);
  checkLinearStability(where, model, scheme, dt, linearWhat);
  const t0 = opts.t0 ?? 0;
  model.nonlinear(t0, state, new Float64Array(model.size)); // sets advectiveRate for the initial state
  checkCfl(where, model, dt, t0, cflLimit);
  const times: number[] = [], snapshots: Float64Array[] = [];
  const save = (t: number, y: Float64Array) => { times.push(t); snapshots.push(snapshot(y)); };
  const saveEvery = opts.saveEvery ?? opts.steps;
  if (opts.steps === 0 || saveEvery === 0) save(t0, state);
  const t = integrate(stepper, state, {
    t0, dt, steps: opts.steps, saveEvery: saveEvery > 0 ? saveEvery : undefined, label: where,
    onSave: (t, y) => save(t, y),
    afterStep: (t) => checkCfl(where, model, dt, t, cflLimit),
    onProgress: opts.onProgress,
  });
  return { times, snapshots, state, t };
}
