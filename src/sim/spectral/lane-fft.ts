/**
 * Complex FFT of length n along the slow axis of an [n, lanes] array, all lanes at once: every
 * butterfly combines whole rows, so the inner loop runs over contiguous memory with one twiddle
 * factor per row (no gather/scatter of strided columns). Iterative decimation in time, radix 4
 * (one radix-2 stage first when log2 n is odd), twiddles precomputed. Used by RealFft2 for both
 * axes of a 2D transform.
 *
 * Layout: complex interleaved (re, im); row r starts at 2·r·stride (stride in complex numbers,
 * ≥ lanes); only the first `lanes` complex numbers of each row are transformed. Forward transforms
 * are unnormalised, X_k = Σ_r x_r e^{−2πi kr/n}; the inverse is the unnormalised conjugate
 * transform (divide by n yourself).
 */
import { checkPowerOfTwo } from "../validate";

export class LaneFft {
  readonly n: number;
  /** Bit-reversal permutation of 0..n−1: the transforms read row `rev[r]` where the data of row r is stored. */
  readonly rev: Int32Array;
  /** For each radix-4 stage (quarter size m = 1 or 2, then ×4): cos, sin of w^k, w^{2k}, w^{3k}, w = e^{−2πi/(4m)}, k < m. */
  private readonly twiddles: Float64Array;
  private readonly firstRadix2: boolean;
  /**
   * True when the first pass combines blocks of 8 rows (odd log2 n ≥ 3): a caller may do that pass
   * itself (block8Twiddles, then inverseAfterBlock8) to fuse it with filling the rows.
   */
  readonly firstBlock8: boolean;

