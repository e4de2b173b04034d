/**
 * `vectorField`: a 2D vector field (u, v) as arrows on a thinned grid, over a background map of its
 * magnitude |(u, v)| or its vorticity ω = ∂v/∂x − ∂u/∂y (or any scalar field on the same grid).
 * Arrow length is proportional to the magnitude (the longest spans 0.9 of the arrow spacing).
 */
import { Spec, topLevel } from "./compose";
import { Field2D, FieldInput, asField, withValues } from "./field";
import { ColorOptions } from "./colormap";
import { HeatmapOptions, fieldLayers, prepareField } from "./heatmap";
import { maskBytes } from "./mask";
import { fieldAxes } from "./axes";

/** Options of `vectorField`. */
export interface VectorFieldOptions extends ColorOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Background map: "magnitude" (default), "vorticity", "none", or a scalar field on the same grid. */
  background?: "magnitude" | "vorticity" | "none" | FieldInput;
  /** One arrow every `stride` cells in x and y; default: about 20 arrows along the longer side. */
  stride?: number;
  /** Arrow colour (default black). */
  arrowColor?: string;
  /** Masked cells (no arrows; drawn grey on the background). */
  mask?: HeatmapOptions["mask"];
  maskColor?: string;
  raster?: HeatmapOptions["raster"];
}

/**
 * Vorticity ω = ∂v/∂x − ∂u/∂y of a velocity on a regular grid: second-order centred differences in
 * the interior, first-order one-sided at the edges (no periodicity assumed). Units: velocity units
 * per length unit ("1/s" when the velocity is in "<L>/s" and lengths in "<L>").
 */
export function vorticity(u: Field2D, v: Field2D): Field2D {
  const { nx, ny } = u;
  const { dx, dy } = u.grid;
  const sign = u.origin === "lower" ? 1 : -1; // array rows run downward for origin "upper"
  const w = new Float64Array(nx * ny);
  // Derivative of `a` at flat index k along an axis with element stride `stride`, n points,
  // position idx on that axis, spacing h.
  const diff = (a: ArrayLike<number>, k: number, stride: number, n: number, idx: number, h: number): number => {
    if (n === 1) return 0;
    if (idx === 0) return (a[k + stride] - a[k]) / h;
    if (idx === n - 1) return (a[k] - a[k - stride]) / h;
    return (a[k + stride] - a[k - stride]) / (2 * h);
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const dvdx = diff(v.values, k, 1, nx, i, dx);
      const dudy = sign * diff(u.values, k, nx, ny, j, dy);
      w[k] = dvdx - dudy;
    }
  }
  const L = u.grid.lengthUnit;
  const units = u.units === "" ? "" : L !== "" && u.units === `${L}/s` ? "1/s" : L !== "" ? `(${u.units})/${L}` : u.units;
  return withValues(u, w, "vorticity", units);
}

function magnitude(u: Field2D, v: Field2D): Field2D {
  const m = new Float64Array(u.values.length);
  for (let k = 0; k < m.length; k++) m[k] = Math.hypot(u.values[k], v.values[k]);
  return withValues(u, m, u.name === "" ? "speed" : `|${u.name}|`, u.units);
}

/**
 * Arrows of (u, v) over a background map.
 *
 * @param uInput, vInput the x and y components, fields on the same grid (same shape, grid and
 *   origin); v > 0 points up (+y) regardless of the array's row order.
 */
export function vectorField(uInput: FieldInput, vInput: FieldInput, options: VectorFieldOptions = {}): Spec {
  const who = "plot.vectorField";
  const u = asField(who, uInput);
  const v = asField(who, vInput);
  if (u.ny !== v.ny || u.nx !== v.nx) throw new RangeError(`${who}: u and v must have the same shape, got u [${u.ny}, ${u.nx}] and v [${v.ny}, ${v.nx}]`);
  if (u.origin !== v.origin || u.grid.dx !== v.grid.dx || u.grid.dy !== v.grid.dy || u.grid.x0 !== v.grid.x0 || u.grid.y0 !== v.grid.y0) {
    throw new RangeError(`${who}: u and v must be on the same grid (spacing, origin, row order)`);
  }
  const mask = maskBytes(who, u, options.mask);
  const stride = options.stride ?? Math.max(1, Math.round(Math.max(u.nx, u.ny) / 20));
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${who}: stride must be a positive integer, got ${stride}`);

  const bg = options.background ?? "magnitude";
  const bgField = bg === "magnitude" ? magnitude(u, v) : bg === "vorticity" ? vorticity(u, v) : bg === "none" ? undefined : asField(who, bg);
  if (bgField !== undefined && (bgField.nx !== u.nx || bgField.ny !== u.ny)) {
    throw new RangeError(`${who}: background must have the shape of u, [${u.ny}, ${u.nx}], got [${bgField.ny}, ${bgField.nx}]`);
  }
  const hm: HeatmapOptions = { ...options, mask: options.mask, tooltip: false };
  const d = prepareField(who, bgField ?? magnitude(u, v), hm);
  const layers = bgField !== undefined ? fieldLayers(d, hm) : [];

  // Thinned arrows at cell centres, lengths in screen px, angles clockwise from up (Vega symbols).
  const pxX = d.width / (u.nx * u.grid.dx), pxY = d.height / (u.ny * u.grid.dy);
  const maxLen = 0.9 * stride * Math.min(u.grid.dx * pxX, u.grid.dy * pxY);
  let vmax = 0;
  for (let k = 0; k < u.values.length; k++) {
    const s = Math.hypot(u.values[k], v.values[k]);
    if (Number.isFinite(s) && (mask === undefined || mask[k] === 0) && s > vmax) vmax = s;
  }
  const arrows: Array<Record<string, number>> = [];
  const off = Math.floor(stride / 2);
  for (let j = off; j < u.ny; j += stride) {
    for (let i = off; i < u.nx; i += stride) {
      const k = j * u.nx + i;
      const uu = u.values[k], vv = v.values[k];
      if ((mask !== undefined && mask[k] !== 0) || !Number.isFinite(uu) || !Number.isFinite(vv)) continue;
      const row = u.origin === "lower" ? j : u.ny - 1 - j;
      const len = vmax > 0 ? (maxLen * Math.hypot(uu, vv)) / vmax : 0;
      arrows.push({
        x: u.grid.x0 + (i + 0.5) * u.grid.dx,
        y: u.grid.y0 + (row + 0.5) * u.grid.dy,
        size: +(len * len).toFixed(2),
        angle: +((Math.atan2(uu * pxX, vv * pxY) * 180) / Math.PI).toFixed(2),
        u: +uu.toPrecision(4),
        v: +vv.toPrecision(4),
      });
    }
  }
  const unitText = u.units ? ` ${u.units}` : "";
  const axes = fieldAxes(u);
  layers.push({
    data: { values: arrows },
    mark: { type: "point", shape: "arrow", filled: true, color: options.arrowColor ?? "black", opacity: 0.85, clip: true },
    encoding: {
      x: axes.x,
      y: axes.y,
      size: { field: "size", type: "quantitative", scale: null },
      angle: { field: "angle", type: "quantitative", scale: null },
      tooltip: [
        { field: "u", type: "quantitative" },
        { field: "v", type: "quantitative" },
      ],
    },
  });
  const subtitle = `longest arrow: ${vmax.toPrecision(3)}${unitText}`;
  return topLevel({
    title: { text: options.title ?? "", subtitle },
    width: d.width,
    height: d.height,
    layer: layers,
  });
}
