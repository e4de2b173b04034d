/**
 * Serves the kernel's requests inside the engine: runs cells through the TypeScript session and
 * turns what happened into executor results (result bundles, Jupyter-style errors).
 */
import type * as TS from "@tslab/typescript-for-tslab";
import type { ErrorInfo, ExecuteOutcome, ResultBundle, UserExpressionResult } from "../executor";
import type { EngineReplies, EngineRequest } from "../ipc";
import { resultBundle } from "./display";
import { diagnosticsError, interruptedError, thrownError } from "./errors";
import { isCompleteCode } from "./is-complete";
import type { OutputCapture } from "./output";
import type { RunResult, TypeScriptSession } from "./session";

export class CellRunner {
  private running = false;

  /**
   * @param engineDir folder of the engine's own modules (hidden from stack traces)
   */
  constructor(
    private readonly session: TypeScriptSession,
    private readonly capture: OutputCapture,
    private readonly ts: typeof TS,
    private readonly engineDir: string,
  ) {}

  /** SIGINT: abandons the pending await of the running cell (sync code is stopped by the VM). */
  interrupt(): void {
    if (this.running) this.session.interruptAwait();
  }

  async handle(request: EngineRequest): Promise<EngineReplies[keyof EngineReplies]> {
    switch (request.op) {
      case "execute":
        return this.execute(request.code, request.executionCount, request.userExpressions);
      case "complete":
        return this.session.complete(request.code, request.cursor);
      case "inspect":
        return this.session.inspect(request.code, request.cursor);
      case "isComplete":
        return isCompleteCode(this.ts, request.code);
    }
  }

  private async execute(code: string, executionCount: number, userExpressions: Record<string, string>): Promise<ExecuteOutcome> {
    this.capture.beginCell();
    this.running = true;
    try {
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
      this.running = false;
      this.capture.endCell();
    }
  }

  /** The bundle of a successful run's value (undefined: nothing to show), or the error. */
  private toResult(run: RunResult, code: string): ResultBundle | ErrorInfo | undefined {
    switch (run.kind) {
      case "compile":
        return diagnosticsError(run.diagnostics, code);
      case "thrown":
        return thrownError(run.value, this.engineDir);
      case "interrupted":
        return interruptedError(run.how);
      case "ok":
        if (!run.hasValue) return undefined;
        try {
          const bundle = resultBundle(run.value);
          JSON.stringify(bundle); // must cross the process boundary
          return bundle;
        } catch (err) {
          return thrownError(err, this.engineDir);
        }
    }
  }
}
