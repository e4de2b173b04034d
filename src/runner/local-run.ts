/**
 * What a local `kazami run` keeps so that a run killed mid-suite can be resumed. Layout of
 * `<out>/local/`:
 *
 *   run.json            the run file (run-file.ts): options, folder, tasks with their keys;
 *                       written before the first notebook starts
 *   tasks/<index>.json  each notebook × seed's record (records.ts), written atomically as soon as
 *                       its executed notebook and figures are on disk, whatever its status
 *
 * `kazami run --resume DIR` rebuilds the jobs from run.json, keeps each task whose record shows it
 * finished (same key — notebook cells, parameters, seed, scale, output names —, status ok, every
 * output present with its recorded hash) and runs only the others, saying why each runs again.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic } from "../core/atomic-write";
import { RunOptions, UsageError } from "./args";
import { NotebookEntry } from "./manifest";
import { finishedTask, readTaskRecord, recordFile, taskKey, writeTaskRecord } from "./records";
import { RunFile, readRunFile, recordedRunOptions, runSpec, runTasks } from "./run-file";
import { NotebookJob } from "./run-notebook";
import { version } from "../version";

export const localDir = (outDir: string): string => path.join(path.resolve(outDir), "local");
export const localRunFile = (outDir: string): string => path.join(localDir(outDir), "run.json");
const recordDir = (outDir: string): string => path.join(localDir(outDir), "tasks");

/** Reads `<dir>/local/run.json`; throws UsageError when there is none or it is not a run file. */
export function readLocalRun(dir: string): RunFile {
  return readRunFile<RunFile>(localRunFile(dir), `${localRunFile(dir)} not found: --resume continues a kazami run into that folder`);
}

/**
 * `kazami run --resume DIR` of a local run → the options of that run (notebooks, parameters,
 * seeds, timeout, kernel from run.json), `--jobs` as given now, `resume` set. Throws UsageError
 * when DIR holds no local run, or for Slurm options (they mean nothing to a local run).
 */
export function localResumeOptions(opts: RunOptions): RunOptions {
  const dir = opts.resume as string;
  const s = opts.slurm;
  const slurmFlags = s === undefined ? [] : [s.partition && "--partition", s.gpusPerTask && "--gpus-per-task", s.time && "--time", s.sbatchArgs.length > 0 && "--sbatch-arg"].filter(Boolean);
  if (slurmFlags.length > 0) throw new UsageError(`${localRunFile(dir)} is a local run; ${slurmFlags.join(", ")} apply only to an --executor slurm sweep`);
  return { ...recordedRunOptions(readLocalRun(dir), dir), jobs: opts.jobs, resume: dir };
}

/** A local run's tasks: which were kept from before, which run now, and how to record them. */
export interface LocalRun {
  /** Entries of tasks kept from before (resume), by task index. */
  kept: Map<number, NotebookEntry>;
  /** Indices of the tasks to run, in order. */
  toRun: number[];
  /** Writes task `index`'s record once its outputs are written. */
  finish(index: number, entry: NotebookEntry): Promise<void>;
}

/**
 * Starts the local run of `jobs` (from prepareJobs, before any of them ran: the keys are taken
 * from the notebooks as they are now) into `opts.outDir`: writes run.json and, with `opts.resume`,
 * keeps the finished tasks and logs why each other one runs again. Records of the tasks that run
 * are removed first, so a record always describes the latest run of its task.
 */
export async function startLocalRun(opts: RunOptions, jobs: NotebookJob[], log: (line: string) => void): Promise<LocalRun> {
  const outDir = path.resolve(opts.outDir);
  const records = recordDir(outDir);
  const keys = jobs.map(taskKey);
  const previous = opts.resume === undefined ? undefined : readLocalRun(outDir);
  const kept = new Map<number, NotebookEntry>();
  const toRun: number[] = [];
  for (let i = 0; i < jobs.length; i++) {
    if (previous === undefined) {
      toRun.push(i);
      continue;
    }
    const record = await readTaskRecord(records, i, log);
    const finished = await finishedTask(outDir, keys[i], record);
    if (finished === true && record !== undefined) kept.set(i, record.entry);
    else {
      const job = jobs[i];
      log(`${job.runName === job.name ? job.source : `${job.source} (seed ${job.seed})`}: runs again (${finished})`);
      toRun.push(i);
    }
  }
  await fs.promises.mkdir(records, { recursive: true });
  for (const i of toRun) await fs.promises.rm(recordFile(records, i), { force: true });
  const file: RunFile = {
    format: 1,
    kazami: version,
    created: previous?.created ?? new Date().toISOString(),
    cwd: previous?.cwd ?? path.resolve(process.cwd()),
    run: previous?.run ?? runSpec(opts),
    tasks: runTasks(jobs, keys),
  };
  await writeFileAtomic(localRunFile(outDir), JSON.stringify(file, null, 1) + "\n");
  return {
    kept,
    toRun,
    finish: async (index, entry) => {
      await writeTaskRecord(records, outDir, keys[index], index, entry, { host: os.hostname() });
    },
  };
}
