/**
 * Figures: a Vega-Lite spec from a `plot` builder, rendered once and shown as one bundle.
 *
 * The design: plot builders are pure (they return spec objects and never render); `figure(spec,
 * options)` is the one place where a spec is rendered (SVG via Vega, PNG via resvg) and stamped
 * with provenance. As the last expression of a cell, or through `display(...)`, a Figure shows as
 *
 * - `application/vnd.vegalite.v5+json`: the spec object (interactive in JupyterLab / VS Code);
 * - `image/png` (base64), always: what GitHub, nbviewer and untrusted notebooks show;
 * - `image/svg+xml` when the SVG is at most `SVG_MAX_BYTES` (line plots yes; a 64x64 rect heatmap,
 *   ~0.4 MB of SVG, no — the PNG is then the static rendering, keeping notebooks small);
 * - `text/plain`: title, caption and size;
 *
 * with metadata `{ kazami: { kind: "figure", title, caption, provenance } }`.
 *
 * @example
 *   notebook.figure(plot.heatmap(w, { title: "vorticity" }), { caption: "t = 10, seed 0" })
 */
import { VEGA_LITE_MIME } from "../core/contract";
import { Spec, render } from "../plot";
import { DisplayData, JUPYTER_DISPLAY } from "./mime";
import { DatasetRef, Provenance, provenance } from "./provenance";

/** The largest SVG included in a figure's bundle (256 KiB). */
export const SVG_MAX_BYTES = 256 * 1024;

export { VEGA_LITE_MIME } from "../core/contract";

/** Options of `figure`. */
export interface FigureOptions {
  /** Title for the manifest/gallery; default the spec's own title. */
  title?: string;
  /** One or two sentences saying what the figure shows. */
  caption?: string;
  /** Seed of the data shown; default the notebook's `seed` parameter. */
  seed?: number;
  /** Hash (or `{ name, hash }`) of the dataset shown. */
  dataset?: string | DatasetRef;
  /** PNG pixels per SVG pixel (default 1.5). */
  pngScale?: number;
}

function specTitle(spec: Spec): string | undefined {
  const t = spec.title;
  if (typeof t === "string" && t !== "") return t;
  if (typeof t === "object" && t !== null && typeof (t as { text?: unknown }).text === "string" && (t as { text: string }).text !== "") {
    return (t as { text: string }).text;
  }
  return undefined;
}

/** A rendered figure. Build with `figure(spec, options)`. */
export class Figure {
  readonly spec: Spec;
  readonly title?: string;
  readonly caption?: string;
  readonly provenance: Provenance;
  /** SVG text and PNG bytes. */
  readonly svg: string;
  readonly png: Buffer;
  /** Size in CSS px (the PNG has pngScale times as many pixels). */
  readonly width: number;
  readonly height: number;
  /** Vega-Lite/Vega warnings raised while rendering. */
  readonly warnings: readonly string[];
  /** Wall time to render SVG and PNG, ms. */
  readonly renderMs: number;

  constructor(spec: Spec, options: FigureOptions = {}) {
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
      throw new TypeError(`notebook.figure: spec must be a Vega-Lite spec object from a plot builder, got ${spec === null ? "null" : Array.isArray(spec) ? "an array" : typeof spec}`);
    }
    for (const k of ["title", "caption"] as const) {
      if (options[k] !== undefined && typeof options[k] !== "string") throw new TypeError(`notebook.figure: ${k} must be a string, got ${typeof options[k]}`);
    }
    this.provenance = provenance({ seed: options.seed, dataset: options.dataset });
    const r = render(spec, { pngScale: options.pngScale });
    this.spec = spec;
    const title = options.title ?? specTitle(spec);
    if (title !== undefined) this.title = title;
    if (options.caption !== undefined) this.caption = options.caption;
    this.svg = r.svg;
    this.png = r.png!;
    this.width = r.width;
    this.height = r.height;
    this.warnings = r.warnings;
    this.renderMs = r.svgMs + r.pngMs;
  }

  /** One line (plus caption) for text-only frontends and logs. */
  toString(): string {
    const head = `Figure${this.title ? ` "${this.title}"` : ""} (${Math.round(this.width)}x${Math.round(this.height)} px, PNG ${(this.png.length / 1024).toFixed(0)} KB)`;
    return this.caption ? `${head}\n${this.caption}` : head;
  }

  /** The display bundle (see the module comment). */
  [JUPYTER_DISPLAY](): DisplayData {
    const data: Record<string, unknown> = {
      [VEGA_LITE_MIME]: this.spec,
      "image/png": this.png.toString("base64"),
      "text/plain": this.toString(),
    };
    if (Buffer.byteLength(this.svg) <= SVG_MAX_BYTES) data["image/svg+xml"] = this.svg;
    const kazami: Record<string, unknown> = { kind: "figure" };
    if (this.title !== undefined) kazami.title = this.title;
    if (this.caption !== undefined) kazami.caption = this.caption;
    kazami.provenance = this.provenance;
    // The PNG's natural size in CSS px, so frontends show it at 1x even though it has more pixels.
    return { data, metadata: { kazami, "image/png": { width: Math.round(this.width), height: Math.round(this.height) } } };
  }
}

/**
 * Renders a plot spec into a Figure (synchronously) with provenance. Vega-Lite warnings are
 * printed to stderr: they usually mean an encoding was dropped.
 */
export function figure(spec: Spec, options: FigureOptions = {}): Figure {
  const f = new Figure(spec, options);
  for (const w of f.warnings) process.stderr.write(`notebook.figure: Vega-Lite warning: ${w}\n`);
  return f;
}
