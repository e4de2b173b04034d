/**
 * Checks and helpers for NamedArray ({ data, shape }) values shared by the field operators.
 *
 * Spatial layouts: "HW" — the last two axes are space, [..., H, W] (e.g. [n, ny, nx] simulator
 * fields); "HWC" — axes −3 and −2 are space and the last holds channels, [..., H, W, C] (e.g. NHWC
 * tensors). Leading axes are batch axes.
 */
import { dtypeOf, type NamedArray, type TypedArray } from "./types";

export type SpatialLayout = "HW" | "HWC";

export type FloatArray = Float64Array | Float32Array;

/** Throws unless x is { data: typed array, shape: positive integers with product = data.length }. */
export function checkNamedArray(where: string, name: string, x: unknown, floatOnly = false): NamedArray {
  const a = x as NamedArray;
  if (typeof x !== "object" || x === null || !Array.isArray(a.shape)) {
    throw new TypeError(`${where}: ${name} must be { data, shape } with a typed array and its shape`);
  }
  const dtype = dtypeOf(a.data);
  if (dtype === undefined || (floatOnly && dtype !== "float64" && dtype !== "float32")) {
    const got = (a.data as object | undefined)?.constructor?.name ?? typeof a.data;
    throw new TypeError(`${where}: ${name}.data must be a ${floatOnly ? "Float64Array or Float32Array" : "Float64Array, Float32Array, Int32Array or Uint8Array"}, got ${got}`);
  }
  if (!a.shape.every((d) => Number.isInteger(d) && d >= 1)) throw new RangeError(`${where}: ${name}.shape must hold positive integers, got [${a.shape}]`);
  const size = a.shape.reduce((p, d) => p * d, 1);
  if (size !== a.data.length) throw new RangeError(`${where}: ${name}.shape [${a.shape}] needs ${size} elements, data has ${a.data.length}`);
  return a;
}

/** Batch size, spatial size and channels of x under `layout`; throws if the rank is too small. */
export function spatialShape(where: string, x: NamedArray, layout: SpatialLayout): { batch: number; h: number; w: number; c: number } {
  if (layout !== "HW" && layout !== "HWC") throw new RangeError(`${where}: layout must be "HW" or "HWC", got ${JSON.stringify(layout)}`);
  const rank = x.shape.length, need = layout === "HW" ? 2 : 3;
  if (rank < need) {
    throw new RangeError(`${where}: x must have rank ≥ ${need} (${layout === "HW" ? "[..., H, W]" : "[..., H, W, C]"}), got rank ${rank} (shape [${x.shape}])`);
  }
  const c = layout === "HW" ? 1 : x.shape[rank - 1];
  const h = x.shape[rank - need], w = x.shape[rank - need + 1];
  return { batch: x.data.length / (h * w * c), h, w, c };
}

/** Shape with the spatial axes replaced by (h, w). */
export function withSpatial(shape: number[], layout: SpatialLayout, h: number, w: number): number[] {
  const out = [...shape], rank = shape.length;
  const iy = layout === "HW" ? rank - 2 : rank - 3;
  out[iy] = h; out[iy + 1] = w;
  return out;
}

/** A new array of the same class as `like`, of length n. */
export function sameKind<T extends TypedArray>(like: T, n: number): T {
  return new (like.constructor as new (n: number) => T)(n);
}

/** Normalizes a factor argument to [fy, fx] positive integers. */
export function factorPair(where: string, name: string, f: number | readonly [number, number]): [number, number] {
  const pair: [number, number] = typeof f === "number" ? [f, f] : [f[0], f[1]];
  for (const v of pair) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${where}: ${name} must be a positive integer or [fy, fx], got ${JSON.stringify(f)}`);
  }
  return pair;
}
