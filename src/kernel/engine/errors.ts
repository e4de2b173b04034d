/**
 * Errors in Jupyter's terms: ename, evalue and a traceback (a list of lines).
 *
 * - TypeScript diagnostics (type and syntax errors) → ename "TSError", one traceback entry per
 *   diagnostic with the cell's line:column, the source line and a caret.
 * - Thrown values → the error's name and message; the traceback is the stack without frames of
 *   Node internals or of this engine. Frames in a cell name the line and column the user typed
 *   (`Cell In[3], line 2, column 7`, mapped back through the compiled cell's source maps), and the
 *   innermost one is shown with its source line; library frames name `src/…ts` lines (the package's
 *   source maps).
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

/**
 * Maps a position in a compiled script (V8's 1-based line and column) to the cell the user typed;
 * null: a known cell's script, but the position is the engine's wrapper; undefined: not known.
 */
export type CellLocator = (filename: string, line: number, column: number) => { line: number; column: number; text: string } | null | undefined;

/** Maps a position in a compiled library file to its source (1-based), or undefined. */
export type FileMapper = (file: string, line: number, column: number) => { file: string; line: number; column: number } | undefined;

/** How frames are mapped back: cells to what the user typed, library files to their sources. */
export interface FrameMaps {
  cell?: CellLocator;
  file?: FileMapper;
}

const FRAME = /^(\s+at (?:.*? \()?)([^()\s]+):(\d+):(\d+)(\)?)$/;

/**
 * The stack's frames with cell positions mapped (`Cell In[3], line 2, column 7`), and the source
 * line of the innermost cell frame with a caret under the column (IPython's `Cell In[3], line 2`).
 */
function mapFrames(stack: string[], maps: FrameMaps): string[] {
  let excerpt: string[] = [];
  const frames = stack.flatMap((line) => {
    const m = FRAME.exec(line);
    const at = m && maps.cell ? maps.cell(m[2], Number(m[3]), Number(m[4])) : undefined;
    if (m && at === null) return []; // the engine's wrapper around the cell
    const source = m && !at && maps.file ? maps.file(m[2], Number(m[3]), Number(m[4])) : undefined;
    if (m && source) return [`${m[1]}${source.file}:${source.line}:${source.column}${m[5]}`];
    if (!m || !at) return [line];
    const name = `Cell ${m[2]}, line ${at.line}, column ${at.column}`;
    if (excerpt.length === 0) {
      const lead = `${at.line} | `;
      excerpt = [`Cell ${m[2]}, line ${at.line}:`, `--> ${lead}${at.text}`, `    ${" ".repeat(lead.length + at.column - 1)}^`];
    }
    return [`${m[1].replace(" Proxy.", " ")}${name}${m[5]}`]; // cells' functions are called through the exports proxy
  });
  const firstFrame = frames.findIndex((l) => /^\s+at /.test(l));
  if (excerpt.length === 0) return frames;
  const cut = firstFrame < 0 ? frames.length : firstFrame;
  return [...frames.slice(0, cut), ...excerpt, ...frames.slice(cut)];
}

/**
 * Formats a thrown value. `engineDir` is the folder whose frames are hidden; `maps` map frames of
 * compiled cells back to the cells and frames of the compiled library to its sources.
 */
export function thrownError(value: unknown, engineDir: string, maps: FrameMaps = {}): ErrorInfo {
  if (value instanceof Error || (typeof value === "object" && value !== null && typeof (value as Error).message === "string" && typeof (value as Error).name === "string")) {
    const err = value as Error;
    const stack = typeof err.stack === "string" ? err.stack.split("\n") : [`${err.name}: ${err.message}`];
    const traceback = mapFrames(stack.filter((l) => keepFrame(l, engineDir)), maps);
    return { ename: err.name, evalue: err.message, traceback };
  }
  const text = plainText(value);
  return { ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
}

/** The error of an interrupted cell. */
export function interruptedError(how: string): ErrorInfo {
  return { ename: "Interrupted", evalue: `execution interrupted (${how})`, traceback: [`Interrupted: execution interrupted (${how}); variables defined before are kept`] };
}
