/**
 * Gaussian random fields on periodic 1D and 2D grids by spectral synthesis: white noise from an
 * `Rng`, filtered in Fourier space by an isotropic amplitude a(|k|), transformed back (fft.js).
 * `filteredNoise` takes any amplitude; `gaussianRandomField` is the Matérn-like case below.
 *
 * The field f has covariance operator ∝ (τ² − Δ)^(−α): every Fourier mode k ≠ 0 is an independent
 * complex Gaussian with E|f̂_k|² ∝ (τ² + |k|²)^(−α) (so the amplitude filter is (τ² + |k|²)^(−α/2)),
 * and the mean mode is zero. This is the prior used for initial conditions in the Fourier Neural
 * Operator paper (Li et al. 2020, arXiv:2010.08895, §5: Burgers α = 2, τ = 5 up to a constant;
 * Navier–Stokes α = 2.5, τ = 7) with wavenumbers k = 2π·m/length.
 */
import FFT from "fft.js";
import type { Rng } from "./random";
import { checkPositive } from "./checks";

/** Parameters of `gaussianRandomField`. */
export interface GaussianRandomFieldOptions {
  /** Spectral exponent α > 0: per-mode power ∝ (τ² + k²)^(−α); larger = smoother. Default 2. */
  alpha?: number;
  /** τ ≥ 0, in radians per length unit: below |k| ≈ τ the spectrum flattens. Default 3. */
  tau?: number;
  /** Period of the domain in length units, one number or [ly, lx] in 2D. Default 1. */
  length?: number | readonly [number, number];
  /** Expected pointwise standard deviation of the field (an ensemble property, not per sample). Default 1. */
  std?: number;
}

function checkSize(where: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 2 || n > 1 << 16 || (n & (n - 1)) !== 0) {
    throw new RangeError(`${where}: ${name} must be a power of two in [2, 65536] (fft.js sizes), got ${n}`);
  }
}

/** Signed integer frequency of FFT bin `m` of `n` (numpy.fft.fftfreq · n). */
function freq(m: number, n: number): number {
  return m <= n / 2 ? m : m - n;
}

/** In-place complex FFT (interleaved re, im) along rows then columns of a [ny, nx] grid. */
function fft2(data: Float64Array, ny: number, nx: number, inverse: boolean): void {
  const fx = new FFT(nx);
  const inX = new Float64Array(2 * nx), outX = new Float64Array(2 * nx);
  for (let j = 0; j < ny; j++) {
    inX.set(data.subarray(2 * j * nx, 2 * (j + 1) * nx));
    if (inverse) fx.inverseTransform(outX, inX);
    else fx.transform(outX, inX);
    data.set(outX, 2 * j * nx);
  }
  if (ny === 1) return;
  const fy = new FFT(ny);
  const inY = new Float64Array(2 * ny), outY = new Float64Array(2 * ny);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      inY[2 * j] = data[2 * (j * nx + i)];
      inY[2 * j + 1] = data[2 * (j * nx + i) + 1];
    }
    if (inverse) fy.inverseTransform(outY, inY);
    else fy.transform(outY, inY);
    for (let j = 0; j < ny; j++) {
      data[2 * (j * nx + i)] = outY[2 * j];
      data[2 * (j * nx + i) + 1] = outY[2 * j + 1];
    }
  }
}

/** A periodic grid checked: sizes, periods (length units). */
interface PeriodicGrid { ny: number; nx: number; ly: number; lx: number }

function checkGrid(where: string, shape: readonly [number] | readonly [number, number], length: number | readonly [number, number]): PeriodicGrid {
  if (!Array.isArray(shape) || (shape.length !== 1 && shape.length !== 2)) {
    throw new TypeError(`${where}: shape must be [n] or [ny, nx], got ${JSON.stringify(shape)}`);
  }
  const ny = shape.length === 2 ? shape[0] : 1;
  const nx = shape.length === 2 ? shape[1] : shape[0];
  if (shape.length === 2) checkSize(where, "ny", ny);
  checkSize(where, shape.length === 2 ? "nx" : "n", nx);
  const [ly, lx] = typeof length === "number" ? [length, length] : length;
  if (typeof length !== "number" && shape.length !== 2) {
    throw new TypeError(`${where}: a 1D field takes one period length, got ${JSON.stringify(length)}`);
  }
  checkPositive(where, "length", lx);
  checkPositive(where, "length", ly);
  return { ny, nx, ly, lx };
}

/**
 * IFFT(a·FFT(w)) on the grid, w ~ N(0, 1) white noise (ny·nx normals from `rng`, row-major), with
 * the filter a = amplitude(kx², ky²) per mode (k = 2π·m/length) and a = 0 for the mean mode. Also
 * returns Σ_k a², so that E[f_j²] = (1/n)·Σ_k a² for every grid point j.
 */
