/**
 * Urban canopy datasets (sim.urban): random building layouts and their steady temperature anomaly
 * under a lattice-Boltzmann wind. This module registers urban-surrogate (one grid, surrogate
 * learning) and exports the physics and layout helpers every urban dataset shares (urban-sr.ts).
 */
import { DEFAULT_DOMAIN, DEFAULT_HEAT, type BuildingLayout, cellVelocity, randomLayout, solveUrbanSteady } from "../../sim/urban";
import type { UrbanSteadyCase } from "../../sim/urban";
import { registerDataset } from "../registry";
import type { ArraySpec, BuildContext, NamedArray } from "../types";

/** Physics shared by the urban datasets (explicit, so a change of a library default changes the cache key). */
export const PHYSICS = {
  domain: { lx: DEFAULT_DOMAIN.lx, ly: DEFAULT_DOMAIN.ly },
  layout: { count: 14, sizeMin: 30, sizeMax: 120, minGap: 5, inletMargin: 80, outletMargin: 80, maxBuildings: 32 },
  wind: { model: "lbm", speed: 2, viscosity: 8, friction: 0.02 },
  heat: { ...DEFAULT_HEAT },
};

export type Physics = typeof PHYSICS;

/** The i-th random layout of a dataset (its own split of the build rng). */
export function layoutFor(p: Physics, ctx: BuildContext, i: number): BuildingLayout {
  const l = p.layout;
  return randomLayout(ctx.rng.split(i), {
    domain: p.domain, count: l.count, size: [l.sizeMin, l.sizeMax], minGap: l.minGap, inletMargin: l.inletMargin, outletMargin: l.outletMargin,
  });
}

/** Steady wind and temperature of one layout on an n × n grid with the dataset physics. */
export function solve(p: Physics, layout: BuildingLayout, n: number): UrbanSteadyCase {
  return solveUrbanSteady(layout, { nx: n, ny: n, wind: { ...p.wind, model: p.wind.model as "lbm" | "potential" }, heat: p.heat });
}

/** Building rectangles [n, maxBuildings, 4] (x0, y0, x1, y1 in m; unused rows 0) and counts [n]. */
export function layoutArrays(layouts: BuildingLayout[], max: number): { buildings: NamedArray; buildingCount: NamedArray } {
  const rects = new Float64Array(layouts.length * max * 4), count = new Int32Array(layouts.length);
  layouts.forEach((l, i) => {
    if (l.buildings.length > max) throw new RangeError(`urban dataset: layout ${i} has ${l.buildings.length} buildings, more than maxBuildings ${max}`);
    count[i] = l.buildings.length;
    l.buildings.forEach((r, k) => rects.set([r.x0, r.y0, r.x1, r.y1], (i * max + k) * 4));
  });
  return { buildings: { data: rects, shape: [layouts.length, max, 4] }, buildingCount: { data: count, shape: [layouts.length] } };
}

/** Array specs of the building rectangles and counts stored with every urban dataset. */
export const layoutSpecs = (n: number, max: number): Record<string, ArraySpec> => ({
  buildings: { dtype: "float64", shape: [n, max, 4], description: "building rectangles (x0, y0, x1, y1) in metres; rows beyond buildingCount are 0" },
  buildingCount: { dtype: "int32", shape: [n], description: "number of buildings of each layout" },
});

/** Arithmetic mean (0 for an empty list). */
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

type SurrogateParams = { samples: number; grid: number } & Physics;

registerDataset<SurrogateParams>({
  name: "urban-surrogate",
  description: "Random building layouts on a 640 m x 640 m plan-view canopy and the steady temperature anomaly of the canopy air under a lattice-Boltzmann wind (heated ground and walls, upwind finite volumes solved by SSOR).",
  purpose: "Notebook 01 (surrogates): a CNN learns layout → temperature and is timed against the solver.",
  simulator: "sim.urban.solveUrbanSteady (wind: sim.urban.lbmWind, heat: sim.urban.solveSteady)",
  version: 1,
  seed: 101,
  scales: { quick: { samples: 300, grid: 32, ...PHYSICS }, paper: { samples: 4000, grid: 64, ...PHYSICS } },
  arrays: (p) => {
    const s = [p.samples, p.grid, p.grid];
    return {
      solid: { dtype: "uint8", shape: s, description: "building mask [n, ny, nx] (1 = building); row 0 at y = 0, x along the wind" },
      fraction: { dtype: "float32", shape: s, description: "covered fraction of each cell [n, ny, nx]" },
      theta: { dtype: "float32", shape: s, description: "steady temperature anomaly θ (K) above the inflow air [n, ny, nx]; 0 in buildings" },
      ux: { dtype: "float32", shape: s, description: "cell-centred wind along x (m/s) [n, ny, nx]" },
      uy: { dtype: "float32", shape: s, description: "cell-centred wind along y (m/s) [n, ny, nx]" },
      ...layoutSpecs(p.samples, p.layout.maxBuildings),
    };
  },
  build(p, ctx) {
    const n = p.samples, cells = p.grid * p.grid;
    const solid = new Uint8Array(n * cells), fraction = new Float32Array(n * cells), theta = new Float32Array(n * cells);
    const ux = new Float32Array(n * cells), uy = new Float32Array(n * cells);
    const layouts: BuildingLayout[] = [], wind: number[] = [], heat: number[] = [];
    let unconverged = 0;
    for (let i = 0; i < n; i++) {
      const layout = layoutFor(p, ctx, i);
      const r = solve(p, layout, p.grid);
      const v = cellVelocity(r.wind);
      solid.set(r.mask.solid, i * cells);
      fraction.set(Float32Array.from(r.mask.fraction), i * cells); // float64 → float32, explicit
      theta.set(Float32Array.from(r.theta), i * cells);
      ux.set(Float32Array.from(v.ux), i * cells);
      uy.set(Float32Array.from(v.uy), i * cells);
      layouts.push(layout); wind.push(r.seconds.wind); heat.push(r.seconds.heat);
      if (!r.windInfo.converged) unconverged++;
      ctx.onProgress(i + 1, n);
    }
    ctx.info.solverSecondsPerSample = { wind: mean(wind), heat: mean(heat), total: mean(wind) + mean(heat) };
    ctx.info.unsteadyWinds = unconverged; // winds that did not settle (their last-interval mean is used)
    const s = [n, p.grid, p.grid];
    return {
      solid: { data: solid, shape: s }, fraction: { data: fraction, shape: s }, theta: { data: theta, shape: s },
      ux: { data: ux, shape: s }, uy: { data: uy, shape: s }, ...layoutArrays(layouts, p.layout.maxBuildings),
    };
  },
});
