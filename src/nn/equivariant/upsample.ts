/**
 * Equivariant sub-pixel upsampling (ESPCN, Shi et al. 2016, made C_N-equivariant): a convolution to
 * r²·outType.size channels at low resolution, then a pixel shuffle (core.pixelShuffle, TensorFlow's
 * depth-to-space order: HR pixel (h·r + i, w·r + j), channel c ← LR pixel (h, w), channel
 * (i·r + j)·C + c):
 *
 *   x [batch, h, w, inType.size] → [batch, h·r, w·r, outType.size]
 *
 * A plain pixel shuffle is not equivariant: turning the low-resolution grid by 90° also turns every
 * r×r block, so the sub-pixel (i, j) of a block lands on sub-pixel σ(i, j) = (j, r−1−i) of the
 * turned block (rows i upward, columns j rightward, core.rot90's convention). The fix is to give
 * the conv's r²·C output channels that permutation as part of their representation: channel
 * (s, c) with s = i·r + j transforms to (σ(s), ρ_out(c)) with ρ_out's sign. The weight sharing of
 * filter-plan.ts then ties the filter of sub-pixel σ(s) to the turned filter of sub-pixel s
 * (sub-pixels form orbits of 4 under C4; for odd r the centre one is fixed and its filter is
 * averaged), so that the shuffled output is exactly equivariant: up(g·x) = g·up(x), with g acting
 * on the high-resolution grid.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, checkBoolean, checkInt, checkObject, checkOneOf, checkTensor, pixelShuffle, shapeString } from "../../core";
import { checkSeed } from "../layers/seeds";
import { Module } from "../module";
import { checkKernel, checkType } from "./conv";
import { FieldType, type FieldTypeJSON, type Monomial } from "./field-type";
import { GeometricTensor } from "./geometric-tensor";
import { EQUIVARIANT_PADDINGS, addSharedConv, applySharedConv, releaseSharedConv, type EquivariantPadding, type SharedConv } from "./shared-conv";

/**
 * The representation of the generator of C_N on the r²·C channels before a pixel shuffle: channel
 * s·C + c (s = i·r + j the sub-pixel) → σ^(4/N)(s)·C + perm(c), with the sign of c.
 */
export function subpixelRepresentation(factor: number, out: Monomial, n: number): Monomial {
  const r = factor, d = out.dim, dim = r * r * d, perm = new Int32Array(dim), sign = new Int8Array(dim);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
    let [a, b] = [i, j];
    for (let q = 0; q < 4 / n; q++) [a, b] = [b, r - 1 - a]; // one quarter turn of the sub-pixel
    for (let c = 0; c < d; c++) {
      perm[(i * r + j) * d + c] = (a * r + b) * d + out.perm[c];
      sign[(i * r + j) * d + c] = out.sign[c];
    }
  }
  return { dim, perm, sign };
}

export interface EquivariantUpsampleConfig {
  inType: FieldType | FieldTypeJSON;
  outType: FieldType | FieldTypeJSON;
  /** Upsampling factor r ≥ 1. */
  factor: number;
  /** Odd kernel size of the low-resolution conv, default 3. */
  kernelSize?: number;
  padding?: EquivariantPadding;
  /** Default true: a bias per sub-pixel orbit and output field, where the constraint allows one. */
  bias?: boolean;
  seed?: number;
}

export interface EquivariantUpsampleResolved {
  inType: FieldTypeJSON;
  outType: FieldTypeJSON;
  factor: number;
  kernelSize: number;
  padding: EquivariantPadding;
  bias: boolean;
  seed: number;
}

export class EquivariantUpsample extends Module<EquivariantUpsampleResolved> {
  readonly className = "EquivariantUpsample";
  readonly inType: FieldType;
  readonly outType: FieldType;
  private readonly conv: SharedConv;

  constructor(config: EquivariantUpsampleConfig) {
    const where = "EquivariantUpsample";
    checkObject(where, "config", config);
    const inType = FieldType.from(where, "inType", config.inType), outType = FieldType.from(where, "outType", config.outType);
    if (inType.group !== outType.group) throw new RangeError(`${where}: inType ${inType} and outType ${outType} must be over the same group`);
    super({
      inType: inType.toJSON(), outType: outType.toJSON(), factor: checkInt(where, "factor", config.factor, 1),
      kernelSize: checkKernel(where, config.kernelSize), padding: checkOneOf(where, "padding", config.padding ?? "same", EQUIVARIANT_PADDINGS),
      bias: checkBoolean(where, "bias", config.bias, true), seed: checkSeed(where, config.seed),
    });
    this.inType = inType;
    this.outType = outType;
    const c = this.config, n = inType.order;
    this.conv = addSharedConv(this.params, new Rng(c.seed), c.kernelSize, inType.generator(), subpixelRepresentation(c.factor, outType.generator(), n), n, c.bias);
  }

  /** x [batch, h, w, inType.size] → [batch, h·r, w·r, outType.size]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = `[batch, height, width, ${this.inType.size}] (${this.inType})`;
    checkTensor("EquivariantUpsample.apply", "x", x, 4, layout);
    if (x.shape[3] !== this.inType.size) {
      throw new RangeError(`EquivariantUpsample.apply: x must have ${this.inType.size} channels for ${this.inType}, got shape ${shapeString(x.shape)}`);
    }
    return this.applyUnchecked(x as tf.Tensor4D);
  }

  applyUnchecked(x: tf.Tensor4D): tf.Tensor4D {
    const y = applySharedConv(x, this.conv, this.config.padding, "linear"); // [B, h', w', r²·C]
    return pixelShuffle(y, this.config.factor);
  }

  /** Frees the variables and the cached index tensors of the weight sharing. */
  override dispose(): void {
    releaseSharedConv(this.conv);
    super.dispose();
  }

  forward(x: GeometricTensor): GeometricTensor {
    checkType("EquivariantUpsample.forward", x, this.inType);
    return new GeometricTensor(this.apply(x.tensor), this.outType);
  }
}
