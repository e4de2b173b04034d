/**
 * Two-scale Lorenz (1996) model (eqs. 2–3, in the notation of Wilks 2005 eq. 1), dimensionless time:
 *   dX_k/dt   = X_{k−1}(X_{k+1} − X_{k−2}) − X_k + F_k − (h·c/b)·Σ_j Y_{j,k}
 *   dY_{j,k}/dt = −c·b·Y_{j+1,k}(Y_{j+2,k} − Y_{j−1,k}) − c·Y_{j,k} + (h·c/b)·X_k
 * where the Y form one ring of length J·K (Y_{J,k} ≡ Y_{0,k+1}). State layout [X (K), Y (K·J)] with
 * Y_{j,k} at K + k·J + j. Defaults K = 8, J = 32, F = 10, h = 1, b = c = 10 (Lorenz 1996); the chaotic
 * regime of Arnold et al. (2013) is F = 20 with the same K, J, h, b, c (RK4 needs dt ≲ 0.004 there:
 * dt·‖J‖∞ stays ≈ 0.56 at dt = 0.001, see test/sim/lorenz96-closure.test.ts).
 */
import type { OdeModel } from "../ode";
import { checkFloat64, checkInteger, checkNonNegative, checkPositive } from "../validate";
import { forcingArray } from "./forcing";

export interface Lorenz96TwoScaleConfig {
  /** Slow sites K ≥ 4 (default 8). */
  sites?: number;
  /** Fast variables per slow site J ≥ 1 (default 32). */
  fastPerSite?: number;
  /** Forcing F, one number or [K] (default 10). */
  forcing?: number | Float64Array | number[];
  /** Coupling h ≥ 0 (default 1). */
  coupling?: number;
  /** Amplitude-scale ratio b > 0 (default 10). */
  b?: number;
  /** Time-scale ratio c > 0 (default 10). */
  c?: number;
}

export class Lorenz96TwoScale implements OdeModel {
  readonly name = "lorenz96TwoScale";
  readonly dim: number;
  readonly sites: number;
  readonly fastPerSite: number;
  readonly forcing: Float64Array;
  readonly h: number;
  readonly b: number;
  readonly c: number;

  constructor(config: Lorenz96TwoScaleConfig = {}) {
    this.sites = checkInteger(this.name, "sites", config.sites ?? 8, 4);
    this.fastPerSite = checkInteger(this.name, "fastPerSite", config.fastPerSite ?? 32, 1);
    this.forcing = forcingArray(this.name, config.forcing, this.sites, 10);
    this.h = checkNonNegative(this.name, "coupling", config.coupling ?? 1);
    this.b = checkPositive(this.name, "b", config.b ?? 10);
    this.c = checkPositive(this.name, "c", config.c ?? 10);
    if (this.sites * this.fastPerSite < 4) throw new RangeError(`${this.name}: sites·fastPerSite must be ≥ 4, got ${this.sites * this.fastPerSite}`);
    this.dim = this.sites * (1 + this.fastPerSite);
  }

  /** −(h·c/b)·Σ_j Y_{j,k} for each slow site [K]: the tendency the fast scale exerts on X. */
  coupling(state: Float64Array, out: Float64Array = new Float64Array(this.sites)): Float64Array {
    checkFloat64(`${this.name}.coupling`, "state", state, this.dim, `[${this.dim}]`);
    const K = this.sites, J = this.fastPerSite, g = (this.h * this.c) / this.b;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < J; j++) s += state[K + k * J + j];
      out[k] = -g * s;
    }
    return out;
  }

  readonly rhs = (_t: number, s: Float64Array, out: Float64Array): void => {
    const K = this.sites, J = this.fastPerSite, NY = K * J, F = this.forcing;
    const g = (this.h * this.c) / this.b, cb = this.c * this.b, c = this.c;
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let j = 0; j < J; j++) sum += s[K + k * J + j];
      out[k] = s[(k - 1 + K) % K] * (s[(k + 1) % K] - s[(k - 2 + K) % K]) - s[k] + F[k] - g * sum;
    }
    for (let i = 0; i < NY; i++) {
      const y1 = s[K + ((i + 1) % NY)], y2 = s[K + ((i + 2) % NY)], ym = s[K + ((i - 1 + NY) % NY)];
      out[K + i] = -cb * y1 * (y2 - ym) - c * s[K + i] + g * s[Math.floor(i / J)];
    }
  };

  readonly jvp = (s: Float64Array, v: Float64Array, out: Float64Array): void => {
    const K = this.sites, J = this.fastPerSite, NY = K * J;
    const g = (this.h * this.c) / this.b, cb = this.c * this.b, c = this.c;
    for (let k = 0; k < K; k++) {
      const p = (k + 1) % K, m2 = (k - 2 + K) % K, m1 = (k - 1 + K) % K;
      let sum = 0;
      for (let j = 0; j < J; j++) sum += v[K + k * J + j];
      out[k] = v[m1] * (s[p] - s[m2]) + s[m1] * (v[p] - v[m2]) - v[k] - g * sum;
    }
    for (let i = 0; i < NY; i++) {
      const i1 = K + ((i + 1) % NY), i2 = K + ((i + 2) % NY), im = K + ((i - 1 + NY) % NY);
      out[K + i] = -cb * (v[i1] * (s[i2] - s[im]) + s[i1] * (v[i2] - v[im])) - c * v[K + i] + g * v[Math.floor(i / J)];
    }
  };

  readonly jacobianNorm = (s: Float64Array): number => {
    const K = this.sites, J = this.fastPerSite, NY = K * J;
    const g = (this.h * this.c) / this.b, cb = this.c * this.b;
    let norm = 0;
    for (let k = 0; k < K; k++) {
      const r = 2 * Math.abs(s[(k - 1 + K) % K]) + Math.abs(s[(k + 1) % K] - s[(k - 2 + K) % K]) + 1 + g * J;
      if (r > norm) norm = r;
    }
    for (let i = 0; i < NY; i++) {
      const y1 = s[K + ((i + 1) % NY)], y2 = s[K + ((i + 2) % NY)], ym = s[K + ((i - 1 + NY) % NY)];
      const r = cb * (Math.abs(y2 - ym) + 2 * Math.abs(y1)) + this.c + g;
      if (r > norm) norm = r;
    }
    return norm;
  };

  toConfig(): Required<Omit<Lorenz96TwoScaleConfig, "forcing">> & { forcing: number[] } {
    return { sites: this.sites, fastPerSite: this.fastPerSite, forcing: Array.from(this.forcing), coupling: this.h, b: this.b, c: this.c };
  }
}
