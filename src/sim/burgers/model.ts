/**
 * 1D viscous Burgers equation on the periodic interval [0, L):
 *
 *   ∂u/∂t + ∂(u²/2)/∂x = ν ∂²u/∂x²,
 *
 * pseudo-spectral in x (state: the spectrum û, [n/2+1, 2] complex interleaved, RealFft1 layout),
 * the flux u² formed on the grid and dealiased by the 2/3 rule; stepped by default with ETDRK4
 * (Kassam & Trefethen 2005), which integrates the stiff diffusion exactly. This is the setting of
 * the FNO paper's Burgers benchmark (Li et al. 2020, §5.1: L = 1, ν = 0.1, T = 1).
 * Units are those of the inputs: L length, ν length²/time, u length/time.
 */
import { RealFft1 } from "../spectral/fft";
import { spectralGrid1 } from "../spectral/grid";
import { checkFloat64, checkPositive, checkPowerOfTwo } from "../validate";
import type { SplitModel } from "../split-model";

export interface BurgersConfig {
  /** Grid points (power of two, 16..65536); x_i = i·L/n. */
  n: number;
  /** Period L (default 1, as in the FNO benchmark). */
  length?: number;
  /** Viscosity ν > 0 (length²/time); ν = 0 (shocks) is outside what a spectral solver can represent. */
  viscosity: number;
}

const WHERE = "burgers";

export class Burgers1d implements SplitModel {
  readonly n: number;
  readonly length: number;
  readonly viscosity: number;
  readonly fft: RealFft1;
  /** State length (n/2+1)·2. */
  readonly size: number;
  readonly linear: Float64Array;
  /** Wavenumbers 2π·m/L of the modes m = 0..n/2, and the derivative table (Nyquist zeroed). */
  readonly k: Float64Array;
  private readonly kDeriv: Float64Array;
  private readonly dealias: Float64Array;
  private rate = 0;
  private readonly u: Float64Array;
  private readonly flux: Float64Array;

  constructor(config: BurgersConfig) {
    if (config === null || typeof config !== "object") throw new TypeError(`${WHERE}: config must be an object, got ${config}`);
    this.n = checkPowerOfTwo(WHERE, "n", config.n, 16, 65536);
    this.length = config.length === undefined ? 1 : checkPositive(WHERE, "length", config.length);
    this.viscosity = checkPositive(WHERE, "viscosity", config.viscosity);
    const g = spectralGrid1(this.n, this.length);
    this.k = g.k; this.kDeriv = g.kDeriv; this.dealias = g.dealias;
    this.fft = new RealFft1(this.n);
    this.size = 2 * this.fft.nh;
    this.linear = new Float64Array(this.size);
    for (let m = 0; m < this.fft.nh; m++) {
      this.linear[2 * m] = -this.viscosity * this.k[m] ** 2;
      this.linear[2 * m + 1] = this.linear[2 * m];
    }
    this.u = new Float64Array(this.n);
    this.flux = new Float64Array(this.size);
  }

  /** max|u|/Δx of the last nonlinear evaluation (1/time). */
  get advectiveRate(): number { return this.rate; }

  /** N(û) = −i·k·P_{2/3}[FFT(u²/2)]. */
  readonly nonlinear = (_t: number, uh: Float64Array, out: Float64Array): void => {
    const { u, flux, kDeriv, dealias } = this;
    this.fft.inverse(uh, u);
    let umax = 0;
    for (let i = 0; i < u.length; i++) {
      const a = Math.abs(u[i]);
      if (a > umax) umax = a;
      u[i] = 0.5 * u[i] * u[i];
    }
    this.rate = (umax * this.n) / this.length;
    this.fft.forward(u, flux);
    for (let m = 0; m < kDeriv.length; m++) {
      const c = dealias[m] * kDeriv[m];
      out[2 * m] = c * flux[2 * m + 1];
      out[2 * m + 1] = -c * flux[2 * m];
    }
  };

  /** dû/dt = −ν k² û + N(û). */
  readonly rhs = (t: number, uh: Float64Array, out: Float64Array): void => {
    this.nonlinear(t, uh, out);
    for (let i = 0; i < out.length; i++) out[i] += this.linear[i] * uh[i];
  };

  /** Spectrum of a grid field u [n]. */
  toSpectral(u: Float64Array): Float64Array {
    checkFloat64(`${WHERE}.toSpectral`, "u", u, this.n, `[${this.n}]`);
    return this.fft.forward(u);
  }

  /** Grid field [n] of a spectrum. */
  toGrid(uh: Float64Array): Float64Array {
    return this.fft.inverse(uh);
  }

  /**
   * Resolution diagnostic: the energy in the top third of the kept (2/3-rule) band, relative to the
   * total. Well-resolved smooth fields give < 1e-10; values above ~1e-6 mean n is too small for ν.
   */
  tailFraction(uh: Float64Array): number {
    checkFloat64(`${WHERE}.tailFraction`, "uh", uh, this.size, `[${this.fft.nh}, 2]`);
    let total = 0, tail = 0;
    const kept = Math.floor((this.n - 1) / 3), from = Math.floor((2 * kept) / 3);
    for (let m = 1; m <= kept; m++) {
      const e = uh[2 * m] ** 2 + uh[2 * m + 1] ** 2;
      total += e;
      if (m > from) tail += e;
    }
    return total > 0 ? tail / total : 0;
  }

  toConfig(): BurgersConfig {
    return { n: this.n, length: this.length, viscosity: this.viscosity };
  }
}
