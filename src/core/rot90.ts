/**
 * Quarter-turn rotations of NHWC fields, scalar and vector, differentiable on every backend.
 *
 * Orientation convention (used throughout Kazami): x is the width index i (axis 2), y the height
 * index j (axis 1), both increasing, y pointing up (row 0 is the bottom row, as field plots draw
 * it with origin "lower"). One counterclockwise quarter turn about the grid centre maps the point
 * (x, y) → (−y, x), so a field f becomes (Rf)(p) = f(R⁻¹p):
 *   out[b, j, i, c] = in[b, H−1−i, j, c]        (output shape [B, W, H, C])
 * which is numpy.rot90(a, k, axes=(2, 1)) on an NHWC array. A vector field's components rotate
 * too: (u, v) → (−v, u) per quarter turn (escnn's "irrep 1" of C4).
 */
import * as tf from "@tensorflow/tfjs";

function shapeOf(t: unknown): string {
  return t instanceof tf.Tensor ? `rank ${t.rank} ${t.dtype} (shape [${t.shape.join(",")}])` : typeof t;
}

/** k reduced to 0..3 (any integer; negative = clockwise). */
export function quarterTurns(fn: string, k: number): number {
  if (!Number.isInteger(k)) throw new RangeError(`${fn}: k must be an integer number of quarter turns, got ${String(k)}`);
  return ((k % 4) + 4) % 4;
}

function checkField(fn: string, x: tf.Tensor4D): void {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) {
    throw new TypeError(`${fn}: x must be a rank 4 tensor [batch, height, width, channels], got ${shapeOf(x)}`);
  }
}

/** Rotates the grid only (each channel as a scalar field). */
function rotateGrid(x: tf.Tensor4D, k: number): tf.Tensor4D {
  switch (k) {
    case 1: return tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 2);
    case 2: return tf.reverse(x, [1, 2]);
    case 3: return tf.transpose(tf.reverse(x, 2), [0, 2, 1, 3]);
    default: return x;
  }
}

/**
 * Rotates scalar fields x [B, H, W, C] by k counterclockwise quarter turns (convention above):
 * [B, W, H, C] for odd k, [B, H, W, C] for even k. Any dtype.
 */
export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  checkField("rot90", x);
  return rotateGrid(x, quarterTurns("rot90", k));
}

/**
 * Rotates vector fields x [B, H, W, 2·P] whose channels are P (u, v) pairs, interleaved
 * [u0, v0, u1, v1, …] with u along x (width) and v along y (height): the grid turns as in `rot90`
 * and each pair turns as (u, v) → (−v, u) per quarter turn. float32.
 */
export function rot90Vector(x: tf.Tensor4D, k: number): tf.Tensor4D {
  checkField("rot90Vector", x);
  const C = x.shape[3];
  if (C % 2 !== 0 || C === 0) {
    throw new RangeError(`rot90Vector: channels must be (u, v) pairs, an even number, got x [${x.shape.join(",")}]`);
  }
  const q = quarterTurns("rot90Vector", k);
  const g = rotateGrid(x, q);
  if (q === 0) return g;
  const [B, H, W] = g.shape;
  const pairs = g.reshape([B * H * W * (C / 2), 2]);
  const [u, v] = tf.split(pairs, 2, 1);
  const turned = q === 1 ? [tf.neg(v), u] : q === 2 ? [tf.neg(u), tf.neg(v)] : [v, tf.neg(u)];
  return tf.concat(turned, 1).reshape([B, H, W, C]);
}
