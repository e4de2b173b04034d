// Public API of src/core. Each module of this folder is re-exported here; internals are not.
export { BACKEND_LADDER, backendInfo, initBackend } from "./backend";
export type { BackendInfo, BackendName } from "./backend";
export { Rng, gaussianRandomField } from "./random";
export type { GaussianRandomFieldOptions } from "./random";
export { randomNormalTensor, randomUniformTensor } from "./random-tensor";
export { matMul, guardRightOperand } from "./matmul";
export { batchMatMul } from "./batch-mat-mul";
export { conv2d } from "./conv2d";
export type { Conv2dOptions, ConvActivation } from "./conv2d";
export { pixelShuffle, pixelUnshuffle } from "./pixel-shuffle";
export { subpixelUpsample } from "./subpixel-upsample";
export type { SubpixelUpsampleOptions } from "./subpixel-upsample";
export { irdft1, irdft2, keptFrequencies, rdft1, rdft2 } from "./dft";
export { rot90, rot90Vector } from "./rot90";
export { rot90Field, rot90VectorField } from "./rot90-field";
export { dense } from "./dense";
export { addRows } from "./add-rows";
export { circularPad } from "./circular-pad";
export { modeMix } from "./mode-mix";
export { onesRow } from "./ones-row";
export { readTensor } from "./read-tensor";
export {
  checkBoolean, checkChannels, checkFinite, checkFunction, checkInt, checkObject, checkOneOf, checkPositive, checkShape, checkTensor, describe, shapeString,
} from "./validate";
export { CHECK_MIME, SCALES, VEGA_LITE_MIME } from "./contract";
export type { CheckCondition, CheckControl, CheckRecord, DisplayData, MimeBundle, OutputKind, RecordedCondition, Scale } from "./contract";
