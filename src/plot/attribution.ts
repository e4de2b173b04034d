/**
 * `attributionMap`: an attribution (saliency) field — integrated gradients, gradient × input, local
 * attribution maps (Gu & Dong 2021) — on a diverging colour scale symmetric about zero, with the
 * output point being explained marked by a cross, and optionally a region outlined (e.g. a CNN's
 * receptive field, outside which attributions must vanish).
 */
import { Spec, topLevel } from "./compose";
import { FieldInput } from "./field";
import { HeatmapOptions, fieldLayers, prepareField } from "./heatmap";
import { fieldAxes } from "./axes";

/** A point: grid indices (cell i along x, j along the array rows) or physical coordinates. */
export type PointInput = { i: number; j: number } | { x: number; y: number };

/** Options of `attributionMap`. */
export interface AttributionMapOptions extends Omit<HeatmapOptions, "symmetric"> {
  /** The output location whose attribution is shown (marked with a cross). */
  target: PointInput;
  /** A rectangle to outline, in physical coordinates: `{ x: [x0, x1], y: [y0, y1] }`. */
  region?: { x: readonly [number, number]; y: readonly [number, number] };
  /** Colour of the target cross and region outline (default black). */
  markColor?: string;
}

/**
 * An attribution map with its target marked.
 * @param attribution attributions on the input grid (as `plot.field`), any sign.
 */
export function attributionMap(attribution: FieldInput, options: AttributionMapOptions): Spec {
  const who = "plot.attributionMap";
  if (typeof options !== "object" || options === null || options.target === undefined) {
    throw new TypeError(`${who}: options.target is required: the output point explained, { i, j } (cell indices) or { x, y }`);
  }
  const o: HeatmapOptions = { ...options, symmetric: true, legendTitle: options.legendTitle ?? "attribution" };
  const d = prepareField(who, attribution, o);
  const f = d.field;
  const t = options.target;
  let tx: number, ty: number;
  if ("i" in t && "j" in t) {
    if (!Number.isInteger(t.i) || !Number.isInteger(t.j) || t.i < 0 || t.i >= f.nx || t.j < 0 || t.j >= f.ny) {
      throw new RangeError(`${who}: target { i, j } must be integer cell indices within [0, ${f.nx}) x [0, ${f.ny}), got ${JSON.stringify(t)}`);
    }
    const row = f.origin === "lower" ? t.j : f.ny - 1 - t.j;
    [tx, ty] = [f.grid.x0 + (t.i + 0.5) * f.grid.dx, f.grid.y0 + (row + 0.5) * f.grid.dy];
  } else if ("x" in t && "y" in t && Number.isFinite(t.x) && Number.isFinite(t.y)) {
    [tx, ty] = [t.x, t.y];
  } else {
    throw new TypeError(`${who}: target must be { i, j } (cell indices) or { x, y } (physical), got ${JSON.stringify(t)}`);
  }
  const color = options.markColor ?? "black";
  const { x: xEnc, y: yEnc } = fieldAxes(f);
  const layers = fieldLayers(d, o);
  if (options.region !== undefined) {
    const r = options.region;
    const ok = (a: unknown): a is [number, number] => Array.isArray(a) && a.length === 2 && a.every(Number.isFinite) && a[0] < a[1];
    if (!ok(r.x) || !ok(r.y)) throw new RangeError(`${who}: region must be { x: [x0, x1], y: [y0, y1] } with x0 < x1, y0 < y1, got ${JSON.stringify(r)}`);
    layers.push({
      data: { values: [{ x: r.x[0], x2: r.x[1], y: r.y[0], y2: r.y[1] }] },
      mark: { type: "rect", fill: null, stroke: color, strokeWidth: 1.5, strokeDash: [4, 3], clip: true },
      encoding: { x: xEnc, x2: { field: "x2" }, y: yEnc, y2: { field: "y2" } },
    });
  }
  layers.push({
    data: { values: [{ x: tx, y: ty, label: "target" }] },
    mark: { type: "point", shape: "cross", filled: true, size: 160, color, stroke: "white", strokeWidth: 1, clip: true },
    encoding: { x: xEnc, y: yEnc, tooltip: [{ field: "label", type: "nominal" }, { field: "x", type: "quantitative" }, { field: "y", type: "quantitative" }] },
  });
  return topLevel({ ...(options.title ? { title: options.title } : {}), width: d.width, height: d.height, layer: layers });
}
