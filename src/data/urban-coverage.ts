/**
 * Building coverage of boxes around the cell centres of any grid, computed exactly from the
 * building rectangles (not from a raster): the covered fraction of a box of given half-sides,
 * centred at a cell centre plus an offset, in metres. The same box means the same thing on every
 * grid, so a model queried at 10 m cells in training and at 5 m cells later sees the geometry alike
 * (notebook 05's query features). y is periodic over the domain (as in sim.urban); x is bounded,
 * with no buildings outside the domain.
 */
import { checkFinite, checkInt, checkPositive, describe } from "../core/checks";
import type { BuildingLayout } from "../sim/urban";
import type { NamedArray } from "./types";

/** One box: half-sides [hy, hx] (m, > 0) and the offset [oy, ox] (m) of its centre from the cell centre. */
export interface CoverageBox {
  half: readonly [number, number];
  offset?: readonly [number, number];
}

/** Length of [a0, a1] ∩ [b0, b1] (0 when disjoint). */
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Covered fraction of each box around each cell centre of an [H, W] grid over each layout's domain
 * → float32 [N, H, W, boxes.length] (channel k = box k), cells row-major with row i at
 * y = (i + ½)·Ly/H and column j at x = (j + ½)·Lx/W, matching the NHWC fields of sim.urban.
 * Buildings must not overlap (sim.urban layouts keep a gap), so fractions lie in [0, 1].
 */
export function boxCoverage(layouts: readonly BuildingLayout[], size: readonly [number, number], boxes: readonly CoverageBox[]): NamedArray<Float32Array> {
  const where = "data.boxCoverage";
  if (!Array.isArray(layouts) || layouts.length === 0) throw new TypeError(`${where}: layouts must be a non-empty array of building layouts, got ${describe(layouts)}`);
  if (!Array.isArray(size) || size.length !== 2) throw new TypeError(`${where}: size must be [H, W], got ${describe(size)}`);
  const H = checkInt(where, "size[0] (H)", size[0], 1), W = checkInt(where, "size[1] (W)", size[1], 1);
  if (!Array.isArray(boxes) || boxes.length === 0) throw new TypeError(`${where}: boxes must be a non-empty array of { half: [hy, hx], offset?: [oy, ox] }, got ${describe(boxes)}`);
  const B = boxes.map((b, k) => {
    if (b === null || typeof b !== "object" || !Array.isArray(b.half) || b.half.length !== 2) throw new TypeError(`${where}: boxes[${k}].half must be [hy, hx] in metres, got ${describe(b?.half)}`);
    const off = b.offset ?? [0, 0];
    if (!Array.isArray(off) || off.length !== 2) throw new TypeError(`${where}: boxes[${k}].offset must be [oy, ox] in metres, got ${describe(off)}`);
    return { hy: checkPositive(where, `boxes[${k}].half[0]`, b.half[0]), hx: checkPositive(where, `boxes[${k}].half[1]`, b.half[1]),
      oy: checkFinite(where, `boxes[${k}].offset[0]`, off[0]), ox: checkFinite(where, `boxes[${k}].offset[1]`, off[1]) };
  });
  const K = B.length, out = new Float32Array(layouts.length * H * W * K);
  layouts.forEach((layout, n) => {
    const { lx, ly } = layout.domain, dy = ly / H, dx = lx / W;
    for (const [k, b] of B.entries()) {
      if (2 * b.hy > ly) throw new RangeError(`${where}: boxes[${k}] is taller (${2 * b.hy} m) than the periodic domain (${ly} m)`);
      const area = 4 * b.hy * b.hx;
      for (let i = 0; i < H; i++) {
        const cy = (i + 0.5) * dy + b.oy, y0 = cy - b.hy, y1 = cy + b.hy;
        for (let j = 0; j < W; j++) {
          const cx = (j + 0.5) * dx + b.ox, x0 = cx - b.hx, x1 = cx + b.hx;
          let covered = 0;
          for (const r of layout.buildings) {
            const wx = overlap(x0, x1, r.x0, r.x1);
            if (wx === 0) continue;
            // periodic in y: the box against the rectangle and its images one period away
            const wy = overlap(y0, y1, r.y0, r.y1) + overlap(y0, y1, r.y0 - ly, r.y1 - ly) + overlap(y0, y1, r.y0 + ly, r.y1 + ly);
            covered += wx * wy;
          }
          out[((n * H + i) * W + j) * K + k] = covered / area;
        }
      }
    }
  });
  return { data: out, shape: [layouts.length, H, W, K] };
}
