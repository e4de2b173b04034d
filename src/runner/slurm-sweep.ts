/**
 * `<out>/slurm/sweep.json`: a Slurm sweep as submitted — the run's options (enough to rebuild the
 * same notebook × seed jobs in a task or on `--resume`), the Slurm options, the tasks (index, run
 * name, key) and every submission (array job id and the task indices it ran). The layout of
 * `<out>/slurm/`:
 *
 *   sweep.json      this file
 *   sweep.sbatch    the job-array script
 *   logs/<array job id>_<index>.log   each task's stdout and stderr
 *   tasks/<index>.json                each task's record (records.ts)
 */
import * as path from "node:path";
import { writeFileAtomic } from "../core/atomic-write";
import { RunOptions } from "./args";
import { RunFile, readRunFile, recordedRunOptions } from "./run-file";
import { SlurmOptions } from "./slurm-args";

export interface Submission {
  arrayJobId: string;
  indices: number[];
  /** ISO 8601. */
  submitted: string;
}

/** A run file (run-file.ts) with what Slurm was asked for and every submission. */
export interface SweepFile extends RunFile {
  slurm: SlurmOptions;
  submissions: Submission[];
}

/** The folder of a sweep's script, logs and records inside an output folder. */
export const slurmDir = (outDir: string): string => path.join(path.resolve(outDir), "slurm");
export const sweepFile = (outDir: string): string => path.join(slurmDir(outDir), "sweep.json");

/** Reads a sweep file; throws UsageError naming the file when it is missing or not a sweep. */
export function readSweep(file: string): SweepFile {
  return readRunFile<SweepFile>(file, `${file} not found: --resume continues a sweep run with --executor slurm into that folder`, ["slurm", "submissions"]);
}

export async function writeSweep(file: string, sweep: SweepFile): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(sweep, null, 1) + "\n");
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
  return { options: { ...recordedRunOptions(sweep, dir), executor: "slurm", slurm, resume: dir }, sweep };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
