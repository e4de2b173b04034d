/**
 * Time integration of Burgers1d with snapshots, for one initial field or a batch of them.
 */
import { runSplit, type SplitRunOptions } from "../split-model";
import { checkFinite, checkFloat64, checkPositive } from "../validate";
import type { Burgers1d } from "./model";

export interface BurgersRun {
  times: number[];
  /** Snapshots u [n] on the grid. */
  u: Float64Array[];
  /** Resolution diagnostic of the final state (see Burgers1d.tailFraction). */
  tailFraction: number;
}

/**
 * Integrates from u0 [n] (default scheme "etdrk4"; the CFL number dt·max|u|/Δx must stay ≤
 * cflLimit, default 1). Progress: `onProgress(step, steps)`.
 */
export function simulate(model: Burgers1d, u0: Float64Array, opts: SplitRunOptions): BurgersRun {
  const state = model.toSpectral(u0);
  const run = runSplit("burgers.simulate", model, state, { scheme: "etdrk4", ...opts }, (y) => model.toGrid(y),
    `viscosity ${model.viscosity} on ${model.n} points`);
  return { times: run.times, u: run.snapshots, tailFraction: model.tailFraction(run.state) };
}

/**
 * Maps a batch of initial fields u0 [batch, n] (flat, row-major) to u(T) [batch, n] with
 * T = dt·steps — the FNO training pairs. Progress counts members: `onProgress(done, batch)`.
 */
export function solveBatch(model: Burgers1d, u0: Float64Array, opts: Omit<SplitRunOptions, "saveEvery" | "onProgress"> & { onProgress?: (done: number, total: number) => void }): Float64Array {
  const n = model.n;
  if (!(u0 instanceof Float64Array)) throw new TypeError("burgers.solveBatch: u0 must be a Float64Array [batch, n]");
  if (u0.length === 0 || u0.length % n !== 0) {
    throw new RangeError(`burgers.solveBatch: u0 must have length batch·n with n = ${n} ([batch, n]), got length ${u0.length}`);
  }
  const batch = u0.length / n;
  const out = new Float64Array(u0.length);
  const { onProgress, ...rest } = opts;
  for (let b = 0; b < batch; b++) {
    const run = simulate(model, u0.slice(b * n, (b + 1) * n), rest);
    out.set(run.u[run.u.length - 1], b * n);
    onProgress?.(b + 1, batch);
  }
  return out;
}

/**
 * Steps for integrating u0 [n] to `time` with a CFL number dt·max|u|/Δx ≤ `cfl` throughout:
 * ceil(time·max|u0|·n/(L·cfl)), at least 1. Viscous Burgers obeys the maximum principle (max|u| never
 * grows), so the initial field's CFL number bounds the whole run; choose cfl < 1 (e.g. 0.8) to leave
 * room for round-off and the discrete solution's small overshoots (the solver refuses CFL > 1).
 */
export function cflSteps(model: Burgers1d, u0: Float64Array, opts: { time: number; cfl: number }): number {
  const where = "burgers.cflSteps";
  checkFloat64(where, "u0", u0, model.n, `[${model.n}]`);
  const time = checkPositive(where, "time", opts.time), cfl = checkFinite(where, "cfl", opts.cfl, 1e-3, 1);
  let umax = 0;
  for (let i = 0; i < u0.length; i++) umax = Math.max(umax, Math.abs(u0[i]));
  if (!Number.isFinite(umax)) throw new RangeError(`${where}: u0 must be finite`);
  return Math.max(1, Math.ceil((time * umax * model.n) / (model.length * cfl)));
}
