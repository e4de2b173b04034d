import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { BAROTROPIC_MOUNTAINS } from "../../src/data/catalog/barotropic-mountains";
import { mountainField, mountainWaveDisplacement, mountainWaveDomain, placeMountains } from "../../src/sim/barotropic";

describe("barotropic-mountains dataset", () => {
  it("both scales' setups run with the tallest mountains (CFL with three of the tallest: quick dt 0.1, paper dt 0.05 at 64²)", () => {
    for (const scale of ["quick", "paper"] as const) {
      const p = BAROTROPIC_MOUNTAINS[scale], d = mountainWaveDomain(p.setup);
      const ms = placeMountains({ rng: new Rng(1), count: p.mountains.count, box: p.mountains.region, minSeparation: p.mountains.minSeparation,
        minHeight: p.mountains.maxHeight, maxHeight: p.mountains.maxHeight, width: p.mountains.width });
      const dy = mountainWaveDisplacement(p.setup, mountainField(d, ms));
      expect(dy.length).toBe(p.grid * p.grid);
      expect(dy.every(Number.isFinite)).toBe(true);
      let box = 0;
      for (let j = p.box.row; j < p.box.row + p.box.height; j++) for (let i = p.box.col; i < p.box.col + p.box.width; i++) box += Math.abs(dy[j * p.grid + i]);
      expect(box).toBeGreaterThan(0);
      // the box covers the same physical region at both scales
      expect((p.box.col * 2 * Math.PI) / p.grid).toBeCloseTo((BAROTROPIC_MOUNTAINS.quick.box.col * 2 * Math.PI) / 32, 12);
    }
  });

  it("the region holds three mountains two apart: 300 placements succeed, every pair ≥ minSeparation apart, heights in range", () => {
    const m = BAROTROPIC_MOUNTAINS.quick.mountains, rng = new Rng(7);
    for (let k = 0; k < 300; k++) {
      const ms = placeMountains({ rng: rng.split(k), count: m.count, box: m.region, minSeparation: m.minSeparation, minHeight: m.minHeight, maxHeight: m.maxHeight, width: m.width, heights: m.heights });
      expect(ms.length).toBe(m.count);
      for (let a = 0; a < ms.length; a++) {
        expect(ms[a].height).toBeGreaterThanOrEqual(m.minHeight);
        expect(ms[a].height).toBeLessThanOrEqual(m.maxHeight);
        for (let b = a + 1; b < ms.length; b++) expect(Math.hypot(ms[a].x - ms[b].x, ms[a].y - ms[b].y)).toBeGreaterThanOrEqual(m.minSeparation);
      }
    }
  });
});
