/**
 * Argument checks of src/dynamics beyond core/checks (scalars) and sim/validate (the `rng` option):
 * Float64Array vectors and matrices of the expected length whose entries are all finite (an
 * eigen-solver or a response function fed a NaN must fail at once, not return NaN eigenvalues), and
 * flat arrays of rows.
 */
import type { Rng } from "../core/random";
import { checkRng as checkRngOption } from "../sim/validate";

/** Throws unless `x` is a Float64Array of `length` entries, all finite; `shape` names the layout for messages. */
export function checkFiniteFloat64(where: string, name: string, x: unknown, length: number, shape: string): Float64Array {
  if (!(x instanceof Float64Array)) {
    const got = x === null ? "null" : typeof x === "object" ? (x as object).constructor?.name ?? "object" : typeof x;
    throw new TypeError(`${where}: ${name} must be a Float64Array ${shape}, got ${got}`);
  }
  if (x.length !== length) throw new RangeError(`${where}: ${name} must have length ${length} (shape ${shape}), got length ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${where}: ${name}[${i}] is ${x[i]}; all entries must be finite`);
  }
  return x;
}

/** Throws unless `x` is a Float64Array whose length is a positive multiple of `width` (rows of `width`); returns the row count. */
export function checkRows(where: string, name: string, x: unknown, width: number, shape: string): number {
  if (!(x instanceof Float64Array)) throw new TypeError(`${where}: ${name} must be a Float64Array ${shape}`);
  if (x.length === 0 || x.length % width !== 0) throw new RangeError(`${where}: ${name} must have a length that is a positive multiple of ${width} (shape ${shape}), got length ${x.length}`);
  return x.length / width;
}

/** The `rng` option of a random function (a core.Rng), checked as the simulators check it. */
export function checkRng(where: string, rng: unknown): Rng {
  return checkRngOption(where, { rng });
}
