import { describe, expect, it } from "vitest";
import { boxCoverage } from "../../src/data/urban-coverage";
import { rasterize, type BuildingLayout } from "../../src/sim/urban";

const domain = { lx: 100, ly: 80 };
const one: BuildingLayout = { domain, buildings: [{ x0: 20, y0: 10, x1: 40, y1: 30 }] };

describe("data.boxCoverage", () => {
  it("a box of one cell's size reproduces the rasterizer's exact cell fractions", () => {
    const layout: BuildingLayout = { domain, buildings: [{ x0: 12.5, y0: 7, x1: 43, y1: 31.5 }, { x0: 60, y0: 50, x1: 77.5, y1: 71 }] };
    const [H, W] = [16, 20], c = boxCoverage([layout], [H, W], [{ half: [domain.ly / H / 2, domain.lx / W / 2] }]);
    expect(c.shape).toEqual([1, H, W, 1]);
    const f = rasterize(layout, W, H).fraction;
    for (let i = 0; i < H * W; i++) expect(c.data[i]).toBeCloseTo(f[i], 5);
  });

  it("offset and larger boxes: exact areas, channels in box order", () => {
    // grid 10 x 10 over 100 x 80: cell (i, j) centred at (y, x) = (4 + 8i, 5 + 10j)
    const c = boxCoverage([one], [10, 10], [{ half: [4, 5] }, { half: [10, 10], offset: [0, -10] }, { half: [40, 50] }]);
    const at = (i: number, j: number, k: number) => c.data[((i * 10) + j) * 3 + k];
    expect(at(2, 2, 0)).toBeCloseTo(1, 6); // centre (20, 25) inside the building
    expect(at(0, 0, 0)).toBeCloseTo(0, 6);
    // box 2 of cell (2, 4): centre (20, 35) shifted to x = 35, 20 x 20 box [25, 45] x [10, 30] → overlap [25, 40] x [10, 30] = 300 of 400
    expect(at(2, 4, 1)).toBeCloseTo(0.75, 6);
    // the whole domain: 400 m² of 8000
    for (let i = 0; i < 10; i++) expect(at(i, 5, 2)).toBeCloseTo(400 / 8000, 6);
  });

  it("wraps in y (periodic) and not in x", () => {
    const edge: BuildingLayout = { domain, buildings: [{ x0: 0, y0: 0, x1: 10, y1: 8 }] };
    const c = boxCoverage([edge], [10, 10], [{ half: [8, 5], offset: [-4, 0] }]);
    // cell (9, 0) centred at (76, 5), shifted to y = 72: box [64, 80] wraps onto nothing; cell (0, 0) at y = 0: [−8, 8] holds [0, 8] → 80 of 160
    expect(c.data[0]).toBeCloseTo(0.5, 6);
    const d = boxCoverage([edge], [10, 10], [{ half: [4, 5], offset: [8, 0] }]);
    expect(d.data[9 * 10]).toBeCloseTo(1, 6); // cell (9, 0) shifted one period up covers the building at y ∈ [0, 8]
    const e = boxCoverage([edge], [10, 10], [{ half: [4, 5], offset: [0, -10] }]);
    expect(e.data[0]).toBeCloseTo(0, 6); // left of the domain: no buildings
  });

  it("several layouts fill consecutive rows", () => {
    const empty: BuildingLayout = { domain, buildings: [] };
    const c = boxCoverage([empty, one], [4, 5], [{ half: [10, 10] }]);
    expect(c.shape).toEqual([2, 4, 5, 1]);
    expect(Array.from(c.data.slice(0, 20)).every((v) => v === 0)).toBe(true);
    expect(Math.max(...c.data.slice(20))).toBeGreaterThan(0);
  });

  it("names what is wrong in bad input", () => {
    expect(() => boxCoverage([], [4, 4], [{ half: [1, 1] }])).toThrow(/layouts must be a non-empty array/);
    expect(() => boxCoverage([one], [4, 0], [{ half: [1, 1] }])).toThrow(/size\[1\] \(W\)/);
    expect(() => boxCoverage([one], [4, 4], [])).toThrow(/boxes must be a non-empty array/);
    expect(() => boxCoverage([one], [4, 4], [{ half: [0, 1] }])).toThrow(/boxes\[0\]\.half\[0\]/);
    expect(() => boxCoverage([one], [4, 4], [{ half: [1, 1], offset: [Number.NaN, 0] }])).toThrow(/boxes\[0\]\.offset\[0\]/);
    expect(() => boxCoverage([one], [4, 4], [{ half: [50, 1] }])).toThrow(/taller .* than the periodic domain/);
  });
});
