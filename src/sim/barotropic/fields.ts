/**
 * Fields for the barotropic model: zonal jets (as flow and as forcing), Rossby waves, and the
 * wall check for channel topography.
 */
import { RealFft2 } from "../spectral/fft";
import { spectralGrid2 } from "../spectral/grid";
import { checkFinite, checkFloat64, checkInteger, checkPositive } from "../validate";
import { extend, rowY, type Domain } from "./domain";

/** Zonal body force τ0·sech²((y − y0)/σ) along x, as used for the SRDA ocean jet. */
export interface ZonalJetForcing {
  kind: "zonal-jet";
  /** τ0 (length/time²). */
  amplitude: number;
  /** Jet axis y0 (length). */
  center: number;
  /** Jet half-width σ > 0 (length). */
  width: number;
}

/**
 * Vorticity ζ = −dU/dy [ny, nx] of a zonal flow U(y) sampled on the physical rows, differentiated
 * spectrally (channel: U extended evenly, so ζ vanishes on the walls; the mean of U, which a channel
 * stream function cannot carry, drops out).
 */
export function zonalFlowVorticity(d: Domain, profile: (y: number) => number): Float64Array {
  const { nx, ny, nyFull } = d;
  const U = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const val = checkFinite("zonalFlowVorticity", `profile(${rowY(d, j)})`, profile(rowY(d, j)));
    U.fill(val, j * nx, (j + 1) * nx);
  }
  const fft = new RealFft2(nx, nyFull), g = spectralGrid2(nx, nyFull, d.lx, d.lyFull);
  const S = fft.forward(extend(d, U, 1));
  for (let p = 0; p < g.kyDeriv.length; p++) { // −i·ky·Û
    const re = S[2 * p], im = S[2 * p + 1];
    S[2 * p] = g.kyDeriv[p] * im; S[2 * p + 1] = -g.kyDeriv[p] * re;
  }
  return fft.inverse(S).slice(0, nx * ny);
}

const sech2 = (s: number) => { const c = Math.cosh(s); return 1 / (c * c); };

/** Vorticity forcing [ny, nx] of a zonal-jet body force (curl of τ0·sech²((y − y0)/σ) x̂). */
export function jetForcingField(d: Domain, f: ZonalJetForcing): Float64Array {
  if (f === null || typeof f !== "object" || f.kind !== "zonal-jet") {
    throw new RangeError(`barotropic: forcing must be a Float64Array [ny, nx] or { kind: "zonal-jet", amplitude, center, width }`);
  }
  const tau = checkFinite("barotropic", "forcing.amplitude", f.amplitude);
  const y0 = checkFinite("barotropic", "forcing.center", f.center, 0, d.ly);
  const s = checkPositive("barotropic", "forcing.width", f.width);
  return zonalFlowVorticity(d, (y) => tau * sech2((y - y0) / s));
}

/** Vorticity [ny, nx] of the zonal jet U(y) = U0·sech²((y − y0)/σ) (see zonalFlowVorticity). */
export function jetVorticity(d: Domain, opts: { amplitude: number; center: number; width: number }): Float64Array {
  const U0 = checkFinite("jetVorticity", "amplitude", opts.amplitude);
  const y0 = checkFinite("jetVorticity", "center", opts.center, 0, d.ly);
  const s = checkPositive("jetVorticity", "width", opts.width);
  return zonalFlowVorticity(d, (y) => U0 * sech2((y - y0) / s));
}

/**
 * A single Rossby wave, vorticity ζ [ny, nx] of ψ = A·cos(kx·x + φ)·Y(y) with Y = cos(ky·y) (periodic)
 * or sin(ky·y) (channel), kx = 2π·m/lx, ky = 2π·l/ly (periodic) or π·l/ly (channel). With β and a
 * uniform flow U it travels at c = U − β/(kx² + ky²) (exact: J(ψ, ζ) = 0 for one wavenumber).
 */
export function rossbyWave(d: Domain, opts: { amplitude: number; m: number; l: number; phase?: number }): { zeta: Float64Array; kx: number; ky: number } {
  const A = checkFinite("rossbyWave", "amplitude", opts.amplitude);
  const m = checkInteger("rossbyWave", "m", opts.m, 1, d.nx / 3);
  const l = checkInteger("rossbyWave", "l", opts.l, d.kind === "channel" ? 1 : 0, d.nyFull / 3);
  const ph = checkFinite("rossbyWave", "phase", opts.phase ?? 0);
  const kx = (2 * Math.PI * m) / d.lx, ky = d.kind === "channel" ? (Math.PI * l) / d.ly : (2 * Math.PI * l) / d.ly;
  const K2 = kx * kx + ky * ky, zeta = new Float64Array(d.nx * d.ny);
  for (let j = 0; j < d.ny; j++) {
    const y = rowY(d, j), Y = d.kind === "channel" ? Math.sin(ky * y) : Math.cos(ky * y);
    for (let i = 0; i < d.nx; i++) zeta[j * d.nx + i] = -K2 * A * Math.cos(kx * i * d.dx + ph) * Y;
  }
  if (d.kind === "channel") { zeta.fill(0, 0, d.nx); zeta.fill(0, (d.ny - 1) * d.nx); }
  return { zeta, kx, ky };
}

/**
 * Channel topography must be flat next to the walls (rows 0, 1 and ny−2, ny−1 constant), so that
 * its even extension is smooth and J(ψ, η) vanishes on the walls like every other tendency.
 */
export function checkWallFlat(where: string, d: Domain, eta: Float64Array): void {
  checkFloat64(where, "topography", eta, d.nx * d.ny);
  let lo = Infinity, hi = -Infinity;
  for (const x of eta) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  const tol = 1e-6 * Math.max(hi - lo, 1e-300);
  for (const rows of [[0, 1], [d.ny - 2, d.ny - 1]]) {
    const ref = eta[rows[0] * d.nx];
    for (const j of rows) {
      for (let i = 0; i < d.nx; i++) {
        if (Math.abs(eta[j * d.nx + i] - ref) > tol) {
          throw new RangeError(`${where}: channel topography must be flat next to the walls (rows ${rows.join(", ")} constant), ` +
            `but row ${j} varies by ${Math.abs(eta[j * d.nx + i] - ref).toPrecision(3)}; keep mountains away from the walls`);
        }
      }
    }
  }
}
