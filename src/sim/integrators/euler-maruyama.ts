/**
 * Euler–Maruyama for ensembles of Itô SDEs with additive noise,
 *   dX = f(t, X) dt + B dW,   X ∈ ℝ^d, W a p-dimensional Wiener process, B ∈ ℝ^{d×p} constant,
 * stepped as X ← X + f(t, X)·dt + B·ξ·√dt with ξ ~ N(0, I_p) (Kloeden & Platen 1992, §9.1;
 * strong order ½, weak order 1, exact order 1 for additive noise in the strong sense).
 *
 * Layout: an ensemble of m members is one flat Float64Array [m, d] (member-major, index k·d + i).
 * The drift is evaluated for the whole ensemble at once: `drift(t, x [m, d], out [m, d])`.
 */
import type { Rhs, Stepper } from "./types";
import type { Rng } from "../../core/random";
import { checkFloat64, checkFunction, checkInteger } from "../validate";

export interface EulerMaruyamaOptions {
  /** Dimension d of one member. */
  dim: number;
  /** Number of ensemble members m. */
  members: number;
  /** Drift f for the whole ensemble: (t, x [m, d], out [m, d]) => void. */
  drift: Rhs;
  /** Noise matrix B, row-major [d, p] (p = noise.length / d). */
  noise: Float64Array;
  /** Source of the Gaussian increments (seeded). */
  rng: Rng;
}

export class EulerMaruyama implements Stepper {
  readonly name = "euler-maruyama";
  readonly order = 0.5;
  readonly size: number;
  readonly dim: number;
  readonly members: number;
  /** Number of independent Wiener processes p per member. */
  readonly noiseDim: number;
  private readonly drift: Rhs;
  private readonly b: Float64Array;
  private readonly diagonal: boolean;
  private readonly rng: Rng;
  private readonly f: Float64Array;
  private readonly xi: Float64Array;

  constructor(opts: EulerMaruyamaOptions) {
    const where = "EulerMaruyama";
    this.dim = checkInteger(where, "dim", opts.dim, 1);
    this.members = checkInteger(where, "members", opts.members, 1);
    checkFunction(where, "drift", opts.drift, "(t, x, out) => void");
    if (!(opts.noise instanceof Float64Array)) throw new TypeError(`${where}: noise must be a Float64Array [d, p]`);
    if (opts.noise.length === 0 || opts.noise.length % this.dim !== 0) {
      throw new RangeError(`${where}: noise must have length d·p with d = ${this.dim} (row-major [d, p]), got length ${opts.noise.length}`);
    }
    for (let i = 0; i < opts.noise.length; i++) {
      if (!Number.isFinite(opts.noise[i])) throw new RangeError(`${where}: noise[${i}] must be finite, got ${opts.noise[i]}`);
    }
    if (!opts.rng || typeof opts.rng.fillNormal !== "function") throw new TypeError(`${where}: rng must be a core.Rng`);
    this.noiseDim = opts.noise.length / this.dim;
    this.size = this.dim * this.members;
    this.drift = opts.drift;
    this.b = opts.noise.slice();
    this.rng = opts.rng;
    // a square diagonal B is applied without the matrix product
    let diag = this.noiseDim === this.dim;
    for (let i = 0; diag && i < this.dim; i++) for (let j = 0; j < this.dim; j++) if (i !== j && this.b[i * this.dim + j] !== 0) { diag = false; break; }
    this.diagonal = diag;
    this.f = new Float64Array(this.size);
    this.xi = new Float64Array(this.members * this.noiseDim);
  }

  /** Advances every member of `x` [m, d] in place from t to t + dt (dt > 0). */
  step(t: number, x: Float64Array, dt: number): void {
    checkFloat64("EulerMaruyama.step", "x", x, this.size, `[${this.members}, ${this.dim}]`);
    const { dim: d, noiseDim: p, members: m, b, f, xi } = this;
    this.drift(t, x, f);
    this.rng.fillNormal(xi, 0, Math.sqrt(dt)); // ξ·√dt, [m, p]
    if (this.diagonal) {
      for (let k = 0; k < m; k++) {
        for (let i = 0; i < d; i++) x[k * d + i] += f[k * d + i] * dt + b[i * d + i] * xi[k * p + i];
      }
      return;
    }
    for (let k = 0; k < m; k++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += b[i * p + j] * xi[k * p + j];
        x[k * d + i] += f[k * d + i] * dt + s;
      }
    }
  }
}
