/**
 * The Jacobian of the Burgers solution operator u0 ↦ u(T) at one input, seen on a coarse grid of n
 * points: J_ij = ∂u(x_i, T)/∂u0(x_j), by forward differences of the spectral solver on its own
 * (finer) grid. Sample j of the coarse input is perturbed through its trigonometric interpolant
 * (the band-limited field that is δ at x_j and 0 at the other coarse points), minus its mean: the
 * zero-mean perturbations, because Burgers conserves the mean and data with zero-mean inputs never
 * teach a network how the output responds to it. Costs n + 1 solves.
 */
import type { Burgers1d } from "./model";
import { cflSteps, simulate } from "./simulate";
import { checkFloat64, checkInteger, checkPositive } from "../validate";

export interface SolverJacobianOptions {
  /** Coarse grid n (divides the model's grid). */
  grid: number;
  time: number;
  /** CFL number of the solves (steps from sim.burgers.cflSteps at u0). */
  cfl?: number;
  /** Perturbation size (default 1e-5). */
  delta?: number;
  onProgress?: (done: number, total: number) => void;
}

/** J [n, n] (row i = output point, column j = input point), float64, at u0 [model.n]. */
export function solverJacobian(model: Burgers1d, u0: Float64Array, opts: SolverJacobianOptions): Float64Array {
  const where = "burgers.solverJacobian", N = model.n;
  checkFloat64(where, "u0", u0, N, `[${N}]`);
  const n = checkInteger(where, "grid", opts.grid, 2, N), delta = checkPositive(where, "delta", opts.delta ?? 1e-5);
  if (N % n !== 0) throw new RangeError(`${where}: grid ${n} must divide the model's grid ${N}`);
  const steps = cflSteps(model, u0, { time: opts.time, cfl: opts.cfl ?? 0.8 }), f = N / n;
  const solve = (v: Float64Array) => { const r = simulate(model, v, { dt: opts.time / steps, steps: steps, scheme: "etdrk4" }); return r.u[r.u.length - 1]; };
  const base = solve(u0), J = new Float64Array(n * n), v = new Float64Array(N);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < N; i++) { // Dirichlet kernel of sample j on n points (Nyquist mode split), no mean mode
      const t = 2 * Math.PI * (i / N - j / n);
      let d = Math.cos((n / 2) * t);
      for (let k = 1; k < n / 2; k++) d += 2 * Math.cos(k * t);
      v[i] = u0[i] + (delta * d) / n;
    }
    const y = solve(v);
    for (let i = 0; i < n; i++) J[i * n + j] = (y[i * f] - base[i * f]) / delta;
    opts.onProgress?.(j + 1, n);
  }
  return J;
}
