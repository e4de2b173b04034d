/**
 * Real FFTs on Float64Array, built on fft.js (radix-4, power-of-two sizes).
 *
 * Conventions (numpy.fft's): forward transforms are unnormalised, X_k = Σ_n x_n e^{-2πi kn/N};
 * inverse transforms divide by N (by nx·ny in 2D). Complex numbers are interleaved (re, im).
 */
import FFT from "fft.js";
import { checkFloat64, checkPowerOfTwo } from "../validate";

/**
 * 1D real FFT of size n (power of two, 4 ≤ n ≤ 65536).
 * forward: x [n] real → X [(n/2+1)·2] interleaved complex (modes k = 0..n/2).
 * inverse: X [(n/2+1)·2] → x [n]; the imaginary parts of the k = 0 and k = n/2 modes are ignored
 * (numpy.fft.irfft's convention).
 */
export class RealFft1 {
  readonly n: number;
  /** Number of complex modes kept, n/2 + 1. */
  readonly nh: number;
  private readonly fft: FFT;
  private readonly full: Float64Array;
  /** Half-size complex FFT for the inverse, its buffers [n/2, 2] and the twiddles cos, sin(2πk/n). */
  private readonly half: FFT;
  private readonly zSpec: Float64Array;
  private readonly zTime: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(n: number) {
    this.n = checkPowerOfTwo("RealFft1", "n", n);
    this.nh = n / 2 + 1;
    this.fft = new FFT(n);
    this.full = new Float64Array(2 * n);
    const M = n / 2;
    this.half = new FFT(M);
    this.zSpec = new Float64Array(2 * M);
    this.zTime = new Float64Array(2 * M);
    this.cos = new Float64Array(M);
    this.sin = new Float64Array(M);
    for (let k = 0; k < M; k++) { this.cos[k] = Math.cos((2 * Math.PI * k) / n); this.sin[k] = Math.sin((2 * Math.PI * k) / n); }
  }

  /** Forward transform of real `x` [n] into `out` [(n/2+1)·2]; returns `out`. */
  forward(x: Float64Array, out: Float64Array = new Float64Array(2 * this.nh)): Float64Array {
    checkFloat64("RealFft1.forward", "x", x, this.n, `[${this.n}]`);
    checkFloat64("RealFft1.forward", "out", out, 2 * this.nh, `[${this.nh}, 2]`);
    this.fft.realTransform(this.full, x);
    out.set(this.full.subarray(0, 2 * this.nh));
    return out;
  }

  /**
   * Inverse transform of `spec` [(n/2+1)·2] into real `out` [n]; `spec` is not modified. One complex
   * FFT of size n/2: with a_m = x_{2m}, b_m = x_{2m+1} and M = n/2, the half-size spectra are
   * A_k = (X_k + conj X_{M−k})/2 and B_k = (X_k − conj X_{M−k})·e^{2πik/n}/2, and z = a + i·b is the
   * inverse DFT of Z_k = A_k + i·B_k.
   */
  inverse(spec: Float64Array, out: Float64Array = new Float64Array(this.n)): Float64Array {
    checkFloat64("RealFft1.inverse", "spec", spec, 2 * this.nh, `[${this.nh}, 2]`);
    checkFloat64("RealFft1.inverse", "out", out, this.n, `[${this.n}]`);
    const M = this.n / 2, Z = this.zSpec, { cos, sin } = this;
    for (let k = 0; k < M; k++) {
      const xr = spec[2 * k], xi = k === 0 ? 0 : spec[2 * k + 1]; // X_k (Im X_0 ignored)
      const yr = spec[2 * (M - k)], yi = k === 0 ? 0 : spec[2 * (M - k) + 1]; // X_{M−k} (Im X_M ignored)
      const ar = 0.5 * (xr + yr), ai = 0.5 * (xi - yi), dr = 0.5 * (xr - yr), di = 0.5 * (xi + yi);
      const br = dr * cos[k] - di * sin[k], bi = dr * sin[k] + di * cos[k];
      Z[2 * k] = ar - bi;
      Z[2 * k + 1] = ai + br;
    }
    this.half.inverseTransform(this.zTime, Z); // includes 1/M
    out.set(this.zTime);
    return out;
  }
}

/**
 * 2D real FFT of a field on a [ny, nx] grid (row-major, rows = y, index j·nx + i; NHWC's H×W),
 * nx and ny powers of two in [4, 65536].
 *
 * Spectrum layout: [ny, nx/2+1] complex interleaved, length ny·(nx/2+1)·2; entry (j, i) holds the
 * mode with x-wavenumber index i ∈ [0, nx/2] and y-wavenumber index j ∈ [0, ny) (j ≥ ny/2 are the
 * negative wavenumbers j − ny). Same numbers as numpy.fft.rfft2 of the [ny, nx] array.
 */
export class RealFft2 {
  readonly nx: number;
  readonly ny: number;
  /** Number of x-modes kept, nx/2 + 1. */
  readonly nxh: number;
  /** Length of a spectrum array, ny·(nx/2+1)·2. */
  readonly specLength: number;
  private readonly fx: FFT;
  private readonly fy: FFT;
  private readonly rowSpec: Float64Array; // [2·nx] scratch for one row
  private readonly rowTime: Float64Array;
  private readonly colA: Float64Array; // [2·ny] scratch for one column
  private readonly colB: Float64Array;
  private readonly work: Float64Array; // [specLength] inverse-transform scratch