  constructor(n: number) {
    this.n = checkPowerOfTwo("LaneFft", "n", n, 2);
    const bits = Math.round(Math.log2(n));
    this.rev = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      let v = 0;
      for (let b = 0; b < bits; b++) v |= ((r >> b) & 1) << (bits - 1 - b);
      this.rev[r] = v;
    }
    this.firstRadix2 = bits % 2 === 1;
    this.firstBlock8 = this.firstRadix2 && n >= 8;
    let total = 0;
    for (let m = this.firstRadix2 ? 2 : 1; 4 * m <= n; m *= 4) total += 6 * m;
    this.twiddles = new Float64Array(total);
    let o = 0;
    for (let m = this.firstRadix2 ? 2 : 1; 4 * m <= n; m *= 4) {
      for (let k = 0; k < m; k++, o += 6) {
        for (let p = 1; p <= 3; p++) {
          const a = (-2 * Math.PI * p * k) / (4 * m);
          this.twiddles[o + 2 * (p - 1)] = Math.cos(a);
          this.twiddles[o + 2 * (p - 1) + 1] = Math.sin(a);
        }
      }
    }
  }

  /**
   * In-place forward transform along the rows of `x`, whose rows must hold the input in
   * bit-reversed order (row rev[r] holds input row r); the output comes out in natural order.
   */
  forwardBitReversed(x: Float64Array, stride: number, lanes: number): void {
    this.run(x, 2 * stride, 2 * lanes, 0, 1);
  }

  /** In-place unnormalised inverse transform; input rows in bit-reversed order as for the forward. */
  inverseBitReversed(x: Float64Array, stride: number, lanes: number): void {
    // conj(F(conj z)) computed as F applied with real and imaginary parts swapped: exact.
    this.run(x, 2 * stride, 2 * lanes, 1, 0);
  }

  /**
   * The inverse after its first pass, done by the caller (firstBlock8 only): per block of 8 rows,
   * radix 2 on row pairs, then radix 4 on rows (0, 2, 4, 6) with twiddles 1 and on rows (1, 3, 5, 7)
   * with block8Twiddles — in the order of LaneFft's own first pass, on re/im-swapped data.
   */
  inverseAfterBlock8(x: Float64Array, stride: number, lanes: number): void {
    if (!this.firstBlock8) throw new RangeError(`LaneFft.inverseAfterBlock8: n = ${this.n} has no 8-row first pass`);
    this.run(x, 2 * stride, 2 * lanes, 1, 0, true);
  }

  /** cos, sin of w, w², w³ (w = e^{−2πi/8}) as the 8-row first pass uses them: [c1, s1, c2, s2, c3, s3]. */
  get block8Twiddles(): Float64Array { return this.twiddles.subarray(6, 12); }

  /** rs: doubles per row; w: doubles per row to transform; re/im: offsets of the parts (0/1). */
  private run(x: Float64Array, rs: number, w: number, re: number, im: number, afterBlock8 = false): void {
    const n = this.n, tw = this.twiddles;
    let m = 1, o = 0;
    if (afterBlock8) {
      m = 8; o = 12;
    } else if (this.firstBlock8) {
      // The radix-2 stage and the first radix-4 stage (m = 2) fused: 8-point blocks in registers,
      // the same operations in the same order as the two stages would do.
      const c1 = tw[0 + 6], s1 = tw[1 + 6], c2 = tw[2 + 6], s2 = tw[3 + 6], c3 = tw[4 + 6], s3 = tw[5 + 6];
      for (let g = 0; g < n; g += 8) {
        const b0 = g * rs, b1 = b0 + rs, b2 = b1 + rs, b3 = b2 + rs, b4 = b3 + rs, b5 = b4 + rs, b6 = b5 + rs, b7 = b6 + rs;
        for (let c = 0; c < w; c += 2) {
          const cr = c + re, ci = c + im;
          let xr = x[b0 + cr], xi = x[b0 + ci], yr = x[b1 + cr], yi = x[b1 + ci];
          const p0r = xr + yr, p0i = xi + yi, p1r = xr - yr, p1i = xi - yi;
          xr = x[b2 + cr]; xi = x[b2 + ci]; yr = x[b3 + cr]; yi = x[b3 + ci];
          const p2r = xr + yr, p2i = xi + yi, p3r = xr - yr, p3i = xi - yi;
          xr = x[b4 + cr]; xi = x[b4 + ci]; yr = x[b5 + cr]; yi = x[b5 + ci];
          const p4r = xr + yr, p4i = xi + yi, p5r = xr - yr, p5i = xi - yi;
          xr = x[b6 + cr]; xi = x[b6 + ci]; yr = x[b7 + cr]; yi = x[b7 + ci];
          const p6r = xr + yr, p6i = xi + yi, p7r = xr - yr, p7i = xi - yi;
          // k = 0: rows 0, 2, 4, 6 (twiddles 1).
          let e0r = p0r + p2r, e0i = p0i + p2i, e1r = p0r - p2r, e1i = p0i - p2i;
          let f0r = p4r + p6r, f0i = p4i + p6i, f1r = p4r - p6r, f1i = p4i - p6i;
          x[b0 + cr] = e0r + f0r; x[b0 + ci] = e0i + f0i;
          x[b2 + cr] = e1r + f1i; x[b2 + ci] = e1i - f1r;
          x[b4 + cr] = e0r - f0r; x[b4 + ci] = e0i - f0i;
          x[b6 + cr] = e1r - f1i; x[b6 + ci] = e1i + f1r;
          // k = 1: rows 1, 3, 5, 7.
          const t1r = p3r * c2 - p3i * s2, t1i = p3r * s2 + p3i * c2;
          const t2r = p5r * c1 - p5i * s1, t2i = p5r * s1 + p5i * c1;
          const t3r = p7r * c3 - p7i * s3, t3i = p7r * s3 + p7i * c3;
          e0r = p1r + t1r; e0i = p1i + t1i; e1r = p1r - t1r; e1i = p1i - t1i;
          f0r = t2r + t3r; f0i = t2i + t3i; f1r = t2r - t3r; f1i = t2i - t3i;
          x[b1 + cr] = e0r + f0r; x[b1 + ci] = e0i + f0i;
          x[b3 + cr] = e1r + f1i; x[b3 + ci] = e1i - f1r;
          x[b5 + cr] = e0r - f0r; x[b5 + ci] = e0i - f0i;
          x[b7 + cr] = e1r - f1i; x[b7 + ci] = e1i + f1r;
        }
      }
      m = 8; o = 12;
    } else if (this.firstRadix2) {
      for (let r = 0; r < n; r += 2) {
        const b0 = r * rs, b1 = b0 + rs;
        for (let c = 0; c < w; c++) {
          const a = x[b0 + c], b = x[b1 + c];
          x[b0 + c] = a + b;
          x[b1 + c] = a - b;
        }
      }
      m = 2;
    }
    for (; 4 * m <= n; o += 6 * m, m *= 4) {
      const step = m * rs;
      for (let g = 0; g < n; g += 4 * m) {
        // k = 0: all twiddles are 1.
        {
          const r0 = g * rs + re, i0 = g * rs + im;
          for (let c = 0; c < w; c += 2) {
            const a = r0 + c, b = i0 + c;
            const s0r = x[a], s0i = x[b];
            const t1r = x[a + step], t1i = x[b + step];
            const t2r = x[a + 2 * step], t2i = x[b + 2 * step];
            const t3r = x[a + 3 * step], t3i = x[b + 3 * step];
            const e0r = s0r + t1r, e0i = s0i + t1i, e1r = s0r - t1r, e1i = s0i - t1i;
            const f0r = t2r + t3r, f0i = t2i + t3i, f1r = t2r - t3r, f1i = t2i - t3i;
            x[a] = e0r + f0r; x[b] = e0i + f0i;
            x[a + step] = e1r + f1i; x[b + step] = e1i - f1r;
            x[a + 2 * step] = e0r - f0r; x[b + 2 * step] = e0i - f0i;
            x[a + 3 * step] = e1r - f1i; x[b + 3 * step] = e1i + f1r;
          }
        }
        for (let k = 1; k < m; k++) {
          const t = o + 6 * k;
          const c1 = tw[t], s1 = tw[t + 1], c2 = tw[t + 2], s2 = tw[t + 3], c3 = tw[t + 4], s3 = tw[t + 5];
          const r0 = (g + k) * rs + re, i0 = (g + k) * rs + im, s2x = 2 * step, s3x = 3 * step;
          for (let c = 0; c < w; c += 2) {
            const a = r0 + c, b = i0 + c;
            const s0r = x[a], s0i = x[b];
            const a1r = x[a + step], a1i = x[b + step];
            const a2r = x[a + s2x], a2i = x[b + s2x];
            const a3r = x[a + s3x], a3i = x[b + s3x];
            // In bit-reversed order the second quarter carries w^{2k}, the third w^k, the fourth w^{3k}.
            const t1r = a1r * c2 - a1i * s2, t1i = a1r * s2 + a1i * c2;
            const t2r = a2r * c1 - a2i * s1, t2i = a2r * s1 + a2i * c1;
            const t3r = a3r * c3 - a3i * s3, t3i = a3r * s3 + a3i * c3;
            const e0r = s0r + t1r, e0i = s0i + t1i, e1r = s0r - t1r, e1i = s0i - t1i;
            const f0r = t2r + t3r, f0i = t2i + t3i, f1r = t2r - t3r, f1i = t2i - t3i;
            x[a] = e0r + f0r; x[b] = e0i + f0i;
            x[a + step] = e1r + f1i; x[b + step] = e1i - f1r;
            x[a + s2x] = e0r - f0r; x[b + s2x] = e0i - f0i;
            x[a + s3x] = e1r - f1i; x[b + s3x] = e1i + f1r;
          }
        }
      }
    }
  }
}
