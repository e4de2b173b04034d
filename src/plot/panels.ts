/**
 * `panels`: fields side by side on one shared colour scale (one legend), e.g. truth | low-res |
 * model, optionally followed by panels with their own scale (e.g. the error, diverging about 0).
 * Panels may have different grids (a 16x16 low-res field next to a 64x64 truth): each panel keeps
 * its own axes; only the colours are shared.
 */
import { Spec, grid, topLevel } from "./compose";
import { FieldInput, asField, quantityLabel } from "./field";
import { ColorOptions, finiteRange } from "./colormap";
import { HeatmapOptions, fieldLayers, prepareField } from "./heatmap";
import { maskBytes } from "./mask";

/** One panel: a field, its title, and (optionally) its own mask or colour scale. */
export interface Panel {
  field: FieldInput;
  title?: string;
  /** Mask for this panel (one entry per cell of its field). */
  mask?: HeatmapOptions["mask"];
  /**
   * Give this panel its own colour scale and legend instead of the shared one (e.g. `{ symmetric:
   * true }` for an error panel). Omitted = shared.
   */
  ownScale?: ColorOptions & { legendTitle?: string };
}

/** Options of `panels`: the shared scale, sizes, and layout. */
export interface PanelsOptions extends ColorOptions {
  title?: string;
  /** Size of each panel in px (default: longest side 220 px, physical aspect ratio). */
  width?: number;
  height?: number;
  /** Panels per row (default: all in one row). */
  columns?: number;
  maskColor?: string;
  raster?: HeatmapOptions["raster"];
  /** Title of the shared legend (default: "name [units]" of the first field). */
  legendTitle?: string;
}

const PANEL_SIZE = 220;

function panelSize(fieldInput: FieldInput, o: PanelsOptions): { width?: number; height?: number } {
  if (o.width !== undefined || o.height !== undefined) return { width: o.width, height: o.height };
  const f = asField("plot.panels", fieldInput);
  const aspect = (f.ny * f.grid.dy) / (f.nx * f.grid.dx);
  return aspect <= 1 ? { width: PANEL_SIZE } : { height: PANEL_SIZE };
}

/**
 * Fields side by side with one shared colour scale: its domain spans every shared panel's finite,
 * unmasked values (symmetric about 0 if they take both signs, unless set otherwise).
 *
 * @example plot.panels([{ field: truth, title: "truth" }, { field: low, title: "low-res" },
 *   { field: sr, title: "SR" }, { field: err, title: "error", ownScale: { symmetric: true } }])
 */
export function panels(items: Panel[], options: PanelsOptions = {}): Spec {
  const who = "plot.panels";
  if (!Array.isArray(items) || items.length === 0) throw new RangeError(`${who}: needs at least one panel, got ${Array.isArray(items) ? 0 : typeof items}`);
  const shared = items.filter((p) => p.ownScale === undefined);
  // The shared range: min/max over all shared panels.
  let range: [number, number] | undefined;
  for (const p of shared) {
    const f = asField(who, p.field);
    const r = finiteRange(f.values, maskBytes(who, f, p.mask));
    if (r !== undefined) range = range === undefined ? r : [Math.min(range[0], r[0]), Math.max(range[1], r[1])];
  }
  const first = shared.length > 0 ? asField(who, shared[0].field) : undefined;
  const sharedLegend = options.legendTitle ?? ((first && quantityLabel(first.name, first.units)) || "value");
  const specs = items.map((p) => {
    const own = p.ownScale !== undefined;
    const o: HeatmapOptions = {
      ...(own ? p.ownScale : { colormap: options.colormap, reverseColormap: options.reverseColormap, symmetric: options.symmetric, domain: options.domain }),
      ...panelSize(p.field, options),
      mask: p.mask,
      maskColor: options.maskColor,
      raster: options.raster,
      legendTitle: own ? p.ownScale?.legendTitle : sharedLegend,
    };
    const d = prepareField(who, p.field, o, own ? undefined : range);
    return { spec: topLevel({ ...(p.title ? { title: p.title } : {}), width: d.width, height: d.height, layer: fieldLayers(d, o) }), own };
  });
  const sharedSpecs = specs.filter((s) => !s.own).map((s) => s.spec);
  const ownSpecs = specs.filter((s) => s.own).map((s) => s.spec);
  if (ownSpecs.length === 0) return grid(sharedSpecs, { title: options.title, columns: options.columns, color: "shared" });
  // Shared panels form one group (one legend); each own-scale panel is its own group.
  const groups = sharedSpecs.length > 0 ? [grid(sharedSpecs, { columns: options.columns, color: "shared" }), ...ownSpecs] : ownSpecs;
  return grid(groups, { title: options.title, color: "independent" });
}
