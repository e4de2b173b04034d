/**
 * The urban super-resolution dataset: each layout simulated on a fine and on a coarse grid, buildings
 * rasterized separately at each (sim.urban), so narrow streets vanish on the coarse grid. Each layout
 * also draws its own heating factor (log-uniform in `heating`), which multiplies the ground heating
 * and the wall heat flux of both its runs alike — a condition the layout does not show (the day's
 * sunshine), so the fine field's amplitude has to be read from the coarse run.
 */
import type { BuildingLayout } from "../../sim/urban";
import { registerDataset } from "../registry";
import type { BuildContext } from "../types";
import { PHYSICS, type Physics, layoutArrays, layoutFor, layoutSpecs, mean, solve } from "./urban";

/** Range [min, max] of each layout's heating factor, drawn log-uniform: q_g and q_w are PHYSICS.heat's times the factor. */
export const HEATING: [number, number] = [0.5, 2];

type SrParams = { samples: number; high: number; low: number; heating: [number, number] } & Physics;

/** Throws unless the heating range is [min, max] with 0 < min ≤ max < ∞ (a log-uniform draw needs positive ends). */
export function checkHeatingRange(where: string, heating: [number, number]): void {
  if (!Array.isArray(heating) || heating.length !== 2 || !heating.every((v) => Number.isFinite(v) && v > 0) || heating[0] > heating[1]) {
    throw new RangeError(`${where}: heating must be [min, max] with 0 < min ≤ max (finite), got ${JSON.stringify(heating)}`);
  }
}

/** The heating factor of layout i: log-uniform in p.heating, from its own stream (the layout draws from ctx.rng.split(i) itself). */
export function heatingFor(p: SrParams, ctx: BuildContext, i: number): number {
  const [a, b] = p.heating;
  return a * Math.exp(Math.log(b / a) * ctx.rng.split(i).split(1).uniform());
}

/** The dataset's heat parameters with ground heating and wall heat flux scaled by a layout's factor. */
export function scaledHeat(heat: Physics["heat"], factor: number): Physics["heat"] {
  return { ...heat, groundHeating: heat.groundHeating * factor, wallHeatFlux: heat.wallHeatFlux * factor };
}

registerDataset<SrParams>({
  name: "urban-sr",
  description: "The same random layouts simulated twice — on a fine and on a 4x coarser grid, buildings rasterized separately at each (narrow streets vanish on the coarse grid) — steady temperature anomaly under a lattice-Boltzmann wind; each layout draws its own heating factor (log-uniform), which scales its ground and wall heating in both runs.",
  purpose: "Notebook 04 (urban SR simulation): restore missing street cells and super-resolve the coarse run x4; the coarse run is the biased, cheap model, and the only source of each layout's heating.",
  simulator: "sim.urban.solveUrbanSteady at two resolutions",
  version: 2,
  seed: 404,
  scales: {
    quick: { samples: 96, high: 64, low: 16, heating: HEATING, ...PHYSICS },
    paper: { samples: 2000, high: 64, low: 16, heating: HEATING, ...PHYSICS },
  },
  arrays: (p) => {
    checkHeatingRange("urban-sr", p.heating);
    return {
      solidHigh: { dtype: "uint8", shape: [p.samples, p.high, p.high], description: "fine-grid building mask [n, H, W] (1 = building)" },
      thetaHigh: { dtype: "float32", shape: [p.samples, p.high, p.high], description: "fine-grid steady temperature anomaly (K) [n, H, W]; 0 in buildings" },
      solidLow: { dtype: "uint8", shape: [p.samples, p.low, p.low], description: "coarse-grid building mask [n, h, w], rasterized independently" },
      thetaLow: { dtype: "float32", shape: [p.samples, p.low, p.low], description: "coarse-grid steady temperature anomaly (K) [n, h, w]; 0 in buildings" },
      fractionLow: { dtype: "float32", shape: [p.samples, p.low, p.low], description: "covered fraction of each coarse cell [n, h, w]" },
      heating: { dtype: "float64", shape: [p.samples], description: "each layout's heating factor [n]: its ground heating and wall heat flux are heat.groundHeating and heat.wallHeatFlux times it" },
      ...layoutSpecs(p.samples, p.layout.maxBuildings),
    };
  },
  build(p, ctx) {
    checkHeatingRange("urban-sr", p.heating);
    const n = p.samples, hi = p.high * p.high, lo = p.low * p.low;
    const solidHigh = new Uint8Array(n * hi), thetaHigh = new Float32Array(n * hi);
    const solidLow = new Uint8Array(n * lo), thetaLow = new Float32Array(n * lo), fractionLow = new Float32Array(n * lo);
    const heating = new Float64Array(n);
    const layouts: BuildingLayout[] = [], tHigh: number[] = [], tLow: number[] = [];
    let unconverged = 0;
    for (let i = 0; i < n; i++) {
      const layout = layoutFor(p, ctx, i), factor = heatingFor(p, ctx, i), physics = { ...p, heat: scaledHeat(p.heat, factor) };
      const fine = solve(physics, layout, p.high), coarse = solve(physics, layout, p.low);
      solidHigh.set(fine.mask.solid, i * hi);
      thetaHigh.set(Float32Array.from(fine.theta), i * hi);
      solidLow.set(coarse.mask.solid, i * lo);
      thetaLow.set(Float32Array.from(coarse.theta), i * lo);
      fractionLow.set(Float32Array.from(coarse.mask.fraction), i * lo);
      heating[i] = factor;
      layouts.push(layout); tHigh.push(fine.seconds.total); tLow.push(coarse.seconds.total);
      unconverged += (fine.windInfo.converged ? 0 : 1) + (coarse.windInfo.converged ? 0 : 1);
      ctx.onProgress(i + 1, n);
    }
    ctx.info.solverSecondsPerSample = { high: mean(tHigh), low: mean(tLow) };
    ctx.info.unsteadyWinds = unconverged;
    return {
      solidHigh: { data: solidHigh, shape: [n, p.high, p.high] }, thetaHigh: { data: thetaHigh, shape: [n, p.high, p.high] },
      solidLow: { data: solidLow, shape: [n, p.low, p.low] }, thetaLow: { data: thetaLow, shape: [n, p.low, p.low] },
      fractionLow: { data: fractionLow, shape: [n, p.low, p.low] }, heating: { data: heating, shape: [n] },
      ...layoutArrays(layouts, p.layout.maxBuildings),
    };
  },
});
