/**
 * `kazami run <notebooks...> [--scale quick|paper] [-p name=value]... [--seeds 0,1,2] [--jobs N]
 *  [--timeout s] [--out DIR]`
 *
 * 1. Checks everything before starting any kernel: options, that each notebook exists and is an
 *    nbformat 4 notebook, that every parameter is declared and of the declared type (with --seeds:
 *    that the notebook declares `seed`), that output names do not collide, that the kernelspec
 *    exists. Any problem: one line each, exit code 2.
 * 2. Runs every notebook once (with --seeds: once per seed, the seed injected as `-p seed=N`
 *    would), `--jobs` runs at a time (one kernel each), progress lines on stderr. A sweep of more
 *    than one seed names each run `<name>.seed<N>`: out/notebooks/<name>.seed<N>.ipynb and
 *    out/figures/<name>/seed<N>/; a single run keeps out/notebooks/<name>.ipynb, out/figures/<name>/.
 * 3. After each run, merges its entry into out/manifest.json (all seeds into one manifest) and
 *    rewrites out/index.html (both atomically), so an interrupted run leaves a consistent manifest.
 * 4. Exit code 0 when every notebook ran every cell and passed every check; 1 otherwise, with one
 *    line per failure naming the notebook, the cell and the reason; 130/143 after SIGINT/SIGTERM,
 *    having stopped every kernel it started.
 *
 * Each finished notebook × seed also leaves its record (local-run.ts: key, entry, output hashes) as
 * it completes, so `--resume DIR` after a run was killed keeps what finished and runs only the rest.
 * With `--executor slurm` step 2–3 run as one Slurm job array instead (slurm.ts), and
 * `--resume DIR` continues such a sweep. One runner at a time writes into a folder (run-lock.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError, USAGE, RunOptions, parseRunArgs } from "./args";
import { renderGallery } from "./gallery";
import { writeFileAtomic } from "../core/atomic-write";
import { liveKernels } from "./kernel-manager";
import { localResumeOptions, localRunFile, startLocalRun } from "./local-run";
import { lockOutput } from "./run-lock";
import { KernelSpec, findKernelSpec } from "./kernelspec";
import { NotebookEntry, mergeManifest, readManifest, writeManifest } from "./manifest";
import { Notebook, readNotebook } from "./notebook";
import { ParameterError, ParameterValue, injectParameters, notebookParameters, resolveParameters } from "./parameters";
import { NotebookJob, describeFailedCheck, runNotebook } from "./run-notebook";
import { runSlurmSweep } from "./slurm";
import { resumeOptions, sweepFile } from "./slurm-sweep";
import { version } from "../version";

const PREFIX = "kazami run:";
export const STARTUP_TIMEOUT_MS = 120_000;

function log(line: string): void {
  process.stderr.write(`${PREFIX} ${line}\n`);
}

/** The jobs of one notebook: one per seed of a sweep, else one. */
function notebookJobs(source: string, name: string, nb: Notebook, opts: RunOptions): NotebookJob[] {
  const declarations = notebookParameters(nb);
  const seeds = opts.seeds;
  if (seeds !== undefined && !declarations.some((d) => d.name === "seed")) {
    const known = declarations.length > 0 ? declarations.map((d) => d.name).join(", ") : "(none: no cell tagged parameters)";
    throw new ParameterError(`${source}: --seeds sets the parameter "seed", which this notebook does not declare; known parameters: ${known}`);
  }
  const sweep = seeds !== undefined && seeds.length > 1;
  const runs: Array<{ given: Array<[string, string]>; seedName?: number }> =
    seeds === undefined ? [{ given: opts.parameters }] : seeds.map((seed) => ({ given: [...opts.parameters, ["seed", String(seed)]], seedName: sweep ? seed : undefined }));
  return runs.map(({ given, seedName }) => {
    const values = resolveParameters(declarations, given, source);
    const parameters: Record<string, ParameterValue> = {};
    for (const d of declarations) parameters[d.name] = d.defaultValue;
    Object.assign(parameters, values);
    const seed = typeof parameters.seed === "number" ? parameters.seed : undefined;
    return {
      source,
      name,
      runName: seedName === undefined ? name : `${name}.seed${seedName}`,
      figureDir: seedName === undefined ? `figures/${name}` : `figures/${name}/seed${seedName}`,
      ...(seed === undefined ? {} : { seed }),
      notebook: injectParameters(nb, values),
      parameters,
    };
  });
}

