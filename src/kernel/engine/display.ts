/**
 * Turning values into Jupyter MIME bundles, and validating bundles handed to the display API.
 *
 * An object displays itself through a method `[Symbol.for("Jupyter.display")]()` returning either a
 * bundle (`{ "text/plain": ..., "image/png": <base64>, ... }`) or `{ data: bundle, metadata? }`
 * (told apart by a top-level `data` object whose keys contain "/"). Other values show as
 * `text/plain` from `util.inspect`. JSON MIME types (application/json, *+json) carry objects;
 * binary values (Uint8Array/Buffer) become base64 strings; other types must be strings.
 */
import { inspect } from "node:util";
import type { DisplayOutput, ResultBundle } from "../executor";

/** The well-known symbol of self-displaying objects (the Deno convention). */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

const MIME_PATTERN = /^[\w\-+.]+\/[\w\-+.]+$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Uint8Array) return "a Uint8Array";
  return typeof v;
}

/** True for MIME types whose value is JSON data rather than a string. */
export function isJsonMime(mime: string): boolean {
  return mime === "application/json" || mime.endsWith("+json");
}

/**
 * Checks and normalises a MIME bundle: keys must look like "type/subtype"; Uint8Array values are
 * base64-encoded; JSON types must be JSON-serialisable; others must be strings. `where` names the
 * caller in error messages. Returns a new object.
 */
export function normalizeBundle(data: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(data)) throw new TypeError(`${where}: data must be a MIME bundle object like {"text/plain": "..."}, got ${describe(data)}`);
  const out: Record<string, unknown> = {};
  for (const [mime, value] of Object.entries(data)) {
    if (!MIME_PATTERN.test(mime)) throw new TypeError(`${where}: "${mime}" is not a MIME type (expected "type/subtype", e.g. "text/html")`);
    if (value instanceof Uint8Array) out[mime] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
    else if (isJsonMime(mime)) out[mime] = value;
    else if (typeof value === "string") out[mime] = value;
    else throw new TypeError(`${where}: the value of "${mime}" must be a string (or a Uint8Array for binary types), got ${describe(value)}`);
  }
  return out;
}

function normalizeMetadata(metadata: unknown, where: string): Record<string, unknown> {
  if (metadata === undefined || metadata === null) return {};
  if (!isPlainObject(metadata)) throw new TypeError(`${where}: metadata must be an object, got ${describe(metadata)}`);
  return metadata;
}

/**
 * A validated display message serialised to JSON (the form it crosses the process boundary in).
 * Throws TypeError for bad bundles, metadata, display ids, or values JSON cannot encode.
 */
export function encodeDisplay(data: unknown, metadata: unknown, transient: unknown, where: string, needId: boolean): string {
  const out: DisplayOutput = { data: normalizeBundle(data, where), metadata: normalizeMetadata(metadata, where), transient: {} };
  if (transient !== undefined && transient !== null) {
    if (!isPlainObject(transient)) throw new TypeError(`${where}: transient must be an object like {display_id: "..."}, got ${describe(transient)}`);
    const id = transient.display_id;
    if (id !== undefined && typeof id !== "string") throw new TypeError(`${where}: transient.display_id must be a string, got ${describe(id)}`);
    if (id !== undefined) out.transient.display_id = id;
  }
  if (needId && out.transient.display_id === undefined) throw new TypeError(`${where}: transient.display_id (a string) is required to update a display`);
  try {
    return JSON.stringify(out);
  } catch (err) {
    throw new TypeError(`${where}: the bundle is not JSON-serialisable (${(err as Error).message})`);
  }
}

/** Splits what a `[Symbol.for("Jupyter.display")]()` method returned into data and metadata. */
export function splitDisplayResult(value: unknown): { data: unknown; metadata: unknown } {
  if (isPlainObject(value) && isPlainObject(value.data) && Object.keys(value.data).some((k) => k.includes("/"))) {
    return { data: value.data, metadata: value.metadata };
  }
  return { data: value, metadata: undefined };
}

/** `util.inspect` as shown for results: no colours, bounded depth and sizes. */
export function plainText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/**
 * The bundle showing `value` as a result. Calls the object's Jupyter.display method when present
 * (an error there propagates, naming the method); otherwise `{ "text/plain": util.inspect(value) }`.
 */
export function resultBundle(value: unknown): ResultBundle {
  const method = (value as { [JUPYTER_DISPLAY]?: unknown } | null | undefined)?.[JUPYTER_DISPLAY];
  if ((typeof value === "object" || typeof value === "function") && value !== null && typeof method === "function") {
    const { data, metadata } = splitDisplayResult((method as () => unknown).call(value));
    const where = "[Symbol.for(\"Jupyter.display\")]()";
    return { data: normalizeBundle(data, where), metadata: normalizeMetadata(metadata, where) };
  }
  return { data: { "text/plain": plainText(value) }, metadata: {} };
}
