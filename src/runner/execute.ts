/**
 * Executing a notebook's code cells in order on a started kernel, as nbclient does: one
 * execute_request per non-empty code cell, outputs collected from IOPub until the reply and
 * `status: idle` have both arrived, execution counts and timings recorded in the cell.
 *
 * Execution stops at the first cell that errors, exceeds the time limit, loses its kernel, or is
 * cut short by the abort signal; the outputs collected so far stay in the notebook, and the cell
 * gets an error output saying what happened (nbclient's CellTimeoutError / DeadKernelError names).
 */
import { CellOutputs, DisplayRegistry } from "./outputs";
import { CodeCell, Notebook, joinSource } from "./notebook";
import { KernelManager, describeExit } from "./kernel-manager";

/** How the execution ended. */
export type ExecutionStatus = "ok" | "cell-error" | "timeout" | "kernel-died" | "interrupted";

export interface ExecutionResult {
  status: ExecutionStatus;
  /** Index (0-based, in the executed notebook) of the cell at fault, when there is one. */
  failedCell?: number;
  /** One-line reason: "ZeroDivisionError: division by zero", "timed out after 5 s". */
  reason?: string;
  /** Non-empty code cells that ran to completion, and how many there are. */
  cellsRun: number;
  cellsTotal: number;
}

export interface ExecuteOptions {
  /** Per-cell limit in ms; 0 = none. */
  timeoutMs: number;
  /** Aborting stops the current cell (the kernel is interrupted) and the run. */
  signal?: AbortSignal;
  /** Called before each cell runs: ordinal (1-based) among the cells to run, their count, cell index. */
  onCell?: (ordinal: number, total: number, cellIndex: number) => void;
}

/** Time after an interrupt (on timeout) to let the kernel end the cell and flush its outputs. */
const INTERRUPT_GRACE_MS = 5000;
/** The same when the whole run was aborted (Ctrl-C): shorter, the user is waiting. */
const ABORT_GRACE_MS = 1000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

type CellOutcome =
  | { kind: "done"; reply: Record<string, unknown> }
  | { kind: "timeout" }
  | { kind: "died"; how: string }
  | { kind: "aborted" };

/** Runs one cell; resolves when it is finished (reply + idle) or cut short. Fills `cell`. */
async function runCell(kernel: KernelManager, cell: CodeCell, registry: DisplayRegistry, opts: ExecuteOptions): Promise<CellOutcome> {
  const collector = new CellOutputs(registry);
  const timing: Record<string, string> = {};
  let idle!: () => void;
  const idleSeen = new Promise<void>((resolve) => (idle = resolve));
  const { msgId, reply } = kernel.client.request(
    "shell",
    "execute_request",
    { code: joinSource(cell.source), silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
    (msg) => {
      const type = msg.header.msg_type;
      const state = type === "status" ? String(msg.content.execution_state) : undefined;
      if (state === "busy" || state === "idle") timing[`iopub.status.${state}`] = new Date().toISOString();
      if (type === "execute_input") timing["iopub.execute_input"] = new Date().toISOString();
      collector.handle({ msg_type: type, content: msg.content });
      cell.outputs = collector.outputs;
      if (state === "idle") idle();
    },
  );
  const finished = Promise.all([
    reply.then((r) => {
      timing["shell.execute_reply"] = new Date().toISOString();
      return r.content;
    }),
    idleSeen,
  ]).then(([content]): CellOutcome => ({ kind: "done", reply: content }));
  const died = kernel.exited.then((e): CellOutcome => ({ kind: "died", how: describeExit(e) }));
  // Timeout and abort, with their timer and listener removed once the cell is over.
  let settleCutShort!: (o: CellOutcome) => void;
  const cutShort = new Promise<CellOutcome>((resolve) => (settleCutShort = resolve));
  const timer = opts.timeoutMs > 0 ? setTimeout(() => settleCutShort({ kind: "timeout" }), opts.timeoutMs) : undefined;
  const onAbort = (): void => settleCutShort({ kind: "aborted" });
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  let outcome: CellOutcome;
  try {
    outcome = await Promise.race([finished, died, cutShort]);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
  if (outcome.kind === "timeout" || outcome.kind === "aborted") {
    // Interrupt and give the kernel a moment to end the cell, so its last outputs are kept.
    await kernel.interrupt();
    const grace = outcome.kind === "aborted" ? ABORT_GRACE_MS : INTERRUPT_GRACE_MS;
    const after = await Promise.race([finished, died, delay(grace).then(() => undefined)]);
    if (after?.kind === "died") outcome = after;
  }
  kernel.client.stopIopub(msgId);
  reply.catch(() => undefined);
  cell.outputs = collector.outputs;
  const replyCount = outcome.kind === "done" ? outcome.reply.execution_count : undefined;
  cell.execution_count = collector.executionCount ?? (typeof replyCount === "number" ? replyCount : null);
  cell.metadata.execution = timing;
  return outcome;
}

/** The last lines the kernel process wrote to stdout/stderr, as a traceback for a DeadKernelError. */
function kernelOutputTail(kernel: KernelManager): string[] {
  const lines = kernel.output.trimEnd().split("\n").slice(-20);
  return lines.length === 1 && lines[0] === "" ? [] : ["The kernel's last output:", ...lines];
}

/** The error output to record when the kernel gave none: from the reply, or a runner-made one. */
function addError(cell: CodeCell, ename: string, evalue: string, traceback: string[] = []): void {
  cell.outputs.push({ output_type: "error", ename, evalue, traceback });
}

/** The innermost cell position a kernel's traceback names (`Cell In[3], line 2, column 7`), if any. */
function cellLine(traceback: string[]): string | undefined {
  for (const line of traceback) {
    const m = /Cell In\[\d+\], line \d+, column \d+/.exec(line);
    if (m) return m[0];
  }
  return undefined;
}

/** The cells that run: code cells whose source is not blank (nbclient skips blank ones). */
export function runnableCells(nb: Notebook): Array<{ cell: CodeCell; index: number }> {
  const out: Array<{ cell: CodeCell; index: number }> = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type === "code" && joinSource(cell.source).trim() !== "") out.push({ cell, index });
  });
  return out;
}

