/**
 * Talking to Slurm through its own commands: `sbatch --parsable` to submit, `squeue -r` for the
 * tasks still queued or running, `scontrol show job -o` for a finished task's state and exit code
 * (it keeps finished jobs for MinJobAge, 300 s by default; `sacct` needs accounting, which many
 * clusters and our test set-up do not have). The parsers are separate from the calls, for tests.
 */
import { spawn } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Slurm command (no shell). Throws a one-line error naming the command when it cannot be
 * started (e.g. not installed); a non-zero exit is returned, not thrown.
 */
export function slurmCommand(command: string, args: string[], opts: { cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err: NodeJS.ErrnoException) => {
      const why = err.code === "ENOENT" ? "not found on PATH (is this a Slurm login node? the Slurm client commands are needed)" : err.message;
      reject(new Error(`${command}: ${why}`));
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The job id `sbatch --parsable` printed ("12" or "12;cluster"). Throws if there is none. */
export function parseSbatchJobId(stdout: string): string {
  const m = /^(\d+)(;\S+)?\s*$/.exec(stdout.trim());
  if (m === null) throw new Error(`sbatch --parsable printed ${JSON.stringify(stdout.trim())}, expected a job id`);
  return m[1];
}

/** Task indices of an array range text "3", "1-4", "1,3,5-6", "0-9%2" (the %throttle ignored). */
export function parseIndexRange(text: string): number[] {
  const out: number[] = [];
  for (const part of text.replace(/%\d+$/, "").split(",")) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part);
    if (m === null) continue;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    const step = m[3] === undefined ? 1 : Number(m[3]);
    for (let i = lo; i <= hi; i += step) out.push(i);
  }
  return out;
}

/** One array task as Slurm names it: `<array job id>_<index>`. */
export const taskId = (arrayJobId: string, index: number): string => `${arrayJobId}_${index}`;

/**
 * `squeue -h -r -o %i|%T` output → state by task id ("12_3" → "RUNNING"). Pending tasks that
 * squeue still prints folded ("12_[4-7%2]") are unfolded.
 */
export function parseSqueue(stdout: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const m = /^\s*(\d+)_(\[[^\]]*\]|\d+)\|(\S+)\s*$/.exec(line);
    if (m === null) continue;
    const indices = m[2].startsWith("[") ? parseIndexRange(m[2].slice(1, -1)) : [Number(m[2])];
    for (const i of indices) states.set(taskId(m[1], i), m[3]);
  }
  return states;
}

/** A task's final state from `scontrol show job -o`. */
export interface TaskState {
  /** COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY, PREEMPTED, … */
  state: string;
  /** Slurm's "exit:signal", e.g. "0:0", "1:0", "0:15". */
  exitCode: string;
  nodeList?: string;
  runTime?: string;
}

/** Parses one-line (`-o`) `scontrol show job` records; keyed by task id (array tasks only). */
export function parseScontrol(stdout: string): Map<string, TaskState> {
  const out = new Map<string, TaskState>();
  for (const line of stdout.split("\n")) {
    const field = (k: string): string | undefined => new RegExp(`(?:^|\\s)${k}=(\\S+)`).exec(line)?.[1];
    const array = field("ArrayJobId");
    const task = field("ArrayTaskId");
    const state = field("JobState");
    if (array === undefined || task === undefined || state === undefined || !/^\d+$/.test(task)) continue;
    const s: TaskState = { state, exitCode: field("ExitCode") ?? "?" };
    const node = field("NodeList");
    if (node !== undefined && node !== "(null)") s.nodeList = node;
    const runTime = field("RunTime");
    if (runTime !== undefined) s.runTime = runTime;
    out.set(taskId(array, Number(task)), s);
  }
  return out;
}

/**
 * States of the queued or running tasks of `arrayJobIds` (a task absent from the map has left the
 * queue). Returns an error message instead when squeue fails for another reason than the jobs being
 * gone (then nothing can be concluded this time).
 */
export async function queuedTasks(arrayJobIds: string[]): Promise<Map<string, string> | string> {
  if (arrayJobIds.length === 0) return new Map();
  const r = await slurmCommand("squeue", ["-h", "-r", "-j", arrayJobIds.join(","), "-o", "%i|%T"]);
  if (r.code === 0) return parseSqueue(r.stdout);
  if (/Invalid job id/i.test(r.stderr)) {
    // One of several ids purged makes the whole call fail on some versions: ask one at a time.
    if (arrayJobIds.length === 1) return new Map();
    const all = new Map<string, string>();
    for (const id of arrayJobIds) {
      const one = await queuedTasks([id]);
      if (typeof one === "string") return one;
      for (const [k, v] of one) all.set(k, v);
    }
    return all;
  }
  return `squeue failed (exit ${r.code}): ${r.stderr.trim().split("\n")[0] ?? ""}`;
}

/** A finished task's state, or undefined when Slurm no longer knows it (purged) or scontrol fails. */
export async function finishedTaskState(arrayJobId: string, index: number): Promise<TaskState | undefined> {
  const id = taskId(arrayJobId, index);
  const r = await slurmCommand("scontrol", ["show", "job", "-o", id]);
  return r.code === 0 ? parseScontrol(r.stdout).get(id) : undefined;
}

/** Submits `script` for the task indices `array` (sbatch's --array syntax); returns the array job id. */
export async function submitArray(script: string, array: string, cwd: string): Promise<string> {
  const r = await slurmCommand("sbatch", ["--parsable", `--array=${array}`, script], { cwd });
  if (r.code !== 0) throw new Error(`sbatch ${script} failed (exit ${r.code}): ${r.stderr.trim().replace(/\s*\n\s*/g, "; ")}`);
  return parseSbatchJobId(r.stdout);
}

/** sbatch's --array text for sorted indices: runs folded ("0-3,7,9-10"), with an optional %throttle. */
export function arraySpec(indices: number[], throttle?: number): string {
  const sorted = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",") + (throttle === undefined ? "" : `%${throttle}`);
}
