// Public API of src/samplers: diffusion (DDPM ancestral and DDIM schedulers in diffusers' shape —
// setTimesteps, step, addNoise — the denoising loss for nn.fit and the sampling loop) and the I2SB
// Schrödinger bridge between a degraded field and the clean one.
export { BETA_SCHEDULES, alphasCumprod, betaSchedule } from "./schedules";
export type { BetaSchedule } from "./schedules";
export { NoiseScheduler, PREDICTION_TYPES, TIMESTEP_SPACINGS, spacedTimesteps } from "./scheduler";
export type { NoiseSchedulerConfig, PredictionType, SchedulerOutput, SerializedScheduler, StepNoise, TimestepSpacing } from "./scheduler";
export { DDPMScheduler, VARIANCE_TYPES } from "./ddpm";
export type { DDPMSchedulerConfig, VarianceType } from "./ddpm";
export { DDIMScheduler } from "./ddim";
export type { DDIMSchedulerConfig, DDIMStepOptions } from "./ddim";
export { diffusionLoss } from "./loss";
export type { DiffusionLossOptions } from "./loss";
export { sample } from "./pipeline";
export type { SampleOptions } from "./pipeline";
export { BridgeScheduler } from "./bridge";
export type { BridgeMarginal, BridgeSchedulerConfig, BridgeStepOptions } from "./bridge";
export { bridgeLoss, sampleBridge } from "./bridge-sampling";
export type { BridgeLossOptions, SampleBridgeOptions } from "./bridge-sampling";
export { schedulerFromConfig, schedulerNames } from "./registry";
export { marginalMoments, meanRmse, ringEnergySpectrum, siteMoments, wasserstein1 } from "./metrics";
export { GaussianBridgeDenoiser, gaussianBridgeMarginal, sampleGaussianPairs } from "./gaussian-bridge";
export type { GaussianPair } from "./gaussian-bridge";
