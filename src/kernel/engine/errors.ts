/**
 * Errors in Jupyter's terms: ename, evalue and a traceback (a list of lines).
 *
 * - TypeScript diagnostics (type and syntax errors) → ename "TSError", one traceback entry per
 *   diagnostic with the cell's line:column, the source line and a caret.
 * - Thrown values → the error's name and message; the traceback is the stack without frames of
 *   Node internals or of this engine. Cell frames are named `In[n]`; their line numbers refer to
 *   the JavaScript tslab compiled the cell to, which may differ from the TypeScript by a few lines.
 */
import type { Diagnostic } from "tslab/dist/converter";
import type { ErrorInfo } from "../executor";
import { plainText } from "./display";

/** TypeScript's DiagnosticCategory.Error. */
const CATEGORY_ERROR = 1;

/** Formats compile diagnostics of `code` (the cell). Positions are 1-based in messages. */
export function diagnosticsError(diagnostics: readonly Diagnostic[], code: string): ErrorInfo {
  const lines = code.split("\n");
  const traceback: string[] = [];
  for (const d of diagnostics) {
    const where = `${d.fileName ?? "cell"}:${d.start.line + 1}:${d.start.character + 1}`;
    const kind = d.category === CATEGORY_ERROR ? "error" : "warning";
    let entry = `${where} - ${kind} TS${d.code}: ${d.messageText}`;
    const src = d.fileName === undefined ? lines[d.start.line] : undefined;
    if (src !== undefined) {
      const width = d.end.line === d.start.line ? Math.max(1, d.end.character - d.start.character) : Math.max(1, src.length - d.start.character);
      entry += `\n  ${src}\n  ${" ".repeat(d.start.character)}${"^".repeat(width)}`;
    }
    traceback.push(entry);
  }
  const first = diagnostics[0];
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
  const evalue = first === undefined ? "compilation failed" : `${first.fileName ?? "cell"}:${first.start.line + 1}:${first.start.character + 1} - ${first.messageText} (TS${first.code})${more}`;
  return { ename: "TSError", evalue, traceback };
}

/** Stack frames worth showing: not Node internals, not the engine's own modules. */
function keepFrame(line: string, engineDir: string): boolean {
  if (!/^\s+at /.test(line)) return true;
  return !line.includes("node:internal") && !line.includes("(node:") && !line.includes(engineDir) && !line.includes("node_modules/tslab/");
}

/** Formats a thrown value. `engineDir` is the folder whose frames are hidden. */
export function thrownError(value: unknown, engineDir: string): ErrorInfo {
  if (value instanceof Error || (typeof value === "object" && value !== null && typeof (value as Error).message === "string" && typeof (value as Error).name === "string")) {
    const err = value as Error;
    const stack = typeof err.stack === "string" ? err.stack.split("\n") : [`${err.name}: ${err.message}`];
    const traceback = stack.filter((l) => keepFrame(l, engineDir));
    return { ename: err.name, evalue: err.message, traceback };
  }
  const text = plainText(value);
  return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}

/** The error of an interrupted cell. */
export function interruptedError(how: string): ErrorInfo {
  return { ename: "Interrupted", evalue: `execution interrupted (${how})`, traceback: [`Interrupted: execution interrupted (${how}); variables defined before are kept`] };
}
