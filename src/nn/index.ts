// Public API of src/nn: layers and the modules built from them (FNO, CNN, UNet, MLP), the training
// loop (fit, and train for supervised pairs), losses, schedules, checkpoints.
export * as layers from "./layers";
export * as equivariant from "./equivariant";
export { Module, condTensor, sliceConditioning } from "./module";
export type { Conditioning, SerializedModule } from "./module";
export { Params } from "./params";
export { ACTIVATIONS, activate } from "./activations";
export type { Activation } from "./activations";
export { FNO, POSITIONAL_EMBEDDINGS } from "./fno";
export type { FNOConfig, PositionalEmbedding } from "./fno";
export { MLP } from "./mlp";
export type { MLPConfig } from "./mlp";
export { CNN } from "./cnn";
export type { CNNConfig } from "./cnn";
export { UNet } from "./unet";
export type { UNetConfig } from "./unet";
export { fromConfig, modelNames, registerModel } from "./registry";
export { LOSSES, mse, relativeL2, relativeL2PerSample } from "./losses";
export type { LossFn, LossName } from "./losses";
export { scheduleFactor } from "./schedules";
export type { Schedule } from "./schedules";
export { Adam } from "./optim";
export type { AdamOptions } from "./optim";
export { NonFiniteLossError, fit } from "./fit";
export type { Batch, EpochRecord, FitContext, FitLoss, FitOptions, FitProgress, FitResult } from "./fit";
export { train } from "./train";
export type { TrainData, TrainOptions } from "./train";
export { fileIO, loadModel, saveModel } from "./checkpoint";