/** Reads and checks every notebook; returns the jobs (notebook × seed), or the problems (one line each). */
export async function prepareJobs(opts: RunOptions): Promise<{ jobs: NotebookJob[]; problems: string[] }> {
  const jobs: NotebookJob[] = [];
  const problems: string[] = [];
  const byName = new Map<string, string>();
  const byRunName = new Map<string, string>();
  for (const source of opts.notebooks) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(source);
    } catch {
      problems.push(`${source}: no such notebook`);
      continue;
    }
    if (!stat.isFile()) {
      problems.push(`${source}: not a file (expected a .ipynb notebook)`);
      continue;
    }
    const name = path.basename(source).replace(/\.ipynb$/i, "");
    const clash = byName.get(name);
    if (clash !== undefined) {
      problems.push(`${source}: same output name "${name}" as ${clash}; run them into different --out folders`);
      continue;
    }
    byName.set(name, source);
    try {
      for (const job of notebookJobs(source, name, await readNotebook(source), opts)) {
        const clash = byRunName.get(job.runName);
        if (clash !== undefined) problems.push(`${source}: run "${job.runName}" has the same output name as ${clash}; run them into different --out folders`);
        byRunName.set(job.runName, source);
        jobs.push(job);
      }
    } catch (err) {
      problems.push((err as Error).message.split("\n")[0]);
    }
  }
  return { jobs, problems };
}

/** Runs `jobs` with at most `width` at once; results in job order. */
async function pool<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

/** Failure lines for the end of the run: notebook (and seed, in a sweep), cell, reason. */
function failureLines(job: NotebookJob, e: NotebookEntry): string[] {
  if (e.status === "ok") return [];
  const at = (cell: number | null): string => (cell === null ? "" : ` cell ${cell}:`);
  const where = job.runName === job.name ? e.source : `${e.source} (seed ${job.seed})`;
  if (e.status === "check-failed") return e.checks.filter((c) => !c.passed).map((c) => `${where}:${at(c.cell)} ${describeFailedCheck(c)}`);
  return [`${where}:${at(e.failure?.cell ?? null)} ${e.failure?.reason ?? e.status}`];
}

interface Ran {
  job: NotebookJob;
  entry: NotebookEntry;
  /** Kept from an earlier run by --resume (not run now). */
  kept?: boolean;
}

async function runAll(opts: RunOptions, jobs: NotebookJob[], spec: KernelSpec, signal: AbortSignal): Promise<Ran[]> {
  const manifestFile = path.join(opts.outDir, "manifest.json");
  const galleryFile = path.join(opts.outDir, "index.html");
  // Every run name this invocation writes, per notebook: older entries of these notebooks under
  // other names (another seed set, or a single run vs a sweep) leave the manifest.
  const runKeys: Record<string, string[]> = {};
  for (const j of jobs) (runKeys[j.name] ??= []).push(j.runName);
  let writing = Promise.resolve();
  const record = (entries: Record<string, NotebookEntry>): Promise<void> => {
    writing = writing.then(async () => {
      const merged = mergeManifest(await readManifest(manifestFile, (problem) => log(`${problem}; starting a new manifest`)), entries, version, runKeys);
      await writeManifest(manifestFile, merged);
      await writeFileAtomic(galleryFile, renderGallery(merged));
    });
    return writing;
  };
  const run = await startLocalRun(opts, jobs, log);
  if (opts.resume !== undefined) log(`resume: ${run.kept.size} finished run(s) kept, ${run.toRun.length} to run`);
  if (run.kept.size > 0) await record(Object.fromEntries([...run.kept].map(([i, entry]) => [jobs[i].runName, entry])));
  const entries = await pool(run.toRun, opts.jobs, async (index) => {
    const job = jobs[index];
    // After Ctrl-C, notebooks not yet started are left alone (their previous outputs stay valid).
    if (signal.aborted) return undefined;
    const entry = await runNotebook(job, {
      outDir: opts.outDir,
      spec,
      timeoutMs: opts.timeoutSeconds * 1000,
      startupTimeoutMs: STARTUP_TIMEOUT_MS,
      signal,
      log,
    });
    await run.finish(index, entry);
    await record({ [job.runName]: entry });
    return { job, entry };
  });
  const notRun = run.toRun.filter((_, i) => entries[i] === undefined).map((index) => jobs[index]).map((j) => (j.runName === j.name ? j.source : `${j.source} (seed ${j.seed})`));
  if (notRun.length > 0) log(`not run (interrupted): ${notRun.join(", ")}`);
  const kept = [...run.kept].map(([i, entry]) => ({ job: jobs[i], entry, kept: true }));
  return [...kept, ...entries.filter((e): e is Ran => e !== undefined)];
}