/**
 * Executes the code cells of `nb` (modified in place: outputs, execution counts, timings) on
 * `kernel`, in order; see {@link runnableCells}.
 */
export async function executeNotebook(nb: Notebook, kernel: KernelManager, opts: ExecuteOptions): Promise<ExecutionResult> {
  const registry = new DisplayRegistry();
  const toRun = runnableCells(nb);
  for (const { cell } of toRun) {
    cell.outputs = [];
    cell.execution_count = null;
  }
  const result: ExecutionResult = { status: "ok", cellsRun: 0, cellsTotal: toRun.length };
  for (let k = 0; k < toRun.length; k++) {
    const { cell, index: i } = toRun[k];
    if (opts.signal?.aborted) return { ...result, status: "interrupted", failedCell: i, reason: "interrupted before this cell" };
    if (kernel.exitStatus !== undefined) {
      const reason = `kernel died (${describeExit(kernel.exitStatus)}) before this cell ran`;
      addError(cell, "DeadKernelError", reason, kernelOutputTail(kernel));
      return { ...result, status: "kernel-died", failedCell: i, reason };
    }
    opts.onCell?.(k + 1, toRun.length, i);
    const outcome = await runCell(kernel, cell, registry, opts);
    switch (outcome.kind) {
      case "done": {
        const status = outcome.reply.status;
        if (status === "ok") {
          result.cellsRun += 1;
          continue;
        }
        let err = cell.outputs.find((o) => o.output_type === "error");
        if (err === undefined) {
          const r = outcome.reply;
          const ename = status === "aborted" ? "ExecutionAborted" : String(r.ename ?? "Error");
          const evalue = status === "aborted" ? "the kernel aborted this execution" : String(r.evalue ?? "");
          addError(cell, ename, evalue, Array.isArray(r.traceback) ? r.traceback.map(String) : []);
          err = cell.outputs[cell.outputs.length - 1];
        }
        const e = err as { ename: string; evalue: string; traceback?: string[] };
        const where = cellLine(e.traceback ?? []);
        return { ...result, status: "cell-error", failedCell: i, reason: `${e.ename}: ${e.evalue}${where ? ` (${where})` : ""}`.replace(/\s+/g, " ").trim() };
      }
      case "timeout": {
        const reason = `timed out after ${opts.timeoutMs / 1000} s`;
        addError(cell, "CellTimeoutError", `cell ${reason} (--timeout); the kernel was interrupted and stopped`);
        return { ...result, status: "timeout", failedCell: i, reason };
      }
      case "died": {
        const reason = `kernel died (${outcome.how}) while running this cell`;
        addError(cell, "DeadKernelError", reason, kernelOutputTail(kernel));
        return { ...result, status: "kernel-died", failedCell: i, reason };
      }
      case "aborted": {
        addError(cell, "KeyboardInterrupt", "the run was interrupted (SIGINT/SIGTERM) while this cell was running");
        return { ...result, status: "interrupted", failedCell: i, reason: "interrupted while running this cell" };
      }
    }
  }
  return result;
}
