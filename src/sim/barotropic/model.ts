/**
 * Barotropic (2D) quasi-geostrophic flow on a β-plane with topography:
 *
 *   ∂ζ/∂t + (U + u)·∂q/∂x + v·∂q/∂y = F − μζ − ν_p(−∇²)^p ζ,
 *   q = ζ + βy + η,  η = f0·h/H,  ζ = ∇²ψ,  u = −∂ψ/∂y,  v = ∂ψ/∂x,
 *
 * i.e. ∂ζ/∂t + J(ψ − Uy, ζ + η) + βv = …, with an optional imposed uniform zonal flow U. Pseudo-
 * spectral (2/3-dealiased products), state ζ̂ on the FFT grid of the domain (see domain.ts).
 * Units are those of the inputs: lengths, time, β in 1/(length·time), η and μ in 1/time,
 * ν_p in length^{2p}/time, F in 1/time².
 */
import { VorticityAdvection } from "../spectral/advection";
import { RealFft2 } from "../spectral/fft";
import { spectralGrid2, type SpectralGrid2 } from "../spectral/grid";
import { derivative, streamFunction, velocityFromVorticity } from "../spectral/operators";
import { parsevalMean } from "../spectral/spectrum";
import { checkFinite, checkFloat64, checkInteger, checkNonNegative } from "../validate";
import type { SplitModel } from "../split-model";
import { extend, makeDomain, type Domain, type DomainKind } from "./domain";
import { checkWallFlat, jetForcingField, type ZonalJetForcing } from "./fields";

export interface BarotropicConfig {
  /** "periodic" (doubly periodic, default) or "channel" (free-slip walls at y = 0, ly). */
  domain?: DomainKind;
  /** Grid points in x (power of two, 8..4096). */
  nx: number;
  /** Grid rows in y: a power of two (periodic) or 2^m + 1 including both walls (channel). */
  ny: number;
  /** Domain size (default lx = 2π; ly = 2π periodic, π channel). */
  lx?: number;
  ly?: number;
  /** Planetary vorticity gradient β (1/(length·time)), any finite value. */
  beta: number;
  /** Linear drag μ ≥ 0 (1/time). */
  drag?: number;
  /** Hyperdiffusion coefficient ν_p ≥ 0 and order p ≥ 1 (p = 1 Laplacian, 2 biharmonic; default 2). */
  hyperviscosity?: number;
  order?: number;
  /** Topographic PV η = f0·h/H on the physical grid [ny, nx] (1/time). Channel: flat near the walls. */
  topography?: Float64Array;
  /** Vorticity forcing: a field [ny, nx] (1/time²) or a zonal jet. */
  forcing?: Float64Array | ZonalJetForcing;
  /** Imposed uniform zonal flow U (length/time); default 0. */
  uniformFlow?: number;
}

const WHERE = "barotropic";

export class BarotropicModel implements SplitModel {
  readonly domain: Domain;
  readonly grid: SpectralGrid2;
  readonly fft: RealFft2;
  readonly size: number;
  readonly linear: Float64Array;
  readonly beta: number;
  readonly drag: number;
  readonly hyperviscosity: number;
  readonly order: number;
  readonly uniformFlow: number;
  readonly forcingSpectrum: Float64Array;
  private readonly etaX: Float64Array | null;
  private readonly etaY: Float64Array | null;
  private readonly config: BarotropicConfig;
  private rate = 0;
  private readonly advection: VorticityAdvection;

  constructor(config: BarotropicConfig) {
    if (config === null || typeof config !== "object") throw new TypeError(`${WHERE}: config must be an object, got ${config}`);
    const kind = config.domain ?? "periodic";
    const lx = config.lx ?? 2 * Math.PI, ly = config.ly ?? (kind === "channel" ? Math.PI : 2 * Math.PI);
    const d = (this.domain = makeDomain(WHERE, kind, config.nx, config.ny, lx, ly));
    this.beta = checkFinite(WHERE, "beta", config.beta);
    this.drag = checkNonNegative(WHERE, "drag", config.drag ?? 0);
    this.hyperviscosity = checkNonNegative(WHERE, "hyperviscosity", config.hyperviscosity ?? 0);
    this.order = checkInteger(WHERE, "order", config.order ?? 2, 1, 8);
    this.uniformFlow = checkFinite(WHERE, "uniformFlow", config.uniformFlow ?? 0);
    this.config = { ...config };
    this.grid = spectralGrid2(d.nx, d.nyFull, d.lx, d.lyFull);
    this.fft = new RealFft2(d.nx, d.nyFull);
    this.size = this.fft.specLength;
    this.linear = new Float64Array(this.size);
    for (let p = 0; p < this.grid.k2.length; p++) {
      const r = -(this.drag + this.hyperviscosity * this.grid.k2[p] ** this.order);
      this.linear[2 * p] = r; this.linear[2 * p + 1] = r;
    }
    this.advection = new VorticityAdvection(this.grid, this.fft);
    [this.etaX, this.etaY] = config.topography === undefined ? [null, null] : this.topographyGradient(config.topography);
    this.forcingSpectrum = new Float64Array(this.size);
    if (config.forcing !== undefined) {
      const f = config.forcing instanceof Float64Array ? config.forcing : jetForcingField(d, config.forcing);
      checkFloat64(WHERE, "forcing", f, d.nx * d.ny, `[${d.ny}, ${d.nx}]`);
      this.fft.forward(extend(d, f, -1), this.forcingSpectrum);
      const mask = this.grid.dealias;
      for (let p = 0; p < mask.length; p++) { this.forcingSpectrum[2 * p] *= mask[p]; this.forcingSpectrum[2 * p + 1] *= mask[p]; }
      this.forcingSpectrum[0] = 0; this.forcingSpectrum[1] = 0;
    }
  }

