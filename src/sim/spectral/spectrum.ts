/**
 * Shell-summed (isotropic) spectra of 2D periodic fields.
 */
import type { SpectralGrid2 } from "./grid";
import { checkFloat64 } from "../validate";

export interface IsotropicSpectrum {
  /** Shell centres |k| = m·dk, m = 0..nShells−1 (radians per unit length). */
  readonly k: Float64Array;
  /** Shell sums; Σ values equals the domain mean of the quantity (Parseval). */
  readonly values: Float64Array;
}

/**
 * Shell sum of ½|X̂(k)|²·w(k) over annuli |k| ∈ [(m − ½)dk, (m + ½)dk), dk = 2π/max(lx, ly),
 * normalised so that Σ_m values[m] = mean over the grid of ½f² when w ≡ 1 (Parseval), or the mean
 * kinetic energy ½(u² + v²) when X̂ = ζ̂ and w = 1/|k|² (`energySpectrum`).
 * `spec`: [ny, nx/2+1, 2] (RealFft2 layout). Shells run up to the largest |k| on the grid.
 */
export function isotropicSpectrum(grid: SpectralGrid2, spec: Float64Array, weight?: (k2: number) => number): IsotropicSpectrum {
  const { nx, ny, nxh, k2 } = grid;
  checkFloat64("isotropicSpectrum", "spec", spec, ny * nxh * 2, `[${ny}, ${nxh}, 2]`);
  const dk = (2 * Math.PI) / Math.max(grid.lx, grid.ly);
  let kMax = 0;
  for (let p = 0; p < k2.length; p++) kMax = Math.max(kMax, Math.sqrt(k2[p]));
  const nShells = Math.floor(kMax / dk + 0.5) + 1;
  const values = new Float64Array(nShells);
  const norm = 1 / (nx * ny) ** 2;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nxh; i++) {
      const p = j * nxh + i;
      const w = weight ? weight(k2[p]) : 1;
      if (w === 0) continue;
      const mult = i === 0 || i === nx / 2 ? 1 : 2; // modes i and −i are both represented by i
      const e = 0.5 * mult * norm * w * (spec[2 * p] ** 2 + spec[2 * p + 1] ** 2);
      values[Math.floor(Math.sqrt(k2[p]) / dk + 0.5)] += e;
    }
  }
  const k = new Float64Array(nShells);
  for (let m = 0; m < nShells; m++) k[m] = m * dk;
  return { k, values };
}

/** Kinetic-energy spectrum E(k) from the vorticity spectrum ζ̂ (Σ E = mean of ½|u|²). */
export function energySpectrum(grid: SpectralGrid2, zeta: Float64Array): IsotropicSpectrum {
  return isotropicSpectrum(grid, zeta, (k2) => (k2 > 0 ? 1 / k2 : 0));
}

/**
 * Domain mean of ½f² from the spectrum X̂ = FFT(f) (Parseval), each mode weighted by w(|k|²):
 * Σ_k ½·w·|X̂(k)|² / (nx·ny)² over the full spectrum (modes i and −i both counted). With w ≡ 1 on ζ̂
 * it is the mean enstrophy ½⟨ζ²⟩; with w = 1/|k|² the mean kinetic energy ½⟨u² + v²⟩. Modes where
 * w is 0 are skipped (give w(0) = 0 to leave out the mean). `spec`: [ny, nx/2+1, 2].
 */
export function parsevalMean(grid: SpectralGrid2, spec: Float64Array, weight: (k2: number) => number): number {
  const { nx, ny, nxh, k2 } = grid;
  checkFloat64("parsevalMean", "spec", spec, ny * nxh * 2, `[${ny}, ${nxh}, 2]`);
  let s = 0;
  for (let p = 0; p < k2.length; p++) {
    const w = weight(k2[p]);
    if (w === 0) continue;
    const i = p % nxh;
    s += (i === 0 || i === nx / 2 ? 0.5 : 1) * w * (spec[2 * p] ** 2 + spec[2 * p + 1] ** 2);
  }
  return s / (nx * ny) ** 2;
}
