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
});
