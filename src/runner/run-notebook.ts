/**
 * One notebook, end to end: start a kernel in the notebook's folder, execute the (parameter-
 * injected) notebook, stop the kernel, decide the status (a failed check fails a run whose cells
 * all ran), write the executed notebook and the figure files atomically, and describe it all as a
 * manifest entry. A failed or partial run is still written, marked in its metadata and by a
 * markdown cell at the top.
 */
import * as path from "node:path";
import { writeFileAtomic } from "../core/atomic-write";
import { ManifestCheck, describeCondition, extractChecks, extractFigures } from "./artifacts";
import { ExecutionResult, executeNotebook, runnableCells } from "./execute";
import { writeFigureFiles } from "./figure-files";
import { KernelManager } from "./kernel-manager";
import { KernelSpec } from "./kernelspec";
import { KernelDescription, NotebookEntry, RunFailure, RunStatus, distinctProvenance } from "./manifest";
import { Notebook, TextCell, newCellId, serializeNotebook, sourceCellNumbers } from "./notebook";
import { ParameterValue } from "./parameters";

/** A validated notebook, ready to run. */
export interface NotebookJob {
  /** Path as given on the command line. */
  source: string;
  /** The notebook name: file name without .ipynb. */
  name: string;
  /**
   * This run's name: the manifest key, the executed notebook's file name (without .ipynb) and the
   * tag of its log lines — `name` for a single run, `<name>.seed<N>` in a sweep of several seeds.
   */
  runName: string;
  /** Where its figures go, relative to the output folder: `figures/<name>` or `figures/<name>/seed<N>`. */
  figureDir: string;
  /** The seed it runs with (its effective `seed` parameter), when numeric. */
  seed?: number;
  /** The notebook with its injected-parameters cell. */
  notebook: Notebook;
  /** Effective parameter values (defaults overridden by the injected ones). */
  parameters: Record<string, ParameterValue>;
}

