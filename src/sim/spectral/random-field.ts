/**
 * Seeded random fields with a prescribed spectrum on periodic grids: white noise from core.Rng,
 * filtered in Fourier space (a Gaussian random field whose covariance is diagonal in Fourier space).
 */
import type { Rng } from "../../core/random";
import type { RealFft2 } from "./fft";
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
