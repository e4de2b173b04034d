/**
 * Benchmark: one RK4 step of 2D Navier–Stokes (vorticity form, 128², float64) — Kazami's
 * src/sim/navier-stokes (TypeScript + fft.js) against the same algorithm in numpy
 * (bench/ns-step.py, Debian python3-numpy), back to back; prints both and the ratio.
 * The final enstrophies must agree (same algorithm, same initial field): a correctness cross-check.
 *
 * Run (from the repository root):
 *   npx tsc --outDir /tmp/kazami-bench --rootDir . --module commonjs --target es2022 \
 *     --esModuleInterop --skipLibCheck --types node bench/ns-step.ts &&
 *     NODE_PATH=$PWD/node_modules node /tmp/kazami-bench/bench/ns-step.js [steps] [n]
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { NavierStokes2d } from "../src/sim/navier-stokes";
import { Rk4 } from "../src/sim/integrators";

const steps = Number(process.argv[2] ?? 200), n = Number(process.argv[3] ?? 128);
const nu = 1e-3, dt = 1e-3, L = 2 * Math.PI;

const zeta0 = new Float64Array(n * n), forcing = new Float64Array(n * n);
for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
  const x = (L * i) / n, y = (L * j) / n;
  zeta0[j * n + i] = Math.sin(x) * Math.cos(y) + 0.5 * Math.cos(3 * x) * Math.sin(2 * y) + 0.2 * Math.sin(5 * x + 2 * y);
  forcing[j * n + i] = 0.1 * (Math.sin(x + y) + Math.cos(x + y));
}
const model = new NavierStokes2d({ n, viscosity: nu, forcing: { kind: "field", vorticity: forcing } });
const z = model.toSpectral(zeta0), rk4 = new Rk4(model.rhs, model.size);
for (let s = 0; s < 5; s++) rk4.step(0, z, dt);
const t0 = performance.now();
for (let s = 0; s < steps; s++) rk4.step(0, z, dt);
const ms = (performance.now() - t0) / steps;
const ts = { impl: `ts + fft.js (node ${process.version})`, n, steps, msPerStep: ms, enstrophy: model.enstrophy(z) };

const script = path.resolve(process.cwd(), "bench", "ns-step.py");
const res = spawnSync("/usr/bin/python3", [script, String(steps), String(n)], { encoding: "utf8" });
if (res.status !== 0) {
  console.log(JSON.stringify(ts));
  console.error(`ns-step: numpy reference failed (${script}): ${res.stderr || res.error}`);
  process.exit(1);
}
const np = JSON.parse(res.stdout.trim().split("\n").pop() as string);
const rel = Math.abs(ts.enstrophy - np.enstrophy) / np.enstrophy;
console.log(`Navier–Stokes ${n}² RK4 step, float64, ${steps} steps after 5 warm-up`);
console.log(`  ${ts.impl.padEnd(34)} ${ts.msPerStep.toFixed(3)} ms/step`);
console.log(`  ${String(np.impl).padEnd(34)} ${np.msPerStep.toFixed(3)} ms/step`);
console.log(`  ratio ts/numpy = ${(ts.msPerStep / np.msPerStep).toFixed(2)}; enstrophy agreement ${rel.toExponential(1)}`);
console.log(JSON.stringify({ bench: "ns-step", ts, numpy: np, ratio: ts.msPerStep / np.msPerStep, enstrophyRelDiff: rel }));
if (!(rel < 1e-9)) { console.error("ns-step: the two implementations disagree"); process.exit(1); }
