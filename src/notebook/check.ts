/**
 * Checks: a notebook asserts its scientific claim with `check(name, value, condition)`, shown
 * beside its control. A check displays a pass/fail row at once and never throws on failure (later
 * cells still run); the runner collects every check from the outputs and fails the run if any
 * failed.
 *
 * Conditions (exactly one): `{ below: b }` passes when value < b; `{ above: a }` when value > a;
 * `{ within: [lo, hi] }` when lo ≤ value ≤ hi. A value that is not finite (NaN, ±Infinity) fails
 * with a message saying so — a NaN error must never pass a check silently.
 *
 * Control (EXPERIMENTS.md, "Every check has a control"): `control: { name, value }` is the cheapest
 * thing a skeptical reviewer would say does just as well (persistence, a linear regression fitted
 * on the same data, a plain CNN), computed in the notebook on the same data, in the units of the
 * value. It is recorded and shown with the claim, with the ratio value / control when both are
 * numbers and the control is non-zero. It does not change whether the check passes.
 *
 * Display bundle: `CHECK_MIME` = a `CheckRecord` `{ name, value, condition, passed, control? }`
 * (+ `message` when failing for a non-finite value; JSON cannot carry NaN, so a non-finite value is
 * written as the string "NaN", "Infinity" or "-Infinity"), `text/plain` and a `text/html` row;
 * metadata `{ kazami: { kind: "check", provenance } }`.
 */
import { CHECK_MIME, CheckCondition, CheckControl, CheckRecord, DisplayData } from "../core/contract";
import { display } from "./display";
import { JUPYTER_DISPLAY, escapeHtml } from "./mime";
import { Provenance, provenance } from "./provenance";

export { CHECK_MIME, type CheckCondition, type CheckControl, type CheckRecord } from "../core/contract";

/** What `check` takes besides the value: exactly one condition key, and optionally the control. */
export type CheckOptions = CheckCondition & { control?: CheckControl };

const recorded: CheckRecord[] = [];

function validName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw new TypeError(`check: name must be a non-empty string, got ${JSON.stringify(name)}`);
  return name;
}

/** A value for a message: numbers as JavaScript prints them (NaN stays NaN), others as JSON. */
function shown(v: unknown): string {
  return typeof v === "number" ? String(v) : v === undefined ? "undefined" : JSON.stringify(v);
}

