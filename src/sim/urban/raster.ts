/**
 * Rasterization of a building layout onto a grid of nx × ny cells. The covered fraction of every cell
 * is computed exactly from the rectangle overlaps (the rectangles do not overlap each other, so the
 * fractions add); a cell is a building cell when more than half of it is covered. Each resolution is
 * rasterized independently, so a street narrower than about half a cell disappears on coarse grids.
 *
 * Grid convention (every urban field): row-major [ny, nx]; cell (i, j) spans
 * [i·dx, (i+1)·dx] × [j·dy, (j+1)·dy], flat index j·nx + i; row 0 is at y = 0 (the southern edge), x
 * grows along the wind.
 */
import { checkInteger } from "../validate";
import { type BuildingLayout, validateLayout } from "./layout";

/** A uniform grid on the physical domain, spacing in metres. */
export interface UrbanGrid {
  nx: number;
  ny: number;
  /** Domain size (m). */
  lx: number;
  ly: number;
  /** Cell size (m): dx = lx/nx, dy = ly/ny. */
  dx: number;
  dy: number;
}

export interface BuildingMask {
  grid: UrbanGrid;
  /** 1 = building cell (covered fraction > 0.5), 0 = air; [ny, nx]. */
  solid: Uint8Array;
  /** Covered fraction of each cell in [0, 1]; [ny, nx]. */
  fraction: Float64Array;
}

/** Grid of nx × ny cells on the layout's domain. */
export function makeGrid(domain: { lx: number; ly: number }, nx: number, ny: number): UrbanGrid {
  checkInteger("urban.makeGrid", "nx", nx, 1);
  checkInteger("urban.makeGrid", "ny", ny, 1);
  return { nx, ny, lx: domain.lx, ly: domain.ly, dx: domain.lx / nx, dy: domain.ly / ny };
}

/** Rasterizes `layout` onto nx × ny cells (exact covered fractions, building where fraction > 0.5). */
export function rasterize(layout: BuildingLayout, nx: number, ny: number): BuildingMask {
  validateLayout(layout, "urban.rasterize");
  checkInteger("urban.rasterize", "nx", nx, 1, 1 << 14);
  checkInteger("urban.rasterize", "ny", ny, 1, 1 << 14);
  const grid = makeGrid(layout.domain, nx, ny);
  const { dx, dy } = grid;
  const fraction = new Float64Array(nx * ny);
  for (const r of layout.buildings) {
    const i0 = Math.max(0, Math.floor(r.x0 / dx)), i1 = Math.min(nx - 1, Math.ceil(r.x1 / dx) - 1);
    const j0 = Math.max(0, Math.floor(r.y0 / dy)), j1 = Math.min(ny - 1, Math.ceil(r.y1 / dy) - 1);
    for (let j = j0; j <= j1; j++) {
      const oy = Math.min(r.y1, (j + 1) * dy) - Math.max(r.y0, j * dy);
      if (oy <= 0) continue;
      for (let i = i0; i <= i1; i++) {
        const ox = Math.min(r.x1, (i + 1) * dx) - Math.max(r.x0, i * dx);
        if (ox > 0) fraction[j * nx + i] += (ox * oy) / (dx * dy);
      }
    }
  }
  const solid = new Uint8Array(nx * ny);
  for (let c = 0; c < fraction.length; c++) {
    if (fraction[c] > 1) fraction[c] = 1; // round-off of adjacent touching rectangles
    solid[c] = fraction[c] > 0.5 ? 1 : 0;
  }
  return { grid, solid, fraction };
}

/** Mask from an explicit solid array [ny, nx] (e.g. a test geometry); fraction = solid. */
export function maskFromSolid(domain: { lx: number; ly: number }, nx: number, ny: number, solid: Uint8Array): BuildingMask {
  const grid = makeGrid(domain, nx, ny);
  if (!(solid instanceof Uint8Array) || solid.length !== nx * ny) {
    throw new RangeError(`urban.maskFromSolid: solid must be a Uint8Array [${ny}, ${nx}] (length ${nx * ny})`);
  }
  const s = Uint8Array.from(solid, (v) => (v ? 1 : 0));
  return { grid, solid: s, fraction: Float64Array.from(s) };
}
