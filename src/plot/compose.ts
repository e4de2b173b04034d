/**
 * Vega-Lite specs as plain JSON values, and the ways to join them: `layer` (marks on one set of
 * axes), `hconcat` / `vconcat` / `grid` (panels side by side). Every builder returns a top-level
 * spec (with `$schema` and a white background); joining strips the top-level-only properties from
 * the parts and puts them back once on the result.
 */

/** A Vega-Lite v5 specification (JSON). Builders validate against the v5 JSON schema in tests. */
export type Spec = { [key: string]: unknown };

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Properties only a top-level spec may carry. */
const TOP_LEVEL_ONLY = ["$schema", "config", "background", "padding", "autosize", "usermeta", "datasets"];

/** The part of a spec that can be nested in a layer or concat. */
export function nested(spec: Spec): Spec {
  const out: Spec = { ...spec };
  for (const k of TOP_LEVEL_ONLY) delete out[k];
  return out;
}

/** Adds the top-level properties: schema URL, white background (PNGs stay readable on dark pages). */
export function topLevel(spec: Spec): Spec {
  return { $schema: VEGA_LITE_SCHEMA, background: "white", ...nested(spec) };
}

function checkParts(who: string, parts: readonly Spec[]): void {
  if (parts.length === 0) throw new RangeError(`${who}: needs at least one spec`);
  parts.forEach((p, i) => {
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw new TypeError(`${who}: part ${i} must be a spec object, got ${p === null ? "null" : typeof p}`);
  });
}

/**
 * Overlays specs on shared axes. Size (width/height) and title are taken from the first part
 * that has them and lifted to the layer (Vega-Lite sizes a layer as a whole).
 */
export function layer(...parts: Spec[]): Spec {
  checkParts("plot.layer", parts);
  const out: Spec = {};
  for (const key of ["title", "width", "height"]) {
    const p = parts.find((s) => s[key] !== undefined);
    if (p !== undefined) out[key] = p[key];
  }
  const layers = parts.flatMap((p) => {
    const n = nested(p);
    delete n.title;
    delete n.width;
    delete n.height;
    // A part that is itself a bare layer is flattened into this one.
    return Array.isArray(n.layer) && Object.keys(n).every((k) => k === "layer") ? (n.layer as Spec[]) : [n];
  });
  return topLevel({ ...out, layer: layers });
}

/** How colour scales of joined panels combine: one shared legend or one per panel. */
export type ColorResolve = "shared" | "independent";

function resolve(color: ColorResolve): Spec {
  return { scale: { color, x: "independent", y: "independent" } };
}

/** Panels left to right. Colour scales are independent unless `color: "shared"`. */
export function hconcat(parts: Spec[], options: { title?: string; color?: ColorResolve } = {}): Spec {
  checkParts("plot.hconcat", parts);
  return topLevel({ ...(options.title ? { title: options.title } : {}), hconcat: parts.map(nested), resolve: resolve(options.color ?? "independent") });
}

/** Panels top to bottom. Colour scales are independent unless `color: "shared"`. */
export function vconcat(parts: Spec[], options: { title?: string; color?: ColorResolve } = {}): Spec {
  checkParts("plot.vconcat", parts);
  return topLevel({ ...(options.title ? { title: options.title } : {}), vconcat: parts.map(nested), resolve: resolve(options.color ?? "independent") });
}

/** Panels in rows of `columns` (default: all in one row). Colour scales as in `hconcat`. */
export function grid(parts: Spec[], options: { title?: string; columns?: number; color?: ColorResolve } = {}): Spec {
  checkParts("plot.grid", parts);
  const columns = options.columns ?? parts.length;
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`plot.grid: columns must be a positive integer, got ${columns}`);
  return topLevel({
    ...(options.title ? { title: options.title } : {}),
    columns,
    concat: parts.map(nested),
    resolve: resolve(options.color ?? "independent"),
  });
}
