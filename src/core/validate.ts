/**
 * The argument checks of the library, defined once. Messages name the function, the argument, what
 * was expected and what arrived; TypeError for a wrong type, RangeError for a bad value (shape, rank,
 * range). Checks return the value so that a config can be validated as it is built.
 */
import * as tf from "@tensorflow/tfjs";

/** "[2,64,1]" */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** A short description of a value for error messages ("a float32 tensor of shape [2,3]", "number NaN"). */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof tf.Tensor) return `a ${v.dtype} tensor of shape ${shapeString(v.shape)}`;
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

/** A finite number in [lo, hi]. */
export function checkFinite(where: string, name: string, v: unknown, lo = -Infinity, hi = Infinity): number {
  const range = rangeText(lo, hi);
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number${range ? ` ${range}` : ""}, got ${describe(v)}`);
  if (!Number.isFinite(v) || v < lo || v > hi) {
    throw new RangeError(`${where}: ${name} must be ${Number.isFinite(v) ? "" : "finite and "}${range || "finite"}, got ${v}`.replace("finite and finite", "finite"));
  }
  return v;
}

/** A finite number > 0 (or ≥ 0 with `allowZero`). */
export function checkPositive(where: string, name: string, v: unknown, allowZero = false): number {
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number, got ${describe(v)}`);
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(`${where}: ${name} must be a finite number ${allowZero ? "≥" : ">"} 0, got ${v}`);
  }
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

/**
 * A float32 tf.Tensor of the given rank; `layout` names the axes, e.g. "[batch, n, channels]".
 * `rank` may be a list of allowed ranks.
 */
export function checkTensor(where: string, name: string, x: unknown, rank: number | readonly number[], layout: string): tf.Tensor {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`${where}: ${name} must be a tf.Tensor ${layout}, got ${describe(x)}`);
  const ranks = typeof rank === "number" ? [rank] : rank;
  if (!ranks.includes(x.rank)) {
    throw new RangeError(`${where}: ${name} must be rank ${ranks.join(" or ")} ${layout}, got rank ${x.rank} (shape ${shapeString(x.shape)})`);
  }
  if (x.dtype !== "float32") throw new TypeError(`${where}: ${name} must be float32, got ${x.dtype} (shape ${shapeString(x.shape)})`);
  return x;
}

/**
 * A float32 tensor whose shape matches `shape`, where null matches any size:
 * checkShape("f", "x", x, [null, 64, 64, 1], "[batch, height, width, 1]").
 */
export function checkShape(where: string, name: string, x: unknown, shape: readonly (number | null)[], layout: string): tf.Tensor {
  const t = checkTensor(where, name, x, shape.length, layout);
  if (shape.some((d, i) => d !== null && t.shape[i] !== d)) {
    const want = `[${shape.map((d) => (d === null ? "*" : d)).join(",")}]`;
    throw new RangeError(`${where}: ${name} must have shape ${want} ${layout}, got ${shapeString(t.shape)}`);
  }
  return t;
}

/** Throws unless the last axis of x has `channels` entries. */
export function checkChannels(where: string, name: string, x: tf.Tensor, channels: number, layout: string): void {
  const got = x.shape[x.rank - 1];
  if (got !== channels) {
    throw new RangeError(`${where}: ${name} must have ${channels} channels (last axis of ${layout}), got ${got} (shape ${shapeString(x.shape)})`);
  }
}
