/**
 * Argument checks shared by the simulators of src/sim. Each throws TypeError for a wrong type and
 * RangeError for a bad value, with a message naming the caller, the parameter, what was expected
 * and what arrived.
 */
import { checkFinite, checkFunction, checkInt, checkPositive as checkPositiveOrZero } from "../core/checks";
import type { Rng } from "../core/random";

export { checkFinite, checkFunction };

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(where: string, name: string, value: unknown): number {
  return checkPositiveOrZero(where, name, value);
}

/** Throws unless `value` is a finite number ≥ 0. */
export function checkNonNegative(where: string, name: string, value: unknown): number {
  return checkPositiveOrZero(where, name, value, true);
}

/** Throws unless `value` is an integer in [lo, hi] (default lo = 0). */
export function checkInteger(where: string, name: string, value: unknown, lo = 0, hi = Number.MAX_SAFE_INTEGER): number {
  return checkInt(where, name, value, lo, hi);
}

/** Throws unless `n` is a power of two in [lo, hi] (the sizes fft.js supports). */
export function checkPowerOfTwo(where: string, name: string, n: unknown, lo = 4, hi = 1 << 16): number {
  checkInteger(where, name, n, 0);
  const v = n as number;
  if (v < lo || v > hi || (v & (v - 1)) !== 0) {
    throw new RangeError(`${where}: ${name} must be a power of two in [${lo}, ${hi}], got ${v}`);
  }
  return v;
}

/** Throws unless `x` is a Float64Array of exactly `length` elements (shape given for the message). */
export function checkFloat64(where: string, name: string, x: unknown, length: number, shape?: string): Float64Array {
  if (!(x instanceof Float64Array)) {
    const got = x === null ? "null" : typeof x === "object" ? (x as object).constructor?.name ?? "object" : typeof x;
    throw new TypeError(`${where}: ${name} must be a Float64Array, got ${got}`);
  }
  if (x.length !== length) {
    const s = shape ? ` (shape ${shape})` : "";
    throw new RangeError(`${where}: ${name} must have length ${length}${s}, got length ${x.length}`);
  }
  return x;
}

/** Throws a RangeError naming the first non-finite entry of `x`, if any. */
export function checkAllFinite(where: string, name: string, x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${where}: ${name}[${i}] is ${x[i]}; all entries must be finite`);
  }
  return x;
}

/**
 * The `rng` option of a random function: throws a TypeError unless it is a core.Rng (duck-typed:
 * uniform, normal, fillNormal, split), with a migration hint when an old `{ seed }` was passed.
 */
export function checkRng(where: string, opts: unknown): Rng {
  const o = (opts ?? {}) as { rng?: unknown; seed?: unknown };
  const r = o.rng as Partial<Rng> | undefined;
  if (r !== null && typeof r === "object" && typeof r.uniform === "function" && typeof r.normal === "function" &&
    typeof r.fillNormal === "function" && typeof r.split === "function") return r as Rng;
  const hint = r === undefined && o.seed !== undefined ? `; random functions take { rng } — pass { rng: new core.Rng(${String(o.seed)}) } instead of { seed }` : "";
  throw new TypeError(`${where}: rng must be a core.Rng, got ${r === null ? "null" : typeof r}${hint}`);
}
