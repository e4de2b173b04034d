/**
 * Physical x/y axes of a field plot: scale domains fixed to the field's extent (no padding, no
 * "nice" rounding, so cells fill the frame exactly), titles "x [km]", and the default plot size
 * that keeps the physical aspect ratio.
 */
import { Field2D, extentOf, quantityLabel } from "./field";
import { Spec } from "./compose";

/** Longest side of a field plot in pixels, unless the caller sets width/height. */
export const FIELD_PLOT_SIZE = 300;

/** Plot width and height (px) with the physical aspect ratio; an explicit width or height wins. */
export function plotSize(f: Field2D, width?: number, height?: number): { width: number; height: number } {
  for (const [name, v] of [["width", width], ["height", height]] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v < 10 || v > 4000)) throw new RangeError(`plot: ${name} must be between 10 and 4000 px, got ${v}`);
  }
  const [x0, x1, y0, y1] = extentOf(f);
  const aspect = (y1 - y0) / (x1 - x0); // height / width
  if (width !== undefined && height !== undefined) return { width, height };
  if (width !== undefined) return { width, height: Math.max(10, Math.round(width * aspect)) };
  if (height !== undefined) return { width: Math.max(10, Math.round(height / aspect)), height };
  return aspect <= 1
    ? { width: FIELD_PLOT_SIZE, height: Math.max(10, Math.round(FIELD_PLOT_SIZE * aspect)) }
    : { width: Math.max(10, Math.round(FIELD_PLOT_SIZE / aspect)), height: FIELD_PLOT_SIZE };
}

function axisTitle(label: string, unit: string): string {
  return quantityLabel(label, unit);
}

/** x and y encodings (fields "x", "x2", "y", "y2" of the data) with the field's physical extent. */
export function fieldAxes(f: Field2D): { x: Spec; x2: Spec; y: Spec; y2: Spec } {
  const [x0, x1, y0, y1] = extentOf(f);
  const g = f.grid;
  return {
    x: { field: "x", type: "quantitative", scale: { domain: [x0, x1], nice: false, zero: false }, axis: { title: axisTitle(g.xLabel, g.lengthUnit) } },
    x2: { field: "x2" },
    y: { field: "y", type: "quantitative", scale: { domain: [y0, y1], nice: false, zero: false }, axis: { title: axisTitle(g.yLabel, g.lengthUnit) } },
    y2: { field: "y2" },
  };
}

/**
 * Vega-Lite transforms that turn the 1-based row number `k` of a cell (k − 1 = j·nx + i, or
 * an index held in `datum.<indexField>`) into its rectangle x, x2, y, y2 in physical units.
 * `overlap` (in physical units) extends each rectangle right/up so that anti-aliasing leaves no
 * hairline seams between neighbours; the plot clips the overflow at the frame.
 */
export function cellGeometry(f: Field2D, indexExpr: string, overlapX: number, overlapY: number): Spec[] {
  const g = f.grid;
  const row = f.origin === "lower" ? `floor(${indexExpr} / ${f.nx})` : `(${f.ny - 1} - floor(${indexExpr} / ${f.nx}))`;
  return [
    { calculate: `${g.x0} + (${indexExpr} % ${f.nx}) * ${g.dx}`, as: "x" },
    { calculate: `${g.y0} + ${row} * ${g.dy}`, as: "y" },
    { calculate: `datum.x + ${g.dx + overlapX}`, as: "x2" },
    { calculate: `datum.y + ${g.dy + overlapY}`, as: "y2" },
  ];
}
