/**
 * One task of a Slurm job array (the sbatch script of slurm-script.ts runs
 * `node dist/runner/slurm-task.js <out>/slurm/sweep.json $SLURM_ARRAY_TASK_ID`): rebuilds the
 * sweep's jobs from the sweep file exactly as `kazami run` does, runs job <index> with the Kazami
 * kernel into the sweep's output folder (the executed notebook and figures where a local run
 * writes them), then writes its record (records.ts) — also after SIGTERM (scancel, time
 * limit), with the outputs so far and status "interrupted". It does not touch the manifest: the
 * submitting `kazami run` gathers the records.
 *
 * Exit code: 0 ok, 1 failed run (cell error, failed check, …), 2 bad sweep file or index,
 * 143/130 after SIGTERM/SIGINT.
 */
import * as os from "node:os";
import * as path from "node:path";
import { STARTUP_TIMEOUT_MS, prepareJobs } from "./command";
import { liveKernels } from "./kernel-manager";
import { findKernelSpec } from "./kernelspec";
import { runNotebook } from "./run-notebook";
import { taskKey, writeTaskRecord } from "./records";
import { recordedRunOptions } from "./run-file";
import { readSweep } from "./slurm-sweep";

function log(line: string): void {
  process.stderr.write(`kazami run: ${line}\n`);
}

/** Runs task `argv[1]` of sweep file `argv[0]`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [file, indexText] = argv;
  if (file === undefined || indexText === undefined || !/^\d+$/.test(indexText)) {
    log(`usage: node slurm-task.js <out>/slurm/sweep.json <task index> (got ${JSON.stringify(argv)})`);
    return 2;
  }
  const sweep = readSweep(path.resolve(file));
  const index = Number(indexText);
  const task = sweep.tasks[index];
  if (task === undefined) {
    log(`${file} has ${sweep.tasks.length} task(s); there is no task ${index}`);
    return 2;
  }
  const outDir = path.dirname(path.dirname(path.resolve(file)));
  const opts = recordedRunOptions(sweep, outDir);
  const { jobs, problems } = await prepareJobs(opts);
  const job = jobs.find((j) => j.runName === task.runName);
  if (problems.length > 0 || job === undefined) {
    for (const p of problems) log(p);
    if (job === undefined) log(`task ${index} (${task.runName}) is not among the sweep's runs any more`);
    return 2;
  }
  const key = taskKey(job);
  if (key !== task.key) log(`[${job.runName}] the notebook or its parameters changed since the sweep was submitted; running it as it is now`);
  const spec = findKernelSpec(opts.kernelName);

  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    received ??= sig;
    log(`[${job.runName}] ${sig}: stopping the kernel and writing what ran so far`);
    controller.abort();
  };
  const onExit = (): void => {
    for (const k of liveKernels) k.killNow();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  process.on("exit", onExit);
  const slurmJob = process.env.SLURM_ARRAY_JOB_ID === undefined ? undefined : `${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID ?? index}`;
  log(`[${job.runName}] task ${index}${slurmJob === undefined ? "" : ` (Slurm job ${slurmJob})`} on ${os.hostname()}: ${job.source}${job.seed === undefined ? "" : ` seed ${job.seed}`}`);
  const entry = await runNotebook(job, {
    outDir: opts.outDir,
    spec,
    timeoutMs: opts.timeoutSeconds * 1000,
    startupTimeoutMs: STARTUP_TIMEOUT_MS,
    signal: controller.signal,
    log,
  });
  await writeTaskRecord(path.join(path.dirname(path.resolve(file)), "tasks"), opts.outDir, key, index, entry, {
    ...(slurmJob === undefined ? {} : { slurmJob }),
    host: os.hostname(),
  });
  if (received !== undefined) return received === "SIGINT" ? 130 : 143;
  return entry.status === "ok" ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      log(err instanceof Error ? err.message : String(err));
      process.exitCode = 2;
    },
  );
}
