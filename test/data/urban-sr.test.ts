// urban-sr: each layout's heating factor (inside its range, its own per layout, the same for both
// runs and reproducible by re-simulating), the degenerate range, bad ranges.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDataset, loadDataset, registerDataset, unregisterDataset, urbanLayouts } from "../../src/data";
import { HEATING, checkHeatingRange, scaledHeat } from "../../src/data/catalog/urban-sr";
import { PHYSICS } from "../../src/data/catalog/urban";
import { solveUrbanSteady } from "../../src/sim/urban";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-urban-sr-test-"));
const copy = "test-small-urban-sr-heating";
afterAll(() => {
  unregisterDataset(copy);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function loadSmall(overrides: Record<string, unknown>) {
  const spec = getDataset("urban-sr");
  const small = { ...spec.scales.quick, samples: 3, high: 32, low: 8, ...overrides };
  registerDataset({ ...spec, name: copy, scales: { quick: small, paper: small } }, { replace: true });
  return loadDataset(copy, { cacheDir });
}

describe("urban-sr heating factor", () => {
  it("draws each layout's factor inside the range, different per layout, and both runs re-simulate with it", async () => {
    const ds = await loadSmall({});
    const f = Array.from(ds.arrays.heating.data);
    expect(ds.arrays.heating.shape).toEqual([3]);
    for (const v of f) {
      expect(v).toBeGreaterThanOrEqual(HEATING[0]);
      expect(v).toBeLessThanOrEqual(HEATING[1]);
    }
    expect(new Set(f).size).toBe(3);
    const layout = urbanLayouts(ds, [1, 2])[0], heat = scaledHeat(PHYSICS.heat, f[1]);
    expect(heat.groundHeating).toBeCloseTo(PHYSICS.heat.groundHeating * f[1], 15);
    expect(heat.exchangeRate).toBe(PHYSICS.heat.exchangeRate);
    const wind = { ...PHYSICS.wind, model: "lbm" as const };
    for (const [n, key] of [[32, "thetaHigh"], [8, "thetaLow"]] as const) {
      const again = solveUrbanSteady(layout, { nx: n, wind, heat });
      const stored = ds.arrays[key].data.subarray(n * n, 2 * n * n);
      expect(Math.max(...Array.from(stored, (v, c) => Math.abs(v - again.theta[c])))).toBeLessThan(1e-5);
      // θ is linear in the heating: the unscaled run times the factor
      const unit = solveUrbanSteady(layout, { nx: n, wind, heat: PHYSICS.heat });
      expect(Math.max(...Array.from(unit.theta, (v, c) => Math.abs(v * f[1] - again.theta[c])))).toBeLessThan(1e-5);
    }
  });

  it("a degenerate range [1, 1] gives every layout the dataset's heating", async () => {
    const ds = await loadSmall({ heating: [1, 1] });
    expect(Array.from(ds.arrays.heating.data)).toEqual([1, 1, 1]);
  });

  it("rejects a heating range that is not 0 < min ≤ max", () => {
    expect(() => checkHeatingRange("urban-sr", [0, 2])).toThrow("urban-sr: heating must be [min, max] with 0 < min ≤ max (finite), got [0,2]");
    expect(() => checkHeatingRange("urban-sr", [2, 1])).toThrow(/heating must be/);
    expect(() => checkHeatingRange("urban-sr", [1] as unknown as [number, number])).toThrow(/heating must be/);
  });
});