  private topographyGradient(eta: Float64Array): [Float64Array, Float64Array] {
    const d = this.domain;
    checkFloat64(WHERE, "topography", eta, d.nx * d.ny, `[${d.ny}, ${d.nx}]`);
    for (let q = 0; q < eta.length; q++) checkFinite(WHERE, `topography[${q}]`, eta[q]);
    if (d.kind === "channel") checkWallFlat(WHERE, d, eta);
    const H = this.fft.forward(extend(d, eta, 1));
    const Hx = derivative(H, this.grid.kxDeriv, new Float64Array(this.size)), Hy = derivative(H, this.grid.kyDeriv, new Float64Array(this.size));
    return [this.fft.inverse(Hx), this.fft.inverse(Hy)];
  }

  /** max(|U + u|/Δx + |v|/Δy) of the last nonlinear evaluation (1/time). */
  get advectiveRate(): number { return this.rate; }

  /** N(ζ̂) = −P_{2/3} FFT[(U + u)(ζ_x + η_x) + v(ζ_y + η_y) + βv] + F̂ (channel: odd-projected in y). */
  readonly nonlinear = (_t: number, zeta: Float64Array, out: Float64Array): void => {
    const { domain: d, beta, etaX, etaY, advection: adv } = this;
    adv.toGrid(zeta);
    const { u, v, zx, zy, product: prod } = adv;
    const rows = d.kind === "channel" ? d.ny : d.nyFull, n = rows * d.nx, U = this.uniformFlow;
    let rate = 0;
    const idx = 1 / d.dx, idy = 1 / d.dy;
    for (let q = 0; q < n; q++) {
      const uu = u[q] + U, vv = v[q];
      const qx = etaX ? zx[q] + etaX[q] : zx[q], qy = etaY ? zy[q] + etaY[q] : zy[q];
      prod[q] = uu * qx + vv * qy + beta * vv;
      const r = Math.abs(uu) * idx + Math.abs(vv) * idy;
      if (r > rate) rate = r;
    }
    this.rate = rate;
    if (d.kind === "channel") extend(d, prod, -1, prod); // odd projection; walls get zero tendency
    adv.tendency(this.forcingSpectrum, out);
  };

  readonly rhs = (t: number, zeta: Float64Array, out: Float64Array): void => {
    this.nonlinear(t, zeta, out);
    for (let i = 0; i < out.length; i++) out[i] += this.linear[i] * zeta[i];
  };

  /**
   * ζ̂ of a physical vorticity field ζ [ny, nx]. Periodic: the mean is removed only if negligible
   * (else RangeError). Channel: wall rows must be 0 (free slip), within 1e-8 of max|ζ|.
   */
  toSpectral(zeta: Float64Array): Float64Array {
    const d = this.domain, where = `${WHERE}.toSpectral`;
    checkFloat64(where, "zeta", zeta, d.nx * d.ny, `[${d.ny}, ${d.nx}]`);
    let max = 0, wall = 0, mean = 0;
    for (let q = 0; q < zeta.length; q++) { max = Math.max(max, Math.abs(zeta[q])); mean += zeta[q]; }
    if (d.kind === "channel") {
      for (let i = 0; i < d.nx; i++) wall = Math.max(wall, Math.abs(zeta[i]), Math.abs(zeta[(d.ny - 1) * d.nx + i]));
      if (wall > 1e-8 * max) throw new RangeError(`${where}: a channel vorticity field must vanish on the walls (rows 0 and ${d.ny - 1}), got max |ζ| = ${wall.toPrecision(3)} there`);
    } else if (Math.abs(mean / zeta.length) > 1e-6 * max) {
      throw new RangeError(`${where}: a periodic vorticity field must have zero mean, got mean ${(mean / zeta.length).toPrecision(4)}; subtract the mean first`);
    }
    const out = this.fft.forward(extend(d, zeta, -1));
    out[0] = 0; out[1] = 0;
    return out;
  }

  /** Physical field [ny, nx] of a spectrum of an odd-in-y quantity (ζ, ψ, v). */
  toGrid(spec: Float64Array): Float64Array {
    const d = this.domain, full = this.fft.inverse(spec);
    return d.kind === "channel" ? full.slice(0, d.ny * d.nx) : full;
  }

  /** Stream function ψ and velocity (u, v) on the physical grid [ny, nx] (u excludes U). */
  flow(zeta: Float64Array): { psi: Float64Array; u: Float64Array; v: Float64Array } {
    const d = this.domain;
    checkFloat64(`${WHERE}.flow`, "zeta", zeta, this.size, `[${d.nyFull}, ${this.grid.nxh}, 2]`);
    const psi = streamFunction(this.grid, zeta, new Float64Array(this.size)), uh = new Float64Array(this.size), vh = new Float64Array(this.size);
    velocityFromVorticity(this.grid, zeta, uh, vh);
    const cut = (a: Float64Array) => (d.kind === "channel" ? a.slice(0, d.ny * d.nx) : a);
    return { psi: cut(this.fft.inverse(psi)), u: cut(this.fft.inverse(uh)), v: cut(this.fft.inverse(vh)) };
  }

  /** Mean kinetic energy ½⟨|∇ψ|²⟩ over the (extended) domain, from ζ̂ (Parseval). */
  energy(zeta: Float64Array): number {
    checkFloat64(`${WHERE}.energy`, "zeta", zeta, this.size, `[${this.domain.nyFull}, ${this.grid.nxh}, 2]`);
    return parsevalMean(this.grid, zeta, (k2) => (k2 === 0 ? 0 : 1 / k2));
  }

  toConfig(): BarotropicConfig { return { ...this.config }; }
}
