/**
 * Time integration of BarotropicModel with vorticity snapshots on the physical grid.
 */
import { runSplit, type SplitRunOptions } from "../split-model";
import { checkFloat64 } from "../validate";
import type { BarotropicModel } from "./model";

export interface BarotropicRun {
  times: number[];
  /** Vorticity snapshots ζ [ny, nx] (rows = y; channel rows include the walls). */
  vorticity: Float64Array[];
  /** Final ζ̂ on the FFT grid, to continue with `simulateSpectral`. */
  spectrum: Float64Array;
  t: number;
}

/**
 * Integrates from ζ0 [ny, nx]. dt is refused if the explicit scheme is unstable on drag +
 * hyperdiffusion (use scheme "etdrk4" to lift that limit) or if the CFL number exceeds `cflLimit`.
 */
export function simulate(model: BarotropicModel, zeta0: Float64Array, opts: SplitRunOptions): BarotropicRun {
  return simulateSpectral(model, model.toSpectral(zeta0), opts);
}

/** As `simulate`, from ζ̂ (copied). */
export function simulateSpectral(model: BarotropicModel, zetaHat: Float64Array, opts: SplitRunOptions): BarotropicRun {
  checkFloat64("barotropic.simulate", "zetaHat", zetaHat, model.size);
  const d = model.domain;
  const run = runSplit("barotropic.simulate", model, zetaHat.slice(), opts, (y) => model.toGrid(y),
    `drag ${model.drag} and hyperviscosity ${model.hyperviscosity} (order ${model.order}) on a ${d.ny}×${d.nx} ${d.kind} grid`);
  return { times: run.times, vorticity: run.snapshots, spectrum: run.state, t: run.t };
}
