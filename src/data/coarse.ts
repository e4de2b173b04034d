/**
 * Coarse-graining operators from a fine grid (H, W) to a coarse grid (H/fy, W/fx), acting on the
 * spatial axes of [..., H, W] ("HW") or [..., H, W, C] ("HWC") arrays; dtype is preserved
 * (Float64Array or Float32Array; accumulation in float64). Each refuses a grid that the factor does
 * not divide, naming both.
 *
 *   blockMean   mean over each fy × fx block (a finite-volume average; commutes with 90° rotations
 *               of square grids, preserves the domain mean exactly)
 *   subsample   every fy-th row and fx-th column, from an offset (point sampling; aliases)
 *   spectralCut Fourier truncation of a periodic field to the modes the coarse grid resolves
 *               (|k| below the coarse Nyquist, which is dropped), evaluated on the coarse grid
 */
import FFT from "fft.js";
import { checkNamedArray, factorPair, type FloatArray, sameKind, type SpatialLayout, spatialShape, withSpatial } from "./arrays";
import type { NamedArray } from "./types";

export interface CoarseOptions {
  /** Default "HW". */
  layout?: SpatialLayout;
}

function prepare(where: string, x: NamedArray, factor: number | readonly [number, number], layout: SpatialLayout) {
  checkNamedArray(where, "x", x, true);
  const [fy, fx] = factorPair(where, "factor", factor);
  const dims = spatialShape(where, x, layout);
  if (dims.h % fy !== 0 || dims.w % fx !== 0) {
    throw new RangeError(`${where}: grid ${dims.h}x${dims.w} (H x W) is not divisible by the factor ${fy === fx ? fy : `[${fy}, ${fx}]`} (H % ${fy} = ${dims.h % fy}, W % ${fx} = ${dims.w % fx}); expected H a multiple of ${fy} and W a multiple of ${fx}`);
  }
  return { ...dims, fy, fx, hc: dims.h / fy, wc: dims.w / fx };
}

/** Mean over fy × fx blocks: [..., H, W(, C)] → [..., H/fy, W/fx(, C)]. */
export function blockMean<T extends FloatArray>(x: NamedArray<T>, factor: number | readonly [number, number], opts: CoarseOptions = {}): NamedArray<T> {
  const layout = opts.layout ?? "HW";
  const { batch, h, w, c, fy, fx, hc, wc } = prepare("blockMean", x, factor, layout);
  const out = sameKind(x.data, batch * hc * wc * c);
  const inv = 1 / (fy * fx);
  for (let b = 0; b < batch; b++) {
    for (let J = 0; J < hc; J++) for (let I = 0; I < wc; I++) for (let k = 0; k < c; k++) {
      let s = 0;
      for (let j = J * fy; j < (J + 1) * fy; j++) for (let i = I * fx; i < (I + 1) * fx; i++) s += x.data[((b * h + j) * w + i) * c + k];
      out[((b * hc + J) * wc + I) * c + k] = s * inv;
    }
  }
  return { data: out, shape: withSpatial(x.shape, layout, hc, wc) };
}

/** Every fy-th row and fx-th column starting at `offset` (default 0, each < its factor). */
export function subsample<T extends FloatArray>(x: NamedArray<T>, factor: number | readonly [number, number], opts: CoarseOptions & { offset?: number | readonly [number, number] } = {}): NamedArray<T> {
  const layout = opts.layout ?? "HW";
  const { batch, h, w, c, fy, fx, hc, wc } = prepare("subsample", x, factor, layout);
  const off = typeof opts.offset === "number" ? [opts.offset, opts.offset] : opts.offset ?? [0, 0];
  if (!Number.isInteger(off[0]) || !Number.isInteger(off[1]) || off[0] < 0 || off[0] >= fy || off[1] < 0 || off[1] >= fx) {
    throw new RangeError(`subsample: offset must be integers in [0, ${fy}) x [0, ${fx}), got ${JSON.stringify(opts.offset)}`);
  }
  const out = sameKind(x.data, batch * hc * wc * c);
  for (let b = 0; b < batch; b++) {
    for (let J = 0; J < hc; J++) for (let I = 0; I < wc; I++) for (let k = 0; k < c; k++) {
      out[((b * hc + J) * wc + I) * c + k] = x.data[((b * h + J * fy + off[0]) * w + I * fx + off[1]) * c + k];
    }
  }
  return { data: out, shape: withSpatial(x.shape, layout, hc, wc) };
}

