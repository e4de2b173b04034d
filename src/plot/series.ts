/**
 * Data series for x–y plots (line, scatter, spectrum): validation and conversion to tidy rows
 * `{ x, y, series }`, the shared axis options, and the x/y/colour encodings they imply.
 */
import { Spec } from "./compose";

/** One named series; `x` defaults to 0, 1, 2, ... */
export interface Series {
  name?: string;
  x?: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Axis options shared by the x–y builders. */
export interface XYOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logX?: boolean;
  logY?: boolean;
  /** Plot size in px (default 360 x 240). */
  width?: number;
  height?: number;
}

/** A tidy row. */
export interface XYRow {
  x: number;
  y: number;
  series: string;
}

/** The rows, the series names in input order, and how many points were dropped (with why). */
export interface XYData {
  rows: XYRow[];
  names: string[];
  dropped: number;
  note: string;
}

function isNumberArrayLike(a: unknown): a is ArrayLike<number> {
  return (Array.isArray(a) || (ArrayBuffer.isView(a) && !(a instanceof DataView))) && Array.prototype.every.call(a, (v: unknown) => typeof v === "number");
}

/**
 * Validates series and makes tidy rows. Points that cannot be drawn — non-finite, or ≤ 0 on a log
 * axis — are dropped and counted, so the caller can say so on the plot instead of hiding it.
 */
export function seriesRows(who: string, input: Series | Series[], o: XYOptions = {}): XYData {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw new RangeError(`${who}: needs at least one series`);
  const rows: XYRow[] = [];
  const names: string[] = [];
  let nonFinite = 0, nonPositive = 0;
  list.forEach((s, n) => {
    if (typeof s !== "object" || s === null || !isNumberArrayLike(s.y)) {
      throw new TypeError(`${who}: series ${n} must be { name?, x?, y } with y an array of numbers, got ${s === null ? "null" : typeof s === "object" ? `keys ${Object.keys(s).join(", ")}` : typeof s}`);
    }
    if (s.x !== undefined && !isNumberArrayLike(s.x)) throw new TypeError(`${who}: series ${n}: x must be an array of numbers`);
    if (s.x !== undefined && s.x.length !== s.y.length) {
      throw new RangeError(`${who}: series ${n}${s.name ? ` ("${s.name}")` : ""}: x and y must have the same length, got ${s.x.length} and ${s.y.length}`);
    }
    const name = s.name ?? (list.length === 1 ? "" : `series ${n + 1}`);
    if (names.includes(name)) throw new RangeError(`${who}: two series are named "${name}"; names label the legend and must differ`);
    names.push(name);
    for (let k = 0; k < s.y.length; k++) {
      const x = s.x === undefined ? k : s.x[k];
      const y = s.y[k];
      if (!Number.isFinite(x) || !Number.isFinite(y)) nonFinite++;
      else if ((o.logX && x <= 0) || (o.logY && y <= 0)) nonPositive++;
      else rows.push({ x, y, series: name });
    }
  });
  if (rows.length === 0) throw new RangeError(`${who}: no drawable points (${nonFinite} non-finite, ${nonPositive} ≤ 0 on a log axis)`);
  const parts: string[] = [];
  if (nonFinite > 0) parts.push(`${nonFinite} non-finite point${nonFinite > 1 ? "s" : ""} not shown`);
  if (nonPositive > 0) parts.push(`${nonPositive} point${nonPositive > 1 ? "s" : ""} ≤ 0 not shown on log axes`);
  return { rows, names, dropped: nonFinite + nonPositive, note: parts.join("; ") };
}

/** Plot size (default 360 x 240), validated. */
export function xySize(o: XYOptions): { width: number; height: number } {
  const width = o.width ?? 360, height = o.height ?? 240;
  for (const [n, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isFinite(v) || v < 10 || v > 4000) throw new RangeError(`plot: ${n} must be between 10 and 4000 px, got ${v}`);
  }
  return { width, height };
}

/** x and y encodings with optional log scales and titles. */
export function xyEncoding(o: XYOptions): { x: Spec; y: Spec } {
  const axis = (log: boolean | undefined, title: string | undefined): Spec => ({
    type: "quantitative",
    scale: log ? { type: "log" } : { zero: false },
    axis: { title: title ?? null, ...(log ? { format: "~g" } : {}) },
  });
  return { x: { field: "x", ...axis(o.logX, o.xLabel ?? "x") }, y: { field: "y", ...axis(o.logY, o.yLabel ?? "y") } };
}

/** Colour by series (legend in input order), or none for a single unnamed series. */
export function seriesColor(names: string[]): Spec {
  if (names.length === 1 && names[0] === "") return {};
  return { color: { field: "series", type: "nominal", scale: { domain: names }, legend: { title: null } } };
}

/** The title object: text plus the dropped-points note as subtitle when there is one. */
export function titleWithNote(title: string | undefined, note: string): Spec {
  if (note === "") return title ? { title } : {};
  return { title: { text: title ?? "", subtitle: note } };
}
