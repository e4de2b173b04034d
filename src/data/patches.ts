/**
 * Patch extraction from a stack of fields x [N, H, W] ("HW") or [N, H, W, C] ("HWC", NHWC), any dtype.
 * A patch set is the patches [M, h, w(, C)] plus their origins [M, 3] = (sample, row, column) of the
 * top-left corner, so aligned patches can be cut from a paired array at another resolution with
 * `patchesAt(..., { scale })` (e.g. low-resolution inputs for high-resolution targets).
 */
import type { Rng } from "../core/random";
import { checkNamedArray, factorPair, sameKind, type SpatialLayout } from "./arrays";
import type { NamedArray, TypedArray } from "./types";

export interface PatchSet<T extends TypedArray = TypedArray> {
  /** [M, ph, pw] or [M, ph, pw, C]. */
  patches: NamedArray<T>;
  /** Origins [M, 3]: sample index, top row, left column. */
  origins: Int32Array;
}

interface Stack { n: number; h: number; w: number; c: number }

function stackShape(where: string, x: NamedArray, layout: SpatialLayout): Stack {
  checkNamedArray(where, "x", x);
  const rank = layout === "HW" ? 3 : layout === "HWC" ? 4 : -1;
  if (rank < 0) throw new RangeError(`${where}: layout must be "HW" or "HWC", got ${JSON.stringify(layout)}`);
  if (x.shape.length !== rank) {
    throw new RangeError(`${where}: x must be rank ${rank} ${layout === "HW" ? "[N, H, W]" : "[N, H, W, C]"}, got rank ${x.shape.length} (shape [${x.shape}])`);
  }
  return { n: x.shape[0], h: x.shape[1], w: x.shape[2], c: layout === "HW" ? 1 : x.shape[3] };
}

function checkSize(where: string, s: Stack, size: number | readonly [number, number]): [number, number] {
  const [ph, pw] = factorPair(where, "size", size);
  if (ph > s.h || pw > s.w) throw new RangeError(`${where}: patch ${ph}x${pw} is larger than the grid ${s.h}x${s.w}`);
  return [ph, pw];
}

/** Copies the patches at `origins` (already validated) out of x. */
function cut<T extends TypedArray>(x: NamedArray<T>, s: Stack, origins: Int32Array, ph: number, pw: number, layout: SpatialLayout): NamedArray<T> {
  const m = origins.length / 3, c = s.c;
  const out = sameKind(x.data, m * ph * pw * c);
  for (let p = 0; p < m; p++) {
    const b = origins[3 * p], y0 = origins[3 * p + 1], x0 = origins[3 * p + 2];
    for (let j = 0; j < ph; j++) {
      const src = ((b * s.h + y0 + j) * s.w + x0) * c;
      out.set(x.data.subarray(src, src + pw * c), (p * ph + j) * pw * c);
    }
  }
  return { data: out, shape: layout === "HW" ? [m, ph, pw] : [m, ph, pw, c] };
}

export interface StridedOptions {
  /** Patch size ph or [ph, pw]. */
  size: number | readonly [number, number];
  /** Step between patch origins (default: the patch size, non-overlapping). */
  stride?: number | readonly [number, number];
  /** Default "HW". */
  layout?: SpatialLayout;
}

/**
 * Patches on a regular lattice of origins 0, stride, 2·stride, … per sample, plus a last row/column
 * flush with the far edge when the stride does not land there, so every cell is covered.
 */
export function stridedPatches<T extends TypedArray>(x: NamedArray<T>, opts: StridedOptions): PatchSet<T> {
  const where = "stridedPatches", layout = opts.layout ?? "HW";
  const s = stackShape(where, x, layout);
  const [ph, pw] = checkSize(where, s, opts.size);
  const [sy, sx] = factorPair(where, "stride", opts.stride ?? [ph, pw]);
  const starts = (n: number, p: number, st: number) => {
    const out: number[] = [];
    for (let o = 0; o + p <= n; o += st) out.push(o);
    if (out[out.length - 1] + p < n) out.push(n - p);
    return out;
  };
  const ys = starts(s.h, ph, sy), xs = starts(s.w, pw, sx);
  const origins = new Int32Array(3 * s.n * ys.length * xs.length);
  let k = 0;
  for (let b = 0; b < s.n; b++) for (const y of ys) for (const xx of xs) { origins[k++] = b; origins[k++] = y; origins[k++] = xx; }
  return { patches: cut(x, s, origins, ph, pw, layout), origins };
}

