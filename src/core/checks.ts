/**
 * The argument checks of the library, defined once (with the tensor checks in validate.ts). Messages
 * name the function, the argument, what was expected and what arrived; TypeError for a wrong type,
 * RangeError for a bad value (shape, rank, range). Checks return the value so that a config can be
 * validated as it is built. No tfjs here: the simulators use these checks and stay free of it.
 */

/** "[2,64,1]" */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** A short description of a value for error messages ("a float32 tensor of shape [2,3]", "number NaN"). */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  const t = v as { dtype?: unknown; shape?: unknown; dataSync?: unknown };
  if (typeof v === "object" && typeof t.dtype === "string" && Array.isArray(t.shape) && typeof t.dataSync === "function") {
    return `a ${t.dtype} tensor of shape ${shapeString(t.shape as number[])}`; // a tf.Tensor (duck-typed: no tfjs import)
  }
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as ArrayLike<number>).length}`;
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  if (typeof v === "string") return `the string "${v}"`;
  return `${typeof v} ${String(v)}`;
}

/** The allowed range in words: "in [lo, hi]", "≥ lo", "≤ hi" or "" (unbounded). */
function rangeText(lo: number, hi: number): string {
  const hasLo = lo > -Infinity, hasHi = hi < Infinity && hi !== Number.MAX_SAFE_INTEGER;
  if (hasLo && hasHi) return `in [${lo}, ${hi}]`;
  if (hasLo) return `≥ ${lo}`;
  if (hasHi) return `≤ ${hi}`;
  return "";
}

/** An integer in [lo, hi]. */
export function checkInt(where: string, name: string, v: unknown, lo = -Number.MAX_SAFE_INTEGER, hi = Number.MAX_SAFE_INTEGER): number {
  const range = rangeText(lo, hi);
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be an integer${range ? ` ${range}` : ""}, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${where}: ${name} must be an integer${range ? ` ${range}` : ""}, got ${v}`);
  return v;
}

/** A finite number in [lo, hi]: "must be in [0, 1], got 2", "must be finite and ≥ 0, got NaN", "must be finite, got Infinity". */
export function checkFinite(where: string, name: string, v: unknown, lo = -Infinity, hi = Infinity): number {
  const range = rangeText(lo, hi);
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number${range ? ` ${range}` : ""}, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new RangeError(`${where}: ${name} must be finite${range ? ` and ${range}` : ""}, got ${v}`);
  if (v < lo || v > hi) throw new RangeError(`${where}: ${name} must be ${range}, got ${v}`);
  return v;
}

/** A finite number > 0 (or ≥ 0 with `allowZero`): "must be > 0, got -1", "must be finite and ≥ 0, got NaN". */
export function checkPositive(where: string, name: string, v: unknown, allowZero = false): number {
  const range = allowZero ? "≥ 0" : "> 0";
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number ${range}, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw new RangeError(`${where}: ${name} must be finite and ${range}, got ${v}`);
  if (v < 0 || (!allowZero && v === 0)) throw new RangeError(`${where}: ${name} must be ${range}, got ${v}`);
  return v;
}

/** A boolean, or `fallback` when undefined. */
export function checkBoolean(where: string, name: string, v: unknown, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") throw new TypeError(`${where}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

/** One of the allowed strings. */
export function checkOneOf<T extends string>(where: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string") throw new TypeError(`${where}: ${name} must be a string (one of ${allowed.join(", ")}), got ${describe(v)}`);
  if (!(allowed as readonly string[]).includes(v)) throw new RangeError(`${where}: ${name} must be one of ${allowed.join(", ")}, got "${v}"`);
  return v as T;
}

/** A function; `signature` describes the expected one, e.g. "(x: tf.Tensor) => tf.Tensor". */
export function checkFunction<F>(where: string, name: string, v: unknown, signature: string): F {
  if (typeof v !== "function") throw new TypeError(`${where}: ${name} must be a function ${signature}, got ${describe(v)}`);
  return v as F;
}

/** A plain object (not null, not an array): configs and option records. */
export function checkObject<T extends object>(where: string, name: string, v: unknown): T {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new TypeError(`${where}: ${name} must be an object, got ${describe(v)}`);
  return v as T;
}

