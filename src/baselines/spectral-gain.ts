/**
 * The best linear, translation-invariant operator between two fields on a periodic grid, fitted on
 * pairs: one complex gain per Fourier mode,
 *
 *   ĝ_k = Σ_s conj(x̂_s,k)·ŷ_s,k / Σ_s |x̂_s,k|²        (least squares, mode by mode)
 *
 * so that ŷ_k ≈ ĝ_k x̂_k. Every linear operator that commutes with grid shifts is of this form, so
 * this is the strongest linear control of a learned operator on a periodic domain (the skeptic's
 * "a linear model does just as well" for notebook 02). Modes no sample excites get gain 0.
 * Fields are float64, [samples, n] (1D) or [samples, ny, nx] (2D), n, nx, ny powers of two.
 */
import { RealFft1, RealFft2 } from "../sim/spectral";
import { checkFloat64 } from "../sim/validate";
import { checkInt } from "../core/checks";

/** A fitted per-mode gain and how to apply it. */
export interface SpectralGain {
  /** Grid [n] or [ny, nx]. */
  grid: number[];
  /** Interleaved complex gains, the real-FFT layout of the grid: [n/2+1, 2] or [ny, nx/2+1, 2]. */
  gain: Float64Array;
  /** ĝ applied to fields [samples, ...grid] → [samples, ...grid]. */
  apply(x: Float64Array): Float64Array;
}

type Fft = { forward(x: Float64Array): Float64Array; inverse(X: Float64Array): Float64Array };

function transform(where: string, grid: number[]): { fft: Fft; size: number; spec: number } {
  if (grid.length === 1) {
    const f = new RealFft1(checkInt(where, "grid[0]", grid[0], 4));
    return { fft: { forward: (x) => f.forward(x), inverse: (X) => f.inverse(X) }, size: f.n, spec: 2 * f.nh };
  }
  if (grid.length === 2) {
    const f = new RealFft2(checkInt(where, "grid[1]", grid[1], 4), checkInt(where, "grid[0]", grid[0], 4));
    return { fft: { forward: (x) => f.forward(x), inverse: (X) => f.inverse(X) }, size: f.nx * f.ny, spec: f.specLength };
  }
  throw new RangeError(`${where}: grid must be [n] or [ny, nx], got [${grid.join(",")}]`);
}

/**
 * Fits ĝ on pairs x → y, both [samples, ...grid] (float64, flat row-major).
 * @example const lin = baselines.fitSpectralGain(u0, uT, [128]); const pred = lin.apply(u0Test);
 */
export function fitSpectralGain(x: Float64Array, y: Float64Array, grid: number[]): SpectralGain {
  const where = "baselines.fitSpectralGain";
  const { fft, size, spec } = transform(where, grid);
  if (!(x instanceof Float64Array) || !(y instanceof Float64Array)) throw new TypeError(`${where}: x and y must be Float64Arrays [samples, ${grid.join(", ")}]`);
  if (x.length !== y.length || x.length === 0 || x.length % size !== 0) {
    throw new RangeError(`${where}: x and y must both be [samples, ${grid.join(", ")}] (a multiple of ${size} values), got ${x.length} and ${y.length}`);
  }
  const num = new Float64Array(spec), den = new Float64Array(spec / 2);
  for (let s = 0; s < x.length / size; s++) {
    const X = fft.forward(x.slice(s * size, (s + 1) * size)), Y = fft.forward(y.slice(s * size, (s + 1) * size));
    for (let k = 0; k < spec / 2; k++) {
      const xr = X[2 * k], xi = X[2 * k + 1], yr = Y[2 * k], yi = Y[2 * k + 1];
      num[2 * k] += xr * yr + xi * yi; // conj(x̂)·ŷ
      num[2 * k + 1] += xr * yi - xi * yr;
      den[k] += xr * xr + xi * xi;
    }
  }
  const gain = new Float64Array(spec);
  const scale = Math.max(...den) * 1e-14; // modes with no energy in any sample: gain 0
  for (let k = 0; k < spec / 2; k++) if (den[k] > scale) { gain[2 * k] = num[2 * k] / den[k]; gain[2 * k + 1] = num[2 * k + 1] / den[k]; }
  return {
    grid: [...grid], gain,
    apply(xs: Float64Array): Float64Array {
      if (!(xs instanceof Float64Array) || xs.length % size !== 0) throw new RangeError(`${where}: apply needs a Float64Array [samples, ${grid.join(", ")}], got length ${xs?.length}`);
      const out = new Float64Array(xs.length);
      for (let s = 0; s < xs.length / size; s++) {
        const X = fft.forward(xs.slice(s * size, (s + 1) * size));
        for (let k = 0; k < spec / 2; k++) {
          const xr = X[2 * k], xi = X[2 * k + 1], gr = gain[2 * k], gi = gain[2 * k + 1];
          X[2 * k] = gr * xr - gi * xi;
          X[2 * k + 1] = gr * xi + gi * xr;
        }
        out.set(fft.inverse(X), s * size);
      }
      return out;
    },
  };
}

/** Mean over samples of ‖p − t‖₂/‖t‖₂ for fields [samples, size] (float64): the error notebooks report. */
export function relativeL2(p: Float64Array, t: Float64Array, size: number): number {
  checkFloat64("baselines.relativeL2", "p", p, t.length);
  if (t.length % size !== 0) throw new RangeError(`baselines.relativeL2: ${t.length} values are not a whole number of fields of ${size}`);
  let sum = 0;
  const S = t.length / size;
  for (let s = 0; s < S; s++) {
    let d = 0, n = 0;
    for (let i = s * size; i < (s + 1) * size; i++) { d += (p[i] - t[i]) ** 2; n += t[i] ** 2; }
    sum += Math.sqrt(d / Math.max(n, 1e-300));
  }
  return sum / S;
}
