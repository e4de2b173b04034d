/**
 * Ornstein–Uhlenbeck process in any dimension, dX = A X dt + B dW (A [d, d] drift matrix, B [d, p]
 * noise matrix; units: A in 1/time, B in state/√time). If A is Hurwitz (every eigenvalue has negative
 * real part) the stationary law is N(0, C) with A C + C Aᵀ + B Bᵀ = 0 (Gardiner 2009, §4.5.6).
 * Euler–Maruyama with step dt is the linear map X ← M X + √dt B ξ, M = I + dt·A, whose own
 * stationary covariance solves C_dt = M C_dt Mᵀ + dt·B Bᵀ (it differs from C by O(dt)).
 */
import { checkFloat64, checkInteger } from "../validate";
import { cholesky, gram, logSpectralRadius, solveLyapunov, solveStein } from "./matrix";
import type { SdeModel } from "./sde";

export interface OrnsteinUhlenbeckConfig {
  /** Dimension 1 ≤ d ≤ 256. */
  dim: number;
  /** Drift matrix A, row-major [d, d]. */
  drift: Float64Array;
  /** Noise matrix B, row-major [d, p] (p ≥ 1 = noise.length / d). */
  noise: Float64Array;
}

export class OrnsteinUhlenbeck implements SdeModel {
  readonly name: string = "ornsteinUhlenbeck";
  readonly dim: number;
  readonly A: Float64Array;
  readonly noise: Float64Array;
  readonly noiseDim: number;

  constructor(config: OrnsteinUhlenbeckConfig) {
    const where = this.name;
    this.dim = checkInteger(where, "dim", config.dim, 1, 256);
    const d = this.dim;
    this.A = checkFloat64(where, "drift", config.drift, d * d, `[${d}, ${d}]`).slice();
    if (!(config.noise instanceof Float64Array)) throw new TypeError(`${where}: noise must be a Float64Array [${d}, p]`);
    if (config.noise.length === 0 || config.noise.length % d !== 0) {
      throw new RangeError(`${where}: noise must have length d·p with d = ${d} (row-major [d, p]), got length ${config.noise.length}`);
    }
    this.noise = config.noise.slice();
    this.noiseDim = this.noise.length / d;
    for (const [name, a] of [["drift", this.A], ["noise", this.noise]] as const) {
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new RangeError(`${where}: ${name}[${i}] must be finite, got ${a[i]}`);
    }
  }

  readonly drift = (_t: number, x: Float64Array, out: Float64Array): void => {
    const d = this.dim, A = this.A, m = x.length / d;
    for (let k = 0; k < m; k++) {
      const o = k * d;
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += A[i * d + j] * x[o + j];
        out[o + i] = s;
      }
    }
  };

  /** Euler–Maruyama map M = I + dt·A [d, d]. */
  private stepMatrix(dt: number): Float64Array {
    const d = this.dim, M = this.A.map((a) => dt * a);
    for (let i = 0; i < d; i++) M[i * d + i] += 1;
    return M;
  }

  /**
   * Refuses dt when the Euler–Maruyama map I + dt·A amplifies faster than the true flow e^{dt·A}:
   * log ρ(I + dt·A) must not exceed 1.1·max(0, dt·α) (+1e-9), where α, the growth rate of the
   * fastest mode (max Re λ(A)), is estimated as log ρ(I + h·A)/h for tiny h. For a stable A this is
   * the usual ρ(I + dt·A) ≤ 1. The message gives the largest accepted dt (found by bisection).
   */
  checkTimeStep(dt: number): void {
    const d = this.dim;
    let fro = 0;
    for (const a of this.A) fro += a * a;
    if (fro === 0) return; // pure Brownian motion: any dt is exact
    const h = 1e-4 / Math.sqrt(fro), alpha = logSpectralRadius(this.stepMatrix(h), d) / h;
    const ok = (t: number) => logSpectralRadius(this.stepMatrix(t), d) <= 1.1 * Math.max(0, t * alpha) + 1e-9;
    if (ok(dt)) return;
    let lo = 0, hi = dt;
    for (let it = 0; it < 60; it++) { const mid = 0.5 * (lo + hi); if (ok(mid)) lo = mid; else hi = mid; }
    throw new RangeError(`${this.name}: dt = ${dt} makes Euler–Maruyama unstable: the spectral radius of I + dt·A exceeds ` +
      `the growth of the exact flow e^{dt·A}; use dt < ${lo.toPrecision(3)}`);
  }

  /** True if every eigenvalue of A has negative real part (A X + X Aᵀ + I = 0 has a positive-definite solution). */
  isStable(): boolean {
    try {
      const I = new Float64Array(this.dim * this.dim);
      for (let i = 0; i < this.dim; i++) I[i * this.dim + i] = 1;
      return cholesky(solveLyapunov(this.A, I, this.dim), this.dim) !== null;
    } catch (e) {
      if (e instanceof RangeError && /singular/.test(e.message)) return false;
      throw e;
    }
  }

  /** Stationary covariance C [d, d] solving A C + C Aᵀ + B Bᵀ = 0 (d ≤ 40; A must be Hurwitz). */
  stationaryCovariance(): Float64Array {
    if (!this.isStable()) throw new RangeError(`${this.name}: the drift matrix A is not stable (an eigenvalue has real part ≥ 0), so there is no stationary covariance`);
    return solveLyapunov(this.A, gram(this.noise, this.dim, this.noiseDim), this.dim);
  }

  /** Exact stationary covariance of the Euler–Maruyama chain with step dt: C = M C Mᵀ + dt·B Bᵀ. */
  eulerMaruyamaCovariance(dt: number): Float64Array {
    this.checkTimeStep(dt);
    const Q = gram(this.noise, this.dim, this.noiseDim).map((q) => dt * q);
    return solveStein(this.stepMatrix(dt), Q, this.dim);
  }

  toConfig(): OrnsteinUhlenbeckConfig { return { dim: this.dim, drift: this.A.slice(), noise: this.noise.slice() }; }
}
