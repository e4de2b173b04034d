/**
 * Large initial-condition ensembles of the one-scale Lorenz-96 model (Lorenz 1996) at two forcings,
 * the setting of a climate "large ensemble": every member starts from its own random state, runs a
 * spin-up long enough to forget it, and is kept as ONE state — so the members are independent draws
 * of the model's invariant distribution (exactly i.i.d., no time correlation to correct for).
 *
 * Three ensembles per forcing: a small one (what a modeller can afford: the training data of a
 * generative emulator), a validation ensemble of the same size (a held-out loss for the emulator), and a
 * held-out ensemble `heldOutFactor` times larger (the reference a tail probability is judged by).
 */
import type { Rng } from "../../core/random";
import { Lorenz96, simulateEnsemble } from "../../sim/lorenz96";
import { registerDataset } from "../registry";

/** K = 40 sites, F = 8 (Lorenz's chaotic standard) and F = 10 (a "warmer" climate); RK4, dt = 0.025. */
const MODEL = { sites: 40, forcings: [8, 10], dt: 0.025, spinUp: 10, initialSpread: 1 };

/** Parameters per scale, as data: members of the small, validation and held-out ensembles (each forcing). */
export const LORENZ96_ENSEMBLES = {
  quick: { ...MODEL, smallMembers: 1000, validationMembers: 1000, heldOutFactor: 10 },
  paper: { ...MODEL, smallMembers: 10000, validationMembers: 10000, heldOutFactor: 10 },
};

type Params = typeof LORENZ96_ENSEMBLES.quick;

const SETS = ["small", "validation", "heldOut"] as const;
type SetName = (typeof SETS)[number];

function members(p: Params, set: SetName): number {
  return set === "small" ? p.smallMembers : set === "validation" ? p.validationMembers : p.heldOutFactor * p.smallMembers;
}

/**
 * One ensemble [members, K] at forcing F: member b starts from X_k ~ N(F, initialSpread²) drawn from
 * its own stream rng.split(b) (so a member does not depend on the ensemble's size) and is spun up.
 */
function ensemble(p: Params, F: number, n: number, rng: Rng, onSteps: (done: number) => void): Float64Array {
  const K = p.sites, x0 = new Float64Array(n * K);
  for (let b = 0; b < n; b++) rng.split(b).fillNormal(x0.subarray(b * K, (b + 1) * K), F, p.initialSpread);
  const model = new Lorenz96({ sites: K, forcing: F });
  return simulateEnsemble(model, x0, { dt: p.dt, steps: Math.round(p.spinUp / p.dt), onProgress: (d) => onSteps(d) }).final;
}

registerDataset<Params>({
  name: "lorenz96-ensembles",
  description: "Initial-condition ensembles of the one-scale Lorenz-96 model (Lorenz 1996; K = 40 sites, RK4, dt = 0.025) at forcings F = 8 and F = 10: each member starts from X_k ~ N(F, 1) on its own random stream, is spun up for 10 time units (≈ 17 e-foldings of the leading Lyapunov exponent at F = 8) and kept as one state, so members are independent draws of the invariant distribution. Per forcing: a small ensemble, a validation ensemble of the same size and a held-out ensemble heldOutFactor (10) times larger.",
  purpose: "Notebook 15 (large ensembles): a generative model trained on the small ensemble estimates a tail probability, judged against the 95% interval of the held-out ensemble; the validation ensemble reports the denoisers' held-out loss (their training budget was fixed on pilot datasets); the Gaussian fit and the small ensemble's own frequency are the controls.",
  simulator: "sim.lorenz96.Lorenz96 (RK4, sim.lorenz96.simulateEnsemble)",
  version: 1,
  seed: 1500,
  scales: LORENZ96_ENSEMBLES,
  arrays: (p) => {
    const nF = p.forcings.length;
    return {
      forcings: { dtype: "float64", shape: [nF], description: "forcing F of each ensemble index f (dimensionless, as X)" },
      small: { dtype: "float64", shape: [nF, members(p, "small"), p.sites], description: "small ensemble X_k [forcing, member, k] after the spin-up (dimensionless)" },
      validation: { dtype: "float64", shape: [nF, members(p, "validation"), p.sites], description: "validation ensemble X_k [forcing, member, k], independent of the others" },
      heldOut: { dtype: "float64", shape: [nF, members(p, "heldOut"), p.sites], description: "held-out ensemble X_k [forcing, member, k], heldOutFactor times the small one" },
    };
  },
  build(p, ctx) {
    const K = p.sites, nF = p.forcings.length, steps = Math.round(p.spinUp / p.dt);
    const total = nF * SETS.reduce((s, set) => s + members(p, set), 0) * steps;
    let done = 0;
    const out: Record<string, { data: Float64Array; shape: number[] }> = { forcings: { data: Float64Array.from(p.forcings), shape: [nF] } };
    SETS.forEach((set, s) => {
      const n = members(p, set), data = new Float64Array(nF * n * K);
      p.forcings.forEach((F, f) => {
        data.set(ensemble(p, F, n, ctx.rng.split(f).split(s), (d) => ctx.onProgress(done + d * n, total)), f * n * K);
        done += n * steps;
      });
      out[set] = { data, shape: [nF, n, K] };
    });
    return out;
  },
});
