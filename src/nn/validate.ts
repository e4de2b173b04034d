/**
 * Argument checks shared by the models and the training loop of src/nn. Messages name the function,
 * what was expected and what arrived; TypeError for wrong types, RangeError for bad values.
 */
import * as tf from "@tensorflow/tfjs";

/** "[2,64,1]" */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Throws unless x is a tf.Tensor of the given rank; `layout` names the axes, e.g. "[batch, n, channels]". */
export function checkTensor(where: string, name: string, x: unknown, rank: number, layout: string): tf.Tensor {
  if (!(x instanceof tf.Tensor)) {
    throw new TypeError(`${where}: ${name} must be a tf.Tensor ${layout}, got ${describe(x)}`);
  }
  if (x.rank !== rank) {
    throw new RangeError(`${where}: ${name} must be rank ${rank} ${layout}, got rank ${x.rank} (shape ${shapeString(x.shape)})`);
  }
  if (x.dtype !== "float32") {
    throw new TypeError(`${where}: ${name} must be float32, got ${x.dtype} (shape ${shapeString(x.shape)})`);
  }
  return x;
}

/** Throws unless the last axis of x has `channels` entries. */
export function checkChannels(where: string, name: string, x: tf.Tensor, channels: number, layout: string): void {
  const got = x.shape[x.rank - 1];
  if (got !== channels) {
    throw new RangeError(`${where}: ${name} must have ${channels} channels (last axis of ${layout}), got ${got} (shape ${shapeString(x.shape)})`);
  }
}

/** An integer in [lo, hi]. */
export function checkInt(where: string, name: string, v: unknown, lo: number, hi = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < lo || v > hi) {
    const range = hi === Number.MAX_SAFE_INTEGER ? `≥ ${lo}` : `in [${lo}, ${hi}]`;
    throw new RangeError(`${where}: ${name} must be an integer ${range}, got ${v}`);
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

/** One of the allowed strings. */
export function checkOneOf<T extends string>(where: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== "string") throw new TypeError(`${where}: ${name} must be a string (one of ${allowed.join(", ")}), got ${describe(v)}`);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new RangeError(`${where}: ${name} must be one of ${allowed.join(", ")}, got "${v}"`);
  }
  return v as T;
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof tf.Tensor) return `a ${v.dtype} tensor of shape ${shapeString(v.shape)}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  if (typeof v === "string") return `the string "${v}"`;
  return `${typeof v} ${String(v)}`;
}
