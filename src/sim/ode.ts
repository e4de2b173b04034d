/**
 * Finite-dimensional ODE models dx/dt = f(x) with Jacobian-vector products, their trajectories,
 * and the tangent-linear system for Lyapunov vectors.
 */
import { Rk3Ssp, Rk4, integrate } from "./integrators";
import type { OnProgress, Rhs, Stepper } from "./integrators";
import { checkFloat64, checkInteger, checkPositive } from "./validate";

export interface OdeModel {
  /** Name used in error messages, e.g. "lorenz63". */
  readonly name: string;
  /** State dimension. */
  readonly dim: number;
  /** dx/dt = f(t, x) written into dxdt [dim]. */
  readonly rhs: Rhs;
  /** Jacobian-vector product J(x)·v written into out [dim] (the tangent-linear model). */
  readonly jvp: (x: Float64Array, v: Float64Array, out: Float64Array) => void;
  /** ‖J(x)‖∞ (max absolute row sum), a bound on the local stiffness used to refuse unstable dt. */
  readonly jacobianNorm: (x: Float64Array) => number;
}

/** RK4 is stable for dt·|λ| up to ~2.8 along most directions; we refuse dt·‖J‖∞ > 2.5. */
export const STABILITY_LIMIT = 2.5;

export interface OdeRunOptions {
  dt: number;
  steps: number;
  /** Keep x every this many steps (and x0); default: x0 and the final state. */
  saveEvery?: number;
  /** "rk4" (default) or "rk3-ssp". */
  scheme?: "rk4" | "rk3-ssp";
  t0?: number;
  onProgress?: OnProgress;
}

export interface OdeRun {
  times: Float64Array;
  /** Saved states, flat [times.length, dim]. */
  states: Float64Array;
  /** The final state. */
  final: Float64Array;
}

function checkStiffness(model: OdeModel, x: Float64Array, dt: number, t: number): void {
  const norm = model.jacobianNorm(x);
  if (dt * norm > STABILITY_LIMIT) {
    throw new RangeError(`${model.name}: dt = ${dt} is too large at t = ${t.toPrecision(6)}: dt·‖J(x)‖∞ = ${(dt * norm).toPrecision(4)} ` +
      `exceeds ${STABILITY_LIMIT} (explicit RK stability); use dt ≤ ${(STABILITY_LIMIT / norm).toPrecision(3)}`);
  }
}

/**
 * Integrates `model` from x0 [dim] (copied). dt is checked against the local stiffness
 * (dt·‖J(x)‖∞ ≤ 2.5) at the start and at every save/100 steps; a non-finite state stops the run.
 */
export function simulateOde(model: OdeModel, x0: Float64Array, opts: OdeRunOptions): OdeRun {
  const where = `${model.name}.simulate`;
  checkFloat64(where, "x0", x0, model.dim, `[${model.dim}]`);
  const dt = checkPositive(where, "dt", opts.dt);
  const steps = checkInteger(where, "steps", opts.steps, 0);
  const saveEvery = opts.saveEvery === undefined ? Math.max(steps, 1) : checkInteger(where, "saveEvery", opts.saveEvery, 1);
  const scheme = opts.scheme ?? "rk4";
  if (scheme !== "rk4" && scheme !== "rk3-ssp") throw new RangeError(`${where}: scheme must be "rk4" or "rk3-ssp", got ${String(scheme)}`);
  const stepper: Stepper = scheme === "rk4" ? new Rk4(model.rhs, model.dim) : new Rk3Ssp(model.rhs, model.dim);
  const x = x0.slice(), t0 = opts.t0 ?? 0;
  checkStiffness(model, x, dt, t0);
  const nSaves = Math.floor(steps / saveEvery) + 1;
  const times = new Float64Array(nSaves), states = new Float64Array(nSaves * model.dim);
  let k = 0;
  const save = (t: number, y: Float64Array) => { times[k] = t; states.set(y, k * model.dim); k++; };
  if (steps === 0) save(t0, x);
  integrate(stepper, x, {
    t0, dt, steps, saveEvery, label: where, onProgress: opts.onProgress,
    onSave: (t, y) => save(t, y),
    afterStep: (t, y, s) => { if (s % 100 === 0) checkStiffness(model, y, dt, t); },
  });
  return { times, states, final: x };
}

export interface OdeEnsembleRun {
  times: Float64Array;
  /** One snapshot per save time, each [members, dim]. */
  states: Float64Array[];
}

/**
 * Runs every member of x0 [members, dim] with `simulateOde` (same dt, steps, saves) and gathers the
 * saves as [members, dim] snapshots. Progress counts members: `onProgress(done, members)`. Members
 * run one after another; for a model whose right-hand side is batched (a Lorenz-96 with a neural
 * closure) use `lorenz96.simulateEnsemble`, which steps all members at once.
 */
export function simulateOdeEnsemble(model: OdeModel, x0: Float64Array, opts: OdeRunOptions): OdeEnsembleRun {
  const where = `${model.name}.simulateEnsemble`, d = model.dim;
  if (!(x0 instanceof Float64Array) || x0.length === 0 || x0.length % d !== 0) {
    throw new RangeError(`${where}: x0 must be a Float64Array [members, ${d}], got ${x0 instanceof Float64Array ? `length ${x0.length}` : typeof x0}`);
  }
  const m = x0.length / d, { onProgress, ...rest } = opts;
  let states: Float64Array[] = [], times = new Float64Array(0);
  for (let k = 0; k < m; k++) {
    const run = simulateOde(model, x0.subarray(k * d, (k + 1) * d), rest);
    if (k === 0) { times = run.times; states = Array.from(times, () => new Float64Array(m * d)); }
    for (let s = 0; s < times.length; s++) states[s].set(run.states.subarray(s * d, (s + 1) * d), k * d);
    onProgress?.(k + 1, m);
  }
  return { times, states };
}

/**
 * The model and its tangent-linear system for `m` perturbation vectors, as one state
 * [x (dim), v_1 (dim), …, v_m (dim)] with dx/dt = f(x), dv_k/dt = J(x)·v_k. Stepping it with RK4
 * yields exactly the Jacobian of the RK4 map applied to the v_k (the discrete tangent-linear model),
 * which is what QR re-orthonormalisation (Benettin et al. 1980) needs for Lyapunov exponents.
 */
export function tangentLinear(model: OdeModel, m: number): { size: number; rhs: Rhs } {
  checkInteger(`${model.name}.tangentLinear`, "m", m, 1, model.dim);
  const d = model.dim, size = d * (1 + m);
  const rhs: Rhs = (t, y, dydt) => {
    const x = y.subarray(0, d);
    model.rhs(t, x, dydt.subarray(0, d));
    for (let k = 1; k <= m; k++) model.jvp(x, y.subarray(k * d, (k + 1) * d), dydt.subarray(k * d, (k + 1) * d));
  };
  return { size, rhs };
}
