// Public API of src/runner: headless notebook execution as a Jupyter client (`kazami run`).
// Each module of this folder is re-exported here; internals are not.
export { main } from "./command";
export { UsageError, parseRunArgs, parseSeeds } from "./args";
export type { RunOptions } from "./args";
export { parseNotebook, readNotebook, serializeNotebook } from "./notebook";
export type { Cell, CodeCell, MimeBundle, Notebook, Output } from "./notebook";
export { ParameterError, injectParameters, notebookParameters, parseParameterDeclarations, resolveParameters } from "./parameters";
export type { ParameterDeclaration, ParameterValue } from "./parameters";
export { CellOutputs, DisplayRegistry } from "./outputs";
export type { IopubMessage } from "./outputs";
export { CHECK_MIME, VEGA_LITE_MIME, extractChecks, extractFigures } from "./artifacts";
export type { CheckRecord, FigureRecord, ManifestCheck } from "./artifacts";
export { findKernelSpec, kernelSearchDirs } from "./kernelspec";
export type { KernelSpec } from "./kernelspec";
export { ClientClosedError, KernelClient } from "./kernel-client";
export { KernelManager, liveKernels } from "./kernel-manager";
export type { KernelExit } from "./kernel-manager";
export { executeNotebook } from "./execute";
export type { ExecutionResult, ExecutionStatus } from "./execute";
export { runNotebook } from "./run-notebook";
export type { NotebookJob } from "./run-notebook";
export { mergeManifest, notebookOf, readManifest } from "./manifest";
export type { Manifest, NotebookEntry, RunStatus } from "./manifest";
export { renderGallery } from "./gallery";
export { manifestTable } from "./table";
export { writeFileAtomic } from "../core/atomic-write";
