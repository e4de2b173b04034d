/**
 * The Slurm options of `kazami run --executor slurm`, checked before anything is submitted:
 * `--partition P`, `--gpus-per-task N`, `--time HH:MM:SS` (also D-HH:MM:SS or MM:SS, as sbatch
 * reads it) and `--sbatch-arg ARG` (repeatable; each becomes one `#SBATCH ARG` line of the script).
 */

/** A bad command line; the message is one line (the command exits with code 2). */
export class SlurmUsageError extends Error {
  override name = "UsageError";
}

/** How `kazami run` executes the notebooks: in kernels on this machine, or as a Slurm job array. */
export type Executor = "local" | "slurm";

export const EXECUTORS: readonly Executor[] = ["local", "slurm"];

/** What the sbatch script asks Slurm for, beyond one task per notebook × seed. */
export interface SlurmOptions {
  /** `#SBATCH --partition`; the cluster's default partition when absent. */
  partition?: string;
  /** `#SBATCH --gpus-per-task` (with `--ntasks=1`); no GPUs when absent. */
  gpusPerTask?: number;
  /** `#SBATCH --time`, the wall-time limit of each task, as given; the partition's default when absent. */
  time?: string;
  /** Extra `#SBATCH` lines, verbatim, in command-line order (e.g. `--mem=16G`, `--account=abc`). */
  sbatchArgs: string[];
  /** At most this many tasks running at once (`--array=…%N`, from `--jobs N`); no cap when absent. */
  maxRunning?: number;
}

/** The raw Slurm flag values of a command line (all optional). */
export interface SlurmFlags {
  executor?: string;
  partition?: string;
  "gpus-per-task"?: string;
  time?: string;
  "sbatch-arg"?: string[];
}

/** Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S (sbatch --time). */
const TIME = /^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$/;

/** Flags that only mean something for the Slurm executor, as given. */
export function slurmOnlyFlags(f: SlurmFlags): string[] {
  const given: string[] = [];
  if (f.partition !== undefined) given.push("--partition");
  if (f["gpus-per-task"] !== undefined) given.push("--gpus-per-task");
  if (f.time !== undefined) given.push("--time");
  if ((f["sbatch-arg"] ?? []).length > 0) given.push("--sbatch-arg");
  return given;
}

/** Checks `--executor`; "local" when absent. */
export function parseExecutor(text: string | undefined): Executor {
  if (text === undefined) return "local";
  if (!(EXECUTORS as readonly string[]).includes(text)) throw new SlurmUsageError(`--executor expects one of ${EXECUTORS.join(", ")}, got "${text}"`);
  return text as Executor;
}

/**
 * Checks the Slurm flags; `maxRunning` is `--jobs` when it was given. Throws SlurmUsageError for an empty or odd partition name, a GPU count
 * that is not a positive integer, a time Slurm would not read, or an --sbatch-arg that is not one
 * option (it must start with "-" and hold no line break, and --array/--output/--error are the
 * runner's own).
 */
export function parseSlurmOptions(f: SlurmFlags, maxRunning?: number): SlurmOptions {
  const opts: SlurmOptions = { sbatchArgs: [], ...(maxRunning === undefined ? {} : { maxRunning }) };
  if (f.partition !== undefined) {
    if (!/^[A-Za-z0-9_.,-]+$/.test(f.partition)) throw new SlurmUsageError(`--partition expects a partition name (letters, digits, _ . , -), got "${f.partition}"`);
    opts.partition = f.partition;
  }
  if (f["gpus-per-task"] !== undefined) {
    const g = f["gpus-per-task"];
    if (!/^\d+$/.test(g) || Number(g) < 1) throw new SlurmUsageError(`--gpus-per-task expects a positive integer, got "${g}"`);
    opts.gpusPerTask = Number(g);
  }
  if (f.time !== undefined) {
    if (!TIME.test(f.time)) throw new SlurmUsageError(`--time expects a Slurm time limit such as HH:MM:SS, D-HH:MM:SS or minutes, got "${f.time}"`);
    opts.time = f.time;
  }
  for (const arg of f["sbatch-arg"] ?? []) {
    if (!arg.startsWith("-") || /[\r\n]/.test(arg)) {
      throw new SlurmUsageError(`--sbatch-arg expects one sbatch option starting with "-" on one line (e.g. --sbatch-arg=--mem=16G), got ${JSON.stringify(arg)}`);
    }
    const name = /^(--?[A-Za-z-]+)/.exec(arg)?.[1];
    if (name !== undefined && ["--array", "-a", "--output", "-o", "--error", "-e"].includes(name)) {
      throw new SlurmUsageError(`--sbatch-arg ${arg}: ${name} is set by kazami run (one task per notebook × seed, logs under <out>/slurm/logs)`);
    }
    opts.sbatchArgs.push(arg);
  }
  return opts;
}
