/**
 * out/manifest.json: one entry per notebook run (per notebook and seed for a `--seeds` sweep) ever
 * run into this output folder — status, timings, parameters and seed, every check with its value,
 * condition and control, every figure file with its sha256, and the provenance the outputs carried.
 * A run replaces the entries of the notebooks it ran and keeps the others, so running one notebook
 * does not forget the rest.
 *
 * Entries are keyed by run name: the notebook name (file name without .ipynb) for a single run,
 * `<name>.seed<N>` for each seed of a sweep of more than one seed; `entry.notebook` is the notebook
 * name either way, so readers group a sweep's entries by it.
 */
import { writeFileAtomic } from "../core/atomic-write";
import { ManifestCheck } from "./artifacts";
import { readJsonIfPresent } from "./json-file";
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
  /**
   * The notebook name (file name without .ipynb): the manifest key of a single run, shared by the
   * entries of a sweep. Absent in manifests written before sweeps existed (the key is the name).
   */
  notebook?: string;
  /** The seed this run used (the notebook's `seed` parameter), when it has a numeric one. */
  seed?: number;
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
  checks: ManifestCheck[];
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
 * manifest, `onProblem` is told why ("<file> is not valid JSON (…)", "… has no \"notebooks\"
 * object") and undefined is returned.
 */
export async function readManifest(file: string, onProblem: (message: string) => void): Promise<Manifest | undefined> {
  const isManifest = (m: unknown): m is Manifest => typeof m === "object" && m !== null && typeof (m as Manifest).notebooks === "object" && (m as Manifest).notebooks !== null;
  return readJsonIfPresent(file, isManifest, 'has no "notebooks" object', onProblem);
}

/** The notebook an entry belongs to: `entry.notebook`, or its key in older manifests. */
export function notebookOf(key: string, entry: NotebookEntry): string {
  return entry.notebook ?? key;
}

/** Orders keys by notebook, then seed (a single run first), then key. */
function compareEntries(all: Record<string, NotebookEntry>): (a: string, b: string) => number {
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => {
    const ea = all[a];
    const eb = all[b];
    return cmp(notebookOf(a, ea), notebookOf(b, eb)) || (ea.seed ?? -1) - (eb.seed ?? -1) || cmp(a, b);
  };
}

/**
 * `previous` with the entries of `entries` replaced or added, sorted by notebook, then seed.
 *
 * `runKeys` maps each notebook a run ran to every key that run writes for it (all seeds of a
 * sweep); previous entries of that notebook under any other key are dropped, so a sweep replaces a
 * single run of the same notebook, a single run replaces a sweep, and a sweep over fewer seeds
 * replaces one over more. By default it is the keys of `entries` themselves.
 */
export function mergeManifest(
  previous: Manifest | undefined,
  entries: Record<string, NotebookEntry>,
  kazamiVersion: string,
  runKeys?: Record<string, readonly string[]>,
): Manifest {
  const ran = new Map<string, readonly string[]>();
  if (runKeys !== undefined) for (const nb of Object.keys(runKeys)) ran.set(nb, runKeys[nb]);
  else for (const [key, e] of Object.entries(entries)) ran.set(notebookOf(key, e), [...(ran.get(notebookOf(key, e)) ?? []), key]);
  const all: Record<string, NotebookEntry> = {};
  for (const [key, e] of Object.entries(previous?.notebooks ?? {})) {
    const written = ran.get(notebookOf(key, e));
    if (written === undefined || written.includes(key)) all[key] = e;
  }
  Object.assign(all, entries);
  const notebooks: Record<string, NotebookEntry> = {};
  for (const key of Object.keys(all).sort(compareEntries(all))) notebooks[key] = all[key];
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
