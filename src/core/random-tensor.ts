/**
 * Random float32 tensors drawn from a seeded `Rng` on the JavaScript side, so the same seed gives
 * bit-identical tensors on every tfjs backend (tfjs' own random ops differ between backends).
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "./random";

function checkShape(fn: string, shape: readonly number[]): number {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new TypeError(`${fn}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * A float32 tensor of the given shape filled with N(mean, std²) draws from `rng`, in row-major
 * order (draws are made in float64 and rounded to float32 once).
 */
export function randomNormalTensor(shape: readonly number[], rng: Rng, mean = 0, std = 1): tf.Tensor {
  const size = checkShape("randomNormalTensor", shape);
  if (!Number.isFinite(mean) || !(std >= 0) || !Number.isFinite(std)) {
    throw new RangeError(`randomNormalTensor: need a finite mean and std ≥ 0, got mean=${mean}, std=${std}`);
  }
  const draws = rng.fillNormal(new Float64Array(size), mean, std);
  return tf.tensor(Float32Array.from(draws), [...shape], "float32");
}

function largestFloat32Below(x: number): number {
  const f = new Float32Array([x]);
  if (f[0] >= x) {
    const bits = new Int32Array(f.buffer);
    bits[0] += f[0] > 0 ? -1 : f[0] < 0 ? 1 : 0;
    if (f[0] === 0) f[0] = -1.4e-45;
  }
  return f[0];
}

/** A float32 tensor of the given shape filled with uniform draws in [lo, hi) from `rng`, row-major. */
export function randomUniformTensor(shape: readonly number[], rng: Rng, lo = 0, hi = 1): tf.Tensor {
  const size = checkShape("randomUniformTensor", shape);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
    throw new RangeError(`randomUniformTensor: need finite lo < hi, got lo=${lo}, hi=${hi}`);
  }
  const values = Float32Array.from(rng.fillUniform(new Float64Array(size), lo, hi));
  // Rounding to float32 can reach hi itself; keep the interval half-open.
  const below = largestFloat32Below(hi);
  for (let i = 0; i < size; i++) if (values[i] >= hi) values[i] = below;
  return tf.tensor(values, [...shape], "float32");
}
