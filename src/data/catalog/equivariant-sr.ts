/**
 * Decaying 2D turbulence velocity for rotation-equivariant super-resolution (Yasuda & Onishi 2023,
 * arXiv:2202.11099): high-resolution (u, v) snapshots and two low-resolution versions of each,
 *
 *   A  block mean over r×r cells — commutes with 90° turns of the square periodic grid
 *      (a rotationally consistent dataset: LR(R·x) = R·LR(x))
 *   B  a directional, trailing average along +x over 2r cells, then the block mean — what a sensor
 *      averaging in time under a mean wind along +x records (Taylor's frozen-turbulence hypothesis);
 *      it does not commute with turns (a rotationally inconsistent dataset)
 *
 * and, for the consistency diagnostic ‖LR(R^k·x) − R^k·LR(x)‖, both operators applied to the
 * high-resolution field turned by k = 1, 2, 3 quarter turns (the vector components turned with it).
 */
import { rot90VectorField } from "../../core/rot90-field";
import { NavierStokes2d, randomVorticity, simulate } from "../../sim/navier-stokes";
import { blockMean } from "../coarse";
import { registerDataset } from "../registry";

/**
 * Parameters per scale, as data. Paper: the 128² grid and 1000 runs of the original (which coarsens
 * by ≈9; 8 divides 128). The viscosity keeps each run resolved: at t = `time` the enstrophy spectrum
 * k²E(k) at the dealiasing cutoff is ~3·10⁻³ (quick) and ~10⁻⁴ (paper) of its peak.
 */
export const EQUIVARIANT_SR = {
  quick: { samples: 36, grid: 64, factor: 4, viscosity: 1e-2, energy: 0.5, peak: 5, time: 1.5, dt: 0.01 },
  paper: { samples: 1000, grid: 128, factor: 8, viscosity: 5e-3, energy: 0.5, peak: 8, time: 1.5, dt: 0.005 },
};

type SrParams = typeof EQUIVARIANT_SR.quick;

/** Trailing running mean along x over `cells` cells of a periodic [n, n] field (row-major, rows = y). */
function trailingMeanX(f: Float64Array, n: number, cells: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    let s = 0;
    for (let m = 0; m < cells; m++) s += f[j * n + ((i - m + n) % n)];
    out[j * n + i] = s / cells;
  }
  return out;
}

/** The two low-resolution operators on one field [n, n] → [n/r, n/r]. */
function lowRes(f: Float64Array, n: number, r: number, kind: "A" | "B"): Float64Array {
  const x = kind === "A" ? f : trailingMeanX(f, n, 2 * r);
  return blockMean({ data: x, shape: [n, n] }, r).data;
}

/** Interleaves (u, v) [n·n each] into rows of [n, n, 2] float32 at `offset`. */
function putVector(out: Float32Array, offset: number, u: Float64Array, v: Float64Array): void {
  for (let p = 0; p < u.length; p++) { out[offset + 2 * p] = u[p]; out[offset + 2 * p + 1] = v[p]; }
}

registerDataset<SrParams>({
  name: "equivariant-sr-turbulence",
  description: "Decaying 2D turbulence on the periodic square [0, 2π)² (random initial vorticity with an energy spectrum peaked at wavenumber `peak`, mean kinetic energy `energy`, viscosity ν, run to t = `time`): high-resolution velocity (u, v) and two low-resolution versions — A, the block mean over factor² cells (commutes with 90° turns), and B, a trailing average along +x over 2·factor cells followed by the block mean (does not) — plus A and B of the field turned by 1, 2 and 3 quarter turns.",
  purpose: "Notebook 07 (rotational equivariance): C4-equivariant vs plain CNN super-resolution of velocity on a rotationally consistent (A) and an inconsistent (B) dataset, and the consistency diagnostic ‖LR(R·x) − R·LR(x)‖.",
  simulator: "sim.navierStokes.simulate (ETDRK4, 2/3 dealiasing), initial fields sim.navierStokes.randomVorticity, velocity NavierStokes2d.velocity; low resolution data.blockMean",
  version: 1,
  seed: 700,
  scales: EQUIVARIANT_SR,
  arrays: (p) => {
    const n = p.samples, g = p.grid, h = p.grid / p.factor;
    return {
      velocity: { dtype: "float32", shape: [n, g, g, 2], description: "high-resolution velocity (u along x, v along y) [n, y, x, 2] in the solver's units (domain side 2π, initial mean kinetic energy `energy`); rows y_j = 2πj/grid upward" },
      lowA: { dtype: "float32", shape: [n, h, h, 2], description: "A: block mean over factor² cells [n, y, x, 2]" },
      lowB: { dtype: "float32", shape: [n, h, h, 2], description: "B: trailing mean along +x over 2·factor cells, then the block mean [n, y, x, 2]" },
      lowATurned: { dtype: "float32", shape: [n, 3, h, h, 2], description: "A of the high-resolution field turned by k = 1, 2, 3 counterclockwise quarter turns (core.rot90VectorField) [n, k−1, y, x, 2]" },
      lowBTurned: { dtype: "float32", shape: [n, 3, h, h, 2], description: "B of the turned high-resolution field [n, k−1, y, x, 2]" },
    };
  },
  build(p, ctx) {
    const { samples: n, grid: g, factor: r } = p, h = g / r, cells = g * g, low = h * h * 2;
    if (g % r !== 0) throw new RangeError(`equivariant-sr-turbulence: grid ${g} is not divisible by factor ${r}`);
    const model = new NavierStokes2d({ n: g, viscosity: p.viscosity });
    const velocity = new Float32Array(n * cells * 2), lowA = new Float32Array(n * low), lowB = new Float32Array(n * low);
    const lowATurned = new Float32Array(n * 3 * low), lowBTurned = new Float32Array(n * 3 * low);
    const steps = Math.round(p.time / p.dt), t0 = performance.now();
    for (let b = 0; b < n; b++) {
      const z0 = randomVorticity(model, { rng: ctx.rng.split(b), peakWavenumber: p.peak, energy: p.energy });
      const run = simulate(model, z0, { dt: p.dt, steps, scheme: "etdrk4" });
      const { u, v } = model.velocity(run.spectrum);
      putVector(velocity, b * cells * 2, u, v);
      putVector(lowA, b * low, lowRes(u, g, r, "A"), lowRes(v, g, r, "A"));
      putVector(lowB, b * low, lowRes(u, g, r, "B"), lowRes(v, g, r, "B"));
      for (let k = 1; k <= 3; k++) {
        const t = rot90VectorField(u, v, g, g, k), o = (b * 3 + k - 1) * low;
        putVector(lowATurned, o, lowRes(t.u, g, r, "A"), lowRes(t.v, g, r, "A"));
        putVector(lowBTurned, o, lowRes(t.u, g, r, "B"), lowRes(t.v, g, r, "B"));
      }
      ctx.onProgress(b + 1, n);
    }
    ctx.info.solverSecondsPerSample = (performance.now() - t0) / 1000 / n;
    return {
      velocity: { data: velocity, shape: [n, g, g, 2] },
      lowA: { data: lowA, shape: [n, h, h, 2] }, lowB: { data: lowB, shape: [n, h, h, 2] },
      lowATurned: { data: lowATurned, shape: [n, 3, h, h, 2] }, lowBTurned: { data: lowBTurned, shape: [n, 3, h, h, 2] },
    };
  },
});
