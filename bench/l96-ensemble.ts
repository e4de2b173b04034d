/**
 * Bench l96-ensemble: a Lorenz-96 ensemble (K = 40 sites, F = 8) of 1000 members advanced 1000
 * classical RK4 steps of dt = 0.01 (10 model time units), float64 — Kazami's
 * sim.lorenz96.simulateEnsemble (one Rk4 stepper over the flat [members, K] state, the blow-up and
 * stiffness checks it runs every step) and the bare sim.Rk4 stepper on the same right-hand side.
 * Twin: bench/l96-ensemble.py, numpy vectorised over the members (np.roll for the ring).
 *
 * Both sides start from the same ensemble, X = F + u − ½ with u from a uint32 LCG (exact in both
 * languages), and evaluate the same floating-point operations in the same order (the tendency
 * (X_{k+1} − X_{k−2})·X_{k−1} − X_k + F, RK4's stages as sim.Rk4 accumulates them), so the final
 * ensemble's mean and variance must agree to round-off although the flow is chaotic.
 * Run: bash bench/run.sh l96-ensemble
 */
import { Rk4 } from "../src/sim/integrators";
import { Lorenz96, simulateEnsemble } from "../src/sim/lorenz96";
import { emit, repeatsFromArgs, timeIt } from "./harness";

const K = 40, F = 8, MEMBERS = 1000, STEPS = 1000, DT = 0.01;

/** Stream of uniform [0, 1) values from a 32-bit LCG (Numerical Recipes), exact in any language. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (1664525 * s + 1013904223) % 4294967296; return s / 4294967296; };
}

/** Mean and variance (divisor n) of all entries, summed in index order. */
function moments(x: Float64Array): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) ** 2;
  return { mean, variance: v / x.length };
}

async function main(): Promise<void> {
  const next = lcg(96), x0 = Float64Array.from({ length: MEMBERS * K }, () => F + next() - 0.5);
  const model = new Lorenz96({ sites: K, forcing: F });
  const run = () => simulateEnsemble(model, x0, { dt: DT, steps: STEPS });
  const final = run().final, { mean, variance } = moments(final);
  if (!(variance > 1)) throw new Error(`l96-ensemble: the ensemble did not spread (variance ${variance} after ${STEPS} steps)`);
  const repeats = repeatsFromArgs(5);
  const lib = await timeIt(run, { warmup: 1, repeats });
  const stepper = new Rk4(model.rhs, MEMBERS * K);
  const bare = await timeIt(() => {
    const x = x0.slice();
    for (let s = 0; s < STEPS; s++) stepper.step(s * DT, x, DT);
    return x;
  }, { warmup: 1, repeats });
  emit(
    "l96-ensemble",
    `Lorenz-96 ensemble: K = ${K}, F = ${F}, ${MEMBERS} members × ${STEPS} RK4 steps (dt ${DT}), float64`,
    [
      { label: "ts, sim.lorenz96.simulateEnsemble (1 thread)", threads: 1, ms: lib.ms, samplesMs: lib.samplesMs, unit: "ms/run", mean, variance },
      { label: "ts, sim.Rk4 stepper alone (1 thread)", threads: 1, ms: bare.ms, samplesMs: bare.samplesMs, unit: "ms/run" },
    ],
    {},
    {
      // same operations in the same order on IEEE doubles: equal to the last bits (sums differ in order only)
      finalMean: { value: mean, rtol: 1e-12, after: `${STEPS} steps` },
      finalVariance: { value: variance, rtol: 1e-12, after: `${STEPS} steps` },
    },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
