/**
 * Task records: what one run (one notebook × seed) left behind, written by the process that ran it
 * once its outputs are on disk — `<out>/local/tasks/<index>.json` for a local `kazami run`
 * (local-run.ts), `<out>/slurm/tasks/<index>.json` for a Slurm array task (slurm-task.ts). A record
 * names the task by a key (a hash of everything that decides the run's outputs: the notebook with
 * its injected parameters, the run name and output folders), holds the run's manifest entry and the
 * sha256 of every output file (the executed notebook and each figure file).
 *
 * A task is finished when its record has the task's current key, its entry's status is "ok", and
 * every output it lists is present with the recorded hash ({@link finishedTask}). That is what
 * `--resume` keeps, for either executor; every other task (failed, killed before writing a record,
 * changed notebook, outputs deleted or overwritten) runs again.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../core/atomic-write";
import { readJsonIfPresent } from "./json-file";
import { NotebookEntry } from "./manifest";
import { joinSource } from "./notebook";
import { NotebookJob } from "./run-notebook";

/** One output file of a run, relative to the output folder, with its sha256 (hex). */
export interface OutputHash {
  path: string;
  sha256: string;
}

/** Where a task ran (for the report); absent fields were not known. */
export interface TaskPlace {
  /** Slurm's `<array job id>_<task index>`. */
  slurmJob?: string;
  host?: string;
}

export interface TaskRecord {
  format: 1;
  /** {@link taskKey} of the job this record is of. */
  key: string;
  /** The task's index in the sweep. */
  index: number;
  runName: string;
  place: TaskPlace;
  /** ISO 8601 time the record was written. */
  finished: string;
  entry: NotebookEntry;
  outputs: OutputHash[];
}

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The identity of a job's outputs: sha256 of its run name, figure folder, effective parameters and
 * the kind and source of every cell of the parameter-injected notebook (not cell ids, which the
 * injected cell draws anew each time), so editing a cell or changing a parameter changes it.
 * Take it before running the job: running fills `job.notebook` with outputs.
 */
export function taskKey(job: NotebookJob): string {
  const cells = job.notebook.cells.map((c) => [c.cell_type, joinSource(c.source)]);
  return sha256(JSON.stringify({ runName: job.runName, figureDir: job.figureDir, parameters: job.parameters, cells }));
}

/** The record file of task `index` under `recordDir`. */
export function recordFile(recordDir: string, index: number): string {
  return path.join(recordDir, `${index}.json`);
}

/** The outputs an entry names: its executed notebook and every figure file, with their hashes now. */
export async function hashOutputs(outDir: string, entry: NotebookEntry): Promise<OutputHash[]> {
  const hashes: OutputHash[] = [{ path: entry.executed, sha256: sha256(await fs.promises.readFile(path.join(outDir, entry.executed))) }];
  for (const f of entry.figures) for (const file of f.files) hashes.push({ path: file.path, sha256: file.sha256 });
  return hashes;
}

/** Writes the record of task `index` (of key `key`) once its outputs are written (atomically). */
export async function writeTaskRecord(recordDir: string, outDir: string, key: string, index: number, entry: NotebookEntry, place: TaskPlace): Promise<TaskRecord> {
  const record: TaskRecord = {
    format: 1,
    key,
    index,
    runName: path.basename(entry.executed, ".ipynb"),
    place,
    finished: new Date().toISOString(),
    entry,
    outputs: await hashOutputs(outDir, entry),
  };
  await writeFileAtomic(recordFile(recordDir, index), JSON.stringify(record, null, 1) + "\n");
  return record;
}

/** Reads task `index`'s record; undefined when there is none or it is not a record (then `why` says so). */
export async function readTaskRecord(recordDir: string, index: number, why?: (problem: string) => void): Promise<TaskRecord | undefined> {
  const isRecord = (r: unknown): r is TaskRecord => {
    const t = r as TaskRecord | null;
    return t?.format === 1 && typeof t.key === "string" && typeof t.entry === "object" && Array.isArray(t.outputs);
  };
  return readJsonIfPresent(recordFile(recordDir, index), isRecord, "is not a task record", (problem) => why?.(problem));
}

/**
 * Whether `record` shows the task of key `key` finished: same key, status "ok", every output present with its
 * recorded hash. Returns true, or the reason it is not (one line).
 */
export async function finishedTask(outDir: string, key: string, record: TaskRecord | undefined): Promise<true | string> {
  if (record === undefined) return "no record";
  if (record.key !== key) return "the notebook or its parameters changed since it ran";
  if (record.entry.status !== "ok") return `it ended ${record.entry.status}`;
  for (const o of record.outputs) {
    let data: Buffer;
    try {
      data = await fs.promises.readFile(path.join(outDir, o.path));
    } catch {
      return `output ${o.path} is missing`;
    }
    if (sha256(data) !== o.sha256) return `output ${o.path} changed since it was written`;
  }
  return true;
}