/**
 * `--resume DIR`: the options of the run recorded in DIR — a local run (local/run.json) or a Slurm
 * sweep (slurm/sweep.json), the more recently written if both are there.
 */
function resumeOf(parsed: RunOptions): RunOptions {
  const dir = parsed.resume as string;
  const written = (file: string): number | undefined => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : undefined);
  const local = written(localRunFile(dir));
  const slurm = written(sweepFile(dir));
  if (local === undefined && slurm === undefined) {
    throw new UsageError(`${dir} holds no run to resume: neither ${localRunFile(dir)} (written by kazami run) nor ${sweepFile(dir)} (by kazami run --executor slurm) exists`);
  }
  return slurm !== undefined && (local === undefined || slurm > local) ? resumeOptions(parsed).options : localResumeOptions(parsed);
}

/** Installs SIGINT/SIGTERM handlers that abort the run; returns their removal and the signal seen. */
function trapSignals(controller: AbortController): { received: () => NodeJS.Signals | undefined; release: () => void } {
  let received: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (received !== undefined) {
      log(`${sig} again: killing ${liveKernels.size} kernel(s) now`);
      for (const k of liveKernels) k.killNow();
      process.exit(sig === "SIGINT" ? 130 : 143);
    }
    received = sig;
    log(`${sig}: stopping ${liveKernels.size} kernel(s) and writing what ran so far (again to kill at once)`);
    controller.abort();
  };
  const onExit = (): void => {
    for (const k of liveKernels) k.killNow();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", onExit);
  return {
    received: () => received,
    release: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.off("exit", onExit);
    },
  };
}

/** Entry point of `kazami run`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let opts: RunOptions;
  try {
    const parsed = parseRunArgs(argv);
    if (parsed === "help") {
      console.log(USAGE);
      return 0;
    }
    opts = parsed.resume === undefined ? parsed : resumeOf(parsed);
  } catch (err) {
    if (err instanceof UsageError) {
      log(err.message);
      return 2;
    }
    throw err;
  }
  const { jobs, problems } = await prepareJobs(opts);
  let spec: KernelSpec | undefined;
  try {
    spec = findKernelSpec(opts.kernelName);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0 || spec === undefined) {
    for (const p of problems) log(p);
    return 2;
  }
  const lock = lockOutput(opts.outDir);
  if (typeof lock === "string") {
    log(lock);
    return 2;
  }
  const controller = new AbortController();
  const signals = trapSignals(controller);
  if (opts.executor === "slurm") {
    try {
      const code = await runSlurmSweep(opts, jobs, { log, signal: controller.signal });
      const sig = signals.received();
      return sig === undefined ? code : sig === "SIGINT" ? 130 : 143;
    } finally {
      signals.release();
      lock.release();
    }
  }
  let ran: Ran[];
  try {
    const what = opts.seeds === undefined ? `${jobs.length} notebook(s)` : `${opts.notebooks.length} notebook(s) × ${opts.seeds.length} seed(s) = ${jobs.length} run(s)`;
    log(`${what}, ${Math.min(opts.jobs, jobs.length)} at a time, kernel ${spec.name}, output ${opts.outDir}`);
    ran = await runAll(opts, jobs, spec, controller.signal);
  } finally {
    signals.release();
    lock.release();
  }
  const failures = ran.flatMap((r) => failureLines(r.job, r.entry));
  const ok = ran.filter((r) => r.entry.status === "ok").length;
  const kept = ran.filter((r) => r.kept).length;
  log(`${ok}/${ran.length} ${opts.seeds === undefined ? "notebook" : "run"}(s) ok${kept > 0 ? ` (${kept} kept from before)` : ""}; wrote ${path.join(opts.outDir, "manifest.json")} and ${path.join(opts.outDir, "index.html")}`);
  for (const f of failures) log(`FAILED ${f}`);
  const sig = signals.received();
  if (sig !== undefined) return sig === "SIGINT" ? 130 : 143;
  return failures.length > 0 ? 1 : 0;
}