/** Splits `options` into its condition (validated below) and its control; checks it is an object. */
function splitOptions(who: string, options: unknown): { condition: Record<string, unknown>; control: unknown; hasControl: boolean } {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${who}: condition must be { below: number } | { above: number } | { within: [lo, hi] } (optionally with control: { name, value }), got ${shown(options)}`);
  }
  const { control, ...condition } = options as Record<string, unknown>;
  return { condition, control, hasControl: "control" in options };
}

function validCondition(who: string, c: Record<string, unknown>): CheckCondition {
  const keys = Object.keys(c);
  const known = ["below", "above", "within"];
  const unknown = keys.filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new TypeError(`${who}: unknown condition key(s) ${unknown.join(", ")}; use exactly one of below, above, within (and optionally control)`);
  if (keys.length !== 1) throw new TypeError(`${who}: condition must have exactly one of below, above, within, got ${keys.length === 0 ? "none" : keys.join(" and ")}`);
  if (keys[0] === "within") {
    const w = c.within;
    if (!Array.isArray(w) || w.length !== 2 || !w.every((x) => typeof x === "number" && Number.isFinite(x)) || w[0] > w[1]) {
      throw new RangeError(`${who}: within must be [lo, hi] with finite numbers lo ≤ hi, got ${JSON.stringify(w)}`);
    }
    return { within: [w[0], w[1]] };
  }
  const b = c[keys[0]];
  if (typeof b !== "number" || !Number.isFinite(b)) throw new RangeError(`${who}: ${keys[0]} must be a finite number, got ${shown(b)}`);
  return keys[0] === "below" ? { below: b } : { above: b };
}

/** `control` must be `{ name: non-empty string, value: finite number }` and nothing else. */
function validControl(who: string, control: unknown): CheckControl {
  const expected = `{ name: string, value: number } (the baseline the claim is shown against, e.g. { name: "linear regression", value: errLinear })`;
  if (typeof control !== "object" || control === null || Array.isArray(control)) {
    throw new TypeError(`${who}: control must be ${expected}, got ${shown(control)}`);
  }
  const rec = control as Record<string, unknown>;
  const unknown = Object.keys(rec).filter((k) => k !== "name" && k !== "value");
  if (unknown.length > 0) throw new TypeError(`${who}: unknown control key(s) ${unknown.join(", ")}; control must be ${expected}`);
  if (typeof rec.name !== "string" || rec.name.trim() === "") {
    throw new TypeError(`${who}: control.name must be a non-empty string naming the control, got ${shown(rec.name)}`);
  }
  const v = rec.value;
  if (typeof v !== "number") {
    throw new TypeError(`${who}: control.value must be a number, got ${v === null ? "null" : typeof v}${typeof v === "object" ? " (for a tensor, pass (await t.data())[0])" : ""}`);
  }
  if (!Number.isFinite(v)) throw new RangeError(`${who}: control.value must be a finite number, got ${v} (control "${rec.name}")`);
  return { name: rec.name, value: v };
}

/** "below 1e-05", "within [0.9, 1.1]". */
function describe(c: CheckRecord["condition"]): string {
  if (c.below !== undefined) return `below ${c.below}`;
  if (c.above !== undefined) return `above ${c.above}`;
  return `within [${c.within![0]}, ${c.within![1]}]`;
}

/** `v` with 4 significant digits ("0.0042", "3.2e-7"); integers in full. */
function short(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const [mantissa, exponent] = v.toPrecision(4).split("e"); // trailing zeros of the mantissa only: 3.898e-10 keeps its exponent
  const m = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
  return exponent === undefined ? m : `${m}e${exponent}`;
}

/** The value with 4 significant digits, or in full when rounding would make it equal a bound. */
function formatValue(v: number | string, c: CheckRecord["condition"]): string {
  if (typeof v === "string" || Number.isInteger(v)) return String(v);
  const s = short(v);
  const bounds = [c.below, c.above, ...(c.within ?? [])];
  return bounds.includes(Number(s)) ? String(v) : s;
}

/** value / control when both are numbers and the control is non-zero, else undefined. */
function ratio(r: CheckRecord): number | undefined {
  return typeof r.value === "number" && r.control !== undefined && r.control.value !== 0 ? r.value / r.control.value : undefined;
}

/** A check's display: the JSON record, a text line and an HTML row. */
class CheckOutput {
  constructor(private readonly rec: CheckRecord, private readonly prov: Provenance) {}

  [JUPYTER_DISPLAY](): DisplayData {
    const r = this.rec;
    const verdict = r.passed ? "✓ PASS" : "✗ FAIL";
    const tail = r.message ? `: ${r.message}` : "";
    const q = ratio(r);
    const controlText =
      r.control === undefined ? "" : ` · control ${r.control.name} = ${short(r.control.value)}${q === undefined ? "" : `, value/control = ${short(q)}`}`;
    const text = `${verdict}  ${r.name} = ${formatValue(r.value, r.condition)} (${describe(r.condition)})${tail}${controlText}`;
    const color = r.passed ? "#1a7f37" : "#cf222e";
    const td = (style: string, content: string): string => `<td style="padding:2px 8px${style}">${content}</td>`;
    const controlHtml =
      r.control === undefined
        ? ""
        : td(";color:#57606a", `control ${escapeHtml(r.control.name)} = <span style="font-family:monospace">${escapeHtml(short(r.control.value))}</span>`) +
          (q === undefined ? "" : td(";color:#57606a", `value/control = <span style="font-family:monospace">${escapeHtml(short(q))}</span>`));
    const html =
      `<table class="kazami-check" style="border-collapse:collapse;margin:2px 0"><tr>` +
      td(`;color:${color};font-weight:bold;white-space:nowrap`, verdict) +
      td("", escapeHtml(r.name)) +
      td(";font-family:monospace", escapeHtml(formatValue(r.value, r.condition))) +
      td(";color:#57606a", `${escapeHtml(describe(r.condition))}${escapeHtml(tail)}`) +
      controlHtml +
      `</tr></table>`;
    const json: CheckRecord = { name: r.name, value: r.value, condition: r.condition, passed: r.passed };
    if (r.message) json.message = r.message;
    if (r.control) json.control = { ...r.control };
    return { data: { [CHECK_MIME]: json, "text/plain": text, "text/html": html }, metadata: { kazami: { kind: "check", provenance: this.prov } } };
  }
}

/**
 * Checks a value against a condition, displays the result beside its control, and records it (see
 * `checks()`). `value` and `control.value` are plain numbers in the same units.
 * @throws TypeError/RangeError for a bad name, a non-number value, a malformed condition or a
 *   malformed control (a programming error), never for a failed check.
 * @example check("equivariance error", err, { below: 1e-5, control: { name: "plain CNN", value: errCnn } })
 */
export function check(name: string, value: number, options: CheckOptions): void {
  validName(name);
  const who = `check("${name}")`;
  if (typeof value !== "number") {
    throw new TypeError(`${who}: value must be a number, got ${value === null ? "null" : typeof value}${typeof value === "object" ? " (for a tensor, pass (await t.data())[0])" : ""}`);
  }
  const parts = splitOptions(who, options);
  const c = validCondition(who, parts.condition);
  const control = parts.hasControl ? validControl(who, parts.control) : undefined;
  let rec: CheckRecord;
  if (!Number.isFinite(value)) {
    const v = String(value);
    rec = { name, value: v, condition: c, passed: false, message: `value is ${v}, not a finite number` };
  } else {
    const passed = c.below !== undefined ? value < c.below : c.above !== undefined ? value > c.above : value >= c.within[0] && value <= c.within[1];
    rec = { name, value, condition: c, passed };
  }
  if (control !== undefined) rec.control = control;
  recorded.push(rec);
  display(new CheckOutput(rec, provenance()));
}

/** Every check made in this process so far, in order (copies). */
export function checks(): CheckRecord[] {
  return recorded.map((r) => ({
    ...r,
    condition: r.condition.within ? { within: [...r.condition.within] as [number, number] } : { ...r.condition },
    ...(r.control ? { control: { ...r.control } } : {}),
  }));
}

/** Forgets the recorded checks (e.g. before re-running a notebook in the same kernel). */
export function resetChecks(): void {
  recorded.length = 0;
}
