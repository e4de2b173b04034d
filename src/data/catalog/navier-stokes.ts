/**
 * 2D Navier–Stokes vorticity pairs ω0 → ω(T) for the Fourier neural operator (sim.navierStokes):
 * random initial vorticity under a weak Kolmogorov forcing, advanced pseudo-spectrally.
 */
import { NavierStokes2d, randomVorticity, simulate } from "../../sim/navier-stokes";
import { registerDataset } from "../registry";

const PHYSICS = { viscosity: 1e-3, time: 0.5, energy: 0.2, peak: 3, forcing: { amplitude: 0.1, wavenumber: 4 } };

/** Parameters per scale, as data (dt = 0.025·32/grid: the step of notebook 02, halved with the grid spacing). */
export const NAVIER_STOKES_FNO = {
  quick: { samples: 240, grid: 32, dt: 0.025, ...PHYSICS },
  paper: { samples: 1200, grid: 64, dt: 0.0125, ...PHYSICS },
};

type NsParams = typeof NAVIER_STOKES_FNO.quick;

registerDataset<NsParams>({
  name: "navier-stokes-fno",
  description: "2D incompressible Navier–Stokes vorticity on [0, 2π)² (ν = 1e-3, weak Kolmogorov forcing A·sin(4y) with A = 0.1): random initial vorticity ω0 (energy spectrum peaked at wavenumber 3, mean kinetic energy 0.2) and ω(T), T = 0.5.",
  purpose: "Notebook 02 (Fourier neural operator), second case: pairs ω0 → ω(T) against persistence and the best linear operator.",
  simulator: "sim.navierStokes.simulate (ETDRK4, 2/3 dealiasing), initial fields sim.navierStokes.randomVorticity",
  version: 1,
  seed: 0,
  scales: NAVIER_STOKES_FNO,
  arrays: (p) => ({
    w0: { dtype: "float64", shape: [p.samples, p.grid, p.grid], description: "initial vorticity [samples, y, x] (1/time), rows y_j = 2πj/grid" },
    wT: { dtype: "float64", shape: [p.samples, p.grid, p.grid], description: "vorticity at T [samples, y, x] (1/time)" },
  }),
  build(p, ctx) {
    const model = new NavierStokes2d({ n: p.grid, viscosity: p.viscosity, forcing: { kind: "kolmogorov", ...p.forcing } });
    const cells = p.grid * p.grid, w0 = new Float64Array(p.samples * cells), wT = new Float64Array(p.samples * cells);
    const steps = Math.round(p.time / p.dt), t0 = performance.now();
    for (let b = 0; b < p.samples; b++) {
      const z0 = randomVorticity(model, { rng: ctx.rng.split(b), peakWavenumber: p.peak, energy: p.energy });
      const run = simulate(model, z0, { dt: p.dt, steps, scheme: "etdrk4" });
      w0.set(z0, b * cells);
      wT.set(run.vorticity[run.vorticity.length - 1], b * cells);
      ctx.onProgress(b + 1, p.samples);
    }
    ctx.info.solverSecondsPerSample = (performance.now() - t0) / 1000 / p.samples;
    const s = [p.samples, p.grid, p.grid];
    return { w0: { data: w0, shape: s }, wT: { data: wT, shape: s } };
  },
});
