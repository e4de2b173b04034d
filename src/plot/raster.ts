/**
 * Raster layers: a field coloured into a PNG (one pixel per cell) embedded as a data URL in an
 * image mark. This is how fields larger than ~128x128 are drawn: the spec, the SVG and the notebook
 * stay small (a 256x256 field is ~100 KB instead of 65k rect marks). The colours come from the same
 * Vega scheme as rect marks; an invisible layer carries the colour scale so the legend is drawn.
 */
import { Spec } from "./compose";
import { Field2D, extentOf } from "./field";
import { ColorScale, LUT_SIZE, colorLut, rgbOf, vlColorScale } from "./colormap";
import { encodePng } from "./png";
import { fieldAxes } from "./axes";

/** Picture pixels (rows from the top) of a field, as RGBA; `paint(k)` gives the colour of cell k or null. */
function pixels(f: Field2D, paint: (k: number, out: Uint8Array, o: number) => void): Uint8Array {
  const rgba = new Uint8Array(f.nx * f.ny * 4);
  for (let r = 0; r < f.ny; r++) {
    const j = f.origin === "lower" ? f.ny - 1 - r : r; // array row shown in picture row r (from the top)
    for (let i = 0; i < f.nx; i++) paint(j * f.nx + i, rgba, (r * f.nx + i) * 4);
  }
  return rgba;
}

/** PNG (one pixel per cell) of `f` coloured by `color`; masked and non-finite cells are transparent. */
export function fieldPng(f: Field2D, color: ColorScale, mask?: Uint8Array): Buffer {
  const lut = colorLut(color);
  const [lo, hi] = color.domain;
  const scale = (LUT_SIZE - 1) / (hi - lo);
  const rgba = pixels(f, (k, out, o) => {
    const v = f.values[k];
    if ((mask !== undefined && mask[k] !== 0) || !Number.isFinite(v)) return; // alpha stays 0
    const q = Math.min(LUT_SIZE - 1, Math.max(0, Math.round((v - lo) * scale)));
    out[o] = lut[3 * q];
    out[o + 1] = lut[3 * q + 1];
    out[o + 2] = lut[3 * q + 2];
    out[o + 3] = 255;
  });
  return encodePng(f.nx, f.ny, rgba);
}

/** PNG of the mask: `fill` where masked, transparent elsewhere. */
export function maskPng(f: Field2D, mask: Uint8Array, fill: string): Buffer {
  const [r, g, b] = rgbOf("plot mask", fill);
  const rgba = pixels(f, (k, out, o) => {
    if (mask[k] === 0) return;
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
    out[o + 3] = 255;
  });
  return encodePng(f.nx, f.ny, rgba);
}

/**
 * An image layer showing `png` over the field's extent. Smoothing is off when a cell is at least a
 * pixel wide on screen (cells stay sharp squares) and on when the image is shrunk.
 */
export function imageLayer(f: Field2D, png: Buffer, o: { width: number; height: number }): Spec {
  const [x0, x1, y0, y1] = extentOf(f);
  const axes = fieldAxes(f);
  return {
    data: { values: [{ x: x0, x2: x1, y: y1, y2: y0, url: `data:image/png;base64,${png.toString("base64")}` }] },
    mark: { type: "image", aspect: false, smooth: f.nx > o.width || f.ny > o.height },
    encoding: { ...axes, url: { field: "url", type: "nominal" } },
  };
}

/** An invisible layer whose only job is the colour legend of a raster layer. */
export function legendLayer(color: ColorScale, legendTitle: string): Spec {
  return {
    data: { values: [{ value: color.domain[0] }, { value: color.domain[1] }] },
    mark: { type: "point", opacity: 0 },
    encoding: { color: { field: "value", type: "quantitative", scale: vlColorScale(color), legend: { title: legendTitle } } },
  };
}
