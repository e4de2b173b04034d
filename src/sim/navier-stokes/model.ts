/**
 * 2D incompressible Navier–Stokes in vorticity form on the doubly periodic square [0, L)²:
 *
 *   ∂ζ/∂t + u·∇ζ = ν∇²ζ − μζ + F,    ζ = ∂v/∂x − ∂u/∂y = ∇²ψ,   u = −∂ψ/∂y, v = ∂ψ/∂x,
 *
 * solved pseudo-spectrally (Orszag 1971): the state is the vorticity spectrum ζ̂ ([n, n/2+1]
 * complex interleaved, RealFft2 layout), products are formed on the grid and the nonlinear term is
 * dealiased by the 2/3 rule. Units are those of the inputs: L in length units, ν in length²/time,
 * μ in 1/time, F (vorticity forcing) in 1/time².
 *
 * Forcing options: Kolmogorov flow, a body force A·sin(k_f·y) along x (vorticity forcing
 * −A·k_f·cos(k_f·y), with k_f in units of 2π/L), or any zero-mean vorticity-forcing field.
 */
import { VorticityAdvection } from "../spectral/advection";
import { RealFft2 } from "../spectral/fft";
import { spectralGrid2, type SpectralGrid2 } from "../spectral/grid";
import { velocityFromVorticity } from "../spectral/operators";
import { parsevalMean } from "../spectral/spectrum";
import { checkFinite, checkFloat64, checkInteger, checkNonNegative, checkPositive, checkPowerOfTwo } from "../validate";
import type { SplitModel } from "../split-model";

/** Body force A·sin(k·2π·y/L) in the x-momentum equation (Kolmogorov flow). */
export interface KolmogorovForcing {
  kind: "kolmogorov";
  /** A, velocity/time. */
  amplitude: number;
  /** Integer wavenumber k ≥ 1 (cycles per domain length). */
  wavenumber: number;
}

/** A fixed vorticity forcing field F [n, n] (rows = y), zero mean, 1/time². */
export interface FieldForcing {
  kind: "field";
  vorticity: Float64Array;
}

export interface NavierStokesConfig {
  /** Grid points per side (power of two, 8..4096); the grid is [n, n], rows = y. */
  n: number;
  /** Side L of the periodic square (default 2π). */
  length?: number;
  /** Kinematic viscosity ν ≥ 0 (length²/time). */
  viscosity: number;
  /** Linear drag μ ≥ 0 (1/time); default 0. */
  drag?: number;
  /** Optional forcing; default none. */
  forcing?: KolmogorovForcing | FieldForcing;
}

const WHERE = "navierStokes";

export class NavierStokes2d implements SplitModel {
  readonly n: number;
  readonly length: number;
  readonly viscosity: number;
  readonly drag: number;
  readonly grid: SpectralGrid2;
  readonly fft: RealFft2;
  /** Length of the spectral state, n·(n/2+1)·2. */
  readonly size: number;
  readonly linear: Float64Array;
  /** Forcing spectrum (zeros when unforced). */
  readonly forcingSpectrum: Float64Array;
  readonly forcing?: KolmogorovForcing | FieldForcing;
  private rate = 0;
  private readonly advection: VorticityAdvection;

  constructor(config: NavierStokesConfig) {
    if (config === null || typeof config !== "object") throw new TypeError(`${WHERE}: config must be an object, got ${config}`);
    this.n = checkPowerOfTwo(WHERE, "n", config.n, 8, 4096);
    this.length = config.length === undefined ? 2 * Math.PI : checkPositive(WHERE, "length", config.length);
    this.viscosity = checkNonNegative(WHERE, "viscosity", config.viscosity);
    this.drag = config.drag === undefined ? 0 : checkNonNegative(WHERE, "drag", config.drag);
    const n = this.n;
    this.grid = spectralGrid2(n, n, this.length, this.length);
    this.fft = new RealFft2(n, n);
    this.size = this.fft.specLength;
    const modes = this.grid.k2.length;
    this.linear = new Float64Array(this.size);
    for (let p = 0; p < modes; p++) {
      const r = -(this.viscosity * this.grid.k2[p] + this.drag);
      this.linear[2 * p] = r;
      this.linear[2 * p + 1] = r;
    }
    this.forcing = config.forcing;
    this.forcingSpectrum = new Float64Array(this.size);
    if (config.forcing !== undefined) this.fft.forward(this.forcingField(config.forcing), this.forcingSpectrum);
    this.advection = new VorticityAdvection(this.grid, this.fft);
  }

