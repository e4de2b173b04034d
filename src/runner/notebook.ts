/**
 * nbformat 4 notebooks: the types the runner reads and writes, reading with validation, and
 * serialisation in Jupyter's own layout (one-space indent, multi-line strings as lists of lines) so
 * that executed notebooks diff cleanly against what JupyterLab would save.
 */
import * as fs from "node:fs";
import { randomUUID } from "node:crypto";
import type { DisplayData, MimeBundle } from "../core/contract";

export type { MimeBundle } from "../core/contract";

/** nbformat "multiline string": one string or a list of lines (each keeping its newline). */
export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayDataOutput extends DisplayData {
  output_type: "display_data";
}
export interface ExecuteResultOutput extends DisplayData {
  output_type: "execute_result";
  execution_count: number | null;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}
export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  source: MultilineString;
  attachments?: Record<string, unknown>;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** Joins an nbformat multi-line string into one string. */
export function joinSource(s: MultilineString | undefined): string {
  if (s === undefined) return "";
  return Array.isArray(s) ? s.join("") : s;
}

/** Splits text into lines that keep their "\n" (Python's `splitlines(keepends=True)` for "\n"). */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/** Tags of a cell (an empty list when it has none). */
export function cellTags(cell: Cell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
}

/** A fresh nbformat 4.5 cell id (8 hex characters, like JupyterLab's short ids). */
export function newCellId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 8);
}

/**
 * Parses notebook JSON text and checks the nbformat 4 structure the runner relies on.
 * Throws a TypeError naming `where` (usually the file path) and what was wrong.
 */
export function parseNotebook(text: string, where: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`${where}: not a notebook (invalid JSON: ${(err as Error).message})`);
  }
  if (typeof nb !== "object" || nb === null || Array.isArray(nb)) {
    throw new TypeError(`${where}: not a notebook (expected a JSON object, got ${Array.isArray(nb) ? "an array" : typeof nb})`);
  }
  const o = nb as Record<string, unknown>;
  if (o.nbformat !== 4) {
    throw new TypeError(`${where}: expected nbformat 4, got ${JSON.stringify(o.nbformat)}`);
  }
  if (!Array.isArray(o.cells)) throw new TypeError(`${where}: expected "cells" to be an array`);
  o.cells.forEach((c: unknown, i: number) => {
    const cell = c as Record<string, unknown>;
    const kind = cell?.cell_type;
    if (kind !== "code" && kind !== "markdown" && kind !== "raw") {
      throw new TypeError(`${where}: cell ${i + 1} has cell_type ${JSON.stringify(kind)}, expected code, markdown or raw`);
    }
    if (typeof cell.source !== "string" && !Array.isArray(cell.source)) {
      throw new TypeError(`${where}: cell ${i + 1} has no source`);
    }
    if (typeof cell.metadata !== "object" || cell.metadata === null) cell.metadata = {};
    if (kind === "code") {
      if (!Array.isArray(cell.outputs)) cell.outputs = [];
      if (cell.execution_count === undefined) cell.execution_count = null;
    }
  });
  return {
    nbformat: 4,
    nbformat_minor: typeof o.nbformat_minor === "number" ? o.nbformat_minor : 0,
    metadata: typeof o.metadata === "object" && o.metadata !== null ? (o.metadata as Record<string, unknown>) : {},
    cells: o.cells as Cell[],
  };
}

/** Reads and parses a notebook file (see {@link parseNotebook}). */
export async function readNotebook(file: string): Promise<Notebook> {
  return parseNotebook(await fs.promises.readFile(file, "utf8"), file);
}

/** MIME types whose values are JSON (objects), not text: application/json and any +json type. */
export function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

function bundleForDisk(data: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(data)) {
    out[mime] = !isJsonMime(mime) && typeof value === "string" && mime.startsWith("text/") ? splitLines(value) : value;
  }
  return out;
}

function outputForDisk(o: Output): Output {
  switch (o.output_type) {
    case "stream":
      return { ...o, text: splitLines(joinSource(o.text)) };
    case "display_data":
    case "execute_result":
      return { ...o, data: bundleForDisk(o.data) };
    default:
      return o;
  }
}

/** Sorts object keys recursively, as nbformat does, so saved notebooks are stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** Serialises a notebook the way Jupyter saves one: sorted keys, one-space indent, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => {
    const source = splitLines(joinSource(c.source));
    return c.cell_type === "code" ? { ...c, source, outputs: c.outputs.map(outputForDisk) } : { ...c, source };
  });
  return JSON.stringify(sortKeys({ ...nb, cells }), null, 1) + "\n";
}

/** Tags of cells the runner adds to an executed notebook (they have no counterpart in the source). */
export const RUNNER_TAGS: readonly string[] = ["injected-parameters", "kazami-run-status"];

/**
 * For each cell of an executed notebook, its 1-based number in the source notebook the user edits
 * (cells the runner added count as null), so that messages point at the cell the user can find.
 */
export function sourceCellNumbers(nb: Notebook): Array<number | null> {
  let n = 0;
  return nb.cells.map((c) => (cellTags(c).some((t) => RUNNER_TAGS.includes(t)) ? null : ++n));
}
