// Public API of src/data: the dataset registry and cache (loadDataset), the built-in catalog,
// dataset cards, coarse-graining operators, patches, splits and pooling, and the explicit float32
// crossing to tensors (toTensor). Internals are not re-exported.
import "./catalog";

export { registerDataset, unregisterDataset, getDataset, listDatasets } from "./registry";
export { loadDataset, locateDataset, verifyCache } from "./load";
export type { LoadOptions, DatasetLocation, VerifyReport } from "./load";
export { defaultCacheDir, cacheKey } from "./cache";
export { datasetCard, writeCard, cardIsCurrent, datasetBytes, formatBytes } from "./card";
export { blockMean, subsample, spectralCut } from "./coarse";
export type { CoarseOptions } from "./coarse";
export type { SpatialLayout } from "./arrays";
export { stridedPatches, randomPatches, patchesAt } from "./patches";
export type { PatchSet, StridedOptions, RandomPatchOptions } from "./patches";
export { trainTestSplit, takeRows, concatRows } from "./split";
export { poolDatasets } from "./pool";
export { urbanLayouts } from "./urban-layouts";
export { boxCoverage, type CoverageBox } from "./urban-coverage";
export { toTensor } from "./tensor";
export type { TensorLayout, ToTensorOptions } from "./tensor";
export type { SplitOptions } from "./split";
export { SCALES } from "./types";
export type {
  ArraySpec, BuildContext, Dataset, DatasetSpec, DType, JsonValue, Manifest, ManifestArray, NamedArray, Scale, TypedArray,
} from "./types";
export { ringShifts } from "./ring-shifts";
