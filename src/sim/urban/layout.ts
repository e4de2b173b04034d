/**
 * Building layouts in physical coordinates (metres), independent of any grid: a rectangular domain
 * [0, lx] × [0, ly] (x along the wind, y across it, plan view) holding non-overlapping axis-aligned
 * rectangular buildings. Grids are made from a layout by `rasterize` at any resolution.
 */
import type { Rng } from "../../core/random";
import { checkFinite, checkInteger, checkPositive } from "../validate";

/** Axis-aligned rectangle [x0, x1] × [y0, y1] in metres (x0 < x1, y0 < y1). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Domain size in metres: x ∈ [0, lx] (inlet at x = 0), y ∈ [0, ly] (periodic). */
export interface UrbanDomain {
  lx: number;
  ly: number;
}

export interface BuildingLayout {
  domain: UrbanDomain;
  buildings: Rect[];
}

/** Default domain: 640 m × 640 m (64 × 64 cells of 10 m, as in 10 m urban LES). */
export const DEFAULT_DOMAIN: Readonly<UrbanDomain> = Object.freeze({ lx: 640, ly: 640 });

/** Street width between two rectangles: the largest axis separation (≤ 0 when they overlap or touch). */
export function separation(a: Rect, b: Rect): number {
  return Math.max(a.x0 - b.x1, b.x0 - a.x1, a.y0 - b.y1, b.y0 - a.y1);
}

/**
 * Throws unless the layout is well formed: finite positive domain, every rectangle non-empty and
 * inside the domain, no two rectangles overlapping with positive area (touching edges is allowed).
 */
export function validateLayout(layout: BuildingLayout, where = "urban.validateLayout"): BuildingLayout {
  if (typeof layout !== "object" || layout === null || !Array.isArray(layout.buildings)) {
    throw new TypeError(`${where}: layout must be { domain: { lx, ly }, buildings: Rect[] }`);
  }
  const lx = checkPositive(where, "domain.lx", layout.domain?.lx);
  const ly = checkPositive(where, "domain.ly", layout.domain?.ly);
  layout.buildings.forEach((r, k) => {
    for (const key of ["x0", "y0", "x1", "y1"] as const) checkFinite(where, `buildings[${k}].${key}`, r[key]);
    if (!(r.x0 < r.x1 && r.y0 < r.y1)) {
      throw new RangeError(`${where}: buildings[${k}] must have x0 < x1 and y0 < y1, got [${r.x0}, ${r.x1}] × [${r.y0}, ${r.y1}]`);
    }
    if (r.x0 < 0 || r.y0 < 0 || r.x1 > lx || r.y1 > ly) {
      throw new RangeError(`${where}: buildings[${k}] = [${r.x0}, ${r.x1}] × [${r.y0}, ${r.y1}] m lies outside the domain [0, ${lx}] × [0, ${ly}] m`);
    }
    for (let m = 0; m < k; m++) {
      if (separation(r, layout.buildings[m]) < 0) {
        throw new RangeError(`${where}: buildings[${m}] and buildings[${k}] overlap; rectangles may touch but not overlap`);
      }
    }
  });
  return layout;
}

export interface RandomLayoutOptions {
  /** Domain in metres (default 640 × 640). */
  domain?: UrbanDomain;
  /** Number of buildings to place (default 14); fewer if the domain fills up (see `attempts`). */
  count?: number;
  /** Side lengths are drawn uniformly from [min, max] metres (default [30, 120]). */
  size?: readonly [number, number];
  /** Street widths between buildings are at least this many metres (default 5; narrow streets vanish on coarse grids). */
  minGap?: number;
  /** Building-free strips (m) next to the inlet (x = 0) and the outlet (x = lx) (default 80 and 80). */
  inletMargin?: number;
  outletMargin?: number;
  /** Placement attempts per building before giving up on it (default 200). */
  attempts?: number;
}

/**
 * Random layout: rectangles with uniform random sides and positions, accepted only if every street
 * (separation from other buildings, and across the periodic y boundary) is at least `minGap` wide.
 * Deterministic given the Rng state.
 */
export function randomLayout(rng: Rng, opts: RandomLayoutOptions = {}): BuildingLayout {
  const where = "urban.randomLayout";
  const domain = opts.domain ?? DEFAULT_DOMAIN;
  const lx = checkPositive(where, "domain.lx", domain.lx), ly = checkPositive(where, "domain.ly", domain.ly);
  const count = checkInteger(where, "count", opts.count ?? 14, 0, 10000);
  const [smin, smax] = opts.size ?? [30, 120];
  checkPositive(where, "size[0]", smin);
  checkFinite(where, "size[1]", smax, smin);
  const gap = checkFinite(where, "minGap", opts.minGap ?? 5, 0);
  const inlet = checkFinite(where, "inletMargin", opts.inletMargin ?? 80, 0, lx);
  const outlet = checkFinite(where, "outletMargin", opts.outletMargin ?? 80, 0, lx - inlet);
  const attempts = checkInteger(where, "attempts", opts.attempts ?? 200, 1);
  const xFree = lx - inlet - outlet, yFree = ly - gap;
  if (smin > xFree || smin > yFree) {
    throw new RangeError(`${where}: the smallest building (${smin} m) does not fit in the free region ${xFree} m × ${yFree} m; shrink size or the margins`);
  }
  const buildings: Rect[] = [];
  for (let b = 0; b < count; b++) {
    for (let a = 0; a < attempts; a++) {
      const w = Math.min(smin + (smax - smin) * rng.uniform(), xFree);
      const h = Math.min(smin + (smax - smin) * rng.uniform(), yFree);
      const x0 = inlet + (xFree - w) * rng.uniform();
      const y0 = gap / 2 + (yFree - h) * rng.uniform();
      const r = { x0, y0, x1: x0 + w, y1: y0 + h };
      if (buildings.every((o) => separation(r, o) >= gap)) { buildings.push(r); break; }
    }
  }
  return { domain: { lx, ly }, buildings };
}
