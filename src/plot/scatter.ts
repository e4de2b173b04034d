/**
 * `scatter`: points of one or more series (predicted vs true, latent coordinates, ...), coloured by
 * series with a legend, optionally with the diagonal y = x for parity plots.
 */
import { Spec, topLevel } from "./compose";
import { Series, XYOptions, seriesColor, seriesRows, titleWithNote, xyEncoding, xySize } from "./series";

/** Options of `scatter`. */
export interface ScatterOptions extends XYOptions {
  /** Draw the line y = x across the data range (parity plot). */
  diagonal?: boolean;
  /** Point area in px² (default 20) and opacity (default 0.7). */
  size?: number;
  opacity?: number;
}

/**
 * A scatter plot.
 * @example plot.scatter({ name: "test", x: truth, y: predicted }, { diagonal: true, xLabel: "true T [K]", yLabel: "predicted T [K]" })
 */
export function scatter(series: Series | Series[], options: ScatterOptions = {}): Spec {
  const who = "plot.scatter";
  const d = seriesRows(who, series, options);
  const size = options.size ?? 20, opacity = options.opacity ?? 0.7;
  if (!(size > 0)) throw new RangeError(`${who}: size must be > 0, got ${size}`);
  if (!(opacity > 0 && opacity <= 1)) throw new RangeError(`${who}: opacity must be in (0, 1], got ${opacity}`);
  const enc = xyEncoding(options);
  const points: Spec = {
    data: { values: d.rows },
    mark: { type: "point", filled: true, size, opacity, clip: true },
    encoding: { ...enc, ...seriesColor(d.names), tooltip: [{ field: "series", type: "nominal" }, { field: "x", type: "quantitative" }, { field: "y", type: "quantitative" }] },
  };
  const layers: Spec[] = [points];
  if (options.diagonal) {
    let lo = Infinity, hi = -Infinity;
    for (const r of d.rows) {
      lo = Math.min(lo, r.x, r.y);
      hi = Math.max(hi, r.x, r.y);
    }
    layers.unshift({
      data: { values: [{ x: lo, y: lo }, { x: hi, y: hi }] },
      mark: { type: "line", color: "#888", strokeDash: [4, 3], clip: true },
      encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
    });
  }
  return topLevel({ ...titleWithNote(options.title, d.note), ...xySize(options), layer: layers });
}