function synthesize(g: PeriodicGrid, rng: Rng, amplitude: (kx2: number, ky2: number) => number): { field: Float64Array; sumA2: number } {
  const { ny, nx, ly, lx } = g, n = nx * ny;
  const noise = rng.fillNormal(new Float64Array(n));
  const data = new Float64Array(2 * n);
  for (let p = 0; p < n; p++) data[2 * p] = noise[p];
  fft2(data, ny, nx, false);
  let sumA2 = 0;
  for (let j = 0; j < ny; j++) {
    const ky = (2 * Math.PI * freq(j, ny)) / ly;
    for (let i = 0; i < nx; i++) {
      const kx = (2 * Math.PI * freq(i, nx)) / lx;
      const p = j * nx + i;
      const a = p === 0 ? 0 : amplitude(kx * kx, ky * ky);
      sumA2 += a * a;
      data[2 * p] *= a;
      data[2 * p + 1] *= a;
    }
  }
  fft2(data, ny, nx, true);
  const field = new Float64Array(n);
  for (let p = 0; p < n; p++) field[p] = data[2 * p];
  return { field, sumA2 };
}

/**
 * A stationary zero-mean Gaussian field on a periodic grid with a prescribed isotropic filter,
 * float64: IFFT(a(|k|)·FFT(w)) with w ~ N(0, 1) white noise, so the spectral density is ∝ a(|k|)².
 *
 * @param shape `[n]` or `[ny, nx]` (row-major, value at (x = i, y = j) is `out[j * nx + i]`), powers of two.
 * @param rng the stream; exactly n (or ny·nx) normals are drawn from it, in row-major order.
 * @param amplitude a(k) for the wavenumber magnitude k = |k| in radians per length unit (must be
 *   finite); the mean mode k = 0 is removed whatever a(0) is.
 * @param options.length period in length units, one number or [ly, lx] in 2D (default 1).
 * @returns Float64Array of length n (or ny·nx), each sample with exactly zero mean; unnormalised
 *   (scale the amplitude or the result).
 */
export function filteredNoise(
  shape: readonly [number] | readonly [number, number],
  rng: Rng,
  amplitude: (k: number) => number,
  options: { length?: number | readonly [number, number] } = {},
): Float64Array {
  const where = "filteredNoise";
  if (typeof amplitude !== "function") throw new TypeError(`${where}: amplitude must be a function k ↦ a(k), got ${typeof amplitude}`);
  const g = checkGrid(where, shape, options.length ?? 1);
  return synthesize(g, rng, (kx2, ky2) => {
    const k = Math.sqrt(kx2 + ky2), a = amplitude(k);
    if (!Number.isFinite(a)) throw new RangeError(`${where}: amplitude(${k}) must be finite, got ${a}`);
    return a;
  }).field;
}

/**
 * A zero-mean Gaussian random field on a periodic grid, float64.
 *
 * @param shape `[n]` (1D) or `[ny, nx]` (2D, row-major: value at (x = i, y = j) is `out[j * nx + i]`);
 *   sizes must be powers of two (fft.js).
 * @param rng the stream; exactly `n` (or `ny·nx`) normals are drawn from it, in row-major order.
 * @param options α, τ, period and std (see `GaussianRandomFieldOptions`).
 * @returns Float64Array of length n (or ny·nx). Each sample has exactly zero mean (the k = 0 mode is
 *   removed); the expected pointwise variance over the ensemble is std² (the filter is scaled by
 *   std / sqrt(mean over all modes of (τ² + k²)^(−α))), so individual samples fluctuate around it.
 */
export function gaussianRandomField(
  shape: readonly [number] | readonly [number, number],
  rng: Rng,
  options: GaussianRandomFieldOptions = {},
): Float64Array {
  const where = "gaussianRandomField";
  const { alpha = 2, tau = 3, length = 1, std = 1 } = options;
  const g = checkGrid(where, shape, length);
  checkPositive(where, "alpha", alpha);
  checkPositive(where, "tau", tau, true);
  checkPositive(where, "std", std, true);
  // amplitude a(k) = (τ² + k²)^(−α/2); E[f_j²] = (1/n) Σ_k a(k)² for unit white noise.
  const { field, sumA2 } = synthesize(g, rng, (kx2, ky2) => Math.pow(tau * tau + kx2 + ky2, -alpha / 2));
  const n = field.length, scale = sumA2 > 0 ? std / Math.sqrt(sumA2 / n) : 0;
  for (let p = 0; p < n; p++) field[p] *= scale;
  return field;
}
