/**
 * A tensor that knows its field type (escnn's GeometricTensor): NHWC float32 [batch, height, width,
 * type.size]. `transform(k)` applies the group element r^k — the grid turned by k·360°/N
 * counterclockwise about its centre (core.rot90's convention: x along the width axis, y along the
 * rows, upward) and every field's channels acted on by its representation — which is how
 * equivariance is tested: f(g·x) = g·f(x).
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkTensor, rot90, shapeString } from "../../core";
import { FieldType, power, type Monomial } from "./field-type";

/**
 * y[..., perm[j]] = sign[j]·x[..., j] on the last axis of x [..., C]: a signed permutation of
 * channels, differentiable on every backend (forward and backward are gathers; tfjs' own gather
 * gradient needs UnsortedSegmentSum, which tfjs-wasm lacks).
 */
export function permuteChannels(x: tf.Tensor, g: Monomial): tf.Tensor {
  const c = g.dim;
  const src = new Int32Array(c), dstSign = new Float32Array(c), srcSign = Float32Array.from(g.sign);
  for (let j = 0; j < c; j++) { src[g.perm[j]] = j; dstSign[g.perm[j]] = g.sign[j]; }
  const identity = src.every((s, j) => s === j) && srcSign.every((s) => s === 1);
  if (identity) return x;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args[0] as tf.Tensor;
    const value = tf.mul(tf.gather(xs, tf.tensor1d(src, "int32"), xs.rank - 1), tf.tensor1d(dstSign));
    return {
      value,
      gradFunc: (dy: tf.Tensor) => tf.mul(tf.gather(dy, tf.tensor1d(Int32Array.from(g.perm), "int32"), dy.rank - 1), tf.tensor1d(srcSign)),
    };
  });
  return op(x);
}

export class GeometricTensor {
  readonly tensor: tf.Tensor4D;
  readonly type: FieldType;

  /** Wraps x [batch, height, width, type.size] (float32); throws naming both when the channels differ. */
  constructor(tensor: tf.Tensor, type: FieldType) {
    const layout = `[batch, height, width, ${type instanceof FieldType ? type.size : "channels"}]`;
    checkTensor("GeometricTensor", "tensor", tensor, 4, layout);
    if (!(type instanceof FieldType)) throw new TypeError("GeometricTensor: type must be a FieldType");
    if (tensor.shape[3] !== type.size) {
      throw new RangeError(`GeometricTensor: a field of type ${type} has ${type.size} channels, got a tensor of shape ${shapeString(tensor.shape)}`);
    }
    this.tensor = tensor as tf.Tensor4D;
    this.type = type;
  }

  /**
   * g·x for g = r^k (r = the turn by 360°/N, counterclockwise; any integer k, negative = clockwise):
   * [B, W, H, C] for an odd number of quarter turns. Differentiable.
   */
  transform(k: number): GeometricTensor {
    checkInt("GeometricTensor.transform", "k", k);
    const n = this.type.order, kk = ((k % n) + n) % n;
    if (kk === 0) return this;
    const turned = rot90(this.tensor, (kk * 4) / n);
    return new GeometricTensor(permuteChannels(turned, power(this.type.generator(), kk)), this.type);
  }
}