export interface RunNotebookOptions {
  outDir: string;
  spec: KernelSpec;
  timeoutMs: number;
  startupTimeoutMs: number;
  signal: AbortSignal;
  /** Progress and warnings, one line each (without the newline). */
  log: (line: string) => void;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function formatValue(v: unknown): string {
  return typeof v === "number" ? String(v) : JSON.stringify(v);
}

/** "check "rel L2" failed: value 0.05, expected below 0.03". */
export function describeFailedCheck(c: ManifestCheck): string {
  const why = c.message === undefined ? "" : ` (${c.message})`;
  const control = c.control === undefined ? "" : ` (control ${c.control.name}: ${formatValue(c.control.value)})`;
  return `check "${c.name}" failed: value ${formatValue(c.value)}, expected ${describeCondition(c.condition)}${why}${control}`;
}

function kernelDescription(km: KernelManager): KernelDescription {
  const i = km.info;
  const lang = (typeof i.language_info === "object" && i.language_info !== null ? i.language_info : {}) as Record<string, unknown>;
  const d: KernelDescription = { name: km.spec.name };
  if (typeof i.implementation === "string") d.implementation = i.implementation;
  if (typeof i.implementation_version === "string") d.implementation_version = i.implementation_version;
  if (typeof lang.name === "string") d.language = lang.name;
  if (typeof lang.version === "string") d.language_version = lang.version;
  return d;
}

function statusBanner(status: RunStatus, failure: RunFailure, source: string): TextCell {
  const where = failure.cell === null ? "" : ` at cell ${failure.cell}`;
  const text =
    `<div style="color:#a40e26;border:1px solid #a40e26;padding:.5em">` +
    `<b>Kazami run ${status}</b>${where} of <code>${source}</code>: ${failure.reason.replace(/</g, "&lt;")}. ` +
    `This notebook holds the outputs up to that point.</div>`;
  return { cell_type: "markdown", id: newCellId(), metadata: { tags: ["kazami-run-status"] }, source: text };
}

/**
 * Runs `job` and writes its executed notebook and figures under `opts.outDir`. Never throws for a
 * notebook-level failure (it is in the returned entry's status); throws only for I/O errors.
 */
export async function runNotebook(job: NotebookJob, opts: RunNotebookOptions): Promise<NotebookEntry> {
  const started = new Date();
  const t0 = Date.now();
  const nb = job.notebook;
  const numbers = sourceCellNumbers(nb);
  const tag = `[${job.runName}]`;
  let execution: ExecutionResult = {
    status: "ok",
    cellsRun: 0,
    cellsTotal: runnableCells(nb).length,
  };
  let startFailure: string | undefined;
  let kernel: KernelDescription | undefined;
  let km: KernelManager | undefined;
  try {
    km = await KernelManager.start(opts.spec, {
      cwd: path.dirname(path.resolve(job.source)),
      startupTimeoutMs: opts.startupTimeoutMs,
      signal: opts.signal,
      onWarning: (m) => opts.log(`${tag} ${m}`),
    });
    kernel = kernelDescription(km);
    opts.log(`${tag} kernel ${km.spec.name} started (pid ${km.pid}) in ${seconds(Date.now() - t0)}`);
  } catch (err) {
    startFailure = (err as Error).message;
  }
  if (km !== undefined) {
    try {
      execution = await executeNotebook(nb, km, {
        timeoutMs: opts.timeoutMs,
        signal: opts.signal,
        onCell: (k, n, i) => opts.log(`${tag} cell ${k}/${n} (cell ${numbers[i] ?? "injected-parameters"}) elapsed ${seconds(Date.now() - t0)}`),
      });
    } catch (err) {
      execution = { ...execution, status: "cell-error", reason: `runner error: ${(err as Error).message}` };
    } finally {
      if (opts.signal.aborted) await km.kill();
      else await km.shutdown();
    }
  }

  const checks = extractChecks(nb);
  const figureRecords = extractFigures(nb);
  let status: RunStatus;
  let failure: RunFailure | undefined;
  if (startFailure !== undefined) {
    status = opts.signal.aborted ? "interrupted" : "not-started";
    failure = { cell: null, reason: startFailure };
  } else if (execution.status !== "ok") {
    status = execution.status;
    const cell = execution.failedCell === undefined ? null : numbers[execution.failedCell];
    failure = { cell, reason: execution.reason ?? execution.status };
  } else {
    const failed = checks.filter((c) => !c.passed);
    status = failed.length > 0 ? "check-failed" : "ok";
    if (failed.length > 0) failure = { cell: failed[0].cell, reason: failed.map(describeFailedCheck).join("; ") };
  }

  const durationSeconds = (Date.now() - t0) / 1000;
  nb.metadata.kazami = {
    ...((nb.metadata.kazami as Record<string, unknown> | undefined) ?? {}),
    run: { status, ...(failure ? { failure } : {}), parameters: job.parameters, started: started.toISOString(), durationSeconds },
  };
  if (status !== "ok" && failure !== undefined && status !== "check-failed") nb.cells.unshift(statusBanner(status, failure, job.source));
  const executed = `notebooks/${job.runName}.ipynb`;
  await writeFileAtomic(path.join(opts.outDir, executed), serializeNotebook(nb));
  const figures = await writeFigureFiles(opts.outDir, job.runName, figureRecords, job.figureDir);

  const entry: NotebookEntry = {
    notebook: job.name,
    ...(job.seed === undefined ? {} : { seed: job.seed }),
    source: job.source,
    executed,
    status,
    ...(failure ? { failure } : {}),
    started: started.toISOString(),
    durationSeconds,
    cells: { total: execution.cellsTotal, run: execution.cellsRun },
    parameters: job.parameters,
    ...(kernel ? { kernel } : {}),
    checks,
    figures,
    provenance: distinctProvenance([...figures.map((f) => f.provenance), ...checks.map((c) => c.provenance)]),
  };
  const passed = checks.filter((c) => c.passed).length;
  opts.log(
    `${tag} ${status} in ${seconds(durationSeconds * 1000)}: ${execution.cellsRun}/${execution.cellsTotal} cells, ` +
      `${figures.length} figures, ${passed}/${checks.length} checks passed`,
  );
  return entry;
}
