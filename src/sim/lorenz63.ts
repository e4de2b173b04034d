/**
 * Lorenz (1963) system, eq. 25–27:
 *   dx/dt = σ(y − x),  dy/dt = x(ρ − z) − y,  dz/dt = xy − βz,
 * with the classical σ = 10, ρ = 28, β = 8/3 as defaults (dimensionless time). Its largest Lyapunov
 * exponent is ≈ 0.9056 and the sum of the exponents is −(σ + 1 + β) exactly.
 */
import type { OdeModel, OdeRun, OdeRunOptions } from "./ode";
import { simulateOde } from "./ode";
import { checkFinite, checkPositive } from "./validate";

export interface Lorenz63Config { sigma?: number; rho?: number; beta?: number }

export class Lorenz63 implements OdeModel {
  readonly name = "lorenz63";
  readonly dim = 3;
  readonly sigma: number;
  readonly rho: number;
  readonly beta: number;

  constructor(config: Lorenz63Config = {}) {
    this.sigma = checkPositive(this.name, "sigma", config.sigma ?? 10);
    this.rho = checkFinite(this.name, "rho", config.rho ?? 28);
    this.beta = checkPositive(this.name, "beta", config.beta ?? 8 / 3);
  }

  readonly rhs = (_t: number, s: Float64Array, out: Float64Array): void => {
    const x = s[0], y = s[1], z = s[2];
    out[0] = this.sigma * (y - x);
    out[1] = x * (this.rho - z) - y;
    out[2] = x * y - this.beta * z;
  };

  /** J(s)·v with J = [[−σ, σ, 0], [ρ − z, −1, −x], [y, x, −β]]. */
  readonly jvp = (s: Float64Array, v: Float64Array, out: Float64Array): void => {
    const x = s[0], y = s[1], z = s[2], a = v[0], b = v[1], c = v[2];
    out[0] = this.sigma * (b - a);
    out[1] = (this.rho - z) * a - b - x * c;
    out[2] = y * a + x * b - this.beta * c;
  };

  readonly jacobianNorm = (s: Float64Array): number =>
    Math.max(2 * this.sigma, Math.abs(this.rho - s[2]) + 1 + Math.abs(s[0]), Math.abs(s[1]) + Math.abs(s[0]) + this.beta);

  /** Sum of all Lyapunov exponents, the constant trace of J: −(σ + 1 + β). */
  get lyapunovSum(): number { return -(this.sigma + 1 + this.beta); }

  toConfig(): Required<Lorenz63Config> { return { sigma: this.sigma, rho: this.rho, beta: this.beta }; }
}

/** Trajectory from s0 = [x, y, z] (RK4 by default). */
export function simulate(model: Lorenz63, s0: Float64Array, opts: OdeRunOptions): OdeRun {
  return simulateOde(model, s0, opts);
}
