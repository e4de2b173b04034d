/**
 * Random initial fields for Burgers1d: the Gaussian random field of the FNO benchmark,
 *
 *   u0 ~ N(0, σ²(−Δ + τ²I)^{−α})   on the periodic interval [0, L), zero mean,
 *
 * i.e. u0 = Σ_{m≥1} a_m·cos(k_m x) + b_m·sin(k_m x), k_m = 2π·m/L, with a_m, b_m independent
 * N(0, 2σ²(k_m² + τ²)^{−α}); equivalently every DFT coefficient of u0 on n points has
 * E|û_m|² = n²·σ²(k_m² + τ²)^{−α} (0 < m < n/2). For L = 1 this is exactly neuraloperator's
 * generator (Li et al. 2020, data_generation/burgers GRF1: γ = α, "periodic"), whose eigenfunctions
 * √2·cos, √2·sin are orthonormal on [0, 1). The paper's text (§5.1) uses σ = 25, τ = 5, α = 2 (the
 * defaults here); its published data use σ = 49, τ = 7, α = γ = 2.5. Modes above the grid's Nyquist
 * are dropped (the field is the band-limited projection; the Nyquist cosine gets half its variance). Drawn with core.gaussianRandomField.
 */
import { gaussianRandomField, type Rng } from "../../core/random";
import { checkFinite, checkInteger, checkPositive, checkRng } from "../validate";
import type { Burgers1d } from "./model";

export interface GrfOptions {
  /**
   * The random stream. Field b of a batch is drawn from `rng.split(b)`, a pure function of
   * `rng.seed`: the same rng gives the same fields and is not advanced (use `rng.split(k)` or
   * another Rng for another set). `new Rng(seed)` reproduces the former `{ seed }` fields exactly.
   */
  rng: Rng;
  /** σ (default 25), in the units of u. */
  sigma?: number;
  /** τ (default 5), in radians per length unit (the spectrum flattens below |k| ≈ τ). */
  tau?: number;
  /** α (default 2; neuraloperator's γ); α > 1/2 for a field with finite variance. */
  alpha?: number;
}

/** One u0 [n] on the model's grid (field 0 of `randomInitialConditions`). */
export function randomInitialCondition(model: Burgers1d, opts: GrfOptions): Float64Array {
  return randomInitialConditions(model, 1, opts);
}

/** `count` independent fields u0 [count, n] (flat, row-major, x_i = i·L/n); field b from `rng.split(b)`. */
export function randomInitialConditions(model: Burgers1d, count: number, opts: GrfOptions): Float64Array {
  const where = "burgers.randomInitialCondition";
  const root = checkRng(where, opts);
  checkInteger(where, "count", count, 1);
  const sigma = checkPositive(where, "sigma", opts.sigma ?? 25);
  const tau = checkFinite(where, "tau", opts.tau ?? 5, 0);
  const alpha = checkFinite(where, "alpha", opts.alpha ?? 2);
  if (!(alpha > 0.5)) throw new RangeError(`${where}: alpha must be > 0.5 (finite variance), got ${alpha}`);
  const n = model.n, L = model.length, out = new Float64Array(count * n);
  // core's field has the same (τ² + k²)^(−α) shape normalised to a pointwise std; the FNO's absolute
  // scale σ² fixes that std: E u² = Σ_{m≠0} σ²(k_m² + τ²)^(−α) over the grid's modes m = −n/2+1..n/2.
  let variance = 0;
  for (let m = 1; m <= n / 2; m++) variance += (m === n / 2 ? 1 : 2) * sigma * sigma * (((2 * Math.PI * m) / L) ** 2 + tau * tau) ** -alpha;
  const std = Math.sqrt(variance);
  for (let b = 0; b < count; b++) out.set(gaussianRandomField([n], root.split(b), { alpha, tau, length: L, std }), b * n);
  return out;
}
