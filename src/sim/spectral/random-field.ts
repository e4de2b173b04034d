/**
 * Seeded random fields with a prescribed spectrum on periodic grids: white noise from core.Rng,
 * filtered in Fourier space (a Gaussian random field whose covariance is diagonal in Fourier space).
 */
import type { Rng } from "../../core/random";
import { RealFft1, RealFft2 } from "./fft";
import type { SpectralGrid2 } from "./grid";

/**
 * Real field [ny, nx] = IFFT(a(|k|)·FFT(w)) with w ~ N(0, 1) white noise drawn from `rng`, where
 * `amplitude(k)` gives the filter at wavenumber magnitude k (radians per length unit). The mean mode
 * is removed. The result is a stationary Gaussian field with spectral density ∝ a(k)².
 */
export function filteredNoise2(grid: SpectralGrid2, fft: RealFft2, amplitude: (k: number) => number, rng: Rng): Float64Array {
  const w = rng.fillNormal(new Float64Array(grid.nx * grid.ny));
  const W = fft.forward(w);
  for (let p = 0; p < grid.k2.length; p++) {
    const a = p === 0 ? 0 : amplitude(Math.sqrt(grid.k2[p]));
    if (!Number.isFinite(a)) throw new RangeError(`filteredNoise2: amplitude(${Math.sqrt(grid.k2[p])}) must be finite, got ${a}`);
    W[2 * p] *= a; W[2 * p + 1] *= a;
  }
  return fft.inverse(W);
}

/** 1D analogue of filteredNoise2 on n points of a period `length`: modes m ↦ k = 2π·m/length. */
export function filteredNoise1(n: number, length: number, amplitude: (k: number) => number, rng: Rng): Float64Array {
  const fft = new RealFft1(n);
  const W = fft.forward(rng.fillNormal(new Float64Array(n)));
  W[0] = 0; W[1] = 0;
  for (let m = 1; m < fft.nh; m++) {
    const a = amplitude((2 * Math.PI * m) / length);
    if (!Number.isFinite(a)) throw new RangeError(`filteredNoise1: amplitude(${(2 * Math.PI * m) / length}) must be finite, got ${a}`);
    W[2 * m] *= a; W[2 * m + 1] *= a;
  }
  return fft.inverse(W);
}
