// Public API of src/baselines: the controls a skeptical reviewer names, fitted on the same data as
// the claim they test (../DESIGN "Every check has a control"). Float64 arrays in and out.
export { fitSpectralGain, relativeL2 } from "./spectral-gain";
export type { SpectralGain } from "./spectral-gain";
export { fitRidge, ridgePath } from "./ridge";
export type { RidgeModel } from "./ridge";
export { URBAN_FEATURES, urbanDesign, urbanFeatures } from "./urban-features";
export type { UrbanDesign } from "./urban-features";
export { fourierInterpolate, pointSamples, spectralTail } from "./fourier-1d";
export { bicubic, bicubicWeights } from "./bicubic";
export { enstrophy, psnr, rmse } from "./sr-metrics";
export type { Alignment, BicubicOptions, Boundary } from "./bicubic";
export { normalizedBicubic } from "./normalized-bicubic";
export type { NormalizedBicubicOptions } from "./normalized-bicubic";
export { nearestFill } from "./nearest-fill";
export { fitRingGaussian, gaussianSiteExceedance, sampleRingGaussian } from "./gaussian-tail";
export type { RingGaussian } from "./gaussian-tail";
