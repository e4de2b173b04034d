/**
 * Serves the kernel's requests inside the engine: runs cells through the TypeScript session and
 * turns what happened into executor results (result bundles, Jupyter-style errors).
 */
import type * as TS from "@tslab/typescript-for-tslab";
import type { ErrorInfo, ExecuteOutcome, ResultBundle, UserExpressionResult } from "../executor";
import type { EngineReplies, EngineRequest } from "../ipc";
import { resultBundle } from "./display";
import { diagnosticsError, type FrameMaps, interruptedError, thrownError } from "./errors";
import { isCompleteCode } from "./is-complete";
import type { OutputCapture } from "./output";
import type { RunResult, TypeScriptSession } from "./session";

const NAME_PATH = "[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*";
const HELP = [new RegExp(`^\\s*\\?(${NAME_PATH})\\s*$`), new RegExp(`^\\s*(${NAME_PATH})\\?\\s*$`)];

/** The name of a help request (`Math.max?` or `?Math.max`: a dotted name only), else undefined. */
export function helpTarget(code: string): string | undefined {
  for (const re of HELP) {
    const m = re.exec(code);
    if (m) return m[1];
  }
  return undefined;
}

export class CellRunner {
  /** IPC id of the execute request running now, if any. */
  private running: number | undefined;
  /** Highest execute request id started so far (ids grow). */
  private lastStarted = 0;
  /** Interrupts of execute requests not started yet (read before their request began). */
  private readonly early = new Set<number>();

  /**
   * @param engineDir folder of the engine's own modules (hidden from stack traces)
   * @param frames how stack frames map back to cells and library sources
   */
  constructor(
    private readonly session: TypeScriptSession,
    private readonly capture: OutputCapture,
    private readonly ts: typeof TS,
    private readonly engineDir: string,
    private readonly frames: FrameMaps,
  ) {}

  /**
   * Interrupts execute request `id`: the running cell (sync code is stopped by the VM itself, on
   * the SIGINT that follows), or one not started yet when it starts; an interrupt of a request
   * that is over is ignored, so it cannot stop the next cell.
   */
  interrupt(id: number): void {
    if (id === this.running) this.session.interrupt();
    else if (id > this.lastStarted) this.early.add(id);
  }

  async handle(request: EngineRequest): Promise<EngineReplies[keyof EngineReplies]> {
    switch (request.op) {
      case "execute":
        return this.execute(request.id, request.code, request.executionCount, request.userExpressions);
      case "complete":
        return this.session.complete(request.code, request.cursor);
      case "inspect":
        return this.session.inspect(request.code, request.cursor);
      case "isComplete":
        return isCompleteCode(this.ts, request.code);
    }
  }

  private async execute(id: number, code: string, executionCount: number, userExpressions: Record<string, string>): Promise<ExecuteOutcome> {
    this.lastStarted = id;
    if (this.early.delete(id)) return { status: "error", ...interruptedError("interrupted before the cell started running") };
    this.capture.beginCell();
    this.running = id;
    try {
      const target = helpTarget(code);
      if (target !== undefined) return this.help(target);
      const run = await this.session.run(code, `In[${executionCount}]`);
      const shown = this.toResult(run, code);
      if (shown !== undefined && "ename" in shown) return { status: "error", ...shown };
      const expressions: Record<string, UserExpressionResult> = {};
      for (const [name, expr] of Object.entries(userExpressions)) {
        const r = this.toResult(await this.session.run(expr, `user_expressions[${JSON.stringify(name)}]`, false), expr);
        expressions[name] = r !== undefined && "ename" in r ? { status: "error", ...r } : { status: "ok", ...(r ?? { data: { "text/plain": "undefined" }, metadata: {} }) };
      }
      return { status: "ok", ...(shown ? { result: shown } : {}), userExpressions: expressions };
    } finally {
      this.running = undefined;
      this.capture.endCell();
    }
  }

  /** `Math.max?` or `?Math.max`: the symbol's documentation as a pager page (IPython's convention). */
  private help(target: string): ExecuteOutcome {
    const info = this.session.inspect(target, target.length);
    if (!info.found) {
      this.capture.write("stdout", `No documentation found for \`${target}\`.\n`);
      return { status: "ok", userExpressions: {} };
    }
    return { status: "ok", userExpressions: {}, payload: [{ source: "page", data: info.data, start: 0 }] };
  }

  /** The bundle of a successful run's value (undefined: nothing to show), or the error. */
  private toResult(run: RunResult, code: string): ResultBundle | ErrorInfo | undefined {
    switch (run.kind) {
      case "compile":
        return diagnosticsError(run.diagnostics, code);
      case "thrown":
        return thrownError(run.value, this.engineDir, this.frames);
      case "interrupted":
        return interruptedError(run.how);
      case "ok":
        if (!run.hasValue) return undefined;
        try {
          const bundle = resultBundle(run.value);
          JSON.stringify(bundle); // must cross the process boundary
          return bundle;
        } catch (err) {
          return thrownError(err, this.engineDir, this.frames);
        }
    }
  }
}
