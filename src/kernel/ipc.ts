/**
 * Messages between the kernel process (protocol) and its engine child process (runs the code),
 * sent over Node's IPC channel (JSON serialisation).
 */
import type { CompleteResult, ExecuteOutcome, InspectResult, IsCompleteResult } from "./executor";

/** Requests from the kernel to the engine; `id` pairs each with its reply. */
export type EngineRequest =
  | { id: number; op: "execute"; code: string; executionCount: number; userExpressions: Record<string, string> }
  | { id: number; op: "complete"; code: string; cursor: number }
  | { id: number; op: "inspect"; code: string; cursor: number; detailLevel: number }
  | { id: number; op: "isComplete"; code: string };

/** The kernel's answer to an engine's `input` event (not a request: it bypasses the engine's queue). */
export interface EngineInputReply {
  op: "inputReply";
  inputId: number;
  value?: string;
  /** Why no value came (allow_stdin false, interrupted), with the error's name. */
  error?: { name: string; message: string };
}

/**
 * Interrupt execute request `id`: it stops if it is running, or before it starts if it is still
 * queued; an interrupt of a request that is over is ignored. Read when the engine's event loop is
 * free, and acknowledged ("interrupting"); unacknowledged, it is followed by a SIGINT, which stops
 * synchronous code (breakOnSigint).
 */
export interface EngineInterrupt {
  op: "interrupt";
  id: number;
}

/** A request before it is given its id. */
export type EngineRequestBody = EngineRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

/** The value each request resolves to. */
export interface EngineReplies {
  execute: ExecuteOutcome;
  complete: CompleteResult;
  inspect: InspectResult;
  isComplete: IsCompleteResult;
}

/** Messages from the engine: output events (for the running or last cell) and replies. */
export type EngineEvent =
  | { op: "ready"; typescriptVersion: string }
  /** The engine read the interrupt of request `id` (its event loop is free: no SIGINT needed). */
  | { op: "interrupting"; id: number }
  | { op: "stream"; name: "stdout" | "stderr"; text: string }
  /** `json` is a JSON-encoded DisplayOutput (validated and serialised in the engine). */
  | { op: "display"; json: string; update: boolean }
  | { op: "clear"; wait: boolean }
  /** A cell asks for a line of input (notebook.input); answered by an {@link EngineInputReply}. */
  | { op: "input"; inputId: number; prompt: string; password: boolean }
  | { op: "reply"; id: number; value: EngineReplies[keyof EngineReplies] }
  /** The engine itself failed to serve request `id` (a bug, not a user error). */
  | { op: "failed"; id: number; message: string };
