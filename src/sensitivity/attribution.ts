/**
 * One attribution interface for every method, captum's `attribute`: construct with the model,
 * call `attribute(x, options)`, get `{ attributions, delta? }` (AttributionResult).
 *   new IntegratedGradients(f).attribute(x, { baseline, nSteps: 128, method: "riemann_trapezoid", target })
 * The function forms (integratedGradients(f, x, opts), …) are the same computations.
 */
import type * as tf from "@tensorflow/tfjs";
import type { Module } from "../nn/module";
import { gradCam, type GradCamOptions } from "./grad-cam";
import { gradientXInput, saliency, type GradientXInputOptions, type SaliencyOptions } from "./gradients";
import { integratedGradients, type IntegratedGradientsOptions } from "./integrated-gradients";
import { localAttributionMap, type LocalAttributionOptions } from "./local-attribution";
import type { AttributionResult } from "./path-integral";
import type { Forward } from "./target";

/** An attribution method bound to its model. */
export interface Attribution<O> {
  readonly method: string;
  /** Attributions of the model's target at x [N, ...in]; the caller disposes result.attributions. */
  attribute(x: tf.Tensor, opts?: O): AttributionResult;
}

export class Saliency implements Attribution<SaliencyOptions> {
  readonly method = "saliency";
  constructor(readonly f: Forward) {}
  attribute(x: tf.Tensor, opts?: SaliencyOptions): AttributionResult { return saliency(this.f, x, opts); }
}

export class InputXGradient implements Attribution<GradientXInputOptions> {
  readonly method = "gradientXInput";
  constructor(readonly f: Forward) {}
  attribute(x: tf.Tensor, opts?: GradientXInputOptions): AttributionResult { return gradientXInput(this.f, x, opts); }
}

export class IntegratedGradients implements Attribution<IntegratedGradientsOptions> {
  readonly method = "integratedGradients";
  constructor(readonly f: Forward) {}
  attribute(x: tf.Tensor, opts?: IntegratedGradientsOptions): AttributionResult { return integratedGradients(this.f, x, opts); }
}

export class LocalAttributionMap implements Attribution<LocalAttributionOptions> {
  readonly method = "localAttributionMap";
  constructor(readonly f: Forward) {}
  attribute(x: tf.Tensor, opts?: LocalAttributionOptions): AttributionResult { return localAttributionMap(this.f, x, opts); }
}

export class LayerGradCam implements Attribution<GradCamOptions> {
  readonly method = "gradCam";
  constructor(readonly model: Module, readonly layer: string) {
    model.submodule(layer); // an unknown layer fails here, listing the known ones
  }
  attribute(x: tf.Tensor, opts?: GradCamOptions): AttributionResult { return gradCam(this.model, this.layer, x, opts); }
}
