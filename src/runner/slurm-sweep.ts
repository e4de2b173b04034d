/**
 * `<out>/slurm/sweep.json`: a Slurm sweep as submitted — the run's options (enough to rebuild the
 * same notebook × seed jobs in a task or on `--resume`), the Slurm options, the tasks (index, run
 * name, key) and every submission (array job id and the task indices it ran). The layout of
 * `<out>/slurm/`:
 *
 *   sweep.json      this file
 *   sweep.sbatch    the job-array script
 *   logs/<array job id>_<index>.log   each task's stdout and stderr
 *   tasks/<index>.json                each task's record (slurm-records.ts)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../core/atomic-write";
import { RunOptions, UsageError } from "./args";
import { SlurmOptions } from "./slurm-args";

export interface SweepTask {
  index: number;
  /** Notebook name (file name without .ipynb). */
  notebook: string;
  /** As given on the command line, relative to `cwd`. */
  source: string;
  seed?: number;
  runName: string;
  /** slurm-records taskKey of the job at submission. */
  key: string;
}

export interface Submission {
  arrayJobId: string;
  indices: number[];
  /** ISO 8601. */
  submitted: string;
}

export interface SweepFile {
  format: 1;
  kazami: string;
  created: string;
  /** Absolute folder the command ran in; notebook paths are relative to it. */
  cwd: string;
  /** The options that make the jobs. */
  run: {
    notebooks: string[];
    parameters: Array<[string, string]>;
    seeds?: number[];
    timeoutSeconds: number;
    kernelName: string;
  };
  slurm: SlurmOptions;
  tasks: SweepTask[];
  submissions: Submission[];
}

/** The folder of a sweep's script, logs and records inside an output folder. */
export const slurmDir = (outDir: string): string => path.join(path.resolve(outDir), "slurm");
export const sweepFile = (outDir: string): string => path.join(slurmDir(outDir), "sweep.json");

/** Reads a sweep file; throws UsageError naming the file when it is missing or not a sweep. */
export function readSweep(file: string): SweepFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UsageError(`${file} not found: --resume continues a sweep run with --executor slurm into that folder (resuming a local run is not supported yet)`);
    }
    throw err;
  }
  let s: SweepFile;
  try {
    s = JSON.parse(text) as SweepFile;
  } catch (err) {
    throw new UsageError(`${file} is not valid JSON (${(err as Error).message})`);
  }
  if (s?.format !== 1 || !Array.isArray(s.tasks) || !Array.isArray(s.submissions) || typeof s.run !== "object") throw new UsageError(`${file} is not a kazami sweep file (format 1)`);
  return s;
}

export async function writeSweep(file: string, sweep: SweepFile): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(sweep, null, 1) + "\n");
}

/** The local-run options of a sweep's tasks (each task runs one of the jobs they make). */
export function sweepRunOptions(sweep: SweepFile, outDir: string): RunOptions {
  // Notebook paths as given when run from the sweep's folder (the tasks are), else absolute.
  const here = path.resolve(process.cwd()) === sweep.cwd;
  return {
    notebooks: here ? sweep.run.notebooks : sweep.run.notebooks.map((nb) => path.resolve(sweep.cwd, nb)),
    parameters: sweep.run.parameters,
    ...(sweep.run.seeds === undefined ? {} : { seeds: sweep.run.seeds }),
    jobs: 1,
    timeoutSeconds: sweep.run.timeoutSeconds,
    outDir: path.resolve(outDir),
    kernelName: sweep.run.kernelName,
    executor: "local",
  };
}

/**
 * `kazami run --resume DIR [Slurm options]` → the options of the sweep in DIR, with the Slurm
 * options given now replacing the recorded ones field by field (`--sbatch-arg`s as a whole).
 * Throws UsageError when DIR holds no sweep. The returned options have `resume` set and name
 * the notebooks of the sweep (absolute paths when this process runs elsewhere than the sweep did).
 */
export function resumeOptions(opts: RunOptions): { options: RunOptions; sweep: SweepFile } {
  const dir = opts.resume as string;
  const sweep = readSweep(sweepFile(dir));
  const given = opts.slurm ?? { sbatchArgs: [] };
  const slurm: SlurmOptions = { ...sweep.slurm, ...withoutUndefined({ ...given, sbatchArgs: undefined }) };
  slurm.sbatchArgs = given.sbatchArgs.length > 0 ? given.sbatchArgs : sweep.slurm.sbatchArgs;
  return { options: { ...sweepRunOptions(sweep, dir), executor: "slurm", slurm, resume: dir }, sweep };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
