/**
 * States of the one-scale Lorenz-96 model (Lorenz 1996) on its attractor, for generative models of
 * the state (notebook 06): independent trajectories, each from its own random start, spun up, then
 * kept every `spacing` time units. The three sets (training, validation, test) come from disjoint
 * trajectories, so no test state shares a trajectory with a training state.
 */
import type { Rng } from "../../core/random";
import { Lorenz96, simulateEnsemble } from "../../sim/lorenz96";
import { registerDataset } from "../registry";

/** K = 32 sites (a power of two: the ring subsamples by 4 and Fourier-interpolates back), F = 8; RK4, dt = 0.025. */
const MODEL = { sites: 32, forcing: 8, dt: 0.025, spinUp: 10, spacing: 1, initialSpread: 1 };

/** Per scale: trajectories of each set and states kept per trajectory. */
export const LORENZ96_STATES = {
  quick: { ...MODEL, trainTrajectories: 200, validationTrajectories: 50, testTrajectories: 100, statesPerTrajectory: 20 },
  paper: { ...MODEL, trainTrajectories: 2000, validationTrajectories: 500, testTrajectories: 1000, statesPerTrajectory: 25 },
};

type Params = typeof LORENZ96_STATES.quick;
const SETS = ["train", "validation", "test"] as const;
const trajectories = (p: Params, set: (typeof SETS)[number]) =>
  set === "train" ? p.trainTrajectories : set === "validation" ? p.validationTrajectories : p.testTrajectories;

/** One set [trajectories·statesPerTrajectory, K]: start X_k ~ N(F, spread²) per trajectory, spin-up, then a state every `spacing`. */
function states(p: Params, n: number, rng: Rng, onSteps: (done: number) => void): Float64Array {
  const K = p.sites, x0 = new Float64Array(n * K);
  for (let b = 0; b < n; b++) rng.split(b).fillNormal(x0.subarray(b * K, (b + 1) * K), p.forcing, p.initialSpread);
  const model = new Lorenz96({ sites: K, forcing: p.forcing });
  const spinSteps = Math.round(p.spinUp / p.dt), every = Math.round(p.spacing / p.dt);
  const spun = simulateEnsemble(model, x0, { dt: p.dt, steps: spinSteps, onProgress: (d) => onSteps(d) }).final;
  const run = simulateEnsemble(model, spun, { dt: p.dt, steps: every * p.statesPerTrajectory, saveEvery: every, onProgress: (d) => onSteps(spinSteps + d) });
  const S = p.statesPerTrajectory, out = new Float64Array(n * S * K);
  for (let s = 1; s <= S; s++) { // save 0 is the spun-up start itself; keep saves 1..S, grouped by trajectory
    for (let b = 0; b < n; b++) out.set(run.states.subarray((s * n + b) * K, (s * n + b + 1) * K), (b * S + s - 1) * K);
  }
  return out;
}

registerDataset<Params>({
  name: "lorenz96-states",
  description: "States of the one-scale Lorenz-96 model (Lorenz 1996; K = 32 sites, F = 8, RK4, dt = 0.025) on its attractor: independent trajectories, each from X_k ~ N(F, 1) on its own random stream, spun up for 10 time units, then a state kept every time unit; the training, validation and test sets come from disjoint trajectories (rows grouped by trajectory).",
  purpose: "Notebook 06 (diffusion and bridge): a DDPM of the state (training set), budgets on the validation set, marginal statistics and super-resolution (every 4th site, Fourier-interpolated back) judged on the test set.",
  simulator: "sim.lorenz96.Lorenz96 (RK4, sim.lorenz96.simulateEnsemble)",
  version: 1,
  seed: 600,
  scales: LORENZ96_STATES,
  arrays: (p) => Object.fromEntries(SETS.map((set) => [set, {
    dtype: "float64" as const, shape: [trajectories(p, set) * p.statesPerTrajectory, p.sites],
    description: `${set} states X_k [state, k] (dimensionless), statesPerTrajectory consecutive rows per trajectory, spacing time units apart`,
  }])),
  build(p, ctx) {
    const perTrajectory = Math.round(p.spinUp / p.dt) + Math.round(p.spacing / p.dt) * p.statesPerTrajectory;
    const total = SETS.reduce((s, set) => s + trajectories(p, set), 0) * perTrajectory;
    let done = 0;
    const out: Record<string, { data: Float64Array; shape: number[] }> = {};
    SETS.forEach((set, i) => {
      const n = trajectories(p, set);
      out[set] = { data: states(p, n, ctx.rng.split(i), (d) => ctx.onProgress(done + d * n, total)), shape: [n * p.statesPerTrajectory, p.sites] };
      done += n * perTrajectory;
    });
    return out;
  },
});
