// super-resolution-turbulence: the coarse-grained array is the truth's block mean, the coarse
// simulation is an independent run from the coarse-grained initial field (it equals the coarse
// solver's own run, differs from the coarse-grained truth, and is the more diffusive one).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { blockMean, getDataset, loadDataset, registerDataset, unregisterDataset } from "../../src/data";
import { NavierStokes2d, randomVorticity, simulate } from "../../src/sim/navier-stokes";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-sr-test-"));
afterAll(() => {
  unregisterDataset("test-small-super-resolution-turbulence");
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const meanSquare = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v * v, 0) / a.length;

describe("super-resolution-turbulence (2 runs, 32² → 8²)", () => {
  it("coarseGrained = block mean of the truth; coarseSim = the coarse solver run from the block mean of the initial field, weaker than the truth's", async () => {
    const spec = getDataset("super-resolution-turbulence");
    const small = { ...spec.scales.quick, samples: 2, grid: 32, factor: 4, viscosity: 2e-2, coarseViscosity: 0.2, time: 0.2, dt: 0.02, coarseDt: 0.02, peak: 2 };
    registerDataset({ ...spec, name: "test-small-super-resolution-turbulence", scales: { quick: small, paper: small } }, { replace: true });
    const ds = await loadDataset("test-small-super-resolution-turbulence", { cacheDir, seed: 5 });
    const { vorticity, coarseGrained, coarseSim } = ds.arrays;
    expect(vorticity.shape).toEqual([2, 32, 32, 1]);
    expect(coarseSim.shape).toEqual([2, 8, 8, 1]);
    const fine = new NavierStokes2d({ n: 32, viscosity: 2e-2 }), coarse = new NavierStokes2d({ n: 8, viscosity: 0.2 });
    for (let b = 0; b < 2; b++) {
      const truth = vorticity.data.subarray(b * 1024, (b + 1) * 1024), cg = coarseGrained.data.subarray(b * 64, (b + 1) * 64), cs = coarseSim.data.subarray(b * 64, (b + 1) * 64);
      const bm = blockMean({ data: Float64Array.from(truth), shape: [32, 32] }, 4).data;
      bm.forEach((v, i) => expect(cg[i]).toBeCloseTo(v, 5));
      // the same initial field and coarse run, rebuilt from the dataset's stream
      const z0 = randomVorticity(fine, { rng: new Rng(5).split(b), peakWavenumber: 2, energy: small.energy });
      const c0 = blockMean({ data: z0, shape: [32, 32] }, 4).data, m = c0.reduce((s, v) => s + v, 0) / 64;
      const lowRun = simulate(coarse, c0.map((v) => v - m), { dt: 0.02, steps: 10, scheme: "etdrk4" }).vorticity.at(-1) as Float64Array;
      lowRun.forEach((v, i) => expect(cs[i]).toBeCloseTo(v, 4));
      const fineRun = simulate(fine, z0, { dt: 0.02, steps: 10, scheme: "etdrk4" }).vorticity.at(-1) as Float64Array;
      fineRun.forEach((v, i) => expect(truth[i]).toBeCloseTo(v, 4));
      expect(meanSquare(cs)).toBeLessThan(0.9 * meanSquare(cg)); // ten times the viscosity: the coarse model is too diffusive
    }
    expect(ds.manifest.info.coarseSolverSecondsPerRun).toBeDefined();
  });

  it("both scales are accepted by the solvers' constructors (grids, viscosities, steps)", () => {
    for (const p of Object.values(getDataset("super-resolution-turbulence").scales) as { grid: number; factor: number; viscosity: number; coarseViscosity: number }[]) {
      expect(() => new NavierStokes2d({ n: p.grid, viscosity: p.viscosity })).not.toThrow();
      expect(() => new NavierStokes2d({ n: p.grid / p.factor, viscosity: p.coarseViscosity })).not.toThrow();
    }
  });
});
