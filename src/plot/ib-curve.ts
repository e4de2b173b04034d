/**
 * `ibCurve`: the information-bottleneck curve (Tishby, Pereira & Bialek 2000) — relevance I(Y;H)
 * against compression I(X;H), one point per trade-off β, joined in order of β and coloured by
 * log10 β. Reference lines: the data-processing bound I(Y;H) ≤ I(X;H) (diagonal) and, when given,
 * the ceiling I(Y;H) ≤ I(X;Y).
 */
import { Spec, topLevel } from "./compose";
import { xySize } from "./series";

/** One trained bottleneck: its β and the two mutual informations (in `unit`). */
export interface IBPoint {
  beta: number;
  ixh: number;
  iyh: number;
}

/** Options of `ibCurve`. */
export interface IBCurveOptions {
  title?: string;
  /** I(X;Y), the most relevance any representation can keep (dashed horizontal line). */
  ixy?: number;
  /** Information unit for the axis titles (default "nats"). */
  unit?: "nats" | "bits";
  width?: number;
  height?: number;
}

/**
 * The IB curve.
 * @example plot.ibCurve(betas.map((beta, n) => ({ beta, ixh: ixh[n], iyh: iyh[n] })), { ixy: 1.2 })
 */
export function ibCurve(points: IBPoint[], options: IBCurveOptions = {}): Spec {
  const who = "plot.ibCurve";
  if (!Array.isArray(points) || points.length === 0) throw new RangeError(`${who}: needs at least one point { beta, ixh, iyh }`);
  points.forEach((p, n) => {
    if (typeof p !== "object" || p === null || ![p.beta, p.ixh, p.iyh].every(Number.isFinite) || !(p.beta > 0)) {
      throw new RangeError(`${who}: point ${n} must be { beta > 0, ixh, iyh } with finite numbers, got ${JSON.stringify(p)}`);
    }
  });
  if (options.ixy !== undefined && !Number.isFinite(options.ixy)) throw new RangeError(`${who}: ixy must be a finite number, got ${options.ixy}`);
  const unit = options.unit ?? "nats";
  if (unit !== "nats" && unit !== "bits") throw new RangeError(`${who}: unit must be "nats" or "bits", got ${JSON.stringify(unit)}`);
  const rows = [...points].sort((a, b) => a.beta - b.beta).map((p) => ({ ...p, log10beta: Math.log10(p.beta) }));
  // Axes start at 0; the dashed diagonal is the data-processing bound I(Y;H) ≤ I(X;H).
  const topX = Math.max(...rows.map((r) => r.ixh)) * 1.05 || 1;
  const topY = Math.max(...rows.map((r) => r.iyh), options.ixy ?? 0) * 1.1 || 1;
  const x = { field: "ixh", type: "quantitative", axis: { title: `I(X;H) [${unit}]` }, scale: { domain: [0, topX], nice: false } };
  const y = { field: "iyh", type: "quantitative", axis: { title: `I(Y;H) [${unit}]` }, scale: { domain: [0, topY], nice: false } };
  const diag = Math.min(topX, topY);
  const layers: Spec[] = [
    {
      data: { values: [{ ixh: 0, iyh: 0 }, { ixh: diag, iyh: diag }] },
      mark: { type: "line", color: "#aaa", strokeDash: [3, 3], clip: true },
      encoding: { x, y },
    },
  ];
  if (options.ixy !== undefined) {
    layers.push({
      data: { values: [{ iyh: options.ixy, label: "I(X;Y)" }] },
      layer: [
        { mark: { type: "rule", color: "#666", strokeDash: [5, 4] }, encoding: { y } },
        { mark: { type: "text", align: "left", baseline: "bottom", x: 4, dy: -2, color: "#444" }, encoding: { y, text: { field: "label" } } },
      ],
    });
  }
  layers.push({
    data: { values: rows },
    layer: [
      { mark: { type: "line", color: "#555", clip: true }, encoding: { x, y, order: { field: "beta", type: "quantitative" } } },
      {
        mark: { type: "point", filled: true, size: 60, clip: true },
        encoding: {
          x,
          y,
          color: { field: "log10beta", type: "quantitative", scale: { scheme: "plasma" }, legend: { title: "log₁₀ β" } },
          tooltip: [{ field: "beta", type: "quantitative", format: ".3~g" }, { field: "ixh", type: "quantitative", format: ".3f" }, { field: "iyh", type: "quantitative", format: ".3f" }],
        },
      },
    ],
  });
  return topLevel({ ...(options.title ? { title: options.title } : {}), ...xySize({ width: options.width ?? 300, height: options.height ?? 300 }), layer: layers });
}
