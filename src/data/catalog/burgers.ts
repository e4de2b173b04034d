/**
 * 1D viscous Burgers pairs u0 → u(T) for the Fourier neural operator (sim.burgers): Gaussian random
 * initial fields on the truth grid and the pseudo-spectral ETDRK4 solution at T. Coarser grids are
 * point samples of the same functions (data.subsample), so one dataset serves every resolution.
 */
import { Burgers1d, cflSteps, randomInitialConditions, simulate } from "../../sim/burgers";
import { registerDataset } from "../registry";

/**
 * The parameters per scale, as data (they are the dataset's identity and cache key; nothing here
 * depends on a notebook's run). paper is neuraloperator's generator (Li et al. 2020: 8192 points,
 * ν = 1e-3, GRF σ = 49, τ = 7, γ = 2.5); quick keeps its GRF on a 512-point truth grid at the
 * lowest viscosity that grid resolves for every sample (ν = 7e-4: relative difference to a
 * 1024-point solve ≤ 8e-4 over 100 samples of three seeds; at 6e-4 a tenth of the samples exceed 1e-3),
 * where the operator is strongly nonlinear (shocks): the best per-mode linear operator is ~25x
 * worse than a trained FNO. Each solve takes the fewest steps with CFL ≤ `cfl` (see
 * sim.burgers.cflSteps); the steps of every sample are stored.
 */
export const BURGERS_FNO = {
  quick: { samples: 950, grid: 512, viscosity: 7e-4, time: 1, cfl: 0.8, grf: { sigma: 49, tau: 7, alpha: 2.5 } },
  paper: { samples: 1200, grid: 8192, viscosity: 1e-3, time: 1, cfl: 0.8, grf: { sigma: 49, tau: 7, alpha: 2.5 } },
};

type BurgersParams = typeof BURGERS_FNO.quick;

registerDataset<BurgersParams>({
  name: "burgers-fno",
  description: "1D viscous Burgers ∂u/∂t + ∂(u²/2)/∂x = ν ∂²u/∂x² on the periodic unit interval: Gaussian random initial fields u0 ~ N(0, σ²(−Δ + τ²)^−α) (neuraloperator's generator, α = its γ) and the pseudo-spectral solution u(T), both on the truth grid x_i = i/grid.",
  purpose: "Notebook 02 (Fourier neural operator): training and zero-shot evaluation pairs u0 → u(T), the solver's Jacobian, and the solver-vs-FNO timing.",
  simulator: "sim.burgers.simulate (ETDRK4, 2/3 dealiasing; steps per sample by sim.burgers.cflSteps), initial fields sim.burgers.randomInitialConditions",
  version: 1,
  seed: 0,
  scales: BURGERS_FNO,
  arrays: (p) => ({
    u0: { dtype: "float64", shape: [p.samples, p.grid], description: "initial field u0(x_i), x_i = i/grid [samples, grid] (velocity units; zero mean)" },
    uT: { dtype: "float64", shape: [p.samples, p.grid], description: "solution u(x_i, T) [samples, grid]" },
    steps: { dtype: "int32", shape: [p.samples], description: "ETDRK4 steps of each solve (dt = time/steps, CFL ≤ cfl)" },
  }),
  build(p, ctx) {
    const model = new Burgers1d({ n: p.grid, viscosity: p.viscosity });
    const n = p.grid, u0 = randomInitialConditions(model, p.samples, { rng: ctx.rng, ...p.grf });
    const uT = new Float64Array(u0.length), steps = new Int32Array(p.samples);
    let tail = 0;
    const t0 = performance.now();
    for (let b = 0; b < p.samples; b++) {
      const u = u0.subarray(b * n, (b + 1) * n);
      steps[b] = cflSteps(model, u, { time: p.time, cfl: p.cfl });
      const run = simulate(model, u, { dt: p.time / steps[b], steps: steps[b], scheme: "etdrk4" });
      uT.set(run.u[run.u.length - 1], b * n);
      tail = Math.max(tail, run.tailFraction);
      ctx.onProgress(b + 1, p.samples);
    }
    ctx.info.solverSecondsPerSample = (performance.now() - t0) / 1000 / p.samples;
    ctx.info.meanSteps = steps.reduce((a, s) => a + s, 0) / p.samples;
    ctx.info.maxTailFraction = tail; // resolution: energy share in the top third of the kept band at T (≲ 1e-10 resolved)
    return { u0: { data: u0, shape: [p.samples, n] }, uT: { data: uT, shape: [p.samples, n] }, steps: { data: steps, shape: [p.samples] } };
  },
});
