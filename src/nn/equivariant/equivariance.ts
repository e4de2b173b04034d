/**
 * The equivariance error of any map between fields — an equivariant network, a plain CNN, a
 * low-resolution operator:
 *
 *   e(g) = ‖f(g·x) − g·f(x)‖₂ / ‖g·f(x)‖₂        over the whole batch, for g = r, r², …, r^(N−1)
 *
 * with the group and the actions given by the field types (not by the map), so a plain CNN can be
 * measured against C4 too. 0 for an exactly equivariant map (float32 round-off in practice, ~1e-7);
 * of order 1 for a map that ignores the symmetry.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFunction } from "../../core";
import { FieldType } from "./field-type";
import { GeometricTensor } from "./geometric-tensor";

export interface EquivarianceError {
  /** e(r^k) for k = 1 … N−1. */
  perElement: number[];
  max: number;
  mean: number;
}

/**
 * e(g) of `f` at the fields `x` (x.type fixes the input action), with the output action of
 * `outType` (same group). `f` maps [B, H, W, x.type.size] to [B, H', W', outType.size]; it is called
 * N times, without gradients.
 */
export function equivarianceError(f: (x: tf.Tensor4D) => tf.Tensor, x: GeometricTensor, outType: FieldType): EquivarianceError {
  const where = "equivarianceError";
  checkFunction(where, "f", f, "(x: tf.Tensor4D) => tf.Tensor");
  if (!(x instanceof GeometricTensor)) throw new TypeError(`${where}: x must be a GeometricTensor (the input fields with their type)`);
  if (!(outType instanceof FieldType) || outType.group !== x.type.group) throw new TypeError(`${where}: outType must be a FieldType over ${x.type.group}`);
  const n = x.type.order;
  const perElement = tf.tidy(() => {
    const fx = new GeometricTensor(f(x.tensor), outType);
    return Array.from({ length: n - 1 }, (_, i) => {
      const k = i + 1;
      const lhs = f(x.transform(k).tensor), rhs = fx.transform(k).tensor;
      return tf.tidy(() => tf.div(tf.norm(tf.sub(lhs, rhs)), tf.norm(rhs)).dataSync()[0]);
    });
  });
  return { perElement, max: Math.max(...perElement, 0), mean: perElement.length ? perElement.reduce((a, b) => a + b, 0) / perElement.length : 0 };
}
