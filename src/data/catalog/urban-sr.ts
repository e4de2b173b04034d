/**
 * The urban super-resolution dataset: each layout simulated on a fine and on a coarse grid, buildings
 * rasterized separately at each (sim.urban), so narrow streets vanish on the coarse grid.
 */
import type { BuildingLayout } from "../../sim/urban";
import { registerDataset } from "../registry";
import { PHYSICS, type Physics, layoutArrays, layoutFor, layoutSpecs, mean, solve } from "./urban";

type SrParams = { samples: number; high: number; low: number } & Physics;

registerDataset<SrParams>({
  name: "urban-sr",
  description: "The same random layouts simulated twice — on a fine and on a 4x coarser grid, buildings rasterized separately at each (narrow streets vanish on the coarse grid) — steady temperature anomaly under a lattice-Boltzmann wind.",
  purpose: "Notebook 04 (urban SR simulation): restore missing street cells and super-resolve the coarse run x4; the coarse run is the biased, cheap model.",
  simulator: "sim.urban.solveUrbanSteady at two resolutions",
  version: 1,
  seed: 404,
  scales: { quick: { samples: 96, high: 64, low: 16, ...PHYSICS }, paper: { samples: 2000, high: 64, low: 16, ...PHYSICS } },
  arrays: (p) => ({
    solidHigh: { dtype: "uint8", shape: [p.samples, p.high, p.high], description: "fine-grid building mask [n, H, W] (1 = building)" },
    thetaHigh: { dtype: "float32", shape: [p.samples, p.high, p.high], description: "fine-grid steady temperature anomaly (K) [n, H, W]; 0 in buildings" },
    solidLow: { dtype: "uint8", shape: [p.samples, p.low, p.low], description: "coarse-grid building mask [n, h, w], rasterized independently" },
    thetaLow: { dtype: "float32", shape: [p.samples, p.low, p.low], description: "coarse-grid steady temperature anomaly (K) [n, h, w]; 0 in buildings" },
    fractionLow: { dtype: "float32", shape: [p.samples, p.low, p.low], description: "covered fraction of each coarse cell [n, h, w]" },
    ...layoutSpecs(p.samples, p.layout.maxBuildings),
  }),
  build(p, ctx) {
    const n = p.samples, hi = p.high * p.high, lo = p.low * p.low;
    const solidHigh = new Uint8Array(n * hi), thetaHigh = new Float32Array(n * hi);
    const solidLow = new Uint8Array(n * lo), thetaLow = new Float32Array(n * lo), fractionLow = new Float32Array(n * lo);
    const layouts: BuildingLayout[] = [], tHigh: number[] = [], tLow: number[] = [];
    let unconverged = 0;
    for (let i = 0; i < n; i++) {
      const layout = layoutFor(p, ctx, i);
      const fine = solve(p, layout, p.high), coarse = solve(p, layout, p.low);
      solidHigh.set(fine.mask.solid, i * hi);
      thetaHigh.set(Float32Array.from(fine.theta), i * hi);
      solidLow.set(coarse.mask.solid, i * lo);
      thetaLow.set(Float32Array.from(coarse.theta), i * lo);
      fractionLow.set(Float32Array.from(coarse.mask.fraction), i * lo);
      layouts.push(layout); tHigh.push(fine.seconds.total); tLow.push(coarse.seconds.total);
      unconverged += (fine.windInfo.converged ? 0 : 1) + (coarse.windInfo.converged ? 0 : 1);
      ctx.onProgress(i + 1, n);
    }
    ctx.info.solverSecondsPerSample = { high: mean(tHigh), low: mean(tLow) };
    ctx.info.unsteadyWinds = unconverged;
    return {
      solidHigh: { data: solidHigh, shape: [n, p.high, p.high] }, thetaHigh: { data: thetaHigh, shape: [n, p.high, p.high] },
      solidLow: { data: solidLow, shape: [n, p.low, p.low] }, thetaLow: { data: thetaLow, shape: [n, p.low, p.low] },
      fractionLow: { data: fractionLow, shape: [n, p.low, p.low] }, ...layoutArrays(layouts, p.layout.maxBuildings),
    };
  },
});
