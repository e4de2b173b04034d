/**
 * Two-scale Lorenz-96 truth for closure (hybrid-model) experiments: the slow variables X_k and the
 * tendency the fast scale exerts on them, U_k = −(h·c/b)·Σ_j Y_{j,k} (Wilks 2005; Arnold et al. 2013),
 * on two independent trajectories: one to fit a closure, one for forecast starts and climate.
 */
import { Lorenz96TwoScale, simulate } from "../../sim/lorenz96";
import type { Rng } from "../../core/random";
import { registerDataset } from "../registry";

/** The chaotic regime of Arnold et al. (2013), K = 8, J = 32, h = 1, b = c = 10, F = 20; RK4 dt = 0.001. */
const MODEL = { sites: 8, fastPerSite: 32, forcing: 20, h: 1, b: 10, c: 10 };
const RUN = { dt: 0.001, spinUp: 10, sampleDt: 0.01 };

/** Parameters per scale, as data: time units of the fitting record and of the independent test record. */
export const LORENZ96_CLOSURE = {
  quick: { ...MODEL, ...RUN, fitUnits: 100, testUnits: 50 },
  paper: { ...MODEL, ...RUN, fitUnits: 1000, testUnits: 200 },
};

type L96Params = typeof LORENZ96_CLOSURE.quick;

const every = (p: L96Params) => Math.round(p.sampleDt / p.dt);
const rows = (p: L96Params, units: number) => Math.round(units / p.sampleDt) + 1;

/** One record: a random start (X uniform in [−5, 5), Y ~ N(0, 0.2²)), its own spin-up, then X and U every sampleDt. */
function record(p: L96Params, model: Lorenz96TwoScale, rng: Rng, units: number, onProgress: (done: number, total: number) => void) {
  const x0 = new Float64Array(model.dim);
  for (let i = 0; i < model.dim; i++) x0[i] = i < p.sites ? rng.uniform() * 10 - 5 : 0.2 * rng.normal();
  const spun = simulate(model, x0, { dt: p.dt, steps: Math.round(p.spinUp / p.dt) });
  const run = simulate(model, spun.final, { dt: p.dt, steps: Math.round(units / p.dt), saveEvery: every(p), onProgress });
  const nT = run.times.length, K = p.sites, X = new Float64Array(nT * K), U = new Float64Array(nT * K);
  for (let t = 0; t < nT; t++) {
    const s = run.states.subarray(t * model.dim, (t + 1) * model.dim);
    X.set(s.subarray(0, K), t * K);
    model.coupling(s, U.subarray(t * K, (t + 1) * K));
  }
  return { X: { data: X, shape: [nT, K] }, U: { data: U, shape: [nT, K] } };
}

registerDataset<L96Params>({
  name: "lorenz96-closure",
  description: "Two-scale Lorenz-96 (Lorenz 1996) in the chaotic regime of Arnold et al. 2013 (K = 8, J = 32, h = 1, b = c = 10, F = 20; RK4, dt = 0.001): slow variables X_k and the fast scale's tendency on them, U_k = −(hc/b) Σ_j Y_j,k, every sampleDt, on two independent trajectories (own random start and spin-up each): a fitting record and a test record.",
  purpose: "Notebook 01 (surrogates), hybrid model: fit a closure U(X) for a one-scale Lorenz-96 on the fitting record; forecast from and compare climate with the test record.",
  simulator: "sim.lorenz96.Lorenz96TwoScale (RK4, sim.lorenz96.simulate)",
  version: 1,
  seed: 0,
  scales: LORENZ96_CLOSURE,
  arrays: (p) => {
    const fit = [rows(p, p.fitUnits), p.sites], test = [rows(p, p.testUnits), p.sites];
    return {
      Xfit: { dtype: "float64", shape: fit, description: "fitting record: slow variables X_k [time, k], rows every sampleDt" },
      Ufit: { dtype: "float64", shape: fit, description: "fitting record: sub-grid tendency U_k = −(hc/b) Σ_j Y_j,k [time, k] (dX/dt units)" },
      Xtest: { dtype: "float64", shape: test, description: "independent test record: X_k [time, k], rows every sampleDt" },
      Utest: { dtype: "float64", shape: test, description: "independent test record: U_k [time, k]" },
    };
  },
  build(p, ctx) {
    const model = new Lorenz96TwoScale({ sites: p.sites, fastPerSite: p.fastPerSite, forcing: p.forcing, coupling: p.h, b: p.b, c: p.c });
    const total = Math.round((p.fitUnits + p.testUnits) / p.dt), fitSteps = Math.round(p.fitUnits / p.dt);
    const fit = record(p, model, ctx.rng.split(0), p.fitUnits, (d) => ctx.onProgress(d, total));
    const test = record(p, model, ctx.rng.split(1), p.testUnits, (d) => ctx.onProgress(fitSteps + d, total));
    return { Xfit: fit.X, Ufit: fit.U, Xtest: test.X, Utest: test.U };
  },
});
