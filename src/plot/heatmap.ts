/**
 * `heatmap`: a scalar field on physical axes with a colour legend — sequential colours for fields of
 * one sign, a symmetric diverging scale for signed fields, masked cells (buildings, land) in grey.
 * Fields up to `RECT_LIMIT` cells are drawn as rect marks (tooltips), larger ones as one raster
 * image layer.
 */
import { Spec, topLevel } from "./compose";
import { Field2D, FieldInput, asField, quantityLabel } from "./field";
import { ColorOptions, ColorScale, colorScale, finiteRange } from "./colormap";
import { MASK_COLOR, MaskInput, maskBytes, maskedIndices } from "./mask";
import { cellRects, flatCells } from "./cells";
import { fieldPng, imageLayer, legendLayer, maskPng } from "./raster";
import { plotSize } from "./axes";

/** Fields with more cells than this (128x128) are drawn as a raster image layer. */
export const RECT_LIMIT = 128 * 128;

/** Options of `heatmap`. */
export interface HeatmapOptions extends ColorOptions {
  title?: string;
  /** Size in px; default: longest side 300 px with the physical aspect ratio. */
  width?: number;
  height?: number;
  /** Cells to draw in `maskColor` (buildings, land), one entry per cell, nonzero = masked. */
  mask?: MaskInput;
  /** Colour of masked cells; default grey "#9e9e9e". */
  maskColor?: string;
  /** Draw as a raster image (true), as rect marks (false), or by size (default "auto": rects up to 128x128). */
  raster?: boolean | "auto";
  /** Legend title; default "name [units]" of the field, "value" if unnamed. */
  legendTitle?: string;
  /** Per-cell tooltips on rect marks (default true). */
  tooltip?: boolean;
}

/** Everything needed to draw a field as layers, after validation. */
export interface FieldDrawing {
  field: Field2D;
  mask?: Uint8Array;
  color: ColorScale;
  width: number;
  height: number;
}

/** Validates a heatmap's inputs and resolves its colour scale from the field's own range. */
export function prepareField(who: string, input: FieldInput, o: HeatmapOptions = {}, range?: [number, number]): FieldDrawing {
  const f = asField(who, input);
  const mask = maskBytes(who, f, o.mask);
  const color = colorScale(who, range ?? finiteRange(f.values, mask), o);
  const size = plotSize(f, o.width, o.height);
  if (o.raster !== undefined && o.raster !== true && o.raster !== false && o.raster !== "auto") {
    throw new RangeError(`${who}: raster must be true, false or "auto", got ${JSON.stringify(o.raster)}`);
  }
  return { field: f, mask, color, ...size };
}

/** The layers that draw a prepared field: values (rects or raster), mask, and legend. */
export function fieldLayers(d: FieldDrawing, o: HeatmapOptions = {}): Spec[] {
  const f = d.field;
  const legendTitle = o.legendTitle ?? (quantityLabel(f.name, f.units) || "value");
  const raster = o.raster === true || ((o.raster ?? "auto") === "auto" && f.nx * f.ny > RECT_LIMIT);
  const maskColor = o.maskColor ?? MASK_COLOR;
  const size = { width: d.width, height: d.height };
  const layers: Spec[] = [];
  if (raster) {
    layers.push(imageLayer(f, fieldPng(f, d.color, d.mask), size));
    if (d.mask !== undefined) layers.push(imageLayer(f, maskPng(f, d.mask, maskColor), size));
    layers.push(legendLayer(d.color, legendTitle));
  } else {
    layers.push(cellRects(f, d.color, { ...size, mask: d.mask, legendTitle, tooltip: o.tooltip }));
    if (d.mask !== undefined) layers.push(flatCells(f, maskedIndices(d.mask), maskColor, size));
  }
  return layers;
}

/**
 * A heatmap of a scalar field.
 *
 * @param input a field from `plot.field(values, [ny, nx], grid)` (row-major, row 0 at the bottom
 *   unless origin "upper") or a tfjs tensor [ny, nx] / [1, ny, nx, 1] (index axes).
 * @returns a Vega-Lite v5 spec: physical x/y axes from the field's grid, colour legend titled
 *   "name [units]", symmetric diverging colours when the field takes both signs.
 * @example plot.heatmap(plot.field(T, [64, 64], { dx: 10, lengthUnit: "m", name: "T", units: "K" }), { mask: buildings })
 */
export function heatmap(input: FieldInput, options: HeatmapOptions = {}): Spec {
  const d = prepareField("plot.heatmap", input, options);
  return topLevel({ ...(options.title ? { title: options.title } : {}), width: d.width, height: d.height, layer: fieldLayers(d, options) });
}
