// The building blocks of src/nn's models: modules with apply(x, cond?), their variables and a config.
export { Linear } from "./linear";
export type { LinearConfig } from "./linear";
export { Conv2d, CONV_ACTIVATIONS, PADDINGS, resolveKernel } from "./conv2d";
export { circularPad } from "../../core";
export type { Conv2dConfig, ConvActivationName, Padding } from "./conv2d";
export { GatedConv2d } from "./gated-conv2d";
export type { GatedConv2dConfig } from "./gated-conv2d";
export { SpectralConv } from "./spectral-conv";
export type { SpectralConvConfig } from "./spectral-conv";
export { LayerNorm, GroupNorm } from "./norms";
export type { LayerNormConfig, GroupNormConfig } from "./norms";
export { TimeEmbedding, timeEmbedding } from "./time-embedding";
export type { TimeEmbeddingConfig } from "./time-embedding";
export { MultiHeadAttention } from "./attention";
export type { MultiHeadAttentionConfig } from "./attention";
export { GALERKIN_KINDS, GalerkinAttention } from "./galerkin-attention";
export type { GalerkinAttentionConfig, GalerkinKind } from "./galerkin-attention";
export { MAX_SEED, checkSeed, childSeed } from "./seeds";
