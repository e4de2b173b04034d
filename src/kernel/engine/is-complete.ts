/**
 * is_complete for TypeScript cells, from TypeScript's parser alone (no type checking):
 * - "incomplete" when parsing stops at the very end of the code expecting more (an open brace,
 *   bracket, parenthesis, comment or template literal), with an indent for the next line;
 * - "invalid" when there is a syntax error anywhere else;
 * - "complete" otherwise, and always when the code ends with a blank line (the console convention
 *   for "run it now").
 */
import type * as TS from "@tslab/typescript-for-tslab";
import type { IsCompleteResult } from "../executor";

interface ParsedFile {
  parseDiagnostics?: ReadonlyArray<{ start?: number; length?: number; messageText: string | { messageText: string } }>;
}

function message(d: { messageText: string | { messageText: string } }): string {
  return typeof d.messageText === "string" ? d.messageText : d.messageText.messageText;
}

/** The indent for the line after `code`: the last line's, two more after an opening bracket. */
function nextIndent(code: string): string {
  const last = code.slice(code.lastIndexOf("\n") + 1);
  const current = /^\s*/.exec(last)?.[0] ?? "";
  return /[{[(]\s*$/.test(last) ? current + "  " : current;
}

/** Classifies `code` with the TypeScript module `ts` (tslab's bundled 5.0.4). */
export function isCompleteCode(ts: typeof TS, code: string): IsCompleteResult {
  if (code.trim() === "" || /\n[ \t]*\n[ \t]*$/.test(code)) return { status: "complete" };
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as unknown as ParsedFile;
  const diagnostics = file.parseDiagnostics ?? [];
  if (diagnostics.length === 0) return { status: "complete" };
  const end = code.length;
  const atEnd = diagnostics.some((d) => {
    const text = message(d);
    return (d.start === end && text.endsWith(" expected.")) || /^Unterminated template literal/.test(text);
  });
  return atEnd ? { status: "incomplete", indent: nextIndent(code) } : { status: "invalid" };
}
