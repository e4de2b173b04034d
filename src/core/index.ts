// Public API of src/core. Each module of this folder is re-exported here; internals are not.
export { Rng, gaussianRandomField } from "./random";
export type { GaussianRandomFieldOptions } from "./random";
export { randomNormalTensor, randomUniformTensor } from "./random-tensor";
