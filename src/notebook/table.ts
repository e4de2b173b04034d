/**
 * Tables: danfojs DataFrames (or Series) and plain row objects shown as HTML tables, with an aligned
 * text/plain fallback. Numbers are shown with `digits` significant digits; long tables show their
 * head and tail.
 *
 * @example notebook.table(new dfd.DataFrame({ model: ["CNN", "FNO"], rmse: [0.12, 0.08] }), { caption: "test RMSE" })
 * @example notebook.table([{ beta: 0.1, ixh: 0.2 }, { beta: 1, ixh: 0.9 }])
 */
import { DisplayData, JUPYTER_DISPLAY, escapeHtml } from "./mime";

/** The parts of a danfojs DataFrame/Series the table reads (duck-typed: danfojs is not loaded here). */
export interface DataFrameLike {
  columns: string[];
  values: unknown[] | unknown[][];
  index?: Array<string | number>;
}

/** Options of `table`. */
export interface TableOptions {
  caption?: string;
  /** Significant digits of numbers (default 4). */
  digits?: number;
  /** Show at most this many rows: the first and last halves (default 40). */
  maxRows?: number;
  /** Show the DataFrame index as the first column (default: true for DataFrames, false for rows). */
  index?: boolean;
}

function isDataFrameLike(v: unknown): v is DataFrameLike {
  return typeof v === "object" && v !== null && Array.isArray((v as DataFrameLike).columns) && Array.isArray((v as DataFrameLike).values);
}

function cellText(v: unknown, digits: number): string {
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v);
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** A table value; build with `table(...)`. */
export class Table {
  /** Column names (the index column, if shown, is named ""). */
  readonly columns: string[];
  /** Cell texts, row by row. */
  readonly rows: string[][];
  /** Which columns hold only numbers (right-aligned). */
  readonly numeric: boolean[];
  readonly caption?: string;
  /** Rows left out in the middle. */
  readonly omitted: number;

  constructor(columns: string[], rows: unknown[][], options: TableOptions) {
    const digits = options.digits ?? 4;
    const maxRows = options.maxRows ?? 40;
    if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new RangeError(`notebook.table: digits must be an integer in [1, 17], got ${digits}`);
    if (!Number.isInteger(maxRows) || maxRows < 2) throw new RangeError(`notebook.table: maxRows must be an integer ≥ 2, got ${maxRows}`);
    const shown = rows.length > maxRows ? [...rows.slice(0, Math.ceil(maxRows / 2)), ...rows.slice(rows.length - Math.floor(maxRows / 2))] : rows;
    this.omitted = rows.length - shown.length;
    this.columns = columns;
    this.numeric = columns.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === "number" || r[c] === null || r[c] === undefined));
    this.rows = shown.map((r) => columns.map((_, c) => cellText(r[c], digits)));
    if (options.caption !== undefined) this.caption = options.caption;
  }

  private splitAt(): number {
    return this.omitted > 0 ? Math.ceil(this.rows.length / 2) : -1;
  }

  /** Aligned text, with "..." where rows are omitted. */
  toString(): string {
    const widths = this.columns.map((c, k) => Math.max(c.length, ...this.rows.map((r) => r[k].length)));
    const line = (cells: string[]) => cells.map((s, k) => (this.numeric[k] ? s.padStart(widths[k]) : s.padEnd(widths[k]))).join("  ").trimEnd();
    const out = [line(this.columns), widths.map((w) => "-".repeat(w)).join("  ")];
    this.rows.forEach((r, n) => {
      if (n === this.splitAt()) out.push(`... ${this.omitted} more rows ...`);
      out.push(line(r));
    });
    return (this.caption ? `${this.caption}\n` : "") + out.join("\n");
  }

  /** An HTML table (escaped), numbers right-aligned, with a caption when given. */
  toHtml(): string {
    const align = (k: number) => (this.numeric[k] ? ' style="text-align:right"' : ' style="text-align:left"');
    const head = this.columns.map((c, k) => `<th${align(k)}>${escapeHtml(c)}</th>`).join("");
    const body: string[] = [];
    this.rows.forEach((r, n) => {
      if (n === this.splitAt()) body.push(`<tr><td colspan="${this.columns.length}" style="text-align:center">… ${this.omitted} more rows …</td></tr>`);
      body.push(`<tr>${r.map((s, k) => `<td${align(k)}>${escapeHtml(s)}</td>`).join("")}</tr>`);
    });
    const caption = this.caption ? `<caption>${escapeHtml(this.caption)}</caption>` : "";
    return `<table class="kazami-table">${caption}<thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>`;
  }

  [JUPYTER_DISPLAY](): DisplayData {
    return { data: { "text/html": this.toHtml(), "text/plain": this.toString() }, metadata: { kazami: { kind: "table", ...(this.caption ? { caption: this.caption } : {}) } } };
  }
}

/**
 * A displayable table from a danfojs DataFrame or Series, or from an array of row objects (columns
 * in order of first appearance; missing cells are blank).
 */
export function table(data: DataFrameLike | ReadonlyArray<Record<string, unknown>>, options: TableOptions = {}): Table {
  if (isDataFrameLike(data)) {
    const isSeries = (data as { $isSeries?: boolean }).$isSeries === true || !data.values.every(Array.isArray);
    const rows = (isSeries ? (data.values as unknown[]).map((v) => [v]) : (data.values as unknown[][])).map((r) => [...r]);
    const columns = [...data.columns];
    if (columns.length !== (rows[0]?.length ?? columns.length)) {
      throw new RangeError(`notebook.table: the DataFrame has ${columns.length} columns but rows of ${rows[0].length} values`);
    }
    if (options.index ?? true) {
      const index = data.index ?? rows.map((_, n) => n);
      return new Table(["", ...columns], rows.map((r, n) => [index[n], ...r]), options);
    }
    return new Table(columns, rows, options);
  }
  if (Array.isArray(data)) {
    const columns: string[] = [];
    data.forEach((r, n) => {
      if (typeof r !== "object" || r === null || Array.isArray(r)) throw new TypeError(`notebook.table: row ${n} must be an object { column: value }, got ${r === null ? "null" : Array.isArray(r) ? "an array" : typeof r}`);
      for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
    });
    const rows = data.map((r) => columns.map((c) => r[c]));
    if (options.index) return new Table(["", ...columns], rows.map((r, n) => [n, ...r]), options);
    return new Table(columns, rows, options);
  }
  throw new TypeError(`notebook.table: expected a danfojs DataFrame/Series or an array of row objects, got ${data === null ? "null" : typeof data}`);
}
