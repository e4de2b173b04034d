/**
 * A C_N-equivariant super-resolution CNN for scalar and vector fields (after Yasuda & Onishi 2023,
 * "Rotationally equivariant super-resolution of velocity fields in two-dimensional flows using
 * convolutional neural networks", APL Mach. Learn. 1, 026107, arXiv:2202.11099), working at low
 * resolution and upsampling at the end (ESPCN):
 *
 *   x [batch, h, w, inType.size]
 *     → lifting conv to `hiddenFields` regular fields, activation
 *     → (nLayers − 1) group convs regular → regular, activation
 *     → equivariant sub-pixel upsampling ×factor to outType      (upsample.ts)
 *     (+ the input repeated on each r×r block when residual = "nearest")
 *   → [batch, h·r, w·r, outType.size]
 *
 * With group "C1" every layer is an ordinary convolution (a regular field of C1 is one channel):
 * the same network, trained the same way, without the symmetry — the plain CNN an equivariant
 * one is compared with.
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkObject, checkOneOf, checkTensor, pixelShuffle, shapeString } from "../../core";
import type { ConvActivationName } from "../layers/conv2d";
import { checkSeed, childSeed } from "../layers/seeds";
import { Module } from "../module";
import { EquivariantConv2d, checkKernel, checkType } from "./conv";
import { FieldType, GROUPS, type FieldTypeJSON, type GroupName } from "./field-type";
import { GeometricTensor } from "./geometric-tensor";
import { EquivariantUpsample } from "./upsample";

export const SR_ACTIVATIONS = ["relu", "gelu", "tanh"] as const;
export const RESIDUALS = ["nearest", "none"] as const;
export const SR_PADDINGS = ["same", "circular"] as const;

export interface EquivariantSRNetConfig {
  /** Default "C4"; "C1" is the plain CNN. */
  group?: GroupName;
  /** Input and output representations, e.g. [["vector", 1]] (over `group`). */
  inReps: FieldTypeJSON["reps"];
  outReps: FieldTypeJSON["reps"];
  /** Regular fields per hidden layer (channels = N·hiddenFields). */
  hiddenFields: number;
  /** Convolutions at low resolution before the upsampling (≥ 1). */
  nLayers: number;
  /** Upsampling factor r. */
  factor: number;
  /** Odd kernel size, default 3. */
  kernelSize?: number;
  /** Default "same" (zeros); "circular" for periodic domains. */
  padding?: (typeof SR_PADDINGS)[number];
  /** Hidden activation, default "relu" (point-wise on regular fields: equivariant). */
  activation?: (typeof SR_ACTIVATIONS)[number];
  /** "nearest" (default when inReps = outReps): learn the correction to the input repeated on each r×r block; "none". */
  residual?: (typeof RESIDUALS)[number];
  seed?: number;
}

export interface EquivariantSRNetResolved {
  group: GroupName;
  inReps: FieldTypeJSON["reps"];
  outReps: FieldTypeJSON["reps"];
  hiddenFields: number;
  nLayers: number;
  factor: number;
  kernelSize: number;
  padding: (typeof SR_PADDINGS)[number];
  activation: (typeof SR_ACTIVATIONS)[number];
  residual: (typeof RESIDUALS)[number];
  seed: number;
}

export class EquivariantSRNet extends Module<EquivariantSRNetResolved> {
  readonly className = "EquivariantSRNet";
  readonly inType: FieldType;
  readonly outType: FieldType;
  private readonly convs: EquivariantConv2d[] = [];
  private readonly up: EquivariantUpsample;

  constructor(config: EquivariantSRNetConfig) {
    const where = "EquivariantSRNet";
    checkObject(where, "config", config);
    const group = checkOneOf(where, "group", config.group ?? "C4", GROUPS);
    const inType = new FieldType(group, config.inReps), outType = new FieldType(group, config.outReps);
    const residual = checkOneOf(where, "residual", config.residual ?? (inType.equals(outType) ? "nearest" : "none"), RESIDUALS);
    if (residual === "nearest" && !inType.equals(outType)) {
      throw new RangeError(`${where}: residual "nearest" adds the input to the output, so inReps and outReps must be equal, got ${inType} and ${outType}`);
    }
    super({
      group, inReps: inType.toJSON().reps, outReps: outType.toJSON().reps,
      hiddenFields: checkInt(where, "hiddenFields", config.hiddenFields, 1), nLayers: checkInt(where, "nLayers", config.nLayers, 1),
      factor: checkInt(where, "factor", config.factor, 1), kernelSize: checkKernel(where, config.kernelSize),
      padding: checkOneOf(where, "padding", config.padding ?? "same", SR_PADDINGS),
      activation: checkOneOf(where, "activation", config.activation ?? "relu", SR_ACTIVATIONS), residual, seed: checkSeed(where, config.seed),
    });
    this.inType = inType;
    this.outType = outType;
    const c = this.config, hidden = FieldType.regular(c.hiddenFields, group);
    for (let l = 0; l < c.nLayers; l++) {
      this.convs.push(this.register(`convs/${l}`, new EquivariantConv2d({
        inType: l === 0 ? inType : hidden, outType: hidden, kernelSize: c.kernelSize, padding: c.padding,
        activation: c.activation as ConvActivationName, seed: childSeed(c.seed, l),
      })));
    }
    this.up = this.register("upsample", new EquivariantUpsample({
      inType: hidden, outType, factor: c.factor, kernelSize: c.kernelSize, padding: c.padding, seed: childSeed(c.seed, c.nLayers),
    }));
  }

  /** x [batch, h, w, inType.size] → [batch, h·factor, w·factor, outType.size]. */
  apply(x: tf.Tensor): tf.Tensor4D {
    const layout = `[batch, height, width, ${this.inType.size}] (${this.inType})`;
    checkTensor("EquivariantSRNet.apply", "x", x, 4, layout);
    if (x.shape[3] !== this.inType.size) {
      throw new RangeError(`EquivariantSRNet.apply: x must have ${this.inType.size} channels for ${this.inType}, got shape ${shapeString(x.shape)}`);
    }
    const h0 = (this.config.kernelSize - 1) / 2;
    if (this.config.padding === "circular" && ((x.shape[1] as number) < h0 || (x.shape[2] as number) < h0)) {
      throw new RangeError(`EquivariantSRNet.apply: circular padding by ${h0} needs height and width ≥ ${h0}, got x ${shapeString(x.shape)}`);
    }
    const x4 = x as tf.Tensor4D;
    const h = this.convs.reduce((t, conv) => conv.applyUnchecked(t), x4);
    const y = this.up.applyUnchecked(h);
    if (this.config.residual === "none") return y;
    const r = this.config.factor;
    return tf.add(y, pixelShuffle(tf.concat(Array.from({ length: r * r }, () => x4), 3), r)); // x repeated on each r×r block
  }

  forward(x: GeometricTensor): GeometricTensor {
    checkType("EquivariantSRNet.forward", x, this.inType);
    return new GeometricTensor(this.apply(x.tensor), this.outType);
  }
}
