import FFT from "fft.js";
import { describe, expect, it } from "vitest";
import { LaneFft } from "../../../src/sim/spectral/lane-fft";
import { RealFft2 } from "../../../src/sim/spectral";

function noise(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = s / 2 ** 32 - 0.5; }
  return out;
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let e = 0, s = 0;
  for (let i = 0; i < a.length; i++) { e = Math.max(e, Math.abs(a[i] - b[i])); s = Math.max(s, Math.abs(b[i])); }
  return e / s;
}

/** rfft2 the way the fft.js implementation did it: a complex FFT of every row, then of every column. */
function referenceRfft2(x: Float64Array, nx: number, ny: number): Float64Array {
  const nxh = nx / 2 + 1, full = new Float64Array(2 * nx * ny), fx = new FFT(nx), fy = new FFT(ny);
  const row = new Float64Array(2 * nx), rowOut = new Float64Array(2 * nx), col = new Float64Array(2 * ny), colOut = new Float64Array(2 * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) { row[2 * i] = x[j * nx + i]; row[2 * i + 1] = 0; }
    fx.transform(rowOut, row);
    full.set(rowOut, 2 * j * nx);
  }
  const out = new Float64Array(2 * ny * nxh);
  for (let i = 0; i < nxh; i++) {
    for (let j = 0; j < ny; j++) { col[2 * j] = full[2 * (j * nx + i)]; col[2 * j + 1] = full[2 * (j * nx + i) + 1]; }
    fy.transform(colOut, col);
    for (let j = 0; j < ny; j++) { out[2 * (j * nxh + i)] = colOut[2 * j]; out[2 * (j * nxh + i) + 1] = colOut[2 * j + 1]; }
  }
  return out;
}

describe("LaneFft", () => {
  it.each([2, 4, 8, 16, 32, 64, 128])("transforms every lane like a naive DFT, forward and inverse (n=%i; radix 2, 4, fused 2·4, then 4s)", (n) => {
    const lanes = 3, stride = 5, f = new LaneFft(n), x = noise(2 * n * stride, n);
    for (const inverse of [false, true]) {
      const y = new Float64Array(x.length);
      for (let r = 0; r < n; r++) y.set(x.subarray(2 * r * stride, 2 * (r + 1) * stride), 2 * f.rev[r] * stride);
      if (inverse) f.inverseBitReversed(y, stride, lanes); else f.forwardBitReversed(y, stride, lanes);
      const sign = inverse ? 1 : -1;
      for (let c = 0; c < lanes; c++) {
        const got = new Float64Array(2 * n), want = new Float64Array(2 * n);
        for (let k = 0; k < n; k++) {
          got[2 * k] = y[2 * (k * stride + c)]; got[2 * k + 1] = y[2 * (k * stride + c) + 1];
          for (let r = 0; r < n; r++) {
            const a = (sign * 2 * Math.PI * ((k * r) % n)) / n, xr = x[2 * (r * stride + c)], xi = x[2 * (r * stride + c) + 1];
            want[2 * k] += xr * Math.cos(a) - xi * Math.sin(a); want[2 * k + 1] += xr * Math.sin(a) + xi * Math.cos(a);
          }
        }
        expect(maxRel(got, want)).toBeLessThan(1e-13);
      }
      // Lanes beyond `lanes` are untouched.
      for (let r = 0; r < n; r++) for (let c = lanes; c < stride; c++) {
        expect(y[2 * (f.rev[r] * stride + c)]).toBe(x[2 * (r * stride + c)]);
      }
    }
  });

  it("refuses a length that is not a power of two, and inverseAfterBlock8 without an 8-row first pass", () => {
    expect(() => new LaneFft(12)).toThrow(/n must be a power of two/);
    expect(new LaneFft(32).firstBlock8).toBe(true);
    expect(new LaneFft(16).firstBlock8).toBe(false);
    expect(() => new LaneFft(16).inverseAfterBlock8(new Float64Array(32), 1, 1)).toThrow(/n = 16 has no 8-row first pass/);
  });
});

describe("RealFft2 on LaneFft", () => {
  it.each([[4, 4], [128, 128], [64, 256], [256, 32], [8, 512]])("equals the row-then-column fft.js transform to 1e-12 and round-trips (nx=%i, ny=%i)", (nx, ny) => {
    const f = new RealFft2(nx, ny), x = noise(nx * ny, nx * 7 + ny);
    const X = f.forward(x);
    expect(maxRel(X, referenceRfft2(x, nx, ny))).toBeLessThan(1e-12);
    expect(maxRel(f.inverse(X), x)).toBeLessThan(1e-12);
  });

  it.each([[16, 8], [32, 8], [8, 16]])("the inverse of a random (non-Hermitian) spectrum equals numpy's irfft2 convention: Im of the i = 0, nx/2 columns after the y-pass ignored (nx=%i, ny=%i; odd log2 nx: fused 8-row first x-pass)", (nx, ny) => {
    const f = new RealFft2(nx, ny), spec = noise(f.specLength, 3), copy = spec.slice(), nxh = nx / 2 + 1;
    const out = f.inverse(spec);
    const want = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      let v = 0;
      for (let k = 0; k < nxh; k++) {
        // Column k after the inverse y-DFT, then the Hermitian x-sum (k = 0 and nx/2 real parts only).
        let cr = 0, ci = 0;
        for (let l = 0; l < ny; l++) {
          const a = (2 * Math.PI * l * j) / ny, sr = spec[2 * (l * nxh + k)], si = spec[2 * (l * nxh + k) + 1];
          cr += sr * Math.cos(a) - si * Math.sin(a); ci += sr * Math.sin(a) + si * Math.cos(a);
        }
        const b = (2 * Math.PI * k * i) / nx;
        v += k === 0 || k === nx / 2 ? cr * Math.cos(b) : 2 * (cr * Math.cos(b) - ci * Math.sin(b));
      }
      want[j * nx + i] = v / (nx * ny);
    }
    expect(maxRel(out, want)).toBeLessThan(1e-12);
    expect(Array.from(spec)).toEqual(Array.from(copy));
  });

  it.each([[128, 128, 43], [32, 64, 11], [16, 8, 1], [8, 8, 0]])("a pruned forward (xModes) equals the full forward on the kept modes and zeroes the rest (nx=%i, ny=%i, xModes=%i)", (nx, ny, xModes) => {
    const f = new RealFft2(nx, ny), x = noise(nx * ny, 11), nxh = nx / 2 + 1;
    const full = f.forward(x), pruned = noise(f.specLength, 5); // stale contents must be overwritten
    f.forward_(x, pruned, xModes);
    let wrong = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nxh; i++) for (let c = 0; c < 2; c++) {
      const p = 2 * (j * nxh + i) + c;
      if (pruned[p] !== (i < xModes ? full[p] : 0)) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
