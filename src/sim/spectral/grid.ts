/**
 * Wavenumber tables for a doubly periodic rectangle [0, lx) × [0, ly) sampled on an [ny, nx] grid,
 * matched to the spectrum layout of RealFft2 ([ny, nx/2+1], entry p = j·(nx/2+1) + i).
 */
import { checkPositive, checkPowerOfTwo } from "../validate";

export interface SpectralGrid2 {
  readonly nx: number;
  readonly ny: number;
  /** Domain lengths (the physical unit of x and y; 2π gives integer wavenumbers). */
  readonly lx: number;
  readonly ly: number;
  /** Number of x-modes, nx/2 + 1; every table below has length ny·nxh. */
  readonly nxh: number;
  /** Wavenumbers kx = 2π·i/lx and ky = 2π·(j or j − ny)/ly, in radians per unit length. */
  readonly kx: Float64Array;
  readonly ky: Float64Array;
  /** |k|² = kx² + ky². */
  readonly k2: Float64Array;
  /** Wavenumbers for first derivatives: kx, ky with the Nyquist modes set to 0 (keeps fields real). */
  readonly kxDeriv: Float64Array;
  readonly kyDeriv: Float64Array;
  /** 2/3-rule mask (Orszag 1971): 1 where |i| < nx/3 and |j| < ny/3 (index units), else 0. */
  readonly dealias: Float64Array;
}

/**
 * Builds the wavenumber tables for an [ny, nx] periodic grid (nx, ny powers of two ≥ 4) on a
 * domain of lengths lx × ly (default 2π × 2π).
 */
export function spectralGrid2(nx: number, ny: number, lx: number = 2 * Math.PI, ly: number = 2 * Math.PI): SpectralGrid2 {
  checkPowerOfTwo("spectralGrid2", "nx", nx);
  checkPowerOfTwo("spectralGrid2", "ny", ny);
  checkPositive("spectralGrid2", "lx", lx);
  checkPositive("spectralGrid2", "ly", ly);
  const nxh = nx / 2 + 1, size = ny * nxh;
  const kx = new Float64Array(size), ky = new Float64Array(size), k2 = new Float64Array(size);
  const kxDeriv = new Float64Array(size), kyDeriv = new Float64Array(size), dealias = new Float64Array(size);
  for (let j = 0; j < ny; j++) {
    const jj = j < ny / 2 ? j : j - ny; // signed y index; Nyquist j = ny/2 maps to −ny/2
    for (let i = 0; i < nxh; i++) {
      const p = j * nxh + i;
      kx[p] = (2 * Math.PI * i) / lx;
      ky[p] = (2 * Math.PI * jj) / ly;
      k2[p] = kx[p] * kx[p] + ky[p] * ky[p];
      kxDeriv[p] = i === nx / 2 ? 0 : kx[p];
      kyDeriv[p] = j === ny / 2 ? 0 : ky[p];
      dealias[p] = 3 * i < nx && 3 * Math.abs(jj) < ny ? 1 : 0;
    }
  }
  return { nx, ny, lx, ly, nxh, kx, ky, k2, kxDeriv, kyDeriv, dealias };
}

/**
 * Wavenumber tables for a periodic interval [0, l) with n points (power of two ≥ 4), matched to
 * RealFft1's layout (modes 0..n/2): k = 2π·m/l, kDeriv (Nyquist set to 0) and the 2/3 mask.
 */
export function spectralGrid1(n: number, l: number = 2 * Math.PI): { n: number; l: number; k: Float64Array; kDeriv: Float64Array; dealias: Float64Array } {
  checkPowerOfTwo("spectralGrid1", "n", n);
  checkPositive("spectralGrid1", "l", l);
  const nh = n / 2 + 1;
  const k = new Float64Array(nh), kDeriv = new Float64Array(nh), dealias = new Float64Array(nh);
  for (let m = 0; m < nh; m++) {
    k[m] = (2 * Math.PI * m) / l;
    kDeriv[m] = m === n / 2 ? 0 : k[m];
    dealias[m] = 3 * m < n ? 1 : 0;
  }
  return { n, l, k, kDeriv, dealias };
}
