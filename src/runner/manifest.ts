/**
 * out/manifest.json: one entry per notebook ever run into this output folder — status, timings,
 * parameters, every check with its value and condition, every figure file with its sha256, and the
 * provenance the outputs carried. A run replaces the entries of the notebooks it ran and keeps the
 * others, so running one notebook does not forget the rest.
 */
import * as fs from "node:fs";
import { writeFileAtomic } from "../core/atomic-write";
import { CheckRecord } from "./artifacts";
import { ParameterValue } from "./parameters";

/**
 * How a notebook run ended: `ok` (every cell ran, every check passed), `check-failed`, `cell-error`,
 * `timeout` (a cell exceeded --timeout), `kernel-died` (the kernel process exited mid-run),
 * `interrupted` (the runner got SIGINT/SIGTERM), `not-started` (the kernel could not start).
 */
export type RunStatus = "ok" | "check-failed" | "cell-error" | "timeout" | "kernel-died" | "interrupted" | "not-started";

/** Why a run failed: the source-notebook cell (null when no cell was at fault) and a one-line reason. */
export interface RunFailure {
  cell: number | null;
  reason: string;
}

/** One written figure file; `path` is relative to the output folder. */
export interface FigureFile {
  path: string;
  format: "png" | "svg" | "json";
  sha256: string;
  bytes: number;
}

export interface FigureEntry {
  index: number;
  cell: number | null;
  title?: string;
  caption?: string;
  provenance?: Record<string, unknown>;
  files: FigureFile[];
}

/** What the kernel said about itself in kernel_info_reply. */
export interface KernelDescription {
  name: string;
  implementation?: string;
  implementation_version?: string;
  language?: string;
  language_version?: string;
}

export interface NotebookEntry {
  /** The notebook that was run, as given on the command line. */
  source: string;
  /** The executed notebook, relative to the output folder. */
  executed: string;
  status: RunStatus;
  failure?: RunFailure;
  /** ISO 8601 start time. */
  started: string;
  /** Wall-clock seconds from kernel start to the executed notebook being written. */
  durationSeconds: number;
  /** Code cells in the executed notebook, and how many ran to completion. */
  cells: { total: number; run: number };
  /** Effective parameter values: declared defaults overridden by the injected ones. */
  parameters: Record<string, ParameterValue>;
  kernel?: KernelDescription;
  checks: CheckRecord[];
  figures: FigureEntry[];
  /** The distinct provenance objects found in output metadata. */
  provenance: Record<string, unknown>[];
}

export interface Manifest {
  /** The kazami version that last wrote the manifest. */
  kazami: string;
  /** ISO 8601 time of the last write. */
  updated: string;
  /** Entries by notebook name (file name without .ipynb). */
  notebooks: Record<string, NotebookEntry>;
}

/**
 * Reads an existing manifest. Returns undefined when there is none; when the file is not a
 * manifest, `onProblem` is told why and undefined is returned (the run then starts a fresh one).
 */
export async function readManifest(file: string, onProblem: (message: string) => void): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (typeof m === "object" && m !== null && typeof m.notebooks === "object" && m.notebooks !== null) return m;
    onProblem(`${file} has no "notebooks" object; starting a new manifest`);
  } catch (err) {
    onProblem(`${file} is not valid JSON (${(err as Error).message}); starting a new manifest`);
  }
  return undefined;
}

/** `previous` with the entries of `entries` replaced or added, notebooks sorted by name. */
export function mergeManifest(previous: Manifest | undefined, entries: Record<string, NotebookEntry>, kazamiVersion: string): Manifest {
  const all = { ...(previous?.notebooks ?? {}), ...entries };
  const notebooks: Record<string, NotebookEntry> = {};
  for (const name of Object.keys(all).sort()) notebooks[name] = all[name];
  return { kazami: kazamiVersion, updated: new Date().toISOString(), notebooks };
}

/** Writes the manifest atomically (pretty-printed JSON). */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(manifest, null, 2) + "\n");
}

/** Distinct values by their JSON text, in first-seen order. */
export function distinctProvenance(items: Array<Record<string, unknown> | undefined>): Record<string, unknown>[] {
  const seen = new Map<string, Record<string, unknown>>();
  for (const p of items) if (p !== undefined) seen.set(JSON.stringify(p), p);
  return [...seen.values()];
}