  constructor(nx: number, ny: number) {
    this.nx = checkPowerOfTwo("RealFft2", "nx", nx);
    this.ny = checkPowerOfTwo("RealFft2", "ny", ny);
    this.nxh = nx / 2 + 1;
    this.specLength = ny * this.nxh * 2;
    this.fx = new FFT(nx);
    this.fy = new FFT(ny);
    this.rowSpec = new Float64Array(2 * nx);
    this.rowTime = new Float64Array(2 * nx);
    this.colA = new Float64Array(2 * ny);
    this.colB = new Float64Array(2 * ny);
    this.work = new Float64Array(this.specLength);
  }

  /** Forward transform of the real field `x` [ny, nx] into `out` [ny, nx/2+1, 2]; returns `out`. */
  forward(x: Float64Array, out: Float64Array = new Float64Array(this.specLength)): Float64Array {
    checkFloat64("RealFft2.forward", "x", x, this.nx * this.ny, `[${this.ny}, ${this.nx}]`);
    checkFloat64("RealFft2.forward", "out", out, this.specLength, `[${this.ny}, ${this.nxh}, 2]`);
    this.forward_(x, out);
    return out;
  }

  /** Inverse transform of `spec` [ny, nx/2+1, 2] into the real field `out` [ny, nx]; `spec` is kept. */
  inverse(spec: Float64Array, out: Float64Array = new Float64Array(this.nx * this.ny)): Float64Array {
    checkFloat64("RealFft2.inverse", "spec", spec, this.specLength, `[${this.ny}, ${this.nxh}, 2]`);
    checkFloat64("RealFft2.inverse", "out", out, this.nx * this.ny, `[${this.ny}, ${this.nx}]`);
    this.inverse_(spec, out);
    return out;
  }

  /** Unchecked forward transform, for validated hot loops inside src/sim. */
  forward_(x: Float64Array, out: Float64Array): void {
    const { nx, ny, nxh, fy, colA, colB } = this;
    const z = this.rowSpec, zt = this.rowTime, half = nx / 2, stride = 2 * nxh;
    // Two real rows a, b per complex FFT of z = a + i·b; then A_k = (Z_k + conj Z_{n−k})/2,
    // B_k = (Z_k − conj Z_{n−k})/(2i).
    for (let j = 0; j < ny; j += 2) {
      const ra = j * nx, rb = ra + nx;
      for (let k = 0; k < nx; k++) { z[2 * k] = x[ra + k]; z[2 * k + 1] = x[rb + k]; }
      this.fx.transform(zt, z);
      const a = j * stride, b = a + stride;
      for (let k = 0; k <= half; k++) {
        const m = k === 0 ? 0 : nx - k;
        const zr = zt[2 * k], zi = zt[2 * k + 1], wr = zt[2 * m], wi = zt[2 * m + 1];
        out[a + 2 * k] = 0.5 * (zr + wr); out[a + 2 * k + 1] = 0.5 * (zi - wi);
        out[b + 2 * k] = 0.5 * (zi + wi); out[b + 2 * k + 1] = 0.5 * (wr - zr);
      }
    }
    for (let i = 0; i < nxh; i++) { // complex FFT along y for each kept x-mode
      for (let j = 0, p = 2 * i; j < ny; j++, p += stride) { colA[2 * j] = out[p]; colA[2 * j + 1] = out[p + 1]; }
      fy.transform(colB, colA);
      for (let j = 0, p = 2 * i; j < ny; j++, p += stride) { out[p] = colB[2 * j]; out[p + 1] = colB[2 * j + 1]; }
    }
  }

  /** Unchecked inverse transform, for validated hot loops inside src/sim. */
  inverse_(spec: Float64Array, out: Float64Array): void {
    const { nx, ny, nxh, fy, colA, colB, work } = this;
    const stride = 2 * nxh;
    for (let i = 0; i < nxh; i++) { // inverse complex FFT along y (includes 1/ny)
      for (let j = 0, p = 2 * i; j < ny; j++, p += stride) { colA[2 * j] = spec[p]; colA[2 * j + 1] = spec[p + 1]; }
      fy.inverseTransform(colB, colA);
      for (let j = 0, p = 2 * i; j < ny; j++, p += stride) { work[p] = colB[2 * j]; work[p + 1] = colB[2 * j + 1]; }
    }
    // Two real rows per complex inverse FFT: with A, B the half spectra of rows j and j+1,
    // Z_k = A_k + i·B_k (Hermitian-completed) transforms back to a + i·b.
    const z = this.rowSpec, zt = this.rowTime, half = nx / 2;
    for (let j = 0; j < ny; j += 2) {
      const a = j * stride, b = a + stride;
      z[0] = work[a]; z[1] = work[b]; // k = 0 and k = nx/2: imaginary parts ignored (numpy irfft)
      z[nx] = work[a + nx]; z[nx + 1] = work[b + nx];
      for (let k = 1; k < half; k++) {
        const ar = work[a + 2 * k], ai = work[a + 2 * k + 1], br = work[b + 2 * k], bi = work[b + 2 * k + 1];
        z[2 * k] = ar - bi; z[2 * k + 1] = ai + br; // A_k + i·B_k
        const m = 2 * (nx - k);
        z[m] = ar + bi; z[m + 1] = br - ai; // conj(A_k) + i·conj(B_k)
      }
      this.fx.inverseTransform(zt, z); // includes 1/nx
      const ra = j * nx, rb = ra + nx;
      for (let k = 0; k < nx; k++) { out[ra + k] = zt[2 * k]; out[rb + k] = zt[2 * k + 1]; }
    }
  }
}
