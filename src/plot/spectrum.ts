/**
 * `spectrum`: energy spectra E(k) on log–log axes, one line per series, with optional reference
 * power laws k^p (dashed, labelled) — e.g. k^−3 for the 2D enstrophy cascade (Kraichnan 1967),
 * k^−5/3 for the inverse energy cascade.
 */
import { Spec, topLevel } from "./compose";
import { seriesColor, seriesRows, titleWithNote, xySize } from "./series";

/** One spectrum: wavenumbers k and energies E(k) (points with k ≤ 0 or E ≤ 0 are not drawable on log axes). */
export interface SpectrumSeries {
  name?: string;
  k: ArrayLike<number>;
  energy: ArrayLike<number>;
}

/** A reference power law E ∝ k^exponent, drawn through the first spectrum at k = `at`. */
export interface Slope {
  exponent: number;
  /** Label at the line's right end; default "k^−3", "k^−5/3". */
  label?: string;
  /** Wavenumber where the line meets the first spectrum; default the geometric middle of its k range. */
  at?: number;
}

/** Options of `spectrum`. */
export interface SpectrumOptions {
  title?: string;
  kLabel?: string;
  energyLabel?: string;
  slopes?: Slope[];
  width?: number;
  height?: number;
}

/** "−3", "−5/3", "2.5": an exponent for a label, as a small fraction when it is one. */
export function formatExponent(p: number): string {
  for (const q of [1, 2, 3, 4]) {
    const n = Math.round(p * q);
    if (Math.abs(n - p * q) < 1e-9) return (q === 1 ? `${n}` : `${n}/${q}`).replace("-", "−");
  }
  return `${+p.toPrecision(3)}`.replace("-", "−");
}

/**
 * Log–log plot of energy spectra.
 * @example plot.spectrum([{ name: "truth", k, energy: eTrue }, { name: "SR", k, energy: eSr }], { slopes: [{ exponent: -3 }] })
 */
export function spectrum(input: SpectrumSeries | SpectrumSeries[], options: SpectrumOptions = {}): Spec {
  const who = "plot.spectrum";
  const list = Array.isArray(input) ? input : [input];
  list.forEach((s, n) => {
    if (typeof s !== "object" || s === null || s.k === undefined || s.energy === undefined) {
      throw new TypeError(`${who}: series ${n} must be { name?, k, energy }, got ${s === null ? "null" : typeof s === "object" ? `keys ${Object.keys(s).join(", ")}` : typeof s}`);
    }
  });
  const xy = { logX: true, logY: true };
  const d = seriesRows(who, list.map((s) => ({ name: s.name, x: s.k, y: s.energy })), xy);
  const enc = {
    x: { field: "x", type: "quantitative", scale: { type: "log" }, axis: { title: options.kLabel ?? "wavenumber k", format: "~g" } },
    y: { field: "y", type: "quantitative", scale: { type: "log" }, axis: { title: options.energyLabel ?? "E(k)", format: "~e" } },
  };
  const layers: Spec[] = [
    {
      data: { values: d.rows },
      mark: { type: "line", clip: true },
      encoding: { ...enc, ...seriesColor(d.names), tooltip: [{ field: "series", type: "nominal" }, { field: "x", type: "quantitative" }, { field: "y", type: "quantitative", format: ".3~e" }] },
    },
  ];
  const first = d.rows.filter((r) => r.series === d.names[0]);
  const kmin = Math.min(...first.map((r) => r.x)), kmax = Math.max(...first.map((r) => r.x));
  for (const s of options.slopes ?? []) {
    if (typeof s !== "object" || s === null || !Number.isFinite(s.exponent)) throw new TypeError(`${who}: a slope must be { exponent: number, label?, at? }, got ${JSON.stringify(s)}`);
    const at = s.at ?? Math.sqrt(kmin * kmax);
    if (!(at > 0)) throw new RangeError(`${who}: slope.at must be a wavenumber > 0, got ${at}`);
    // E at `at`, from the first spectrum's nearest point in log k.
    const near = first.reduce((a, b) => (Math.abs(Math.log(b.x / at)) < Math.abs(Math.log(a.x / at)) ? b : a));
    const e = (k: number) => near.y * Math.pow(k / near.x, s.exponent);
    const label = s.label ?? `k^${formatExponent(s.exponent)}`;
    layers.push({
      data: { values: [{ x: kmin, y: e(kmin), label: "" }, { x: kmax, y: e(kmax), label }] },
      layer: [
        { mark: { type: "line", color: "#666", strokeDash: [5, 4], clip: true }, encoding: { x: enc.x, y: enc.y } },
        { mark: { type: "text", align: "left", dx: 4, color: "#444" }, encoding: { x: enc.x, y: enc.y, text: { field: "label" } } },
      ],
    });
  }
  return topLevel({ ...titleWithNote(options.title, d.note), ...xySize(options), layer: layers });
}