/** In-place complex DFT of interleaved data of length 2n (n = 1 is the identity). */
function complexFft(n: number, cache: Map<number, FFT>, data: Float64Array, inverse: boolean): Float64Array {
  if (n === 1) return data;
  let fft = cache.get(n);
  if (fft === undefined) { fft = new FFT(n); cache.set(n, fft); }
  const out = new Float64Array(2 * n);
  if (inverse) fft.inverseTransform(out, data); else fft.transform(out, data);
  return out;
}

const isPowerOfTwo = (n: number) => n >= 1 && (n & (n - 1)) === 0;

/**
 * Fourier truncation onto the coarse grid, for periodic fields: keeps wavenumbers |ky| < Hc/2 and
 * |kx| < Wc/2 (Hc = H/fy, Wc = W/fx) and evaluates them on the coarse grid. H and W must be powers of
 * two (fft.js). The mean is preserved; for a field with only those modes the result equals subsample.
 */
export function spectralCut<T extends FloatArray>(x: NamedArray<T>, factor: number | readonly [number, number], opts: CoarseOptions = {}): NamedArray<T> {
  const layout = opts.layout ?? "HW";
  const { batch, h, w, c, hc, wc } = prepare("spectralCut", x, factor, layout);
  if (!isPowerOfTwo(h) || !isPowerOfTwo(w)) throw new RangeError(`spectralCut: H and W must be powers of two, got ${h}x${w}`);
  const cache = new Map<number, FFT>();
  const out = sameKind(x.data, batch * hc * wc * c);
  const spec = new Float64Array(2 * h * w); // [H, W] complex
  const coarse = new Float64Array(2 * hc * wc); // [Hc, Wc] complex
  const keep = (k: number, nc: number) => Math.abs(k) < nc / 2 || nc === 1 && k === 0;
  const scale = (hc * wc) / (h * w);
  for (let b = 0; b < batch; b++) for (let k = 0; k < c; k++) {
    // Forward 2D DFT: rows, then columns.
    for (let j = 0; j < h; j++) {
      const row = new Float64Array(2 * w);
      for (let i = 0; i < w; i++) row[2 * i] = x.data[((b * h + j) * w + i) * c + k];
      spec.set(complexFft(w, cache, row, false), 2 * j * w);
    }
    for (let i = 0; i < w; i++) {
      const col = new Float64Array(2 * h);
      for (let j = 0; j < h; j++) { col[2 * j] = spec[2 * (j * w + i)]; col[2 * j + 1] = spec[2 * (j * w + i) + 1]; }
      const t = complexFft(h, cache, col, false);
      for (let j = 0; j < h; j++) { spec[2 * (j * w + i)] = t[2 * j]; spec[2 * (j * w + i) + 1] = t[2 * j + 1]; }
    }
    // Keep the resolved modes (signed wavenumbers), scaled so the inverse on the coarse grid matches.
    coarse.fill(0);
    for (let J = 0; J < hc; J++) {
      const ky = J <= hc / 2 ? J : J - hc;
      if (!keep(ky, hc)) continue;
      const jf = (ky + h) % h;
      for (let I = 0; I < wc; I++) {
        const kx = I <= wc / 2 ? I : I - wc;
        if (!keep(kx, wc)) continue;
        const f = 2 * (jf * w + ((kx + w) % w)), g = 2 * (J * wc + I);
        coarse[g] = spec[f] * scale; coarse[g + 1] = spec[f + 1] * scale;
      }
    }
    // Inverse 2D DFT on the coarse grid (fft.js divides by the size).
    for (let J = 0; J < hc; J++) coarse.set(complexFft(wc, cache, coarse.slice(2 * J * wc, 2 * (J + 1) * wc), true), 2 * J * wc);
    for (let I = 0; I < wc; I++) {
      const col = new Float64Array(2 * hc);
      for (let J = 0; J < hc; J++) { col[2 * J] = coarse[2 * (J * wc + I)]; col[2 * J + 1] = coarse[2 * (J * wc + I) + 1]; }
      const t = complexFft(hc, cache, col, true);
      for (let J = 0; J < hc; J++) out[((b * hc + J) * wc + I) * c + k] = t[2 * J];
    }
  }
  return { data: out, shape: withSpatial(x.shape, layout, hc, wc) };
}
