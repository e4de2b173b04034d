/**
 * `line`: one or more series as lines (training curves, error growth, time series), with a legend
 * naming each series and optional log axes.
 */
import { Spec, topLevel } from "./compose";
import { Series, XYOptions, seriesColor, seriesRows, titleWithNote, xyEncoding, xySize } from "./series";

/** Options of `line`. */
export interface LineOptions extends XYOptions {
  /** Also mark each data point (default: only when a series has ≤ 30 points). */
  points?: boolean;
  /** Names of series drawn dashed (references, baselines). */
  dashed?: string[];
}

/**
 * Lines through series of points, joined in the order given (not sorted by x, so trajectories
 * draw correctly).
 * @example plot.line([{ name: "train", y: loss }, { name: "test", y: testLoss }], { xLabel: "epoch", yLabel: "MSE", logY: true })
 */
export function line(series: Series | Series[], options: LineOptions = {}): Spec {
  const who = "plot.line";
  const d = seriesRows(who, series, options);
  const counts = new Map<string, number>();
  for (const r of d.rows) counts.set(r.series, (counts.get(r.series) ?? 0) + 1);
  const points = options.points ?? Math.max(...counts.values()) <= 30;
  const dashed = options.dashed ?? [];
  for (const n of dashed) if (!d.names.includes(n)) throw new RangeError(`${who}: dashed names "${n}", which is not a series (${d.names.join(", ")})`);
  const enc = xyEncoding(options);
  return topLevel({
    ...titleWithNote(options.title, d.note),
    ...xySize(options),
    data: { values: d.rows },
    mark: { type: "line", point: points, clip: true },
    encoding: {
      ...enc,
      ...seriesColor(d.names),
      ...(dashed.length > 0
        ? { strokeDash: { condition: { test: `indexof(${JSON.stringify(dashed)}, datum.series) >= 0`, value: [5, 3] }, value: [1, 0] } }
        : {}),
      order: { field: "_order", type: "quantitative" },
      tooltip: [{ field: "series", type: "nominal" }, { field: "x", type: "quantitative" }, { field: "y", type: "quantitative", format: ".4~g" }],
    },
    transform: [{ window: [{ op: "row_number", as: "_order" }] }],
  });
}
