/**
 * C_N-equivariant 2D convolution between field types (escnn's R2Conv for the cyclic groups C1, C2,
 * C4), NHWC float32, stride 1, odd square kernels:
 *
 *   x [batch, height, width, inType.size] → [batch, height', width', outType.size]
 *
 * with f(g·x) = g·f(x) for every rotation g of the group, to float32 round-off, for any weights —
 * by weight sharing, not by augmentation (filter-plan.ts): the full filter is assembled from a
 * base filter and its rotations, then ONE core.conv2d runs. The layers of an equivariant CNN are
 * all this class with different types:
 *
 *   lifting convolution   scalar / vector → regular (one rotated copy of each filter per group element)
 *   group convolution     regular → regular
 *   output layers         regular → scalar (invariant) or → vector (u, v turn as (−v, u) per 90°)
 *
 * Padding "same" (zeros) and "valid" keep exact equivariance on square grids (they are symmetric
 * about the grid centre); "circular" wraps periodic domains. A point-wise activation commutes with
 * the group only on channels that are permuted without sign changes (scalar and regular fields),
 * so ReLU/GELU are refused on vector outputs; tanh (odd) is allowed on any type. A bias is shared
 * within each field (a vector field gets none: a constant vector is not rotation invariant).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkBoolean, checkInt, checkObject, checkOneOf, checkTensor, shapeString } from "../../core";
import { CONV_ACTIVATIONS, type ConvActivationName } from "../layers/conv2d";
import { checkSeed } from "../layers/seeds";
import { Module } from "../module";
import { FieldType, type FieldTypeJSON } from "./field-type";
import { GeometricTensor } from "./geometric-tensor";
import { EQUIVARIANT_PADDINGS, addSharedConv, applySharedConv, releaseSharedConv, sharedWeights, type EquivariantPadding, type SharedConv } from "./shared-conv";

export interface EquivariantConv2dConfig {
  inType: FieldType | FieldTypeJSON;
  /** Same group as inType. */
  outType: FieldType | FieldTypeJSON;
  /** Odd kernel size k (square: the constraint needs it), default 3. */
  kernelSize?: number;
  /** "same" (default), "valid" or "circular". */
  padding?: EquivariantPadding;
  /** Default true. */
  bias?: boolean;
  /** Fused activation, default "linear" (see the module comment for which types allow which). */
  activation?: ConvActivationName;
  seed?: number;
}

export interface EquivariantConv2dResolved {
  inType: FieldTypeJSON;
  outType: FieldTypeJSON;
  kernelSize: number;
  padding: EquivariantPadding;
  bias: boolean;
  activation: ConvActivationName;
  seed: number;
}

/** Validates an odd kernel size. */
export function checkKernel(where: string, k: unknown): number {
  const v = checkInt(where, "kernelSize", k ?? 3, 1);
  if (v % 2 !== 1) throw new RangeError(`${where}: kernelSize must be odd, got ${v}`);
  return v;
}

/** Throws unless `activation` commutes with the group action on `type` (see the module comment). */
export function checkActivation(where: string, activation: ConvActivationName, type: FieldType): void {
  if ((activation === "relu" || activation === "gelu") && !type.permutational) {
    throw new RangeError(`${where}: activation "${activation}" does not commute with rotations of ${type} (its channels change sign); ` +
      `use "linear" or "tanh", or output regular/scalar fields`);
  }
}

export class EquivariantConv2d extends Module<EquivariantConv2dResolved> {
  readonly className = "EquivariantConv2d";
  readonly inType: FieldType;
  readonly outType: FieldType;
  private readonly conv: SharedConv;

  constructor(config: EquivariantConv2dConfig) {
    const where = "EquivariantConv2d";
    checkObject(where, "config", config);
    const inType = FieldType.from(where, "inType", config.inType), outType = FieldType.from(where, "outType", config.outType);
    if (inType.group !== outType.group) throw new RangeError(`${where}: inType ${inType} and outType ${outType} must be over the same group`);
    const activation = checkOneOf(where, "activation", config.activation ?? "linear", CONV_ACTIVATIONS);
    checkActivation(where, activation, outType);
    super({
      inType: inType.toJSON(), outType: outType.toJSON(), kernelSize: checkKernel(where, config.kernelSize),
      padding: checkOneOf(where, "padding", config.padding ?? "same", EQUIVARIANT_PADDINGS),
      bias: checkBoolean(where, "bias", config.bias, true), activation, seed: checkSeed(where, config.seed),
    });
    this.inType = inType;
    this.outType = outType;
    const c = this.config;
    this.conv = addSharedConv(this.params, new Rng(c.seed), c.kernelSize, inType.generator(), outType.generator(), inType.order, c.bias);
  }

  /** x [batch, height, width, inType.size] (channels read as inType) → [batch, height', width', outType.size]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = `[batch, height, width, ${this.inType.size}] (${this.inType})`;
    checkTensor("EquivariantConv2d.apply", "x", x, 4, layout);
    if (x.shape[3] !== this.inType.size) {
      throw new RangeError(`EquivariantConv2d.apply: x must have ${this.inType.size} channels for ${this.inType}, got shape ${shapeString(x.shape)}`);
    }
    const k = this.config.kernelSize;
    const need = this.config.padding === "valid" ? k : this.config.padding === "circular" ? (k - 1) / 2 : 0;
    if ((x.shape[1] as number) < need || (x.shape[2] as number) < need) {
      throw new RangeError(`EquivariantConv2d.apply: padding "${this.config.padding}" needs height and width ≥ ${need}, got x ${shapeString(x.shape)}`);
    }
    return this.applyUnchecked(x as tf.Tensor4D);
  }

  /** apply() without validation, for modules that validated x. */
  applyUnchecked(x: tf.Tensor4D): tf.Tensor4D {
    return applySharedConv(x, this.conv, this.config.padding, this.config.activation);
  }

  /** The typed forward pass: checks x.type equals inType, returns a field of outType. */
  /** Frees the variables and the cached index tensors of the weight sharing. */
  override dispose(): void {
    releaseSharedConv(this.conv);
    super.dispose();
  }

  forward(x: GeometricTensor): GeometricTensor {
    checkType("EquivariantConv2d.forward", x, this.inType);
    return new GeometricTensor(this.apply(x.tensor), this.outType);
  }

  /** The full filter [k, k, inType.size, outType.size] and bias [outType.size] (or undefined) it convolves with. */
  weights(): { filter: tf.Tensor4D; bias: tf.Tensor1D | undefined } {
    return sharedWeights(this.conv);
  }
}

/** Throws a TypeError unless `x` is a GeometricTensor of type `expected`. */
export function checkType(where: string, x: unknown, expected: FieldType): GeometricTensor {
  if (!(x instanceof GeometricTensor)) throw new TypeError(`${where}: x must be a GeometricTensor of type ${expected}, got ${x instanceof tf.Tensor ? "a plain tf.Tensor (wrap it: new GeometricTensor(t, type))" : typeof x}`);
  if (!x.type.equals(expected)) throw new TypeError(`${where}: expected a field of type ${expected}, got ${x.type}`);
  return x;
}
