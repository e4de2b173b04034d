/**
 * Overdamped particle in the quartic double well V(x) = a·x⁴/4 − b·x²/2:
 *
 *   dX = (b·X − a·X³) dt + σ dW,
 *
 * with minima at ±√(b/a), barrier height b²/(4a) and stationary density p(x) ∝ exp(−2V(x)/σ²).
 * One dimension per member; ensembles are [m, 1].
 */
import { checkNonNegative, checkPositive } from "../validate";
import type { SdeModel } from "./sde";

export interface DoubleWellConfig {
  /** Quartic coefficient a > 0 (default 1). */
  a?: number;
  /** Quadratic coefficient b > 0 (default 1). */
  b?: number;
  /** Noise amplitude σ ≥ 0 (default 0.5). */
  sigma?: number;
}

export class DoubleWell implements SdeModel {
  readonly name = "doubleWell";
  readonly dim = 1;
  readonly a: number;
  readonly b: number;
  readonly sigma: number;
  readonly noise: Float64Array;

  constructor(config: DoubleWellConfig = {}) {
    this.a = checkPositive(this.name, "a", config.a ?? 1);
    this.b = checkPositive(this.name, "b", config.b ?? 1);
    this.sigma = checkNonNegative(this.name, "sigma", config.sigma ?? 0.5);
    this.noise = Float64Array.of(this.sigma);
  }

  readonly drift = (_t: number, x: Float64Array, out: Float64Array): void => {
    const { a, b } = this;
    for (let k = 0; k < x.length; k++) out[k] = b * x[k] - a * x[k] * x[k] * x[k];
  };

  /** V(x). */
  potential(x: number): number { return (this.a * x ** 4) / 4 - (this.b * x * x) / 2; }

  /**
   * Refuses dt with dt·V''(±√(b/a)) = 2b·dt > 0.5: beyond it Euler–Maruyama misrepresents the
   * relaxation inside the wells (and for larger dt the cubic drift makes it diverge).
   */
  checkTimeStep(dt: number): void {
    if (2 * this.b * dt > 0.5) {
      throw new RangeError(`${this.name}: dt = ${dt} is too large: dt·V''(minimum) = ${(2 * this.b * dt).toPrecision(3)} must be ≤ 0.5, i.e. dt ≤ ${(0.25 / this.b).toPrecision(3)}`);
    }
  }

  /**
   * Stationary density p(x) ∝ exp(−2V/σ²) on a grid of `n` points over [lo, hi] (default ±(√(b/a) +
   * 6σ/√(2b)) — wide enough to hold the tails), normalised by the trapezoid rule. Requires σ > 0.
   */
  stationaryDensity(n = 2001, range?: [number, number]): { x: Float64Array; p: Float64Array } {
    if (this.sigma === 0) throw new RangeError(`${this.name}: the stationary density needs sigma > 0`);
    const edge = Math.sqrt(this.b / this.a) + (6 * this.sigma) / Math.sqrt(2 * this.b);
    const [lo, hi] = range ?? [-edge, edge];
    const x = new Float64Array(n), p = new Float64Array(n), h = (hi - lo) / (n - 1);
    let vmin = Infinity;
    for (let i = 0; i < n; i++) { x[i] = lo + i * h; vmin = Math.min(vmin, this.potential(x[i])); }
    let z = 0;
    for (let i = 0; i < n; i++) { p[i] = Math.exp((-2 * (this.potential(x[i]) - vmin)) / this.sigma ** 2); z += (i === 0 || i === n - 1 ? 0.5 : 1) * p[i] * h; }
    for (let i = 0; i < n; i++) p[i] /= z;
    return { x, p };
  }

  toConfig(): Required<DoubleWellConfig> { return { a: this.a, b: this.b, sigma: this.sigma }; }
}
