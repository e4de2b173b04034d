/**
 * Time integration of NavierStokes2d with snapshots of the vorticity field.
 */
import { runSplit, type SplitRunOptions } from "../split-model";
import { checkFloat64 } from "../validate";
import type { NavierStokes2d } from "./model";

export interface NavierStokesRun {
  /** Snapshot times (model time unit). */
  times: number[];
  /** Vorticity snapshots ζ on the grid, each [n, n] (rows = y), 1/time. */
  vorticity: Float64Array[];
  /** Final vorticity spectrum ζ̂ [n, n/2+1, 2], for continuing the run (pass to `simulateSpectral`). */
  spectrum: Float64Array;
  /** Time at the end of the run. */
  t: number;
}

/**
 * Integrates from the grid vorticity `zeta0` [n, n] (zero mean) for `steps` steps of `dt`.
 * Refuses dt when dt·(ν·k_max² + μ) exceeds the explicit scheme's stability limit or when the
 * CFL number dt·max(|u| + |v|)/Δx exceeds `cflLimit` (default 1) at any step.
 * Progress: `onProgress(step, steps)`.
 */
export function simulate(model: NavierStokes2d, zeta0: Float64Array, opts: SplitRunOptions): NavierStokesRun {
  return simulateSpectral(model, model.toSpectral(zeta0), opts);
}

/** As `simulate`, from a vorticity spectrum ζ̂ (copied, not modified). */
export function simulateSpectral(model: NavierStokes2d, zetaHat: Float64Array, opts: SplitRunOptions): NavierStokesRun {
  checkFloat64("navierStokes.simulate", "zetaHat", zetaHat, model.size, `[${model.n}, ${model.n / 2 + 1}, 2]`);
  const state = zetaHat.slice();
  const run = runSplit("navierStokes.simulate", model, state, opts, (y) => model.toGrid(y),
    `viscosity ${model.viscosity} and drag ${model.drag} on a ${model.n}² grid`);
  return { times: run.times, vorticity: run.snapshots, spectrum: run.state, t: run.t };
}
