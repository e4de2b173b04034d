/**
 * Works around a tslab defect: it rewrites references to earlier cells' variables as `exports.x`,
 * but not in shorthand properties, so `({ seed })` fails with "seed is not defined" when `seed`
 * comes from an earlier cell. Before compiling, every shorthand property `{ x }` (and `{ x = 1 }`
 * in destructuring assignments) is expanded to `{ x: x }`, which means the same; diagnostics are
 * mapped back to the original columns.
 */
import type * as TS from "@tslab/typescript-for-tslab";
import type { Diagnostic, DiagnosticPos } from "tslab/dist/converter";

/** The expanded code and where text was inserted (offsets in the original code, ascending). */
export interface Expansion {
  code: string;
  inserts: Array<{ at: number; length: number }>;
}

/** Expands shorthand properties of `code` (parsed with `ts`, TypeScript 5.0.4). */
export function expandShorthands(ts: typeof TS, code: string): Expansion {
  if (!code.includes("{")) return { code, inserts: [] };
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const inserts: Array<{ at: number; length: number; text: string }> = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const name = node.name.text;
      inserts.push({ at: node.name.end, length: name.length + 2, text: `: ${name}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (inserts.length === 0) return { code, inserts: [] };
  inserts.sort((a, b) => a.at - b.at);
  let out = "";
  let from = 0;
  for (const ins of inserts) {
    out += code.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  out += code.slice(from);
  return { code: out, inserts: inserts.map(({ at, length }) => ({ at, length })) };
}

/** Maps a position in the expanded code back to the original code (insertions add no lines). */
function restore(pos: DiagnosticPos, inserts: Expansion["inserts"], lineStarts: number[]): DiagnosticPos {
  let shift = 0;
  for (const ins of inserts) {
    if (ins.at + shift >= pos.offset) break;
    shift += Math.min(ins.length, pos.offset - (ins.at + shift));
  }
  const offset = pos.offset - shift;
  return { offset, line: pos.line, character: offset - (lineStarts[pos.line] ?? 0) };
}

/** Diagnostics of the expanded cell with positions in the original code (other files untouched). */
export function restoreDiagnostics(diagnostics: Diagnostic[], expansion: Expansion, original: string): Diagnostic[] {
  if (expansion.inserts.length === 0) return diagnostics;
  const lineStarts = lineStartsOf(original);
  return diagnostics.map((d) =>
    d.fileName !== undefined ? d : { ...d, start: restore(d.start, expansion.inserts, lineStarts), end: restore(d.end, expansion.inserts, lineStarts) },
  );
}

/** Line starts (offsets) of `text`. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** Maps a 0-based (line, column) of the expanded code to the original code. */
export function originalPosition(expansion: Expansion, original: string): (line: number, column: number) => { line: number; column: number } {
  if (expansion.inserts.length === 0) return (line, column) => ({ line, column });
  const expandedStarts = lineStartsOf(expansion.code), originalStarts = lineStartsOf(original);
  return (line, column) => {
    const pos = restore({ offset: (expandedStarts[line] ?? 0) + column, line, character: column }, expansion.inserts, originalStarts);
    return { line: pos.line, column: pos.character };
  };
}
