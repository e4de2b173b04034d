/**
 * Random initial fields for Burgers1d: the Gaussian random field of the FNO benchmark (Li et al.
 * 2020, §5.1), u0 ~ N(0, σ²(−Δ + τ²I)^{−α}) with σ = 25, τ = 5, α = 2 on the period L, i.e. Fourier
 * coefficients of variance σ²(k² + τ²)^{−α}, k = 2π·m/L, and zero mean — drawn with core.gaussianRandomField.
 */
import { Rng, gaussianRandomField } from "../../core/random";
import { checkFinite, checkInteger, checkPositive } from "../validate";
import type { Burgers1d } from "./model";

export interface GrfOptions {
  seed: number;
  /** σ (default 25), τ (default 5), α (default 2); α > 1/2 for a field with finite variance. */
  sigma?: number;
  tau?: number;
  alpha?: number;
}

/** One u0 [n] on the model's grid. Same seed → same field. */
export function randomInitialCondition(model: Burgers1d, opts: GrfOptions): Float64Array {
  return randomInitialConditions(model, 1, opts);
}

/** `count` independent fields u0 [count, n]; member b is drawn from stream b of the seed (Rng.split(b)). */
export function randomInitialConditions(model: Burgers1d, count: number, opts: GrfOptions): Float64Array {
  const where = "burgers.randomInitialCondition";
  const seed = checkInteger(where, "seed", opts.seed, 0, 2 ** 53 - 1);
  checkInteger(where, "count", count, 1);
  const sigma = checkPositive(where, "sigma", opts.sigma ?? 25);
  const tau = checkFinite(where, "tau", opts.tau ?? 5, 0);
  const alpha = checkFinite(where, "alpha", opts.alpha ?? 2);
  if (!(alpha > 0.5)) throw new RangeError(`${where}: alpha must be > 0.5 (finite variance), got ${alpha}`);
  const n = model.n, L = model.length, out = new Float64Array(count * n), root = new Rng(seed);
  // core's field has the same (τ² + k²)^(−α) shape normalised to a pointwise std; the FNO's absolute
  // scale σ² fixes that std: E u² = Σ_{m≠0} σ²(k_m² + τ²)^(−α) over the grid's modes m = −n/2+1..n/2.
  let variance = 0;
  for (let m = 1; m <= n / 2; m++) variance += (m === n / 2 ? 1 : 2) * sigma * sigma * (((2 * Math.PI * m) / L) ** 2 + tau * tau) ** -alpha;
  const std = Math.sqrt(variance);
  for (let b = 0; b < count; b++) out.set(gaussianRandomField([n], root.split(b), { alpha, tau, length: L, std }), b * n);
  return out;
}
