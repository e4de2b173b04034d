/**
 * Decaying 2D turbulence for super-resolution (notebook 03): high-resolution vorticity snapshots
 * and two low-resolution versions of each run,
 *
 *   coarseGrained  the block mean of the high-resolution snapshot over factor² cells — the usual
 *                  "low resolution" of SR papers, made from the truth itself
 *   coarseSim      an independent coarse simulation: the block mean of the *initial* field, run on
 *                  the coarse grid with a larger viscosity (what a coarse model needs to stay
 *                  stable without resolving the dissipation range) to the same time — the
 *                  low resolution of a super-resolution simulation system (Yasuda & Onishi 2025),
 *                  with the coarse model's own errors (too diffusive, phase drift)
 */
import { NavierStokes2d, randomVorticity, simulate } from "../../sim/navier-stokes";
import { blockMean } from "../coarse";
import { registerDataset } from "../registry";

/**
 * Parameters per scale, as data. Paper: Fukami, Fukagata & Taira (2019, J. Fluid Mech. 870, 106)'s
 * setting for 2D decaying turbulence — a 128² grid, ×4 coarse-graining, 1000 snapshots. Quick: the
 * same grids, 28 runs. The truth (ν = 5·10⁻³, energy peaked at wavenumber 3) is resolved on 128²;
 * the coarse model (32², its grid spacing 4x the truth's) runs with ten times the viscosity — an
 * eddy viscosity that keeps it smooth on its grid and makes it too diffusive. t = 1 is about four
 * eddy turnovers of the initial field (rms vorticity ≈ 4).
 */
export const SUPER_RESOLUTION = {
  quick: { samples: 28, grid: 128, factor: 4, viscosity: 5e-3, coarseViscosity: 5e-2, energy: 0.5, peak: 3, time: 1, dt: 0.01, coarseDt: 0.01 },
  paper: { samples: 1000, grid: 128, factor: 4, viscosity: 5e-3, coarseViscosity: 5e-2, energy: 0.5, peak: 3, time: 1, dt: 0.01, coarseDt: 0.01 },
};

type SrParams = typeof SUPER_RESOLUTION.quick;

/** Copies a float64 field into a float32 array at `offset`. */
function put(out: Float32Array, offset: number, f: Float64Array): void {
  for (let p = 0; p < f.length; p++) out[offset + p] = f[p];
}

/** The block mean of a zero-mean field [n, n] over r×r cells, with its mean (round-off) removed. */
function coarsen(f: Float64Array, n: number, r: number): Float64Array {
  const c = blockMean({ data: f, shape: [n, n] }, r).data;
  let mean = 0;
  for (let p = 0; p < c.length; p++) mean += c[p];
  mean /= c.length;
  for (let p = 0; p < c.length; p++) c[p] -= mean;
  return c;
}

registerDataset<SrParams>({
  name: "super-resolution-turbulence",
  description: "Decaying 2D turbulence on the periodic square [0, 2π)² (random initial vorticity with an energy spectrum peaked at wavenumber `peak`, mean kinetic energy `energy`, viscosity ν, run to t = `time`): the high-resolution vorticity, its block mean over factor² cells, and an independent coarse simulation (the block mean of the initial field run on the coarse grid with viscosity `coarseViscosity`) to the same time.",
  purpose: "Notebook 03 (super-resolution): SRCNN from one snapshot cut into patches (and 4, 16), local attribution maps of a CNN and an FNO, and bias correction — SR from the independent, more diffusive coarse simulation instead of coarse-graining.",
  simulator: "sim.navierStokes.simulate (ETDRK4, 2/3 dealiasing) on the fine and on the coarse grid, initial fields sim.navierStokes.randomVorticity, coarse-graining data.blockMean",
  version: 1,
  seed: 300,
  scales: SUPER_RESOLUTION,
  arrays: (p) => {
    const n = p.samples, g = p.grid, h = p.grid / p.factor;
    return {
      vorticity: { dtype: "float32", shape: [n, g, g, 1], description: "high-resolution vorticity ζ(t = time) [n, y, x, 1] (1/time; domain side 2π, initial mean kinetic energy `energy`); rows y_j = 2πj/grid upward" },
      coarseGrained: { dtype: "float32", shape: [n, h, h, 1], description: "block mean of `vorticity` over factor² cells [n, y, x, 1] (1/time)" },
      coarseSim: { dtype: "float32", shape: [n, h, h, 1], description: "independent coarse simulation at t = time [n, y, x, 1] (1/time): block mean of the initial vorticity, run on the coarse grid with viscosity `coarseViscosity`" },
    };
  },
  build(p, ctx) {
    const { samples: n, grid: g, factor: r } = p, h = g / r, cells = g * g, low = h * h;
    if (g % r !== 0) throw new RangeError(`super-resolution-turbulence: grid ${g} is not divisible by factor ${r}`);
    const fine = new NavierStokes2d({ n: g, viscosity: p.viscosity });
    const coarse = new NavierStokes2d({ n: h, viscosity: p.coarseViscosity });
    const vorticity = new Float32Array(n * cells), coarseGrained = new Float32Array(n * low), coarseSim = new Float32Array(n * low);
    let fineSeconds = 0, coarseSeconds = 0;
    for (let b = 0; b < n; b++) {
      const z0 = randomVorticity(fine, { rng: ctx.rng.split(b), peakWavenumber: p.peak, energy: p.energy });
      let t0 = performance.now();
      const run = simulate(fine, z0, { dt: p.dt, steps: Math.round(p.time / p.dt), scheme: "etdrk4" });
      fineSeconds += (performance.now() - t0) / 1000;
      const zT = run.vorticity[run.vorticity.length - 1];
      put(vorticity, b * cells, zT);
      put(coarseGrained, b * low, coarsen(zT, g, r));
      t0 = performance.now();
      const lowRun = simulate(coarse, coarsen(z0, g, r), { dt: p.coarseDt, steps: Math.round(p.time / p.coarseDt), scheme: "etdrk4" });
      coarseSeconds += (performance.now() - t0) / 1000;
      put(coarseSim, b * low, lowRun.vorticity[lowRun.vorticity.length - 1]);
      ctx.onProgress(b + 1, n);
    }
    ctx.info.fineSolverSecondsPerRun = fineSeconds / n;
    ctx.info.coarseSolverSecondsPerRun = coarseSeconds / n;
    return {
      vorticity: { data: vorticity, shape: [n, g, g, 1] },
      coarseGrained: { data: coarseGrained, shape: [n, h, h, 1] },
      coarseSim: { data: coarseSim, shape: [n, h, h, 1] },
    };
  },
});
