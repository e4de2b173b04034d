// Public API of src/notebook: how cells show and check things. Each module of this folder is
// re-exported here; internals are not.
export { type MimeBundle, type DisplayData, type KernelHost, JUPYTER_DISPLAY, KERNEL_HOST, toDisplayData } from "./mime";
export { display, updateDisplay, clearOutput, type DisplayOptions } from "./display";
export { figure, Figure, SVG_MAX_BYTES, VEGA_LITE_MIME, type FigureOptions } from "./figure";
export { provenance, type Provenance, type DatasetRef } from "./provenance";
export { progress, onProgress, progressText, type ProgressBar, type ProgressOptions } from "./progress";
export { check, checks, resetChecks, CHECK_MIME, type CheckCondition, type CheckControl, type CheckOptions, type CheckRecord } from "./check";
export { table, Table, type TableOptions, type DataFrameLike } from "./table";
export { parameters, currentParameters, resetParameters, SCALES, type Scale, type ParameterValue, type BaseParameters } from "./parameters";
export { time, type Timing } from "./timing";
export { input, type InputOptions } from "./input";
