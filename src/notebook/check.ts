/**
 * Checks: a notebook asserts its scientific claim with `check(name, value, condition)`. A check
 * displays a pass/fail row at once and never throws on failure (later cells still run); the runner
 * collects every check from the outputs and fails the run if any failed.
 *
 * Conditions (exactly one): `{ below: b }` passes when value < b; `{ above: a }` when value > a;
 * `{ within: [lo, hi] }` when lo ≤ value ≤ hi. A value that is not finite (NaN, ±Infinity) fails
 * with a message saying so — a NaN error must never pass a check silently.
 *
 * Display bundle: `application/vnd.kazami.check+json` = `{ name, value, condition, passed }`
 * (+ `message` when failing for a non-finite value; JSON cannot carry NaN, so a non-finite value is
 * written as the string "NaN", "Infinity" or "-Infinity"), `text/plain` and a `text/html` row;
 * metadata `{ kazami: { kind: "check", provenance } }`.
 */
import { display } from "./display";
import { DisplayData, JUPYTER_DISPLAY, escapeHtml } from "./mime";
import { Provenance, provenance } from "./provenance";

export const CHECK_MIME = "application/vnd.kazami.check+json";

/** A check's condition: exactly one of below / above / within. */
export type CheckCondition = { below: number } | { above: number } | { within: [number, number] };

/** A recorded check. */
export interface CheckRecord {
  name: string;
  /** The value, or "NaN" / "Infinity" / "-Infinity" when it was not finite. */
  value: number | string;
  condition: { below?: number; above?: number; within?: [number, number] };
  passed: boolean;
  /** Why a check failed other than by its condition (non-finite value). */
  message?: string;
}

const recorded: CheckRecord[] = [];

function validName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw new TypeError(`check: name must be a non-empty string, got ${JSON.stringify(name)}`);
  return name;
}

function validCondition(name: string, c: unknown): CheckRecord["condition"] {
  const who = `check("${name}")`;
  if (typeof c !== "object" || c === null || Array.isArray(c)) {
    throw new TypeError(`${who}: condition must be { below: number } | { above: number } | { within: [lo, hi] }, got ${JSON.stringify(c)}`);
  }
  const keys = Object.keys(c);
  const known = ["below", "above", "within"];
  const unknown = keys.filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new TypeError(`${who}: unknown condition key(s) ${unknown.join(", ")}; use exactly one of below, above, within`);
  if (keys.length !== 1) throw new TypeError(`${who}: condition must have exactly one of below, above, within, got ${keys.length === 0 ? "none" : keys.join(" and ")}`);
  const rec = c as Record<string, unknown>;
  if (keys[0] === "within") {
    const w = rec.within;
    if (!Array.isArray(w) || w.length !== 2 || !w.every((x) => typeof x === "number" && Number.isFinite(x)) || w[0] > w[1]) {
      throw new RangeError(`${who}: within must be [lo, hi] with finite numbers lo ≤ hi, got ${JSON.stringify(w)}`);
    }
    return { within: [w[0], w[1]] };
  }
  const b = rec[keys[0]];
  if (typeof b !== "number" || !Number.isFinite(b)) throw new RangeError(`${who}: ${keys[0]} must be a finite number, got ${JSON.stringify(b)}`);
  return { [keys[0]]: b };
}

/** "below 1e-05", "within [0.9, 1.1]". */
function describe(c: CheckRecord["condition"]): string {
  if (c.below !== undefined) return `below ${c.below}`;
  if (c.above !== undefined) return `above ${c.above}`;
  return `within [${c.within![0]}, ${c.within![1]}]`;
}

/** The value with 4 significant digits, or in full when rounding would make it equal a bound. */
function formatValue(v: number | string, c: CheckRecord["condition"]): string {
  if (typeof v === "string" || Number.isInteger(v)) return String(v);
  const short = v.toPrecision(4).replace(/\.?0+(e|$)/, "$1");
  const bounds = [c.below, c.above, ...(c.within ?? [])];
  return bounds.includes(Number(short)) ? String(v) : short;
}

/** A check's display: the JSON record, a text line and an HTML row. */
class CheckOutput {
  constructor(private readonly rec: CheckRecord, private readonly prov: Provenance) {}

  [JUPYTER_DISPLAY](): DisplayData {
    const r = this.rec;
    const verdict = r.passed ? "✓ PASS" : "✗ FAIL";
    const tail = r.message ? `: ${r.message}` : "";
    const text = `${verdict}  ${r.name} = ${formatValue(r.value, r.condition)} (${describe(r.condition)})${tail}`;
    const color = r.passed ? "#1a7f37" : "#cf222e";
    const html =
      `<table class="kazami-check" style="border-collapse:collapse;margin:2px 0"><tr>` +
      `<td style="color:${color};font-weight:bold;padding:2px 8px;white-space:nowrap">${verdict}</td>` +
      `<td style="padding:2px 8px">${escapeHtml(r.name)}</td>` +
      `<td style="padding:2px 8px;font-family:monospace">${escapeHtml(formatValue(r.value, r.condition))}</td>` +
      `<td style="padding:2px 8px;color:#57606a">${escapeHtml(describe(r.condition))}${escapeHtml(tail)}</td>` +
      `</tr></table>`;
    const json: Record<string, unknown> = { name: r.name, value: r.value, condition: r.condition, passed: r.passed };
    if (r.message) json.message = r.message;
    return { data: { [CHECK_MIME]: json, "text/plain": text, "text/html": html }, metadata: { kazami: { kind: "check", provenance: this.prov } } };
  }
}

/**
 * Checks a value against a condition, displays the result, and records it (see `checks()`).
 * @throws TypeError/RangeError for a bad name, a non-number value or a malformed condition (a
 *   programming error), never for a failed check.
 * @example check("equivariance error", err, { below: 1e-5 })
 */
export function check(name: string, value: number, condition: CheckCondition): void {
  validName(name);
  if (typeof value !== "number") {
    throw new TypeError(`check("${name}"): value must be a number, got ${value === null ? "null" : typeof value}${typeof value === "object" ? " (for a tensor, pass (await t.data())[0])" : ""}`);
  }
  const c = validCondition(name, condition);
  let rec: CheckRecord;
  if (!Number.isFinite(value)) {
    const v = String(value);
    rec = { name, value: v, condition: c, passed: false, message: `value is ${v}, not a finite number` };
  } else {
    const passed = c.below !== undefined ? value < c.below : c.above !== undefined ? value > c.above : value >= c.within![0] && value <= c.within![1];
    rec = { name, value, condition: c, passed };
  }
  recorded.push(rec);
  display(new CheckOutput(rec, provenance()));
}

/** Every check made in this process so far, in order (copies). */
export function checks(): CheckRecord[] {
  return recorded.map((r) => ({ ...r, condition: r.condition.within ? { within: [...r.condition.within] as [number, number] } : { ...r.condition } }));
}

/** Forgets the recorded checks (e.g. before re-running a notebook in the same kernel). */
export function resetChecks(): void {
  recorded.length = 0;
}
