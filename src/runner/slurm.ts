/**
 * `kazami run --executor slurm`: the same notebook × seed jobs as a local run, as one Slurm job
 * array. Writes `<out>/slurm/sweep.json` and the script `<out>/slurm/sweep.sbatch`, submits it with
 * `sbatch`, follows the tasks with `squeue` (and `scontrol show job` for how each one ended) with a
 * progress line, and gathers each finished task's record into `<out>/manifest.json` and
 * `<out>/index.html` as it comes in — the same entries, executed notebooks and figure files a local
 * run writes. A failed task is reported with its notebook, seed, Slurm job id and the tail of its
 * log; the other tasks keep going.
 *
 * `--resume DIR` keeps the finished tasks (records.ts: record with the same key, status ok,
 * outputs present with their hashes), follows tasks of earlier submissions still queued or running,
 * and submits only the rest again.
 *
 * `<out>` must be on a folder the compute nodes share with this one (the tasks write there), and
 * the kernelspec and node must be reachable from the nodes under the same paths.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../core/atomic-write";
import { RunOptions } from "./args";
import { runnableCells } from "./execute";
import { renderGallery } from "./gallery";
import { NotebookEntry, RunStatus, mergeManifest, readManifest, writeManifest } from "./manifest";
import { NotebookJob, describeFailedCheck } from "./run-notebook";
import { TaskState, arraySpec, finishedTaskState, queuedTasks, submitArray, taskId } from "./slurm-queue";
import { finishedTask, readTaskRecord, recordFile, taskKey, TaskRecord } from "./records";
import { runTasks } from "./run-file";
import { renderSbatchScript } from "./slurm-script";
import { SweepFile, readSweep, slurmDir, sweepFile, writeSweep } from "./slurm-sweep";
import { version } from "../version";

/** How often the queue is asked, and how often a progress line is printed with nothing new. */
const POLL_MS = 2000;
const QUIET_PROGRESS_MS = 60_000;
/** How long a task that left the queue may take to show its record (a shared folder's caching). */
const RECORD_GRACE_MS = 15_000;
/** Log lines shown for a failed task. */
const TAIL_LINES = 12;

export interface SlurmRunOptions {
  log: (line: string) => void;
  signal: AbortSignal;
  /** Queue poll interval (ms); default 2000. */
  pollMs?: number;
}

/** One task: its job and, once known, how it ended. */
interface Task {
  index: number;
  job: NotebookJob;
  key: string;
  /** The array job it is (or was last) in. */
  arrayJobId?: string;
  /** Last queue state seen (PENDING, RUNNING, …). */
  queueState?: string;
  /** When it left the queue without a record yet (ms). */
  leftQueueAt?: number;
  /** Set once it is over: kept from before, or gathered now. */
  done?: { entry: NotebookEntry; kept: boolean; slurm?: TaskState };
}

const where = (job: NotebookJob): string => (job.runName === job.name ? job.source : `${job.source} (seed ${job.seed})`);

/** The last `n` lines of a task's log, or why there are none. */
export function logTail(file: string, n = TAIL_LINES): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [`(no log at ${file})`];
  }
  const lines = text.trimEnd().split("\n");
  return lines.length === 1 && lines[0] === "" ? ["(the log is empty)"] : lines.slice(-n);
}

/** The entry of a task that left the queue without writing its record (killed, or never started). */
export function missingRecordEntry(job: NotebookJob, slurmJob: string, state: TaskState | undefined, logFile: string, submitted: string): NotebookEntry {
  const ended = state === undefined ? "left the queue (Slurm no longer knows how it ended)" : `ended ${state.state} (exit code ${state.exitCode})`;
  const status: RunStatus = fs.existsSync(logFile) ? "interrupted" : "not-started";
  return {
    notebook: job.name,
    ...(job.seed === undefined ? {} : { seed: job.seed }),
    source: job.source,
    executed: `notebooks/${job.runName}.ipynb`,
    status,
    failure: { cell: null, reason: `Slurm task ${slurmJob} ${ended} without writing its record` },
    started: submitted,
    durationSeconds: 0,
    cells: { total: runnableCells(job.notebook).length, run: 0 },
    parameters: job.parameters,
    checks: [],
    figures: [],
    provenance: [],
  };
}

