import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { mountainField, mountainRegions, mountainWaveDisplacement, mountainWaveDomain, nearestMountain, placeMountains, removalEffects, withoutMountain } from "../../src/sim/barotropic";

const setup = { nx: 16, ny: 16, beta: 2, drag: 0.3, hyperviscosity: 1e-3, uniformFlow: 0.5, dt: 0.25, time: 6, averageFrom: 4 };
const d = mountainWaveDomain(setup);

describe("barotropic mountain waves", () => {
  it("no topography, no waves; small mountains respond linearly, tall ones less than linearly", () => {
    expect(mountainWaveDisplacement(setup, new Float64Array(256)).every((v) => v === 0)).toBe(true);
    const one = (h: number) => mountainWaveDisplacement(setup, mountainField(d, [{ x: 1.5, y: 3, height: h, width: 0.5 }]));
    const a = one(0.001), b = one(0.002), tall = one(3);
    const norm = (f: Float64Array, s: number) => Math.sqrt(f.reduce((t, v) => t + (v / s) ** 2, 0));
    const diff = Math.sqrt(a.reduce((t, v, i) => t + (v / 0.001 - b[i] / 0.002) ** 2, 0));
    expect(diff / norm(a, 0.001)).toBeLessThan(1e-3); // the nonlinear part is O(η): 3e-4 here
    expect(norm(tall, 3) / norm(a, 0.001)).toBeLessThan(0.95); // nonlinear saturation
    // downstream (east of the mountain) the meander is larger than upstream
    const band = (x0: number, x1: number) => { let s = 0; for (let j = 0; j < 16; j++) for (let i = x0; i < x1; i++) s += Math.abs(a[j * 16 + i]); return s; };
    expect(band(6, 10)).toBeGreaterThan(band(14, 16) + band(0, 2));
  });

  it("places mountains in their box, apart, with heights in range; reproducibly", () => {
    const opts = { count: 4, box: [0.5, 2.5, 1, 5] as [number, number, number, number], minSeparation: 1.2, minHeight: 0.5, maxHeight: 2, width: 0.3 };
    for (let s = 0; s < 20; s++) {
      const ms = placeMountains({ rng: new Rng(s), ...opts });
      expect(ms).toEqual(placeMountains({ rng: new Rng(s), ...opts }));
      for (const [i, m] of ms.entries()) {
        expect(m.x).toBeGreaterThanOrEqual(0.5); expect(m.x).toBeLessThanOrEqual(2.5); expect(m.y).toBeGreaterThanOrEqual(1); expect(m.y).toBeLessThanOrEqual(5);
        expect(m.height).toBeGreaterThanOrEqual(0.5); expect(m.height).toBeLessThanOrEqual(2);
        for (const o of ms.slice(i + 1)) expect(Math.hypot(m.x - o.x, m.y - o.y)).toBeGreaterThanOrEqual(1.2);
      }
    }
    expect(() => placeMountains({ rng: new Rng(0), ...opts, minSeparation: 10 })).toThrow(/could not place 4 mountains 10 apart/);
  });

  it("log-uniform heights: in range, log η0 uniform (its mean and quartiles), centres as with uniform heights", () => {
    const opts = { count: 3, box: [0.6, 1.2, 1, 5.3] as [number, number, number, number], minSeparation: 2, minHeight: 0.25, maxHeight: 4, width: 0.3 };
    const logs: number[] = [];
    for (let s = 0; s < 400; s++) {
      const ms = placeMountains({ rng: new Rng(s), ...opts, heights: "logUniform" }), uni = placeMountains({ rng: new Rng(s), ...opts });
      expect(ms.map((m) => [m.x, m.y])).toEqual(uni.map((m) => [m.x, m.y]));
      for (const m of ms) { expect(m.height).toBeGreaterThanOrEqual(0.25); expect(m.height).toBeLessThanOrEqual(4); logs.push(Math.log(m.height / 0.25) / Math.log(16)); }
    }
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length, sorted = [...logs].sort((a, b) => a - b);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03); // 1200 draws of U(0, 1): sd of the mean 0.008
    expect(Math.abs(sorted[Math.floor(0.25 * logs.length)] - 0.25)).toBeLessThan(0.04);
    expect(Math.abs(sorted[Math.floor(0.75 * logs.length)] - 0.75)).toBeLessThan(0.04);
    expect(() => placeMountains({ rng: new Rng(0), ...opts, minHeight: 0, heights: "logUniform" })).toThrow(/log-uniform heights need minHeight > 0, got 0/);
    expect(() => placeMountains({ rng: new Rng(0), ...opts, heights: "normal" as "uniform" })).toThrow(/heights/);
  });

  it("nearestMountain wraps around the periodic domain; withoutMountain drops one", () => {
    const ms = [{ x: 0.2, y: 3, height: 1, width: 0.3 }, { x: 3, y: 3, height: 1, width: 0.3 }];
    expect(nearestMountain(d, ms, 6.1, 3)).toBe(0); // 0.38 away across x = 2π
    expect(nearestMountain(d, ms, 2.5, 3)).toBe(1);
    expect(withoutMountain(d, ms, 0)).toEqual(mountainField(d, [ms[1]]));
  });

  it("mountainRegions labels each cell with its nearest mountain (periodic), a partition of the grid", () => {
    const ms = [{ x: 0.2, y: 3, height: 1, width: 0.3 }, { x: 3, y: 3, height: 1, width: 0.3 }];
    const lab = mountainRegions(d, ms);
    expect(lab.length).toBe(256);
    for (let j = 0; j < 16; j++) for (let i = 0; i < 16; i++) expect(lab[j * 16 + i]).toBe(nearestMountain(d, ms, i * d.dx, j * d.dy));
    expect(lab[8 * 16 + 15]).toBe(0); // x = 5.9: nearer to x = 0.2 across the periodic edge
    expect(lab[8 * 16 + 7]).toBe(1); // x = 2.75
    expect(new Set(lab)).toEqual(new Set([0, 1]));
  });

  it("removalEffects: ΔF_m = F(all) − F(all but m); one mountain gives F itself, small far-apart ones add up to F", () => {
    const mean = (dy: Float64Array) => dy.reduce((t, v) => t + v, 0) / dy.length;
    const east = (dy: Float64Array) => { let t = 0; for (let j = 0; j < 16; j++) for (let i = 8; i < 12; i++) t += dy[j * 16 + i]; return t; };
    const one = [{ x: 1.5, y: 3, height: 0.8, width: 0.5 }];
    const full = mountainWaveDisplacement(setup, mountainField(d, one));
    expect(removalEffects(setup, one, east)).toEqual([east(full)]);
    expect(removalEffects(setup, one, east, full)).toEqual([east(full)]);
    const small = [{ x: 1, y: 1.5, height: 0.01, width: 0.4 }, { x: 1.2, y: 4.5, height: 0.02, width: 0.4 }];
    const fs = east(mountainWaveDisplacement(setup, mountainField(d, small))), effects = removalEffects(setup, small, east);
    expect(Math.abs(effects[0] + effects[1] - fs)).toBeLessThan(1e-3 * Math.abs(fs));
    expect(() => removalEffects(setup, [], mean)).toThrow(/mountains must be a non-empty list/);
    expect(() => removalEffects(setup, one, mean, new Float64Array(3))).toThrow(/full must be the δy of all mountains, a Float64Array of 16·16 = 256 values/);
    expect(() => removalEffects(setup, one, () => NaN)).toThrow(/readout\(full\)/);
  });

  it("names bad setups", () => {
    const eta = new Float64Array(256);
    expect(() => mountainWaveDisplacement({ ...setup, uniformFlow: 0 }, eta)).toThrow(/uniformFlow must be > 0, got 0/);
    expect(() => mountainWaveDisplacement({ ...setup, averageFrom: 7 }, eta)).toThrow(/averageFrom must be in \[0, 6\], got 7/);
    expect(() => mountainWaveDisplacement(setup, new Float64Array(10))).toThrow(/topography/);
  });
});
