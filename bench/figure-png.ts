/**
 * Bench figure-png: one 128×128 scalar field to a PNG figure through Kazami's one figure path —
 * plot.heatmap(plot.field(…)) (a Vega-Lite spec: physical axes in m, a colour legend "T [K]") then
 * plot.render, the renderer notebook.figure and the runner use (vega-lite compile → vega SVG →
 * resvg PNG, 1.5 PNG pixels per SVG pixel). 128² is heatmap's largest field drawn as rect marks
 * (the default, "auto"); the raster layer (raster: true, the path of larger fields) is timed too.
 * Twin: bench/figure-png.py, matplotlib's imshow + colorbar + savefig to PNG (Agg) of the same
 * field at the same pixel size.
 *
 * Both sides build the field from the same formula (a smooth positive temperature, 300 K plus two
 * modes) and report the colour scale's range, which each takes from the data: cross-checked.
 * Run: bash bench/run.sh figure-png
 */
import { field } from "../src/plot/field";
import { heatmap, prepareField } from "../src/plot/heatmap";
import { render } from "../src/plot/render";
import { emit, repeatsFromArgs, timeIt } from "./harness";

const N = 128, DX = 10;

/** T(i, j) in K on the N×N grid, row i = y: 300 + 2 sin(2πx/L) cos(4πy/L) + 0.5 cos(6π(x + y)/L). */
function temperature(): Float64Array {
  const t = new Float64Array(N * N), L = N * DX;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
    const x = (j + 0.5) * DX, y = (i + 0.5) * DX;
    t[i * N + j] = 300 + 2 * Math.sin((2 * Math.PI * x) / L) * Math.cos((4 * Math.PI * y) / L) + 0.5 * Math.cos((6 * Math.PI * (x + y)) / L);
  }
  return t;
}

async function main(): Promise<void> {
  const values = temperature();
  const make = (raster: boolean | "auto") => {
    const f = field(values, [N, N], { dx: DX, lengthUnit: "m", name: "T", units: "K" });
    return render(heatmap(f, { title: "T at 2 m", raster }));
  };
  const first = make("auto");
  if (!(first.png !== undefined && first.png.length > 1000)) throw new Error(`figure-png: no PNG rendered (${first.png?.length} bytes)`);
  const { color } = prepareField("figure-png", field(values, [N, N], { dx: DX, lengthUnit: "m", name: "T", units: "K" }));
  const png = { widthPx: Math.round(first.width * 1.5), heightPx: Math.round(first.height * 1.5) };
  const repeats = repeatsFromArgs(5);
  const rects = await timeIt(() => make("auto"), { warmup: 1, repeats });
  const raster = await timeIt(() => make(true), { warmup: 1, repeats });
  const rasterPng = make(true);
  emit(
    "figure-png",
    `${N}x${N} field to a PNG figure (axes in m, colour legend, title)`,
    [
      { label: "ts, plot.heatmap (128² rect marks) + plot.render (1 thread)", threads: 1, ms: rects.ms, samplesMs: rects.samplesMs, unit: "ms/figure",
        pngBytes: first.png.length, ...png, svgMs: first.svgMs, pngMs: first.pngMs },
      { label: "ts, plot.heatmap (raster layer) + plot.render (1 thread)", threads: 1, ms: raster.ms, samplesMs: raster.samplesMs, unit: "ms/figure",
        pngBytes: rasterPng.png?.length, svgMs: rasterPng.svgMs, pngMs: rasterPng.pngMs },
    ],
    {},
    {
      // the colour range is the data's min and max on both sides (sequential scale, one sign)
      colorMin: { value: color.domain[0], rtol: 1e-12 },
      colorMax: { value: color.domain[1], rtol: 1e-12 },
    },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
