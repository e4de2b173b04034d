/**
 * The contract between the protocol layer (which speaks Jupyter over zeromq) and whatever runs the
 * code. The protocol layer knows nothing else about execution: it hands code to an {@link Executor}
 * and turns what comes back into Jupyter messages. Offsets here are UTF-16 code units (JavaScript
 * string indices); the protocol layer converts from and to Jupyter's code points.
 */

/** MIME type → value. Text types carry strings, binary types base64 strings, JSON types objects. */
import type { MimeBundle } from "../core/contract";

export type { MimeBundle };

/** One display_data / update_display_data. */
export interface DisplayOutput {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/**
 * Where a running cell's output goes. The sink of the most recent execution also receives output
 * produced later by that cell's timers and callbacks (as Jupyter kernels do).
 */
export interface ExecutionSink {
  stream(name: "stdout" | "stderr", text: string): void;
  display(out: DisplayOutput): void;
  updateDisplay(out: DisplayOutput): void;
  clearOutput(wait: boolean): void;
  /**
   * Asks the front end for a line of input (input_request on stdin) and resolves with the reply's
   * value; rejects with a {@link StdinNotAllowedError} at once when the request said allow_stdin =
   * false (headless clients), or when the cell is interrupted while waiting.
   */
  input(prompt: string, password: boolean): Promise<string>;
}

/** The front end cannot answer input requests (the execute_request had allow_stdin = false). */
export class StdinNotAllowedError extends Error {
  constructor(prompt: string) {
    super(`input ${JSON.stringify(prompt.slice(0, 80))} was requested, but this execution does not accept input (allow_stdin = false, as in headless runs: kazami run, nbclient); pass the value as a parameter instead`);
    this.name = "StdinNotImplementedError"; // IPython's name for the same situation
  }
}

/** A value shown as a result: the cell's last expression, or a user expression. */
export interface ResultBundle {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** What went wrong, in Jupyter's terms (ename/evalue/traceback). */
export interface ErrorInfo {
  ename: string;
  evalue: string;
  traceback: string[];
}

export interface ExecuteRequest {
  code: string;
  /** The number shown as In[n] (already incremented by the protocol layer when storing history). */
  executionCount: number;
  /** Expressions to evaluate after the code ran (execute_request.user_expressions). */
  userExpressions: Record<string, string>;
}

export type UserExpressionResult = ({ status: "ok" } & ResultBundle) | ({ status: "error" } & ErrorInfo);

/** An execute_reply payload; the only kind used is a pager page: `{ source: "page", data, start }`. */
export type Payload = Record<string, unknown> & { source: string };

export type ExecuteOutcome =
  | { status: "ok"; result?: ResultBundle; userExpressions: Record<string, UserExpressionResult>; payload?: Payload[] }
  | ({ status: "error" } & ErrorInfo);

export interface CompleteResult {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  metadata: Record<string, unknown>;
}

export interface InspectResult {
  found: boolean;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface IsCompleteResult {
  status: "complete" | "incomplete" | "invalid" | "unknown";
  indent?: string;
}

/** language_info of kernel_info_reply. */
export interface LanguageInfo {
  name: string;
  version: string;
  mimetype: string;
  file_extension: string;
  codemirror_mode: string | Record<string, unknown>;
  pygments_lexer: string;
  [key: string]: unknown;
}

/** Runs code. Every method may be called while another is pending except execute (one at a time). */
export interface Executor {
  readonly languageInfo: LanguageInfo;
  /** Runs one cell; its output goes to `sink` while it runs (and later, until the next execute). */
  execute(request: ExecuteRequest, sink: ExecutionSink): Promise<ExecuteOutcome>;
  /** Completions at `cursor` (UTF-16 offset into `code`). */
  complete(code: string, cursor: number): Promise<CompleteResult>;
  /** Documentation of the symbol at `cursor`; detailLevel 0 or 1. */
  inspect(code: string, cursor: number, detailLevel: number): Promise<InspectResult>;
  isComplete(code: string): Promise<IsCompleteResult>;
  /** Stops the running cell, if any; state defined before it is kept. Never blocks on the cell. */
  interrupt(): Promise<void>;
  /** Releases everything (child processes); the executor is unusable afterwards. */
  shutdown(): Promise<void>;
}
