/**
 * What a run into an output folder records about itself so that `kazami run --resume DIR` can
 * rebuild the same notebook × seed jobs: the options that make them, the folder the command ran
 * in (notebook paths are relative to it) and each task (index, run name, key). A local run writes
 * it as `<out>/local/run.json` (local-run.ts); a Slurm sweep's `<out>/slurm/sweep.json`
 * (slurm-sweep.ts) is one with the Slurm options and submissions added.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RunOptions, UsageError } from "./args";
import { NotebookJob } from "./run-notebook";

/** The options that make a run's jobs. */
export interface RunSpec {
  notebooks: string[];
  parameters: Array<[string, string]>;
  seeds?: number[];
  timeoutSeconds: number;
  kernelName: string;
}

export interface RunTask {
  index: number;
  /** Notebook name (file name without .ipynb). */
  notebook: string;
  /** As given on the command line, relative to the run file's `cwd`. */
  source: string;
  seed?: number;
  runName: string;
  /** records.ts taskKey of the job when the run started. */
  key: string;
}

export interface RunFile {
  format: 1;
  kazami: string;
  /** ISO 8601 time the run (the first of its invocations) started. */
  created: string;
  /** Absolute folder the command ran in; notebook paths are relative to it. */
  cwd: string;
  run: RunSpec;
  tasks: RunTask[];
}

/** The spec of `opts` (the fields that make the jobs). */
export function runSpec(opts: RunOptions): RunSpec {
  return {
    notebooks: opts.notebooks,
    parameters: opts.parameters,
    ...(opts.seeds === undefined ? {} : { seeds: opts.seeds }),
    timeoutSeconds: opts.timeoutSeconds,
    kernelName: opts.kernelName,
  };
}

/** The task list of `jobs` (in run order) with their keys. */
export function runTasks(jobs: NotebookJob[], keys: string[]): RunTask[] {
  return jobs.map((job, index) => ({ index, notebook: job.name, source: job.source, ...(job.seed === undefined ? {} : { seed: job.seed }), runName: job.runName, key: keys[index] }));
}

/**
 * The local-run options that make a recorded run's jobs again, writing into `outDir`. Notebook
 * paths are as recorded when this process runs in the recorded folder, else absolute.
 */
export function recordedRunOptions(file: RunFile, outDir: string): RunOptions {
  const here = path.resolve(process.cwd()) === file.cwd;
  return {
    notebooks: here ? file.run.notebooks : file.run.notebooks.map((nb) => path.resolve(file.cwd, nb)),
    parameters: file.run.parameters,
    ...(file.run.seeds === undefined ? {} : { seeds: file.run.seeds }),
    jobs: 1,
    timeoutSeconds: file.run.timeoutSeconds,
    outDir: path.resolve(outDir),
    kernelName: file.run.kernelName,
    executor: "local",
  };
}

/**
 * Reads a run file. Throws UsageError naming the file: `missing` when there is none, or that it is
 * not valid JSON or not a run file of format 1 (with `extra` naming more fields `T` must have).
 */
export function readRunFile<T extends RunFile>(file: string, missing: string, extra: (keyof T)[] = []): T {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new UsageError(missing);
    throw err;
  }
  let r: T;
  try {
    r = JSON.parse(text) as T;
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON (${(err as Error).message})`);
  }
  const ok = r?.format === 1 && typeof r.cwd === "string" && typeof r.run === "object" && r.run !== null && Array.isArray(r.run.notebooks) && Array.isArray(r.tasks);
  if (!ok || extra.some((k) => r[k] === undefined)) throw new UsageError(`${file} is not a kazami run file (format 1)`);
  return r;
}
