/**
 * What an executed notebook produced, read back from its outputs: figures (outputs whose metadata
 * says `kazami.kind: "figure"` or which carry a Vega-Lite spec) and checks (`CHECK_MIME` outputs,
 * with their controls), each with the cell it came from and its provenance. The shapes are the
 * notebook ↔ runner contract of src/core/contract.
 */
import { CHECK_MIME, CheckControl, CheckRecord, MimeBundle, RecordedCondition, VEGA_LITE_MIME } from "../core/contract";
import { Notebook, Output, joinSource, sourceCellNumbers } from "./notebook";

export { CHECK_MIME, VEGA_LITE_MIME, type CheckRecord } from "../core/contract";

/** One check found in the outputs: its record, the 1-based cell number in the source notebook, its provenance. */
export interface ManifestCheck extends CheckRecord {
  cell: number | null;
  provenance?: Record<string, unknown>;
}

/** One figure found in the outputs, with its renderings still encoded as in the notebook. */
export interface FigureRecord {
  /** 1-based figure number within the notebook, in output order. */
  index: number;
  /** 1-based cell number in the source notebook (null for a cell the runner added). */
  cell: number | null;
  title?: string;
  caption?: string;
  provenance?: Record<string, unknown>;
  /** Decoded PNG bytes, when the bundle had image/png. */
  png?: Buffer;
  /** SVG text, when the bundle had image/svg+xml. */
  svg?: string;
  /** The Vega-Lite spec, when the bundle had one. */
  vegaLite?: unknown;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function kazamiMetadata(o: { metadata: Record<string, unknown> }): Record<string, unknown> | undefined {
  return record(o.metadata?.kazami);
}

type RichOutput = Extract<Output, { data: MimeBundle }>;

function richOutputs(nb: Notebook): Array<{ cell: number | null; output: RichOutput }> {
  const out: Array<{ cell: number | null; output: RichOutput }> = [];
  const numbers = sourceCellNumbers(nb);
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    for (const o of cell.outputs) {
      if (o.output_type === "display_data" || o.output_type === "execute_result") out.push({ cell: numbers[i], output: o });
    }
  });
  return out;
}

function textOf(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return joinSource(v as string[]);
  return undefined;
}

function condition(v: unknown): RecordedCondition {
  const c = record(v) ?? {};
  const out: RecordedCondition = {};
  if (typeof c.below === "number") out.below = c.below;
  if (typeof c.above === "number") out.above = c.above;
  if (Array.isArray(c.within) && c.within.length === 2 && c.within.every((x) => typeof x === "number")) {
    out.within = [c.within[0] as number, c.within[1] as number];
  }
  return out;
}

/** The control of a record, or why it is malformed. */
function control(v: unknown): { control: CheckControl } | { problem: string } {
  const c = record(v);
  if (c !== undefined && typeof c.name === "string" && c.name.trim() !== "" && typeof c.value === "number" && Number.isFinite(c.value)) {
    return { control: { name: c.name, value: c.value } };
  }
  return { problem: `malformed control ${JSON.stringify(v) ?? "undefined"}: expected { name: non-empty string, value: finite number }` };
}

/**
 * Every check in the notebook's outputs, in order. A malformed check counts as failed: a value that
 * is neither a number nor a string, or a control that is not { name, value } (with a message).
 */
export function extractChecks(nb: Notebook): ManifestCheck[] {
  const checks: ManifestCheck[] = [];
  for (const { cell, output } of richOutputs(nb)) {
    if (!(CHECK_MIME in output.data)) continue;
    const c = record(output.data[CHECK_MIME]) ?? {};
    const provenance = record(kazamiMetadata(output)?.provenance);
    const malformed: string[] = [];
    let value: number | string;
    if (typeof c.value === "number" || typeof c.value === "string") value = c.value;
    else {
      value = JSON.stringify(c.value) ?? "undefined";
      malformed.push(`malformed check record: value must be a number or a string, got ${value}`);
    }
    const check: ManifestCheck = {
      name: typeof c.name === "string" ? c.name : "(unnamed check)",
      value,
      condition: condition(c.condition),
      passed: c.passed === true && malformed.length === 0,
      cell,
    };
    if ("control" in c) {
      const k = control(c.control);
      if ("control" in k) check.control = k.control;
      else {
        malformed.push(k.problem);
        check.passed = false;
      }
    }
    const message = [...(typeof c.message === "string" ? [c.message] : []), ...malformed];
    if (message.length > 0) check.message = message.join("; ");
    if (provenance) check.provenance = provenance;
    checks.push(check);
  }
  return checks;
}

/** Every figure in the notebook's outputs, in order, numbered from 1. */
export function extractFigures(nb: Notebook): FigureRecord[] {
  const figures: FigureRecord[] = [];
  for (const { cell, output } of richOutputs(nb)) {
    const meta = kazamiMetadata(output);
    if (meta?.kind !== "figure" && !(VEGA_LITE_MIME in output.data)) continue;
    const fig: FigureRecord = { index: figures.length + 1, cell };
    if (typeof meta?.title === "string") fig.title = meta.title;
    if (typeof meta?.caption === "string") fig.caption = meta.caption;
    const provenance = record(meta?.provenance);
    if (provenance) fig.provenance = provenance;
    const png = textOf(output.data["image/png"]);
    if (png !== undefined) fig.png = Buffer.from(png.replace(/\s+/g, ""), "base64");
    const svg = textOf(output.data["image/svg+xml"]);
    if (svg !== undefined) fig.svg = svg;
    if (VEGA_LITE_MIME in output.data) fig.vegaLite = output.data[VEGA_LITE_MIME];
    figures.push(fig);
  }
  return figures;
}

/** A one-line description of a check's condition: "below 1e-05", "within [0.9, 1.1]". */
export function describeCondition(c: RecordedCondition): string {
  const parts: string[] = [];
  // bounds computed in a notebook (0.9056·(1 − 0.02)) print with 6 significant digits, not 0.8874879999999999
  const b = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))));
  if (c.below !== undefined) parts.push(`below ${b(c.below)}`);
  if (c.above !== undefined) parts.push(`above ${b(c.above)}`);
  if (c.within !== undefined) parts.push(`within [${b(c.within[0])}, ${b(c.within[1])}]`);
  return parts.length > 0 ? parts.join(" and ") : "(no condition)";
}
