/**
 * One-scale Lorenz (1996) model on a ring of K sites, dimensionless time (one unit ≈ 5 days in
 * Lorenz's scaling), optionally with a closure U for the unresolved scales (a "hybrid" model):
 *
 *   dX_k/dt = X_{k−1}(X_{k+1} − X_{k−2}) − X_k + F_k + U_k(X),   k = 0..K−1 cyclic.
 *
 * The closure plays the part of the two-scale model's coupling −(h·c/b)·Σ_j Y_{j,k} (Wilks 2005,
 * eq. 1 and §3; Arnold et al. 2013): a polynomial in X_k, a neural network, anything that maps a batch
 * of states to tendencies. The right-hand side accepts one state [K] or an ensemble [members, K]
 * and calls the closure ONCE per evaluation for all members, so a batched network sees one batch per
 * Runge–Kutta stage (see ensemble.ts).
 */
import type { OdeModel } from "../ode";
import { checkFunction, checkInteger } from "../validate";
import { forcingArray } from "./forcing";

/**
 * A sub-grid tendency for a batch of one-scale states: given X [members, K] (flat, row-major,
 * float64, dimensionless) it writes U [members, K] (dX/dt units) into `out`, which arrives filled
 * with zeros (so writing and adding are the same). Called once per right-hand-side evaluation for
 * the whole batch. It must not modify X, nor keep references to X or out after returning; U_k of a
 * member must depend only on that member's state (members are independent).
 */
export type Closure = (X: Float64Array, members: number, out: Float64Array) => void;

export interface Lorenz96Config {
  /** Number of sites K ≥ 4 (default 40). */
  sites?: number;
  /** Forcing F, one number or [K] (default 8). */
  forcing?: number | Float64Array | number[];
  /**
   * Optional closure U(X) added to the tendency. It is code, not configuration: `toConfig()` leaves
   * it out (rebuild with `new Lorenz96({ ...m.toConfig(), closure })`).
   */
  closure?: Closure;
}

export class Lorenz96 implements OdeModel {
  readonly name = "lorenz96";
  /** K, the number of sites (the dimension of one state). */
  readonly dim: number;
  /** F [K]. */
  readonly forcing: Float64Array;
  readonly closure: Closure | undefined;
  private closureOut = new Float64Array(0);

  constructor(config: Lorenz96Config = {}) {
    this.dim = checkInteger(this.name, "sites", config.sites ?? 40, 4);
    this.forcing = forcingArray(this.name, config.forcing, this.dim, 8);
    this.closure = config.closure === undefined ? undefined : checkFunction<Closure>(this.name, "closure", config.closure, "(X, members, out) => void");
  }

  /** K, the number of sites (same as `dim`). */
  get sites(): number { return this.dim; }

  /**
   * dX/dt for one state x [K] or an ensemble x [members, K] (flat, member-major), written into out
   * (same length). With a closure, U is evaluated once for all members and added; a non-finite U is
   * refused with an error naming the member, the site and t.
   */
  readonly rhs = (t: number, x: Float64Array, out: Float64Array): void => {
    const K = this.dim, F = this.forcing, n = x.length, members = n / K;
    if (!Number.isInteger(members) || members < 1) {
      throw new RangeError(`${this.name}.rhs: x must have length members·K with K = ${K} ([members, ${K}]), got length ${n}`);
    }
    for (let o = 0; o < n; o += K) {
      for (let k = 0; k < K; k++) {
        const xp = x[o + ((k + 1) % K)], xm2 = x[o + ((k - 2 + K) % K)], xm1 = x[o + ((k - 1 + K) % K)];
        out[o + k] = (xp - xm2) * xm1 - x[o + k] + F[k];
      }
    }
    if (this.closure === undefined) return;
    if (this.closureOut.length !== n) this.closureOut = new Float64Array(n);
    const u = this.closureOut;
    u.fill(0);
    this.closure(x, members, u);
    for (let i = 0; i < n; i++) {
      const v = u[i];
      if (!Number.isFinite(v)) {
        throw new RangeError(`${this.name}: the closure returned ${v} for member ${Math.floor(i / K)} (site ${i % K}) at t = ${t.toPrecision(6)}`);
      }
      out[i] += v;
    }
  };

  /**
   * J(x)·v of the resolved part for one state x, v [K]. Not available with a closure (a learned
   * closure has no tangent-linear model here): throws a TypeError.
   */
  readonly jvp = (x: Float64Array, v: Float64Array, out: Float64Array): void => {
    if (this.closure !== undefined) throw new TypeError(`${this.name}.jvp: not available for a model with a closure (its Jacobian is unknown)`);
    const K = this.dim;
    for (let k = 0; k < K; k++) {
      const p = (k + 1) % K, m2 = (k - 2 + K) % K, m1 = (k - 1 + K) % K;
      out[k] = (v[p] - v[m2]) * x[m1] + (x[p] - x[m2]) * v[m1] - v[k];
    }
  };

  /**
   * ‖J(x)‖∞ of the resolved part for the state at `offset` of x ([K] or [members, K]); the closure's
   * own stiffness is not included.
   */
  readonly jacobianNorm = (x: Float64Array, offset = 0): number => {
    const K = this.dim;
    let norm = 0;
    for (let k = 0; k < K; k++) {
      const r = 2 * Math.abs(x[offset + ((k - 1 + K) % K)]) + Math.abs(x[offset + ((k + 1) % K)] - x[offset + ((k - 2 + K) % K)]) + 1;
      if (r > norm) norm = r;
    }
    return norm;
  };

  /** { sites, forcing } (the closure, being code, is not part of the config). */
  toConfig(): { sites: number; forcing: number[] } { return { sites: this.dim, forcing: Array.from(this.forcing) }; }
}
