/**
 * The tensor checks of the library; the plain-value checks are in checks.ts and re-exported here.
 */
import * as tf from "@tensorflow/tfjs";
import { describe, shapeString } from "./checks";

export * from "./checks";

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
