/**
 * The notebook ↔ runner contract, defined once: what the cell library (src/notebook) writes into a
 * notebook's outputs and what the runner (src/runner) reads back from them, the manifest and the
 * gallery. Types and constants only; no behaviour. Every layer may import it (core imports nothing
 * of ours).
 *
 * A display bundle is `{ data: MimeBundle, metadata }`; the metadata of every Kazami output is
 * `{ kazami: { kind, provenance, ... } }`. A check displays as a bundle whose `CHECK_MIME` entry is a
 * `CheckRecord` (JSON); a figure carries its Vega-Lite spec under `VEGA_LITE_MIME`.
 */

/** MIME type → content: a string (or nbformat list of lines), or an object for JSON MIME types. */
export type MimeBundle = Record<string, unknown>;

/** A bundle with its metadata, as sent in display_data / execute_result and stored in nbformat. */
export interface DisplayData {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** The MIME type of a check's JSON record (a `CheckRecord`). */
export const CHECK_MIME = "application/vnd.kazami.check+json";

/** The MIME type of a figure's Vega-Lite spec. */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** What `metadata.kazami.kind` says an output is. */
export type OutputKind = "figure" | "check" | "table" | "progress";

/**
 * A check's condition, exactly one of: `below` (passes when value < below), `above` (value >
 * above), `within` ([lo, hi], inclusive). The `?: never` members let readers test
 * `c.below !== undefined` without narrowing first.
 */
export type CheckCondition =
  | { below: number; above?: never; within?: never }
  | { above: number; below?: never; within?: never }
  | { within: [number, number]; below?: never; above?: never };

/**
 * A check's condition as found in a record: the one key `check()` was given. A reader of foreign
 * JSON may find none (a malformed record, which then counts as failed).
 */
export interface RecordedCondition {
  below?: number;
  above?: number;
  within?: [number, number];
}

/**
 * The control of a check: the cheapest thing a skeptical reviewer would say does just as well,
 * computed in the notebook on the same data (e.g. `{ name: "linear regression", value: 0.071 }`).
 * `value` is in the same units as the check's value.
 */
export interface CheckControl {
  /** Non-empty: what the control is ("persistence", "plain CNN", "bicubic interpolation"). */
  name: string;
  /** Finite number, in the units of the check's value. */
  value: number;
}

/** A check as recorded under `CHECK_MIME` (JSON; the manifest adds where it was found). */
export interface CheckRecord {
  name: string;
  /** The value, or "NaN" / "Infinity" / "-Infinity" when it was not finite (JSON has no NaN). */
  value: number | string;
  condition: RecordedCondition;
  passed: boolean;
  /** Why the check failed other than by its condition (a non-finite value, a malformed record). */
  message?: string;
  /** The control the claim is shown against (optional for now; every notebook claim should name one). */
  control?: CheckControl;
}

/** The two scales every notebook supports: "quick" (minutes on two CPU cores) and "paper". */
export const SCALES = Object.freeze(["quick", "paper"] as const);
export type Scale = (typeof SCALES)[number];
