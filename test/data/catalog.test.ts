import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cardIsCurrent, getDataset, listDatasets, loadDataset, registerDataset, unregisterDataset } from "../../src/data";
import { rasterize } from "../../src/sim/urban";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-catalog-test-"));
const registered: string[] = [];
afterAll(() => {
  for (const name of registered) unregisterDataset(name);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

/** Registers a copy of a catalog entry with smaller parameters (same builder) and loads it. */
async function loadSmall(name: string, overrides: Record<string, unknown>) {
  const spec = getDataset(name);
  const small = { ...spec.scales.quick, ...overrides };
  const copy = `test-small-${name}`;
  registerDataset({ ...spec, name: copy, scales: { quick: small, paper: small } }, { replace: true });
  registered.push(copy);
  return loadDataset(copy, { cacheDir });
}

/** Layout i of a dataset's buildings/buildingCount arrays. */
function layoutOf(ds: Awaited<ReturnType<typeof loadSmall>>, i: number) {
  const max = ds.arrays.buildings.shape[1], count = ds.arrays.buildingCount.data[i];
  const b = ds.arrays.buildings.data;
  const buildings = Array.from({ length: count }, (_, k) => {
    const o = (i * max + k) * 4;
    return { x0: b[o], y0: b[o + 1], x1: b[o + 2], y1: b[o + 3] };
  });
  return { domain: { lx: 640, ly: 640 }, buildings };
}

describe("built-in datasets", () => {
  it("every registered dataset has a current card in datasets/", () => {
    const names = listDatasets().map((s) => s.name).filter((n) => !n.startsWith("test-"));
    expect(names).toEqual(expect.arrayContaining(["lbm-vortex-street", "urban-sr", "urban-surrogate"]));
    for (const name of names) expect(cardIsCurrent(name), `datasets/${name}.md is stale: run kazami data card ${name}`).toBe(true);
  });

  it("urban-surrogate: temperatures are non-negative, zero in buildings, and the stored layouts re-rasterize to the stored masks", async () => {
    const ds = await loadSmall("urban-surrogate", { samples: 3, grid: 16 });
    const { solid, theta, fraction } = ds.arrays;
    expect(theta.shape).toEqual([3, 16, 16]);
    for (let c = 0; c < theta.data.length; c++) {
      expect(theta.data[c]).toBeGreaterThanOrEqual(0);
      if (solid.data[c]) expect(theta.data[c]).toBe(0);
      expect(solid.data[c]).toBe(fraction.data[c] > 0.5 ? 1 : 0);
    }
    for (let i = 0; i < 3; i++) {
      expect(Array.from(rasterize(layoutOf(ds, i), 16, 16).solid)).toEqual(Array.from(solid.data.subarray(i * 256, (i + 1) * 256)));
    }
    expect(ds.manifest.info.solverSecondsPerSample).toBeDefined();
  });

  it("urban-sr: fine and coarse masks come from the same layout, rasterized separately", async () => {
    const ds = await loadSmall("urban-sr", { samples: 2, high: 32, low: 8 });
    for (let i = 0; i < 2; i++) {
      const layout = layoutOf(ds, i);
      expect(Array.from(rasterize(layout, 32, 32).solid)).toEqual(Array.from(ds.arrays.solidHigh.data.subarray(i * 1024, (i + 1) * 1024)));
      expect(Array.from(rasterize(layout, 8, 8).solid)).toEqual(Array.from(ds.arrays.solidLow.data.subarray(i * 64, (i + 1) * 64)));
    }
    const meanOf = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(meanOf(ds.arrays.thetaLow.data)).toBeGreaterThan(0);
    expect(meanOf(ds.arrays.thetaHigh.data)).toBeGreaterThan(0);
  });

  it("lbm-vortex-street: the phase advances by 2π per measured shedding period", async () => {
    const ds = await loadSmall("lbm-vortex-street", { diameter: 12, length: 12, width: 6, spinUp: 3000, snapshots: 48, snapshotEvery: 80, coarsen: 4 });
    expect(ds.arrays.ux.shape).toEqual([48, 18, 36]);
    const period = ds.manifest.info.periodSteps as number, st = ds.manifest.info.strouhal as number;
    console.log(`lbm-vortex-street (small): St = ${st.toFixed(3)}, period ${period.toFixed(1)} steps`);
    expect(st).toBeGreaterThan(0.15);
    expect(st).toBeLessThan(0.25);
    const phase = ds.arrays.phase.data, expected = (2 * Math.PI * 80) / period;
    for (let k = 1; k < 48; k++) {
      const d = (phase[k] - phase[k - 1] + 4 * Math.PI) % (2 * Math.PI);
      expect(Math.abs(d - expected) / expected).toBeLessThan(0.1);
    }
  });
});
