/**
 * Real FFTs on Float64Array, power-of-two sizes: RealFft1 on fft.js (radix 4), RealFft2 on LaneFft.
 *
 * Conventions (numpy.fft's): forward transforms are unnormalised, X_k = Σ_n x_n e^{-2πi kn/N};
 * inverse transforms divide by N (by nx·ny in 2D). Complex numbers are interleaved (re, im).
 */
import FFT from "fft.js";
import { checkFloat64, checkPowerOfTwo } from "../validate";
import { LaneFft } from "./lane-fft";

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
 *
 * Both passes are LaneFft transforms over whole rows: along x, rows j and j + ny/2 travel together as
 * one complex signal in a transposed [nx, ny/2] buffer; along y, all x-modes of the spectrum at once.
 */
export class RealFft2 {
  readonly nx: number;
  readonly ny: number;
  /** Number of x-modes kept, nx/2 + 1. */
  readonly nxh: number;
  /** Length of a spectrum array, ny·(nx/2+1)·2. */
  readonly specLength: number;
  private readonly fx: LaneFft;
  private readonly fy: LaneFft;
  /** [nx, ny/2] complex: the x-pass buffer (x-index slow). */
  private readonly lanes: Float64Array;
  /** [specLength] inverse-transform scratch (the input spectrum is kept). */
  private readonly work: Float64Array;
  /** [ny·(nx/2+1)] ones: inverseLanesIk_'s c when none is given (1·x = x exactly). */
  private readonly ones: Float64Array;