  private forcingField(f: KolmogorovForcing | FieldForcing): Float64Array {
    const n = this.n;
    if (f.kind === "kolmogorov") {
      const a = checkFinite(WHERE, "forcing.amplitude", f.amplitude);
      const k = checkInteger(WHERE, "forcing.wavenumber", f.wavenumber, 1, n / 3);
      const out = new Float64Array(n * n), kk = (2 * Math.PI * k) / this.length;
      for (let j = 0; j < n; j++) {
        const val = -a * kk * Math.cos(kk * j * (this.length / n)); // −∂/∂y of A sin(k y)
        out.fill(val, j * n, (j + 1) * n);
      }
      return out;
    }
    if (f.kind === "field") {
      checkFloat64(WHERE, "forcing.vorticity", f.vorticity, n * n, `[${n}, ${n}]`);
      checkZeroMean(`${WHERE}: forcing.vorticity`, f.vorticity);
      return f.vorticity;
    }
    throw new RangeError(`${WHERE}: forcing.kind must be "kolmogorov" or "field", got ${String((f as { kind?: unknown }).kind)}`);
  }

  /** Advective rate max(|u| + |v|)/Δx of the last nonlinear evaluation (1/time). */
  get advectiveRate(): number { return this.rate; }

  /** Grid spacing Δx = L/n. */
  get dx(): number { return this.length / this.n; }

  /**
   * N(ζ̂) = −P_{2/3}[FFT(u·∂ζ/∂x + v·∂ζ/∂y)] + F̂ written into `out` (same layout as ζ̂).
   * The mean mode is kept at zero (a periodic vorticity field has zero circulation).
   */
  readonly nonlinear = (_t: number, zeta: Float64Array, out: Float64Array): void => {
    this.rate = this.advection.advect(zeta, this.forcingSpectrum, out) / this.dx;
  };

  /** Full right-hand side dζ̂/dt = L∘ζ̂ + N(ζ̂), L = −(ν|k|² + μ). */
  readonly rhs = (_t: number, zeta: Float64Array, out: Float64Array): void => {
    this.rate = this.advection.advect(zeta, this.forcingSpectrum, out, this.linear) / this.dx; // nonlinear + L∘ζ̂ in one pass
  };

  /** Vorticity spectrum of a grid field ζ [n, n] (rows = y); the field must have zero mean. */
  toSpectral(zeta: Float64Array): Float64Array {
    checkFloat64(`${WHERE}.toSpectral`, "zeta", zeta, this.n * this.n, `[${this.n}, ${this.n}]`);
    checkZeroMean(`${WHERE}.toSpectral: zeta`, zeta);
    const out = this.fft.forward(zeta);
    out[0] = 0; out[1] = 0;
    return out;
  }

  /** Grid field [n, n] of a spectrum (e.g. ζ̂ → ζ). */
  toGrid(spec: Float64Array): Float64Array {
    return this.fft.inverse(spec);
  }

  /** Velocity (u, v) on the grid [n, n] each, from ζ̂. */
  velocity(zeta: Float64Array): { u: Float64Array; v: Float64Array } {
    checkFloat64(`${WHERE}.velocity`, "zeta", zeta, this.size, `[${this.n}, ${this.n / 2 + 1}, 2]`);
    const uh = new Float64Array(this.size), vh = new Float64Array(this.size);
    velocityFromVorticity(this.grid, zeta, uh, vh);
    return { u: this.fft.inverse(uh), v: this.fft.inverse(vh) };
  }

  /** Mean kinetic energy ½⟨u² + v²⟩ from ζ̂ (Parseval), velocity²/time²·… in the inputs' units. */
  energy(zeta: Float64Array): number {
    return this.spectralMean(zeta, true);
  }

  /** Mean enstrophy ½⟨ζ²⟩ from ζ̂ (Parseval). */
  enstrophy(zeta: Float64Array): number {
    return this.spectralMean(zeta, false);
  }

  private spectralMean(zeta: Float64Array, energy: boolean): number {
    checkFloat64(WHERE, "zeta", zeta, this.size, `[${this.n}, ${this.n / 2 + 1}, 2]`);
    return parsevalMean(this.grid, zeta, (k2) => (k2 === 0 ? 0 : energy ? 1 / k2 : 1));
  }

  /** The configuration as plain data (forcing fields excluded from JSON by value: kept by reference). */
  toConfig(): NavierStokesConfig {
    return { n: this.n, length: this.length, viscosity: this.viscosity, drag: this.drag, ...(this.forcing ? { forcing: this.forcing } : {}) };
  }
}

/** Throws unless the grid mean of `x` is negligible: |mean| ≤ 1e-6·rms (float32 round-off passes). */
export function checkZeroMean(what: string, x: Float64Array): void {
  let s = 0, s2 = 0;
  for (let i = 0; i < x.length; i++) { s += x[i]; s2 += x[i] * x[i]; }
  const mean = s / x.length, rms = Math.sqrt(s2 / x.length);
  if (Math.abs(mean) > 1e-6 * rms) {
    throw new RangeError(`${what} must have zero mean (a periodic vorticity field has zero circulation), got mean ${mean.toPrecision(4)} ` +
      `(rms ${rms.toPrecision(4)}); subtract the mean first`);
  }
}
