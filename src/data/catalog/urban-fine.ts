/**
 * The urban zero-shot super-resolution dataset: random layouts simulated on a fine grid (5 m cells
 * at 128² over the 640 m domain) with a less diffusive canopy air than the other urban datasets
 * (heat diffusivity 0.5 m²/s instead of 8), so the temperature holds structure at the 5 m scale that
 * a 10 m grid misses. Notebook 05 derives every coarser grid from it by block means.
 */
import { type BuildingLayout, solveUrbanSteady } from "../../sim/urban";
import { registerDataset } from "../registry";
import { PHYSICS, type Physics, layoutArrays, layoutFor, layoutSpecs, mean } from "./urban";

/** The heat solve's stopping rule: with little diffusion a few layouts converge slowly, so the tolerance is 1e-5 (far below the models' errors) with a generous sweep limit. */
const STEADY = { tolerance: 1e-5, maxSweeps: 100000 };

type FineParams = { samples: number; grid: number; steady: typeof STEADY } & Physics;

/** The shared urban physics with heat diffusivity 0.5 m²/s (sharper thermal wakes and wall layers). */
const FINE_PHYSICS: Physics = { ...PHYSICS, heat: { ...PHYSICS.heat, diffusivity: 0.5 } };

registerDataset<FineParams>({
  name: "urban-fine",
  description: "Random building layouts on a 640 m x 640 m canopy simulated on a fine grid (5 m cells at 128²), heat diffusivity 0.5 m²/s — steady temperature anomaly under a lattice-Boltzmann wind, with structure at the 5 m scale.",
  purpose: "Notebook 05 (transformer operator): super-resolve block means of 40 m cells to the 10 m grid in training and to the 5 m grid zero-shot.",
  simulator: "sim.urban.solveUrbanSteady",
  version: 1,
  seed: 505,
  scales: { quick: { samples: 56, grid: 128, steady: STEADY, ...FINE_PHYSICS }, paper: { samples: 2000, grid: 128, steady: STEADY, ...FINE_PHYSICS } },
  arrays: (p) => ({
    solid: { dtype: "uint8", shape: [p.samples, p.grid, p.grid], description: "building mask [n, H, W] (1 = building); row 0 at y = 0, x along the wind" },
    theta: { dtype: "float32", shape: [p.samples, p.grid, p.grid], description: "steady temperature anomaly θ (K) above the inflow air [n, H, W]; 0 in buildings" },
    ...layoutSpecs(p.samples, p.layout.maxBuildings),
  }),
  build(p, ctx) {
    const n = p.samples, cells = p.grid * p.grid;
    const solid = new Uint8Array(n * cells), theta = new Float32Array(n * cells);
    const layouts: BuildingLayout[] = [], seconds: number[] = [];
    let unconverged = 0, maxSweeps = 0;
    for (let i = 0; i < n; i++) {
      const layout = layoutFor(p, ctx, i);
      const r = solveUrbanSteady(layout, { nx: p.grid, ny: p.grid, wind: { ...p.wind, model: p.wind.model as "lbm" | "potential" }, heat: p.heat, steady: p.steady });
      solid.set(r.mask.solid, i * cells);
      theta.set(Float32Array.from(r.theta), i * cells); // float64 → float32, explicit
      layouts.push(layout); seconds.push(r.seconds.total);
      if (!r.windInfo.converged) unconverged++;
      maxSweeps = Math.max(maxSweeps, r.sweeps);
      ctx.onProgress(i + 1, n);
    }
    ctx.info.solverSecondsPerSample = mean(seconds);
    ctx.info.unsteadyWinds = unconverged;
    ctx.info.maxHeatSweeps = maxSweeps;
    const s = [n, p.grid, p.grid];
    return { solid: { data: solid, shape: s }, theta: { data: theta, shape: s }, ...layoutArrays(layouts, p.layout.maxBuildings) };
  },
});
