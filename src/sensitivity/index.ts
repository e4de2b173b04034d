// Public API of src/sensitivity: how a model's output depends on its input. The Jacobian (reverse
// mode, rows batched) and attributions of one scalar per sample behind one interface
// (Attribution.attribute → { attributions, delta }): saliency, gradient × input, integrated
// gradients and local attribution maps (one batched path-integral core), Grad-CAM on a named layer.
export { jacobian, jacobianDifference } from "./jacobian";
export type { Jacobian, JacobianOptions } from "./jacobian";
export { selectTarget, targetValues } from "./target";
export type { Forward, Target } from "./target";
export { quadrature, QUADRATURE_METHODS } from "./quadrature";
export type { Quadrature, QuadratureMethod } from "./quadrature";
export { pathIntegral, rowSums } from "./path-integral";
export type { AttributionResult, DiscretePath, PathIntegralOptions } from "./path-integral";
export { integratedGradients } from "./integrated-gradients";
export type { IntegratedGradientsOptions } from "./integrated-gradients";
export { gradientXInput, saliency } from "./gradients";
export type { GradientXInputOptions, SaliencyOptions } from "./gradients";
export { BLUR_PADDINGS, diffusionIndex, gaussianBlur, localAttributionMap, windowTarget } from "./local-attribution";
export type { LocalAttributionOptions } from "./local-attribution";
export { gradCam } from "./grad-cam";
export type { GradCamOptions } from "./grad-cam";
export { InputXGradient, IntegratedGradients, LayerGradCam, LocalAttributionMap, Saliency } from "./attribution";
export type { Attribution } from "./attribution";
export { attributionPeaks } from "./peaks";
export { largestMagnitude, regionSums } from "./regions";
