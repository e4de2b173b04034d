/**
 * Urban canopy datasets (sim.urban): random building layouts and their steady temperature anomaly
 * under a lattice-Boltzmann wind, on one grid (surrogate learning) or on a fine and a coarse grid
 * rasterized separately (super-resolution with missing street cells).
 */
import { DEFAULT_DOMAIN, DEFAULT_HEAT, type BuildingLayout, cellVelocity, randomLayout, solveUrbanSteady } from "../../sim/urban";
import type { UrbanSteadyCase } from "../../sim/urban";
import { registerDataset } from "../registry";
import type { ArraySpec, BuildContext, NamedArray } from "../types";

/** Physics shared by the urban datasets (explicit, so a change of a library default changes the cache key). */
const PHYSICS = {
  domain: { lx: DEFAULT_DOMAIN.lx, ly: DEFAULT_DOMAIN.ly },
  layout: { count: 14, sizeMin: 30, sizeMax: 120, minGap: 5, inletMargin: 80, outletMargin: 80, maxBuildings: 32 },
  wind: { model: "lbm", speed: 2, viscosity: 8, friction: 0.02 },
  heat: { ...DEFAULT_HEAT },
};

type Physics = typeof PHYSICS;

function layoutFor(p: Physics, ctx: BuildContext, i: number): BuildingLayout {
  const l = p.layout;
  return randomLayout(ctx.rng.split(i), {
    domain: p.domain, count: l.count, size: [l.sizeMin, l.sizeMax], minGap: l.minGap, inletMargin: l.inletMargin, outletMargin: l.outletMargin,
  });
}

function solve(p: Physics, layout: BuildingLayout, n: number): UrbanSteadyCase {
  return solveUrbanSteady(layout, { nx: n, ny: n, wind: { ...p.wind, model: p.wind.model as "lbm" | "potential" }, heat: p.heat });
}

/** Building rectangles [n, maxBuildings, 4] (x0, y0, x1, y1 in m; unused rows 0) and counts [n]. */
function layoutArrays(layouts: BuildingLayout[], max: number): { buildings: NamedArray; buildingCount: NamedArray } {
  const rects = new Float64Array(layouts.length * max * 4), count = new Int32Array(layouts.length);
  layouts.forEach((l, i) => {
    if (l.buildings.length > max) throw new RangeError(`urban dataset: layout ${i} has ${l.buildings.length} buildings, more than maxBuildings ${max}`);
    count[i] = l.buildings.length;
    l.buildings.forEach((r, k) => rects.set([r.x0, r.y0, r.x1, r.y1], (i * max + k) * 4));
  });
  return { buildings: { data: rects, shape: [layouts.length, max, 4] }, buildingCount: { data: count, shape: [layouts.length] } };
}

const layoutSpecs = (n: number, max: number): Record<string, ArraySpec> => ({
  buildings: { dtype: "float64", shape: [n, max, 4], description: "building rectangles (x0, y0, x1, y1) in metres; rows beyond buildingCount are 0" },
  buildingCount: { dtype: "int32", shape: [n], description: "number of buildings of each layout" },
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

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
