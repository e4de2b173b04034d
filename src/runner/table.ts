/**
 * The README's table of claims, generated from a manifest: one Markdown row per notebook check,
 *
 *     | notebook | check | condition | control | seed 0 | seed 1 | result |
 *
 * with one column per seed found in the manifest (a run without a seed goes in a column "run"),
 * each cell `value / control value` (just the value for a check without a control, "—" where that
 * run has no such check), and the result "pass" or "FAIL: seed 1; not run: seed 2". Deterministic:
 * the same manifest gives the same bytes (no times, no paths).
 */
import { describeCondition, ManifestCheck } from "./artifacts";
import { Manifest, NotebookEntry, notebookOf } from "./manifest";

/** A number with 4 significant digits ("0.0042", "3.2e-7", "1235"); other values as text. */
function formatCell(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined");
}

/** Escapes text for a Markdown table cell: `|` and newlines. */
function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A column: the runs with one seed (or without a seed: "run"). */
type Column = number | "run";

const columnOf = (e: NotebookEntry): Column => e.seed ?? "run";
const columnTitle = (c: Column): string => (c === "run" ? "run" : `seed ${c}`);

/** "pass", "FAIL", "FAIL (not run)" for a single run; "FAIL (seed 1, seed 2 not run)" for a sweep. */
function result(ran: Column[], failed: Column[], missing: Column[]): string {
  if (failed.length === 0 && missing.length === 0) return "pass";
  if (ran.length === 1) return failed.length > 0 ? "FAIL" : "FAIL (not run)";
  return `FAIL (${[...failed.map(columnTitle), ...missing.map((c) => `${columnTitle(c)} not run`)].join(", ")})`;
}

interface Row {
  notebook: string;
  check: string;
  condition: string;
  control: string;
  /** Column → the check in that run. */
  byColumn: Map<Column, ManifestCheck>;
}

/** The Markdown table of every check in `manifest` (a string ending in a newline). */
export function manifestTable(manifest: Manifest): string {
  const runs = Object.entries(manifest.notebooks).map(([key, entry]) => ({ notebook: notebookOf(key, entry), entry }));
  const columns = [...new Set(runs.map((r) => columnOf(r.entry)))].sort((a, b) => (a === "run" ? -1 : b === "run" ? 1 : a - b));
  const notebooks = [...new Set(runs.map((r) => r.notebook))];
  const lines = [
    `| notebook | check | condition | control | ${columns.map(columnTitle).join(" | ")} | result |`,
    `| --- | --- | --- | --- | ${columns.map(() => "---").join(" | ")} | --- |`,
  ];
  for (const notebook of notebooks) {
    const mine = runs.filter((r) => r.notebook === notebook).map((r) => r.entry);
    const rows = new Map<string, Row>();
    for (const e of mine) {
      const seen = new Map<string, number>();
      for (const c of e.checks) {
        // The k-th check of a name in a run is the same claim as the k-th of that name in another.
        const k = seen.get(c.name) ?? 0;
        seen.set(c.name, k + 1);
        const id = `${k}\u0000${c.name}`;
        let row = rows.get(id);
        if (row === undefined) {
          row = { notebook, check: c.name, condition: describeCondition(c.condition), control: c.control?.name ?? "—", byColumn: new Map() };
          rows.set(id, row);
        }
        if (row.control === "—" && c.control !== undefined) row.control = c.control.name;
        row.byColumn.set(columnOf(e), c);
      }
    }
    const ranColumns = columns.filter((col) => mine.some((e) => columnOf(e) === col));
    if (rows.size === 0) {
      const statuses = columns.map((col) => mine.find((e) => columnOf(e) === col)?.status ?? "");
      const failed = ranColumns.filter((col) => mine.some((e) => columnOf(e) === col && e.status !== "ok"));
      lines.push(`| ${cell(notebook)} | (no checks) | — | — | ${statuses.map(cell).join(" | ")} | ${failed.length > 0 ? cell(result(ranColumns, failed, [])) : "no checks"} |`);
      continue;
    }
    for (const row of rows.values()) {
      const values = columns.map((col) => {
        const c = row.byColumn.get(col);
        if (c === undefined) return "";
        return c.control === undefined ? formatCell(c.value) : `${formatCell(c.value)} / ${formatCell(c.control.value)}`;
      });
      const failed = ranColumns.filter((col) => row.byColumn.get(col)?.passed === false);
      const missing = ranColumns.filter((col) => !row.byColumn.has(col));
      lines.push(
        `| ${cell(row.notebook)} | ${cell(row.check)} | ${cell(row.condition)} | ${cell(row.control)} | ` +
          `${values.map((v, i) => (v !== "" ? cell(v) : ranColumns.includes(columns[i]) ? "—" : "")).join(" | ")} | ${cell(result(ranColumns, failed, missing))} |`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
