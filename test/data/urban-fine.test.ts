import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDataset, loadDataset, registerDataset, unregisterDataset, urbanLayouts } from "../../src/data";
import { rasterize } from "../../src/sim/urban";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-urban-fine-test-"));
afterAll(() => { unregisterDataset("test-small-urban-fine"); fs.rmSync(cacheDir, { recursive: true, force: true }); });

describe("urban-fine dataset", () => {
  it("stores the fine field of each stored layout: masks re-rasterize, θ ≥ 0 and 0 in buildings, the low diffusivity in the parameters", async () => {
    const spec = getDataset("urban-fine"), small = { ...spec.scales.quick, samples: 2, grid: 32 };
    expect((spec.scales.quick as { heat: { diffusivity: number } }).heat.diffusivity).toBe(0.5);
    expect(spec.scales.paper.grid).toBe(128);
    registerDataset({ ...spec, name: "test-small-urban-fine", scales: { quick: small, paper: small } }, { replace: true });
    const ds = await loadDataset("test-small-urban-fine", { cacheDir });
    expect(ds.arrays.theta.shape).toEqual([2, 32, 32]);
    const layouts = urbanLayouts(ds), solid = ds.arrays.solid.data, theta = ds.arrays.theta.data;
    layouts.forEach((l, i) => expect(Array.from(rasterize(l, 32, 32).solid)).toEqual(Array.from(solid.subarray(i * 1024, (i + 1) * 1024))));
    for (let c = 0; c < theta.length; c++) {
      expect(theta[c]).toBeGreaterThanOrEqual(0);
      if (solid[c] === 1) expect(theta[c]).toBe(0);
    }
    expect(Math.max(...theta)).toBeGreaterThan(0);
  });
});
