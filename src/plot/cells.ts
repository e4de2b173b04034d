/**
 * Rect marks, one per grid cell: the interactive way to draw fields up to ~128x128 (tooltips in
 * JupyterLab / VS Code). The data stay compact: the values go in as a flat array of numbers
 * (row-major, null for missing/masked) and Vega-Lite transforms compute each cell's rectangle from
 * its row number, so a 128x128 field costs ~16k numbers, not 16k objects.
 */
import { Spec } from "./compose";
import { Field2D, quantityLabel } from "./field";
import { ColorScale, vlColorScale } from "./colormap";
import { cellGeometry, fieldAxes } from "./axes";

/**
 * Rounds v to the resolution `range`/1e5 (decimal places, not significant digits, so fields with a
 * large offset — 300 K ± 0.5 K — keep their variation). Keeps JSON short without visible change.
 */
export function roundTo(range: number): (v: number) => number {
  const step = Math.pow(10, Math.floor(Math.log10(range > 0 && Number.isFinite(range) ? range : 1)) - 5);
  const decimals = Math.max(0, -Math.round(Math.log10(step)));
  return decimals > 0 && decimals <= 20 ? (v) => Number(v.toFixed(decimals)) : (v) => Math.round(v / step) * step;
}

/** Options of `cellRects`. */
export interface CellRectsOptions {
  /** Plot size in px, for the seam overlap. */
  width: number;
  height: number;
  /** Cells to leave out (drawn by a mask layer instead). */
  mask?: Uint8Array;
  /** Colour legend title; legend hidden when null. */
  legendTitle: string | null;
  tooltip?: boolean;
}

/** A rect layer drawing every finite, unmasked cell of `f` with the colour scale `color`. */
export function cellRects(f: Field2D, color: ColorScale, o: CellRectsOptions): Spec {
  const round = roundTo(color.domain[1] - color.domain[0]);
  const values: Array<number | null> = new Array(f.values.length);
  for (let k = 0; k < f.values.length; k++) {
    const v = f.values[k];
    values[k] = (o.mask !== undefined && o.mask[k] !== 0) || !Number.isFinite(v) ? null : round(v);
  }
  // Overlap of 0.75 px in data units, so neighbouring rects cover each other's anti-aliased edge.
  const ox = (0.75 * f.nx * f.grid.dx) / o.width;
  const oy = (0.75 * f.ny * f.grid.dy) / o.height;
  const axes = fieldAxes(f);
  const title = quantityLabel(f.name, f.units) || "value";
  return {
    // One row holding the whole array, flattened to one row per cell (null is allowed inside an
    // object row, not in a bare number array).
    data: { values: [{ value: values }] },
    transform: [
      { flatten: ["value"] },
      { window: [{ op: "row_number", as: "k" }] },
      { filter: "isValid(datum.value)" },
      ...cellGeometry(f, "(datum.k - 1)", ox, oy),
    ],
    mark: { type: "rect", clip: true, aria: false },
    encoding: {
      ...axes,
      color: { field: "value", type: "quantitative", scale: vlColorScale(color), legend: o.legendTitle === null ? null : { title: o.legendTitle } },
      ...(o.tooltip === false
        ? {}
        : {
            tooltip: [
              { field: "value", type: "quantitative", title, format: ".4~g" },
              { field: "x", type: "quantitative", title: `${f.grid.xLabel} (left edge)`, format: ".4~g" },
              { field: "y", type: "quantitative", title: `${f.grid.yLabel} (bottom edge)`, format: ".4~g" },
            ],
          }),
    },
  };
}

/** A rect layer in one flat colour over the cells listed in `indices` (k = j·nx + i). */
export function flatCells(f: Field2D, indices: number[], fill: string, o: { width: number; height: number }): Spec {
  const ox = (0.75 * f.nx * f.grid.dx) / o.width;
  const oy = (0.75 * f.ny * f.grid.dy) / o.height;
  return {
    data: { values: indices },
    transform: cellGeometry(f, "datum.data", ox, oy),
    mark: { type: "rect", clip: true, aria: false, color: fill },
    encoding: fieldAxes(f),
  };
}
