/**
 * The data of a figure, as `kazami verify` compares it: every inline data set of its Vega-Lite spec
 * (`data.values` at any level of layer/concat/facet nesting, and top-level `datasets`), split into
 * columns ("series"), each summarised compactly — length, missing entries, min, max, mean, std and a
 * profile of at most {@link PROFILE_BINS} block means in data order — with a hash of its exact values.
 * The summary is what a reference stores (a few hundred bytes per series however large the field);
 * the hash tells "identical" from "within tolerance".
 *
 * Series ids are `<path of the data object>:<column>`, e.g. `layer[0].data:value`, so they are stable
 * for one notebook's spec builder. Only data values count: marks, scales, titles and colours are not
 * data (a scale domain computed from the data follows the data anyway).
 */
import { createHash } from "node:crypto";

/** Block means per series in a profile (fewer for shorter series: one per value). */
export const PROFILE_BINS = 16;

/** One column of one inline data set. */
export interface SpecSeries {
  id: string;
  /** The axis/legend title of the channel that encodes this column, when the spec names one. */
  title?: string;
  /** Numbers (null for missing or non-numeric entries), or the strings of a text column. */
  values: Array<number | null> | string[];
  kind: "number" | "text";
}

/** A numeric series' summary; stats over its finite entries (null when it has none). */
export interface SeriesSummary {
  n: number;
  missing: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  /** Block means over min(PROFILE_BINS, n) equal runs of entries, in order (null: a run without finite entries). */
  profile: Array<number | null>;
  /** sha256 (first 16 hex digits) of the exact values. */
  sha256: string;
}

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hash16(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Title of the encoding channel whose field is `field`, looked up in `encodings` (innermost first). */
function channelTitle(encodings: Array<Record<string, Json>>, field: string): string | undefined {
  for (const enc of encodings) {
    for (const def of Object.values(enc)) {
      for (const d of Array.isArray(def) ? def : [def]) {
        if (isRecord(d) && d.field === field) {
          if (typeof d.title === "string") return d.title;
          if (isRecord(d.axis) && typeof d.axis.title === "string") return d.axis.title;
          if (isRecord(d.legend) && typeof d.legend.title === "string") return d.legend.title;
        }
      }
    }
  }
  return undefined;
}

/** Appends the entries of one cell (a row's value for a column) to the column, flattening arrays. */
function pushCell(col: Json[], v: Json): void {
  if (Array.isArray(v)) for (const x of v) pushCell(col, x);
  else col.push(v);
}

/** Columns of an inline data set: rows of objects (nested objects flattened with "."), or bare values. */
function columnsOf(rows: Json[]): Map<string, Json[]> {
  const cols = new Map<string, Json[]>();
  const add = (key: string, v: Json): void => {
    if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) add(key === "" ? k : `${key}.${k}`, x);
      return;
    }
    let col = cols.get(key);
    if (col === undefined) cols.set(key, (col = []));
    pushCell(col, v);
  };
  for (const row of rows) add("", row);
  return cols;
}

function toSeries(id: string, title: string | undefined, raw: Json[]): SpecSeries {
  const present = raw.filter((v) => v !== null && v !== undefined);
  const numeric = present.every((v) => typeof v === "number");
  const s: SpecSeries = numeric
    ? { id, kind: "number", values: raw.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null)) }
    : { id, kind: "text", values: raw.map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? "null")) };
  if (title !== undefined) s.title = title;
  return s;
}

/**
 * Every column of every inline data set in `spec`, in document order. A column whose non-null
 * entries are all numbers is numeric; any other is text.
 */
export function specSeries(spec: Json): SpecSeries[] {
  const out: SpecSeries[] = [];
  const visit = (node: Json, path: string, encodings: Array<Record<string, Json>>): void => {
    if (Array.isArray(node)) {
      node.forEach((x, i) => visit(x, `${path}[${i}]`, encodings));
      return;
    }
    if (!isRecord(node)) return;
    const encs = isRecord(node.encoding) ? [node.encoding, ...encodings] : encodings;
    for (const [key, value] of Object.entries(node)) {
      const here = path === "" ? key : `${path}.${key}`;
      if (key === "data" && isRecord(value) && Array.isArray(value.values)) {
        for (const [col, raw] of columnsOf(value.values)) out.push(toSeries(`${here}:${col}`, channelTitle(encs, col), raw));
      } else if (key === "datasets" && path === "" && isRecord(value)) {
        for (const [name, rows] of Object.entries(value)) {
          if (Array.isArray(rows)) for (const [col, raw] of columnsOf(rows)) out.push(toSeries(`datasets.${name}:${col}`, undefined, raw));
        }
      } else if (key !== "encoding") visit(value, here, encs);
    }
  };
  visit(spec, "", []);
  return out;
}

/** The summary of a numeric series. */
export function summarizeSeries(values: ReadonlyArray<number | null>): SeriesSummary {
  const n = values.length;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count > 0 ? sum / count : null;
  let ss = 0;
  if (mean !== null) for (const v of values) if (v !== null) ss += (v - mean) * (v - mean);
  const bins = Math.min(PROFILE_BINS, n);
  const profile: Array<number | null> = [];
  for (let b = 0; b < bins; b++) {
    let s = 0;
    let c = 0;
    for (let i = Math.floor((b * n) / bins); i < Math.floor(((b + 1) * n) / bins); i++) {
      const v = values[i];
      if (v !== null) {
        s += v;
        c++;
      }
    }
    profile.push(c > 0 ? s / c : null);
  }
  return {
    n,
    missing: n - count,
    min: count > 0 ? min : null,
    max: count > 0 ? max : null,
    mean,
    std: mean !== null ? Math.sqrt(ss / count) : null,
    profile,
    sha256: hash16(JSON.stringify(values)),
  };
}

/** sha256 (first 16 hex digits) of a text series' strings. */
export function textHash(values: readonly string[]): string {
  return hash16(JSON.stringify(values));
}
