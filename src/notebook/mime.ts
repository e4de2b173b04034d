/**
 * MIME bundles and the kernel host: how a value becomes Jupyter display data, and how display
 * data reaches the kernel.
 *
 * - A value displays itself through a method `[Symbol.for("Jupyter.display")]()` (Deno's
 *   convention) returning either a bundle `{ "text/plain": ..., "image/png": ... }` or
 *   `{ data: bundle, metadata }`. JSON MIME types (application/json, *+json) carry objects.
 * - Inside the Kazami kernel, `globalThis[Symbol.for("kazami.kernel")]` is the host that sends
 *   display_data / update_display_data / clear_output; outside (vitest, plain node) it is absent.
 */
import { inspect } from "util";
import type { DisplayData, MimeBundle } from "../core/contract";

export type { DisplayData, MimeBundle } from "../core/contract";

/** The symbol of self-displaying values. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** The symbol under which the kernel installs its host on globalThis. */
export const KERNEL_HOST: unique symbol = Symbol.for("kazami.kernel");

/** What the kernel installs on `globalThis[Symbol.for("kazami.kernel")]`. */
export interface KernelHost {
  display(data: MimeBundle, metadata?: object, transient?: { display_id?: string }): void;
  updateDisplay(data: MimeBundle, metadata: object | undefined, transient: { display_id: string }): void;
  clearOutput(wait?: boolean): void;
  /** A line of input from the front end (see input.ts); absent in hosts that cannot ask. */
  input?(prompt: string, password: boolean): Promise<string>;
}

/** The kernel host, or undefined outside the kernel. */
export function kernelHost(): KernelHost | undefined {
  const h = (globalThis as Record<symbol, unknown>)[KERNEL_HOST] as Partial<KernelHost> | undefined;
  return h !== undefined && typeof h.display === "function" && typeof h.updateDisplay === "function" ? (h as KernelHost) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True for `{ data: bundle, metadata? }` (a top-level `data` object whose keys contain "/"). */
function isDisplayData(v: Record<string, unknown>): v is { data: MimeBundle; metadata?: Record<string, unknown> } {
  return isRecord(v.data) && Object.keys(v.data).some((k) => k.includes("/"));
}

/**
 * The display data of any value: its own `[Symbol.for("Jupyter.display")]()` when it has one,
 * otherwise text/plain (strings as they are, other values through util.inspect).
 */
export function toDisplayData(value: unknown): DisplayData {
  const method = (value as Record<symbol, unknown> | null | undefined)?.[JUPYTER_DISPLAY];
  if (typeof method === "function") {
    const out: unknown = method.call(value);
    if (!isRecord(out)) throw new TypeError(`display: [Symbol.for("Jupyter.display")]() must return a MIME bundle object, got ${out === null ? "null" : typeof out}`);
    if (isDisplayData(out)) return { data: out.data, metadata: isRecord(out.metadata) ? out.metadata : {} };
    return { data: out, metadata: {} };
  }
  return { data: { "text/plain": typeof value === "string" ? value : inspect(value, { depth: 4, colors: false }) }, metadata: {} };
}

/** The text/plain of display data (what is printed outside the kernel). */
export function plainText(d: DisplayData): string {
  const t = d.data["text/plain"];
  return typeof t === "string" ? t : inspect(t, { depth: 4, colors: false });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