function failureReason(e: NotebookEntry): string {
  if (e.status === "check-failed") return e.checks.filter((c) => !c.passed).map(describeFailedCheck).join("; ");
  const at = e.failure?.cell === null || e.failure === undefined ? "" : `cell ${e.failure.cell}: `;
  return `${at}${e.failure?.reason ?? e.status}`;
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, "0");
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * Runs `jobs` (from prepareJobs, in sweep order) as a Slurm job array per `opts` (executor slurm;
 * `opts.resume` set to continue the sweep in that folder). Returns the exit code: 0 when every task
 * ran every cell and passed every check, 1 otherwise (or when sbatch fails), 130/143 after
 * SIGINT/SIGTERM (the submitted tasks keep running; --resume picks them up).
 */
export async function runSlurmSweep(opts: RunOptions, jobs: NotebookJob[], run: SlurmRunOptions): Promise<number> {
  const { log } = run;
  const outDir = path.resolve(opts.outDir);
  const dir = slurmDir(outDir);
  const recordDir = path.join(dir, "tasks");
  const logDir = path.join(dir, "logs");
  const scriptFile = path.join(dir, "sweep.sbatch");
  const slurm = opts.slurm ?? { sbatchArgs: [] };
  await fs.promises.mkdir(recordDir, { recursive: true });
  await fs.promises.mkdir(logDir, { recursive: true });

  // The compiled task entry (this module may run from src/ under a test runner).
  const taskEntry = path.resolve(__dirname, "../../dist/runner/slurm-task.js");
  if (!fs.existsSync(taskEntry)) {
    log(`${taskEntry} not found: the tasks run the compiled runner; build it first (npm run build)`);
    return 2;
  }
  const tasks: Task[] = jobs.map((job, index) => ({ index, job, key: taskKey(job) }));
  const previous: SweepFile | undefined = opts.resume === undefined ? undefined : readSweep(sweepFile(outDir));
  if (previous === undefined && fs.existsSync(sweepFile(outDir))) {
    // A new sweep into the folder of one whose tasks still run would mix their records.
    const earlier = readSweep(sweepFile(outDir));
    const queued = await queuedTasks([...new Set(earlier.submissions.map((s) => s.arrayJobId))]);
    const ids = typeof queued === "string" ? [] : [...new Set([...queued.keys()].map((id) => id.split("_")[0]))];
    if (ids.length > 0) {
      log(`array job ${ids.join(", ")} of an earlier sweep into ${outDir} is still queued or running; ` +
        `follow it with kazami run --resume ${opts.outDir}, stop it with scancel ${ids.join(" ")}, or choose another --out`);
      return 2;
    }
  }
  if (previous !== undefined && previous.tasks.length !== tasks.length) {
    log(`${sweepFile(outDir)} lists ${previous.tasks.length} task(s) but its options now make ${tasks.length}; running them all again`);
  }
  const sameSweep = previous !== undefined && previous.tasks.length === tasks.length && previous.tasks.every((t, i) => t.runName === tasks[i].job.runName);

  // Which tasks need a run: on --resume, those neither finished nor still queued from before.
  const toSubmit: Task[] = [];
  if (sameSweep) {
    const arrays = [...new Set(previous.submissions.map((s) => s.arrayJobId))];
    const queued = await queuedTasks(arrays);
    if (typeof queued === "string") throw new Error(`cannot tell which tasks are still queued: ${queued}`);
    for (const t of tasks) {
      const inFlight = [...previous.submissions].reverse().find((s) => s.indices.includes(t.index) && queued.has(taskId(s.arrayJobId, t.index)));
      if (inFlight !== undefined) {
        t.arrayJobId = inFlight.arrayJobId;
        continue;
      }
      const record = await readTaskRecord(recordDir, t.index, log);
      const finished = await finishedTask(outDir, t.key, record);
      if (finished === true) t.done = { entry: (record as TaskRecord).entry, kept: true };
      else {
        log(`${where(t.job)}: runs again (${finished})`);
        toSubmit.push(t);
      }
    }
  } else {
    toSubmit.push(...tasks);
  }
  for (const t of toSubmit) await fs.promises.rm(recordFile(recordDir, t.index), { force: true });

  const sweep: SweepFile = {
    format: 1,
    kazami: version,
    created: previous?.created ?? new Date().toISOString(),
    cwd: previous?.cwd ?? path.resolve(process.cwd()),
    run: {
      notebooks: previous?.run.notebooks ?? opts.notebooks,
      parameters: opts.parameters,
      ...(opts.seeds === undefined ? {} : { seeds: opts.seeds }),
      timeoutSeconds: opts.timeoutSeconds,
      kernelName: opts.kernelName,
    },
    slurm,
    tasks: runTasks(jobs, tasks.map((t) => t.key)),
    submissions: sameSweep ? previous.submissions : [],
  };
  await fs.promises.writeFile(
    scriptFile,
    renderSbatchScript({
      jobName: `kazami-${path.basename(outDir)}`.replace(/[^A-Za-z0-9_.-]/g, "_"),
      tasks: sweep.tasks,
      ...(slurm.maxRunning === undefined ? {} : { throttle: slurm.maxRunning }),
      slurm,
      logDir,
      cwd: sweep.cwd,
      node: process.execPath,
      taskEntry,
      sweepFile: sweepFile(outDir),
    }),
    { mode: 0o755 },
  );
  await writeSweep(sweepFile(outDir), sweep);

  // The manifest: every entry this sweep writes, gathered as the tasks end.
  const manifestFile = path.join(outDir, "manifest.json");
  const galleryFile = path.join(outDir, "index.html");
  const runKeys: Record<string, string[]> = {};
  for (const j of jobs) (runKeys[j.name] ??= []).push(j.runName);
  const gather = async (done: Task[]): Promise<void> => {
    if (done.length === 0) return;
    const entries: Record<string, NotebookEntry> = {};
    for (const t of done) entries[t.job.runName] = (t.done as { entry: NotebookEntry }).entry;
    const merged = mergeManifest(await readManifest(manifestFile, (problem) => log(`${problem}; starting a new manifest`)), entries, version, runKeys);
    await writeManifest(manifestFile, merged);
    await writeFileAtomic(galleryFile, renderGallery(merged));
  };
  const kept = tasks.filter((t) => t.done !== undefined);
  await gather(kept);

  const inFlight = tasks.filter((t) => t.done === undefined && t.arrayJobId !== undefined);
  const what = opts.seeds === undefined ? `${jobs.length} notebook(s)` : `${new Set(jobs.map((j) => j.name)).size} notebook(s) × ${opts.seeds.length} seed(s) = ${jobs.length} task(s)`;
  log(`${what} as a Slurm job array; script ${scriptFile}, logs ${logDir}, output ${outDir}`);
  if (opts.resume !== undefined) log(`resume: ${kept.length} finished task(s) kept, ${inFlight.length} still queued from before, ${toSubmit.length} to submit`);
  if (toSubmit.length > 0) {
    const array = arraySpec(toSubmit.map((t) => t.index), slurm.maxRunning);
    const arrayJobId = await submitArray(scriptFile, array, sweep.cwd).catch((err: Error) => err);
    if (arrayJobId instanceof Error) {
      log(arrayJobId.message);
      return 1;
    }
    for (const t of toSubmit) t.arrayJobId = arrayJobId;
    sweep.submissions.push({ arrayJobId, indices: toSubmit.map((t) => t.index), submitted: new Date().toISOString() });
    await writeSweep(sweepFile(outDir), sweep);
    const asks = [slurm.partition && `partition ${slurm.partition}`, slurm.gpusPerTask && `${slurm.gpusPerTask} GPU(s) per task`, slurm.time && `time ${slurm.time}`].filter(Boolean);
    log(`submitted array job ${arrayJobId} (--array=${array}${asks.length > 0 ? `, ${asks.join(", ")}` : ""})`);
  }

  const submittedAt = new Map(sweep.submissions.map((s) => [s.arrayJobId, s.submitted]));
  const logFile = (t: Task): string => path.join(logDir, `${t.arrayJobId}_${t.index}.log`);
  const failures: Task[] = [];
  const started = Date.now();
  let lastLine = "";
  let lastPrinted = 0;
  const pollMs = run.pollMs ?? POLL_MS;
  let active = tasks.filter((t) => t.done === undefined);
  let warned = false;
  while (active.length > 0 && !run.signal.aborted) {
    const queued = await queuedTasks([...new Set(active.map((t) => t.arrayJobId as string))]);
    if (typeof queued === "string") {
      if (!warned) log(`${queued}; retrying`);
      warned = true;
    } else {
      warned = false;
      const ended: Task[] = [];
      for (const t of active) {
        const id = taskId(t.arrayJobId as string, t.index);
        const state = queued.get(id);
        if (state !== undefined) {
          t.queueState = state;
          continue;
        }
        const record = await readTaskRecord(recordDir, t.index, log);
        const st = await finishedTaskState(t.arrayJobId as string, t.index);
        if (record === undefined) {
          // A task that completed writes its record first, but a shared folder may show it late;
          // one that was killed (or never ran) has none to wait for.
          t.leftQueueAt ??= Date.now();
          if ((st === undefined || st.state === "COMPLETED") && Date.now() - t.leftQueueAt < RECORD_GRACE_MS) continue;
        }
        const entry = record?.entry ?? missingRecordEntry(t.job, id, st, logFile(t), submittedAt.get(t.arrayJobId as string) ?? new Date().toISOString());
        t.done = { entry, kept: false, ...(st === undefined ? {} : { slurm: st }) };
        ended.push(t);
        if (entry.status !== "ok") {
          failures.push(t);
          log(`task ${id} failed: ${where(t.job)} ${entry.status}${st === undefined ? "" : ` (Slurm ${st.state}, exit code ${st.exitCode})`}: ${failureReason(entry)}`);
        }
      }
      await gather(ended);
      active = active.filter((t) => t.done === undefined);
    }
    const count = (f: (t: Task) => boolean): number => tasks.filter(f).length;
    const ok = count((t) => t.done?.entry.status === "ok");
    const failed = count((t) => t.done !== undefined && t.done.entry.status !== "ok");
    const running = count((t) => t.done === undefined && /^(RUNNING|COMPLETING|CONFIGURING)$/.test(t.queueState ?? ""));
    const pending = active.length - running;
    const ids = [...new Set(active.map((t) => t.arrayJobId))].join(", ");
    const line = `${ok + failed}/${tasks.length} task(s) done (${ok} ok, ${failed} failed), ${running} running, ${pending} pending${ids ? ` in array job ${ids}` : ""}`;
    if (line !== lastLine || Date.now() - lastPrinted > QUIET_PROGRESS_MS) {
      log(`${line} [${clock(Date.now() - started)}]`);
      lastLine = line;
      lastPrinted = Date.now();
    }
    if (active.length > 0) await sleep(pollMs, run.signal);
  }

  if (run.signal.aborted) {
    const ids = [...new Set(active.map((t) => t.arrayJobId))].join(",");
    log(`stopped following; ${active.length} task(s) of array job ${ids} keep running in Slurm. ` +
      `kazami run --resume ${opts.outDir} follows them and gathers their outputs (scancel ${ids} stops them)`);
    return 130;
  }
  const ok = tasks.filter((t) => t.done?.entry.status === "ok").length;
  log(`${ok}/${tasks.length} task(s) ok${kept.length > 0 ? ` (${kept.length} kept from before)` : ""}; wrote ${manifestFile} and ${galleryFile}`);
  for (const t of failures) {
    const id = taskId(t.arrayJobId as string, t.index);
    const st = t.done?.slurm;
    log(`FAILED ${where(t.job)}, Slurm job ${id}${st === undefined ? "" : ` (${st.state}, exit code ${st.exitCode})`}: ${failureReason((t.done as { entry: NotebookEntry }).entry)}`);
    log(`  last lines of ${logFile(t)}:`);
    for (const l of logTail(logFile(t))) log(`  | ${l}`);
  }
  if (failures.length > 0) log(`kazami run --resume ${opts.outDir} submits the ${failures.length} failed task(s) again`);
  return failures.length > 0 ? 1 : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
