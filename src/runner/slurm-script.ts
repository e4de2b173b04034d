/**
 * The sbatch script of a sweep: one job array, task i running task i of the sweep file
 * (`node dist/runner/slurm-task.js <sweep.json> $SLURM_ARRAY_TASK_ID`), its log in
 * `<out>/slurm/logs/<array job id>_<i>.log`. The script lists the tasks in comments, so it can be
 * read (and submitted by hand) without kazami.
 */
import { SlurmOptions } from "./slurm-args";

export interface ScriptTask {
  index: number;
  source: string;
  seed?: number;
  runName: string;
}

export interface ScriptInput {
  /** `#SBATCH --job-name`. */
  jobName: string;
  /** Tasks of the sweep, by index 0…n−1. */
  tasks: ScriptTask[];
  /** At most this many tasks at once (`--array=…%N`). */
  throttle?: number;
  slurm: SlurmOptions;
  /** Absolute folder of the task logs. */
  logDir: string;
  /** Absolute folder the tasks start in (where relative notebook paths resolve). */
  cwd: string;
  /** Absolute path of the node executable. */
  node: string;
  /** Absolute path of the compiled slurm-task.js. */
  taskEntry: string;
  /** Absolute path of the sweep file. */
  sweepFile: string;
}

/** Quotes a word for bash (single quotes; embedded ones closed and escaped). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The script's text. */
export function renderSbatchScript(input: ScriptInput): string {
  const n = input.tasks.length;
  const s = input.slurm;
  const directives = [
    `--job-name=${input.jobName}`,
    `--array=0-${n - 1}${input.throttle === undefined ? "" : `%${input.throttle}`}`,
    `--output=${input.logDir}/%A_%a.log`,
    "--ntasks=1",
    ...(s.partition === undefined ? [] : [`--partition=${s.partition}`]),
    ...(s.gpusPerTask === undefined ? [] : [`--gpus-per-task=${s.gpusPerTask}`]),
    ...(s.time === undefined ? [] : [`--time=${s.time}`]),
    ...s.sbatchArgs,
  ];
  const listing = input.tasks.map((t) => `#   task ${t.index}: ${t.source}${t.seed === undefined ? "" : ` seed ${t.seed}`} → ${t.runName}`);
  return [
    "#!/bin/bash",
    ...directives.map((d) => `#SBATCH ${d}`),
    "#",
    `# Written by kazami run --executor slurm: ${n} task(s), one per notebook × seed. Task i runs`,
    `# task i of ${input.sweepFile} with the Kazami kernel and writes its executed notebook and`,
    "# figures where a local run would, and its record to tasks/<i>.json beside the sweep file;",
    "# kazami run gathers the records into manifest.json and index.html.",
    ...listing,
    "set -euo pipefail",
    `cd ${shellQuote(input.cwd)}`,
    `exec ${shellQuote(input.node)} ${shellQuote(input.taskEntry)} ${shellQuote(input.sweepFile)} "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}
