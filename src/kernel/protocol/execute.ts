/**
 * execute_request, per the messaging spec: execute_input, then the cell's output (stream,
 * display_data, update_display_data, clear_output), then execute_result or error, all on iopub
 * with the request as parent; the reply carries status and execution_count.
 *
 * With allow_stdin (the spec's default, true) the cell may ask for input: an input_request goes
 * to the client on stdin and the cell waits for its input_reply; with allow_stdin false the ask
 * fails at once with a clear error instead of a hang.
 *
 * `silent` suppresses execute_input, execute_result and error broadcasts and does not count or
 * store the cell; `store_history` false does not count or store it either. Output that a cell's
 * timers produce after it finished still goes to that cell (its sink stays valid).
 */
import { type ExecuteOutcome, type Executor, type ExecutionSink, StdinNotAllowedError } from "../executor";
import type { Message } from "../wire";
import { Content } from "./content";
import type { History } from "./history";

export interface ExecuteContext {
  executor: Executor;
  history: History;
  /** Publishes an iopub message with `parent` as parent header. */
  publish(parent: Message, msgType: string, content: Record<string, unknown>): void;
  /** The execution count after this cell (incremented when `count` is true). */
  nextExecutionCount(count: boolean): number;
  /** Sends an input_request on stdin (parent: the execute_request) and resolves with the reply's value. */
  requestInput(parent: Message, prompt: string, password: boolean): Promise<string>;
}

/** Reply content of an execute_request, plus whether it failed (for stop_on_error). */
export interface ExecuteReply {
  content: Record<string, unknown>;
  failed: boolean;
  stopOnError: boolean;
}

function sinkFor(ctx: ExecuteContext, parent: Message, allowStdin: boolean): ExecutionSink {
  return {
    input: (prompt, password) => (allowStdin ? ctx.requestInput(parent, prompt, password) : Promise.reject(new StdinNotAllowedError(prompt))),
    stream: (name, text) => ctx.publish(parent, "stream", { name, text }),
    display: (out) => ctx.publish(parent, "display_data", { data: out.data, metadata: out.metadata, transient: out.transient }),
    updateDisplay: (out) => ctx.publish(parent, "update_display_data", { data: out.data, metadata: out.metadata, transient: out.transient }),
    clearOutput: (wait) => ctx.publish(parent, "clear_output", { wait }),
  };
}

export async function execute(ctx: ExecuteContext, msg: Message): Promise<ExecuteReply> {
  const c = new Content("execute_request", msg.content);
  const code = c.string("code");
  const silent = c.boolean("silent", false);
  const storeHistory = silent ? false : c.boolean("store_history", true);
  const userExpressions = c.stringMap("user_expressions");
  const stopOnError = c.boolean("stop_on_error", true);
  const allowStdin = c.boolean("allow_stdin", true);
  const count = ctx.nextExecutionCount(storeHistory);
  if (!silent) ctx.publish(msg, "execute_input", { code, execution_count: count });

  const outcome: ExecuteOutcome = await ctx.executor.execute({ code, executionCount: count, userExpressions }, sinkFor(ctx, msg, allowStdin));

  if (outcome.status === "error") {
    const { ename, evalue, traceback } = outcome;
    if (!silent) ctx.publish(msg, "error", { ename, evalue, traceback });
    if (storeHistory) ctx.history.add(count, code, null);
    return { content: { status: "error", execution_count: count, ename, evalue, traceback }, failed: true, stopOnError };
  }
  if (outcome.result && !silent) {
    ctx.publish(msg, "execute_result", { execution_count: count, data: outcome.result.data, metadata: outcome.result.metadata });
  }
  if (storeHistory) {
    const text = outcome.result?.data["text/plain"];
    ctx.history.add(count, code, typeof text === "string" ? text : null);
  }
  const expressions: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(outcome.userExpressions)) expressions[name] = r;
  return { content: { status: "ok", execution_count: count, user_expressions: expressions, payload: outcome.payload ?? [] }, failed: false, stopOnError };
}