export interface RandomPatchOptions {
  size: number | readonly [number, number];
  /** Number of patches M. */
  count: number;
  /** Random stream for the origins (seeded; same stream → same patches). */
  rng: Rng;
  /** Origins are multiples of this (default 1); e.g. 4 keeps patches aligned with a x4 coarse grid. */
  align?: number;
  layout?: SpatialLayout;
}

/** M patches at uniformly random samples and positions (origins multiples of `align`). */
export function randomPatches<T extends TypedArray>(x: NamedArray<T>, opts: RandomPatchOptions): PatchSet<T> {
  const where = "randomPatches", layout = opts.layout ?? "HW";
  const s = stackShape(where, x, layout);
  const [ph, pw] = checkSize(where, s, opts.size);
  const count = opts.count, align = opts.align ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${where}: count must be a positive integer, got ${count}`);
  if (!Number.isInteger(align) || align < 1) throw new RangeError(`${where}: align must be a positive integer, got ${align}`);
  if (typeof opts.rng?.integer !== "function") throw new TypeError(`${where}: rng must be a core.Rng`);
  const ny = Math.floor((s.h - ph) / align) + 1, nx = Math.floor((s.w - pw) / align) + 1;
  const origins = new Int32Array(3 * count);
  for (let p = 0; p < count; p++) {
    origins[3 * p] = opts.rng.integer(0, s.n);
    origins[3 * p + 1] = opts.rng.integer(0, ny) * align;
    origins[3 * p + 2] = opts.rng.integer(0, nx) * align;
  }
  return { patches: cut(x, s, origins, ph, pw, layout), origins };
}

/**
 * Patches of x at given origins [M, 3] (e.g. from another array), each divided by `scale` (default
 * 1): for a grid `scale` times coarser, origins must be multiples of it and the size is size/scale.
 */
export function patchesAt<T extends TypedArray>(x: NamedArray<T>, origins: Int32Array, opts: { size: number | readonly [number, number]; scale?: number; layout?: SpatialLayout }): PatchSet<T> {
  const where = "patchesAt", layout = opts.layout ?? "HW", scale = opts.scale ?? 1;
  const s = stackShape(where, x, layout);
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`${where}: scale must be a positive integer, got ${scale}`);
  const [sh, sw] = factorPair(where, "size", opts.size);
  if (sh % scale !== 0 || sw % scale !== 0) throw new RangeError(`${where}: patch size ${sh}x${sw} is not divisible by the scale ${scale}`);
  const ph = sh / scale, pw = sw / scale;
  if (!(origins instanceof Int32Array) || origins.length % 3 !== 0) throw new TypeError(`${where}: origins must be an Int32Array [M, 3]`);
  const scaled = new Int32Array(origins.length);
  for (let p = 0; p < origins.length / 3; p++) {
    const b = origins[3 * p], y = origins[3 * p + 1], xx = origins[3 * p + 2];
    if (y % scale !== 0 || xx % scale !== 0) throw new RangeError(`${where}: origin (${y}, ${xx}) of patch ${p} is not a multiple of the scale ${scale}`);
    const y0 = y / scale, x0 = xx / scale;
    if (b < 0 || b >= s.n || y0 < 0 || x0 < 0 || y0 + ph > s.h || x0 + pw > s.w) {
      throw new RangeError(`${where}: patch ${p} at sample ${b}, (${y0}, ${x0}) size ${ph}x${pw} falls outside x [${s.n}, ${s.h}, ${s.w}]`);
    }
    scaled[3 * p] = b; scaled[3 * p + 1] = y0; scaled[3 * p + 2] = x0;
  }
  return { patches: cut(x, s, scaled, ph, pw, layout), origins: scaled };
}