  constructor(nx: number, ny: number) {
    this.nx = checkPowerOfTwo("RealFft2", "nx", nx);
    this.ny = checkPowerOfTwo("RealFft2", "ny", ny);
    this.nxh = nx / 2 + 1;
    this.specLength = ny * this.nxh * 2;
    this.fx = new LaneFft(nx);
    this.fy = new LaneFft(ny);
    this.lanes = new Float64Array(nx * ny);
    this.work = new Float64Array(this.specLength);
    this.ones = new Float64Array(this.specLength / 2).fill(1);
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

  /**
   * Unchecked forward transform, for validated hot loops inside src/sim. With `xModes` < nx/2+1 only
   * the x-modes i < xModes are computed (the same numbers as the full transform) and the entries
   * i ≥ xModes of `out` are set to 0: for callers that discard them (e.g. the 2/3 rule).
   */
  forward_(x: Float64Array, out: Float64Array, xModes: number = this.nxh): void {
    const { nx, ny } = this, t = this.lanes, H = ny / 2, ts = 2 * H, revX = this.fx.rev;
    for (let i = 0; i < nx; i++) {
      const r = revX[i] * ts;
      for (let j = 0, pa = i, pb = i + H * nx; j < H; j++, pa += nx, pb += nx) { t[r + 2 * j] = x[pa]; t[r + 2 * j + 1] = x[pb]; }
    }
    this.forwardLanes_(t, out, xModes);
  }

  /** Unchecked inverse transform, for validated hot loops inside src/sim. */
  inverse_(spec: Float64Array, out: Float64Array): void {
    const { nx, ny } = this, t = this.lanes, H = ny / 2, ts = 2 * H, scale = 1 / (nx * ny);
    this.inverseLanes_(spec, t);
    for (let i = 0; i < nx; i++) {
      const r = i * ts;
      for (let j = 0, pa = i, pb = i + H * nx; j < H; j++, pa += nx, pb += nx) { out[pa] = t[r + 2 * j] * scale; out[pb] = t[r + 2 * j + 1] * scale; }
    }
  }

  /**
   * The lane layout of a real field x [ny, nx]: [nx, ny/2] complex, x-index slow, lane j of row i
   * holding x[j, i] + i·x[j + ny/2, i] (length nx·ny). inverseLanes_ writes rows in natural order i;
   * forwardLanes_ reads row `laneRow[i]` for x-index i (bit-reversed order). Pointwise products of
   * fields can be formed in this layout, skipping the transposes to and from [ny, nx].
   */
  get laneRow(): Int32Array { return this.fx.rev; }

  /**
   * Unchecked forward transform from the lane layout (rows in laneRow order; overwritten) into
   * `out` [ny, nx/2+1, 2], x-modes ≥ xModes skipped and zeroed as in forward_.
   */
  forwardLanes_(t: Float64Array, out: Float64Array, xModes: number = this.nxh): void {
    const { nx, ny, nxh, fx, fy } = this, H = ny / 2, ts = 2 * H, stride = 2 * nxh, revY = fy.rev;
    fx.forwardBitReversed(t, H, H); // along x: Z = A + i·B, A, B the spectra of rows j and j + H
    // A_k = (Z_k + conj Z_{nx−k})/2, B_k = (Z_k − conj Z_{nx−k})/(2i), into the rows of `out` in
    // bit-reversed y order for the y-pass.
    for (let k = 0; k < xModes; k++) {
      const zk = k * ts, wk = (k === 0 ? 0 : nx - k) * ts;
      for (let j = 0; j < H; j++) {
        const zr = t[zk + 2 * j], zi = t[zk + 2 * j + 1], wr = t[wk + 2 * j], wi = t[wk + 2 * j + 1];
        const a = revY[j] * stride + 2 * k, b = revY[j + H] * stride + 2 * k;
        out[a] = 0.5 * (zr + wr); out[a + 1] = 0.5 * (zi - wi);
        out[b] = 0.5 * (zi + wi); out[b + 1] = 0.5 * (wr - zr);
      }
    }
    if (xModes < nxh) for (let j = 0; j < ny; j++) out.fill(0, j * stride + 2 * xModes, (j + 1) * stride);
    fy.forwardBitReversed(out, nxh, xModes);
  }

  /**
   * Unchecked inverse transform of `spec` (kept) into the lane layout `t` (rows in natural order),
   * unnormalised: the field values times nx·ny.
   */
  inverseLanes_(spec: Float64Array, t: Float64Array): void {
    const { ny, fy, work } = this, stride = 2 * this.nxh, revY = fy.rev;
    for (let j = 0; j < ny; j++) work.set(spec.subarray(j * stride, (j + 1) * stride), revY[j] * stride);
    this.finishInverseLanes(t);
  }

  /**
   * inverseLanes_ of the spectrum σ·i·k∘(c∘spec), not formed: mode p becomes
   * (−σk_p·(c_p·Im), σk_p·(c_p·Re)) (a spectral derivative, e.g. k = grid.kxDeriv; c = −1/|k|² for
   * the stream function; c omitted: 1). `k`, `c` have one entry per mode (ny·(nx/2+1)); σ = ±1.
   */
  inverseLanesIk_(spec: Float64Array, k: Float64Array, c: Float64Array | null, sign: 1 | -1, t: Float64Array): void {
    const { ny, nxh, fy, work } = this, stride = 2 * nxh, revY = fy.rev;
    if (fy.firstBlock8) {
      this.block8Ik(spec, k, c ?? this.ones, sign);
      fy.inverseAfterBlock8(work, nxh, nxh);
      this.packLanes(t);
      return;
    }
    for (let j = 0; j < ny; j++) {
      const d = revY[j] * stride - 2 * j * nxh;
      if (c === null) {
        for (let p = j * nxh; p < (j + 1) * nxh; p++) {
          const kk = sign * k[p];
          work[d + 2 * p] = -kk * spec[2 * p + 1]; work[d + 2 * p + 1] = kk * spec[2 * p];
        }
      } else {
        for (let p = j * nxh; p < (j + 1) * nxh; p++) {
          const kk = sign * k[p];
          work[d + 2 * p] = -kk * (c[p] * spec[2 * p + 1]); work[d + 2 * p + 1] = kk * (c[p] * spec[2 * p]);
        }
      }
    }
    this.finishInverseLanes(t);
  }

  /**
   * The first y-pass of the inverse (LaneFft's 8-row block: radix 2, then radix 4 with twiddles 1
   * and block8Twiddles; inverse = forward on re/im-swapped data) fused with forming
   * σ·i·k∘(c∘spec) from the spectrum rows: the same operations as the copy followed by that pass.
   */
  private block8Ik(spec: Float64Array, k: Float64Array, c: Float64Array, sign: number): void {
    const { ny, nxh, work } = this, stride = 2 * nxh, revY = this.fy.rev, tw = this.fy.block8Twiddles;
    const c1 = tw[0], s1 = tw[1], c2 = tw[2], s2 = tw[3], c3 = tw[4], s3 = tw[5];
    for (let g = 0; g < ny; g += 8) {
      // Mode index of lane 0 in the spectrum row feeding each of the 8 rows.
      const q0 = revY[g] * nxh, q1 = revY[g + 1] * nxh, q2 = revY[g + 2] * nxh, q3 = revY[g + 3] * nxh;
      const q4 = revY[g + 4] * nxh, q5 = revY[g + 5] * nxh, q6 = revY[g + 6] * nxh, q7 = revY[g + 7] * nxh;
      const b0 = g * stride, b1 = b0 + stride, b2 = b1 + stride, b3 = b2 + stride, b4 = b3 + stride, b5 = b4 + stride, b6 = b5 + stride, b7 = b6 + stride;
      for (let i = 0; i < nxh; i++) {
        // Each row's value (−σk·(c·Im), σk·(c·Re)), swapped for the inverse: xr = σk·(c·Re), xi = −σk·(c·Im).
        let p = q0 + i, kk = sign * k[p];
        let xr = kk * (c[p] * spec[2 * p]), xi = -kk * (c[p] * spec[2 * p + 1]);
        p = q1 + i; kk = sign * k[p];
        let yr = kk * (c[p] * spec[2 * p]), yi = -kk * (c[p] * spec[2 * p + 1]);
        const p0r = xr + yr, p0i = xi + yi, p1r = xr - yr, p1i = xi - yi;
        p = q2 + i; kk = sign * k[p]; xr = kk * (c[p] * spec[2 * p]); xi = -kk * (c[p] * spec[2 * p + 1]);
        p = q3 + i; kk = sign * k[p]; yr = kk * (c[p] * spec[2 * p]); yi = -kk * (c[p] * spec[2 * p + 1]);
        const p2r = xr + yr, p2i = xi + yi, p3r = xr - yr, p3i = xi - yi;
        p = q4 + i; kk = sign * k[p]; xr = kk * (c[p] * spec[2 * p]); xi = -kk * (c[p] * spec[2 * p + 1]);
        p = q5 + i; kk = sign * k[p]; yr = kk * (c[p] * spec[2 * p]); yi = -kk * (c[p] * spec[2 * p + 1]);
        const p4r = xr + yr, p4i = xi + yi, p5r = xr - yr, p5i = xi - yi;
        p = q6 + i; kk = sign * k[p]; xr = kk * (c[p] * spec[2 * p]); xi = -kk * (c[p] * spec[2 * p + 1]);
        p = q7 + i; kk = sign * k[p]; yr = kk * (c[p] * spec[2 * p]); yi = -kk * (c[p] * spec[2 * p + 1]);
        const p6r = xr + yr, p6i = xi + yi, p7r = xr - yr, p7i = xi - yi;
        const cr = 2 * i + 1, ci = 2 * i; // swapped back on store
        let e0r = p0r + p2r, e0i = p0i + p2i, e1r = p0r - p2r, e1i = p0i - p2i;
        let f0r = p4r + p6r, f0i = p4i + p6i, f1r = p4r - p6r, f1i = p4i - p6i;
        work[b0 + cr] = e0r + f0r; work[b0 + ci] = e0i + f0i;
        work[b2 + cr] = e1r + f1i; work[b2 + ci] = e1i - f1r;
        work[b4 + cr] = e0r - f0r; work[b4 + ci] = e0i - f0i;
        work[b6 + cr] = e1r - f1i; work[b6 + ci] = e1i + f1r;
        const t1r = p3r * c2 - p3i * s2, t1i = p3r * s2 + p3i * c2;
        const t2r = p5r * c1 - p5i * s1, t2i = p5r * s1 + p5i * c1;
        const t3r = p7r * c3 - p7i * s3, t3i = p7r * s3 + p7i * c3;
        e0r = p1r + t1r; e0i = p1i + t1i; e1r = p1r - t1r; e1i = p1i - t1i;
        f0r = t2r + t3r; f0i = t2i + t3i; f1r = t2r - t3r; f1i = t2i - t3i;
        work[b1 + cr] = e0r + f0r; work[b1 + ci] = e0i + f0i;
        work[b3 + cr] = e1r + f1i; work[b3 + ci] = e1i - f1r;
        work[b5 + cr] = e0r - f0r; work[b5 + ci] = e0i - f0i;
        work[b7 + cr] = e1r - f1i; work[b7 + ci] = e1i + f1r;
      }
    }
  }

  /** The y-pass of `work` (rows bit-reversed) and the x-pass into the lanes `t`. */
  private finishInverseLanes(t: Float64Array): void {
    this.fy.inverseBitReversed(this.work, this.nxh, this.nxh);
    this.packLanes(t);
  }

  /** From the y-transformed `work` to the x-pass and the lanes `t`. */
  private packLanes(t: Float64Array): void {
    const { nx, ny, nxh, fx, work } = this, H = ny / 2, ts = 2 * H, stride = 2 * nxh, revX = fx.rev;
    // Rows j and j + H (half spectra A, B) as one Hermitian-completed signal Z_k = A_k + i·B_k, whose
    // inverse is a + i·b; the imaginary parts of k = 0 and k = nx/2 are ignored (numpy irfft).
    const half = nx / 2;
    if (fx.firstBlock8) {
      this.block8Pack(t);
      fx.inverseAfterBlock8(t, H, H);
      return;
    }
    for (let k = 0; k <= half; k += half) {
      const zk = revX[k] * ts;
      for (let j = 0; j < H; j++) { t[zk + 2 * j] = work[j * stride + 2 * k]; t[zk + 2 * j + 1] = work[(j + H) * stride + 2 * k]; }
    }
    for (let k = 1; k < half; k++) {
      const zk = revX[k] * ts, wk = revX[nx - k] * ts;
      for (let j = 0; j < H; j++) {
        const a = j * stride + 2 * k, b = (j + H) * stride + 2 * k;
        const ar = work[a], ai = work[a + 1], br = work[b], bi = work[b + 1];
        t[zk + 2 * j] = ar - bi; t[zk + 2 * j + 1] = ai + br; // A_k + i·B_k
        t[wk + 2 * j] = ar + bi; t[wk + 2 * j + 1] = br - ai; // conj(A_k) + i·conj(B_k)
      }
    }
    fx.inverseBitReversed(t, H, H);
  }
  /**
   * packLanes' Hermitian completion fused with the x-pass's first 8-row block (as block8Ik does for
   * the y-pass). Row g + r of `t` holds x-mode m = rev(g + r): for even r, m < nx/2 and
   * Z = A_m + i·B_m; for odd r, m ≥ nx/2 and Z = conj(A_{nx−m}) + i·conj(B_{nx−m}), nx − m = nx/2 −
   * rev(g + r − 1); in the first block, rows 0 and 1 are the modes 0 and nx/2 (real parts only).
   */
  private block8Pack(t: Float64Array): void {
    const { nx, ny, nxh, work } = this, H = ny / 2, ts = 2 * H, stride = 2 * nxh, half = nx / 2, revX = this.fx.rev;
    const tw = this.fx.block8Twiddles, c1 = tw[0], s1 = tw[1], c2 = tw[2], s2 = tw[3], c3 = tw[4], s3 = tw[5];
    for (let g = 0; g < nx; g += 8) {
      // Columns (doubles) of the modes read for rows 0, 2, 4, 6 (direct) and 1, 3, 5, 7 (conjugated).
      const m0 = 2 * revX[g], m2 = 2 * revX[g + 2], m4 = 2 * revX[g + 4], m6 = 2 * revX[g + 6];
      const m1 = 2 * (half - revX[g]), m3 = 2 * (half - revX[g + 2]), m5 = 2 * (half - revX[g + 4]), m7 = 2 * (half - revX[g + 6]);
      const first = g === 0;
      const b0 = g * ts, b1 = b0 + ts, b2 = b1 + ts, b3 = b2 + ts, b4 = b3 + ts, b5 = b4 + ts, b6 = b5 + ts, b7 = b6 + ts;
      for (let j = 0; j < H; j++) {
        const a = j * stride, b = (j + H) * stride;
        // Z = (zr, zi) per row; the inverse runs the forward kernel on (zi, zr).
        let xr: number, xi: number, yr: number, yi: number;
        if (first) { xr = work[b + m0]; xi = work[a + m0]; yr = work[b + 2 * half]; yi = work[a + 2 * half]; } else {
          xr = work[a + m0 + 1] + work[b + m0]; xi = work[a + m0] - work[b + m0 + 1];
          yr = work[b + m1] - work[a + m1 + 1]; yi = work[a + m1] + work[b + m1 + 1];
        }
        const p0r = xr + yr, p0i = xi + yi, p1r = xr - yr, p1i = xi - yi;
        xr = work[a + m2 + 1] + work[b + m2]; xi = work[a + m2] - work[b + m2 + 1];
        yr = work[b + m3] - work[a + m3 + 1]; yi = work[a + m3] + work[b + m3 + 1];
        const p2r = xr + yr, p2i = xi + yi, p3r = xr - yr, p3i = xi - yi;
        xr = work[a + m4 + 1] + work[b + m4]; xi = work[a + m4] - work[b + m4 + 1];
        yr = work[b + m5] - work[a + m5 + 1]; yi = work[a + m5] + work[b + m5 + 1];
        const p4r = xr + yr, p4i = xi + yi, p5r = xr - yr, p5i = xi - yi;
        xr = work[a + m6 + 1] + work[b + m6]; xi = work[a + m6] - work[b + m6 + 1];
        yr = work[b + m7] - work[a + m7 + 1]; yi = work[a + m7] + work[b + m7 + 1];
        const p6r = xr + yr, p6i = xi + yi, p7r = xr - yr, p7i = xi - yi;
        const cr = 2 * j + 1, ci = 2 * j; // swapped back on store
        let e0r = p0r + p2r, e0i = p0i + p2i, e1r = p0r - p2r, e1i = p0i - p2i;
        let f0r = p4r + p6r, f0i = p4i + p6i, f1r = p4r - p6r, f1i = p4i - p6i;
        t[b0 + cr] = e0r + f0r; t[b0 + ci] = e0i + f0i;
        t[b2 + cr] = e1r + f1i; t[b2 + ci] = e1i - f1r;
        t[b4 + cr] = e0r - f0r; t[b4 + ci] = e0i - f0i;
        t[b6 + cr] = e1r - f1i; t[b6 + ci] = e1i + f1r;
        const t1r = p3r * c2 - p3i * s2, t1i = p3r * s2 + p3i * c2;
        const t2r = p5r * c1 - p5i * s1, t2i = p5r * s1 + p5i * c1;
        const t3r = p7r * c3 - p7i * s3, t3i = p7r * s3 + p7i * c3;
        e0r = p1r + t1r; e0i = p1i + t1i; e1r = p1r - t1r; e1i = p1i - t1i;
        f0r = t2r + t3r; f0i = t2i + t3i; f1r = t2r - t3r; f1i = t2i - t3i;
        t[b1 + cr] = e0r + f0r; t[b1 + ci] = e0i + f0i;
        t[b3 + cr] = e1r + f1i; t[b3 + ci] = e1i - f1r;
        t[b5 + cr] = e0r - f0r; t[b5 + ci] = e0i - f0i;
        t[b7 + cr] = e1r - f1i; t[b7 + ci] = e1i + f1r;
      }
    }
  }

}
