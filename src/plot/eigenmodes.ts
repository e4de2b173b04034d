/**
 * `eigenmodes`: a grid of eigenmodes (transfer-operator / Fokker–Planck eigenfunctions, Koopman or
 * EOF patterns, learned generators' eigenvectors), each titled with its eigenvalue. Eigenvectors
 * have arbitrary scale and sign, so each mode is normalized to max |value| = 1 with its
 * largest-magnitude entry positive; all 2D modes then share one diverging scale on [−1, 1].
 * 1D modes are drawn as small line plots on a shared y range [−1, 1].
 */
import { Spec, grid, topLevel } from "./compose";
import { Field2D, FieldInput, asField, withValues } from "./field";
import { HeatmapOptions, fieldLayers, prepareField } from "./heatmap";

/** A complex eigenvalue. */
export interface Complex {
  re: number;
  im: number;
}

/** Options of `eigenmodes`. */
export interface EigenmodesOptions {
  title?: string;
  /** Eigenvalue of each mode, for the panel titles. */
  eigenvalues?: ArrayLike<number> | ReadonlyArray<number | Complex>;
  /** Panels per row (default min(4, number of modes)). */
  columns?: number;
  /** Panel size in px (default 160). */
  size?: number;
  /** x coordinates of 1D modes (default 0, 1, ...). */
  x?: ArrayLike<number>;
  xLabel?: string;
  /** Name of the eigenvalue symbol in titles (default "λ"). */
  symbol?: string;
  colormap?: string;
  raster?: HeatmapOptions["raster"];
}

function formatEigenvalue(v: number | Complex): string {
  const f = (x: number) => `${+x.toPrecision(4)}`.replace("-", "−");
  if (typeof v === "number") return f(v);
  if (Math.abs(v.im) < 1e-12 * Math.max(1, Math.abs(v.re))) return f(v.re);
  return `${f(v.re)} ${v.im < 0 ? "−" : "+"} ${f(Math.abs(v.im))}i`;
}

/** values / (signed largest-magnitude entry): max |.| = 1, that entry = +1; zero modes stay zero. */
function normalized(values: ArrayLike<number>): Float64Array {
  let peak = 0;
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k]) && Math.abs(values[k]) > Math.abs(peak)) peak = values[k];
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = peak === 0 ? values[k] : values[k] / peak;
  return out;
}

function isField(m: unknown): boolean {
  return typeof m === "object" && m !== null && ((m as Field2D).kind === "field2d" || Array.isArray((m as { shape?: unknown }).shape));
}

/**
 * A grid of eigenmodes.
 * @param modes 2D fields (`plot.field`) or tensors, or 1D arrays (all of one kind).
 */
export function eigenmodes(modes: Array<FieldInput | ArrayLike<number>>, options: EigenmodesOptions = {}): Spec {
  const who = "plot.eigenmodes";
  if (!Array.isArray(modes) || modes.length === 0) throw new RangeError(`${who}: needs at least one mode`);
  const ev = options.eigenvalues;
  if (ev !== undefined && ev.length !== modes.length) throw new RangeError(`${who}: got ${modes.length} modes but ${ev.length} eigenvalues`);
  const symbol = options.symbol ?? "λ";
  const titleOf = (n: number) => `mode ${n + 1}` + (ev === undefined ? "" : `: ${symbol} = ${formatEigenvalue(ev[n] as number | Complex)}`);
  const columns = options.columns ?? Math.min(4, modes.length);
  const size = options.size ?? 160;
  const twoD = modes.map(isField);
  if (twoD.some((b) => b !== twoD[0])) throw new TypeError(`${who}: modes must all be 2D fields or all be 1D arrays`);

  let panels: Spec[];
  if (twoD[0]) {
    panels = modes.map((m, n) => {
      const f = asField(who, m as FieldInput);
      const unit = withValues(f, normalized(f.values), "mode", "");
      const o: HeatmapOptions = { domain: [-1, 1], colormap: options.colormap ?? "redblue", reverseColormap: options.colormap === undefined, raster: options.raster, legendTitle: "mode (max |.| = 1)", tooltip: false };
      const aspect = (f.ny * f.grid.dy) / (f.nx * f.grid.dx);
      const d = prepareField(who, unit, { ...o, ...(aspect <= 1 ? { width: size } : { height: size }) });
      return topLevel({ title: titleOf(n), width: d.width, height: d.height, layer: fieldLayers(d, o) });
    });
    return grid(panels, { title: options.title, columns, color: "shared" });
  }
  const xs = options.x;
  panels = modes.map((m, n) => {
    const a = m as ArrayLike<number>;
    if (typeof a !== "object" || a === null || typeof a.length !== "number") throw new TypeError(`${who}: mode ${n} must be an array of numbers`);
    if (xs !== undefined && xs.length !== a.length) throw new RangeError(`${who}: x has ${xs.length} points but mode ${n} has ${a.length}`);
    const v = normalized(a);
    const rows = Array.from(v, (y, k) => ({ x: xs === undefined ? k : xs[k], y: +y.toPrecision(5) }));
    return topLevel({
      title: titleOf(n),
      width: size,
      height: Math.round(size * 0.6),
      data: { values: rows },
      mark: { type: "line", clip: true },
      encoding: {
        x: { field: "x", type: "quantitative", axis: { title: options.xLabel ?? "x" }, scale: { zero: false, nice: false } },
        y: { field: "y", type: "quantitative", axis: { title: null }, scale: { domain: [-1, 1] } },
      },
    });
  });
  return grid(panels, { title: options.title, columns });
}
