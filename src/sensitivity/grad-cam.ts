/**
 * Grad-CAM (Selvaraju et al. 2017; captum's LayerGradCam) on a named layer of a Module: with A the
 * layer's activation [N, h, w, K] and F = target ∘ model, the channel weights are the spatially
 * averaged gradients α_k = mean_{h,w} ∂F/∂A_k, and the map is ReLU(Σ_k α_k A_k), [N, h, w, 1].
 * The layer is found by its registered path (Module.submodule, e.g. "convs/2" of nn.CNN) and read
 * through Module.tapped: one forward pass records A, a second differentiates F with respect to A.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBoolean, checkObject, shapeString } from "../core";
import type { Conditioning, Module } from "../nn/module";
import { checkInput } from "./integrated-gradients";
import type { AttributionResult } from "./path-integral";
import { selectTarget, targetValues, type Target } from "./target";

export interface GradCamOptions {
  target?: Target;
  /** Passed to model.apply(x, cond). */
  cond?: Conditioning;
  /** Keep only positive evidence (default true, as Grad-CAM and captum's relu_attributions). */
  relu?: boolean;
  /** Resize the map bilinearly to x's height and width (default false: the layer's grid). */
  upsample?: boolean;
}

const WHERE = "sensitivity.gradCam";

/** Grad-CAM map of F = target ∘ model at x [N, H, W, C] on layer `layer`: attributions [N, h, w, 1] (or [N, H, W, 1]). */
export function gradCam(model: Module, layer: string, x: tf.Tensor, opts: GradCamOptions = {}): AttributionResult {
  if (model === null || typeof model !== "object" || typeof (model as Module).submodule !== "function") {
    throw new TypeError(`${WHERE}: model must be an nn Module (with registered sub-modules), got ${typeof model}`);
  }
  checkInput(WHERE, x);
  checkObject(WHERE, "options", opts);
  const relu = checkBoolean(WHERE, "relu", opts.relu, true), upsample = checkBoolean(WHERE, "upsample", opts.upsample, false);
  const sub = model.submodule(layer); // throws for an unknown layer, listing the known ones
  const n = x.shape[0];
  const f = (z: tf.Tensor) => model.apply(z, opts.cond);
  targetValues(WHERE, f, x, opts.target);
  let calls = 0;
  const activation = tf.tidy(() => {
    let kept: tf.Tensor | undefined;
    sub.tapped((y) => { calls++; kept = y; return y; }, () => f(x));
    if (kept === undefined || calls !== 1) {
      throw new RangeError(`${WHERE}: layer "${layer}" ran ${calls} times in one forward pass; Grad-CAM needs a layer that runs exactly once`);
    }
    if (kept.rank !== 4 || kept.shape[0] !== n) {
      throw new RangeError(`${WHERE}: layer "${layer}" must output a feature map [N = ${n}, h, w, K], got ${shapeString(kept.shape)}`);
    }
    return kept;
  });
  const map = tf.tidy(() => {
    const dA = tf.grad((a: tf.Tensor) => {
      const y = sub.tapped(() => a, () => f(x)); // the layer's output replaced by a (same values): ∂F/∂A
      return tf.sum(selectTarget(WHERE, y, n, opts.target));
    })(activation);
    const alpha = tf.mean(dA, [1, 2], true); // [N, 1, 1, K]
    let cam = tf.sum(tf.mul(alpha, activation), 3, true); // [N, h, w, 1]
    if (relu) cam = tf.relu(cam);
    return upsample ? tf.image.resizeBilinear(cam as tf.Tensor4D, [x.shape[1] as number, x.shape[2] as number], true) : cam;
  });
  activation.dispose();
  return { attributions: map };
}
