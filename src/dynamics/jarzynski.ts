/**
 * The Jarzynski equality ⟨e^{−W/T}⟩ = e^{−ΔF/T} (Jarzynski 1997) for an overdamped particle in a
 * harmonic trap dragged at constant speed (`sim.langevin.DraggedTrap`): the trap only moves, so
 * ΔF = 0 and ln⟨e^{−βW}⟩ = 0 although ⟨W⟩ > 0 (the second law, ⟨W⟩ ≥ ΔF). The particle starts in
 * equilibrium in the initial trap, x(0) ~ N(λ(0), T/k).
 * For this linear system W is Gaussian with ⟨W⟩ = γv²[τ − (γ/k)(1 − e^{−kτ/γ})] and
 * Var W = 2T⟨W⟩ (Mazonka & Jarzynski 1999; van Zon & Cohen 2003).
 */
import type { Rng } from "../core/random";
import { checkInt, checkPositive } from "../core/checks";
import { DraggedTrap, simulateEnsemble } from "../sim/langevin";
import { checkRng } from "./validate";

/** Options of `draggedTrapWork`. */
export interface DraggedTrapWorkOptions {
  members: number;
  /** Euler–Maruyama step and number of steps; the protocol lasts τ = dt·steps. */
  dt: number;
  steps: number;
  rng: Rng;
  onProgress?: (done: number, total: number) => void;
}

/** The work W [members] (energy units) done on each particle during the protocol. */
export function draggedTrapWork(trap: DraggedTrap, options: DraggedTrapWorkOptions): Float64Array {
  const where = "dynamics.draggedTrapWork";
  const m = checkInt(where, "members", options.members, 2);
  const rng = checkRng(where, options.rng);
  const initial = new Float64Array(2 * m), spread = Math.sqrt(trap.T / trap.k);
  for (let k = 0; k < m; k++) initial[2 * k] = trap.position(0) + spread * rng.normal(); // W = 0
  const run = simulateEnsemble(trap, { members: m, initial, dt: options.dt, steps: options.steps, rng, onProgress: options.onProgress });
  const last = run.states[run.states.length - 1];
  return Float64Array.from({ length: m }, (_, k) => last[2 * k + 1]);
}

/** ⟨W⟩ = γv²[τ − (γ/k)(1 − e^{−kτ/γ})] for a protocol of duration τ from equilibrium. */
export function draggedTrapMeanWork(trap: DraggedTrap, duration: number): number {
  const tau = checkPositive("dynamics.draggedTrapMeanWork", "duration", duration), r = trap.gamma / trap.k;
  return trap.gamma * trap.v * trap.v * (tau - r * -Math.expm1(-tau / r));
}

/** The Jarzynski estimate from works W [n] at temperature T. */
export interface JarzynskiEstimate {
  /** ln⟨e^{−W/T}⟩ (log-sum-exp; = −ΔF/T, so 0 for the dragged trap). */
  logMeanExp: number;
  /** Its standard error (delta method: √(Var e^{−βW}/n)/⟨e^{−βW}⟩). */
  stderr: number;
  /** Free-energy estimate ΔF = −T ln⟨e^{−W/T}⟩. */
  freeEnergy: number;
  /** ⟨W⟩/T, the naive (second-law) bound on ΔF/T. */
  meanWorkOverT: number;
}

/** Jarzynski's free-energy estimator for works W [n] (energy) at temperature T (energy). */
export function jarzynski(work: Float64Array, temperature: number): JarzynskiEstimate {
  const where = "dynamics.jarzynski";
  if (!(work instanceof Float64Array) || work.length < 2) throw new RangeError(`${where}: work must be a Float64Array of ≥ 2 values`);
  const T = checkPositive(where, "temperature", temperature), n = work.length;
  let wmin = Infinity, mean = 0;
  for (const w of work) { wmin = Math.min(wmin, w); mean += w / n; }
  let s = 0, s2 = 0;
  for (const w of work) { const e = Math.exp(-(w - wmin) / T); s += e; s2 += e * e; } // e^{−β(W − W_min)} ≤ 1
  const m1 = s / n, m2 = s2 / n;
  const logMeanExp = Math.log(m1) - wmin / T;
  return { logMeanExp, stderr: Math.sqrt(Math.max(0, m2 - m1 * m1) / (n - 1)) / m1, freeEnergy: -T * logMeanExp, meanWorkOverT: mean / T };
}

/** A normalised histogram: bin centres and densities [bins] of `values` over [lo, hi]. */
export function histogram(values: ArrayLike<number>, options: { bins: number; range: [number, number] }): { x: Float64Array; density: Float64Array } {
  const where = "dynamics.histogram";
  const bins = checkInt(where, "bins", options.bins, 1);
  const [lo, hi] = options.range;
  if (!(hi > lo)) throw new RangeError(`${where}: range must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
  const h = (hi - lo) / bins, density = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor((values[i] - lo) / h);
    if (b >= 0 && b < bins) density[b] += 1 / (values.length * h);
  }
  return { x: Float64Array.from({ length: bins }, (_, b) => lo + (b + 0.5) * h), density };
}
