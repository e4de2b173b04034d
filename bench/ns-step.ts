/**
 * Bench ns-step: one classical RK4 step of 2D incompressible Navier–Stokes in vorticity form,
 * 128² doubly periodic, float64, pseudo-spectral with 2/3 dealiasing, ν = 1e-3, dt = 1e-3, a fixed
 * vorticity forcing 0.1·(sin(x+y) + cos(x+y)) — Kazami's sim.NavierStokes2d + sim.Rk4 (TypeScript,
 * RealFft2 on sim/spectral/lane-fft.ts). Twin: bench/ns-step.py (the same algorithm in numpy, and with scipy.fft on 1 and 2 workers).
 *
 * Cross-check: both sides report the mean enstrophy after CHECK_STEPS steps from the same initial
 * field as `checks.enstrophy`; the report fails when the two disagree beyond 1e-9 (relative).
 * Run: bash bench/run.sh ns-step
 */
import { Rk4 } from "../src/sim/integrators";
import { NavierStokes2d } from "../src/sim/navier-stokes";
import { emit, repeatsFromArgs, timeIt } from "./harness";

const N = 128, NU = 1e-3, DT = 1e-3, L = 2 * Math.PI;
/** Steps from the initial field before the enstrophy cross-check (same on both sides). */
const CHECK_STEPS = 50;
/** RK4 steps per timed sample. */
const INNER = 10;

async function main(): Promise<void> {
  const zeta0 = new Float64Array(N * N), forcing = new Float64Array(N * N);
  for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) {
    const x = (L * i) / N, y = (L * j) / N;
    zeta0[j * N + i] = Math.sin(x) * Math.cos(y) + 0.5 * Math.cos(3 * x) * Math.sin(2 * y) + 0.2 * Math.sin(5 * x + 2 * y);
    forcing[j * N + i] = 0.1 * (Math.sin(x + y) + Math.cos(x + y));
  }
  const model = new NavierStokes2d({ n: N, viscosity: NU, forcing: { kind: "field", vorticity: forcing } });
  const z = model.toSpectral(zeta0), rk4 = new Rk4(model.rhs, model.size);
  for (let s = 0; s < CHECK_STEPS; s++) rk4.step(s * DT, z, DT);
  const enstrophy = model.enstrophy(z);
  if (!Number.isFinite(enstrophy) || enstrophy <= 0) throw new Error(`ns-step: enstrophy after ${CHECK_STEPS} steps is ${enstrophy}`);

  const { ms, samplesMs } = await timeIt(() => rk4.step(0, z, DT), { warmup: 5, repeats: repeatsFromArgs(20), inner: INNER });
  if (!Number.isFinite(model.enstrophy(z))) throw new Error("ns-step: the state blew up while timing");
  emit(
    "ns-step",
    `2D Navier–Stokes RK4 step: ${N}², float64, pseudo-spectral, 2/3 dealiasing`,
    [{ label: `ts, sim.NavierStokes2d (1 thread)`, threads: 1, ms, samplesMs, unit: "ms/step", enstrophy }],
    {},
    { enstrophy: { value: enstrophy, rtol: 1e-9, after: `${CHECK_STEPS} steps` } },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
