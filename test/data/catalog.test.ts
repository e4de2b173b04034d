import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cardIsCurrent, getDataset, listDatasets, loadDataset, locateDataset, registerDataset, unregisterDataset } from "../../src/data";
import { Burgers1d, cflSteps, simulate as simulateBurgers } from "../../src/sim/burgers";
import { NavierStokes2d } from "../../src/sim/navier-stokes";
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
    expect(names).toEqual(expect.arrayContaining(["burgers-fno", "lbm-vortex-street", "lorenz96-closure", "navier-stokes-fno", "urban-sr", "urban-surrogate"]));
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

describe("datasets of notebooks 01 and 02", () => {
  it("their parameters per scale are fixed data (the dataset's identity does not depend on a run)", () => {
    const grf = { sigma: 49, tau: 7, alpha: 2.5 };
    expect(getDataset("burgers-fno").scales).toEqual({
      quick: { samples: 950, grid: 512, viscosity: 7e-4, time: 1, cfl: 0.8, grf },
      paper: { samples: 1200, grid: 8192, viscosity: 1e-3, time: 1, cfl: 0.8, grf },
    });
    const physics = { viscosity: 1e-3, time: 0.5, energy: 0.2, peak: 3, forcing: { amplitude: 0.1, wavenumber: 4 } };
    expect(getDataset("navier-stokes-fno").scales).toEqual({
      quick: { samples: 240, grid: 32, dt: 0.025, ...physics }, paper: { samples: 1200, grid: 64, dt: 0.0125, ...physics },
    });
    const arnold = { sites: 8, fastPerSite: 32, forcing: 20, h: 1, b: 10, c: 10, dt: 0.001, spinUp: 10, sampleDt: 0.01 };
    expect(getDataset("lorenz96-closure").scales).toEqual({
      quick: { ...arnold, fitUnits: 100, testUnits: 50 }, paper: { ...arnold, fitUnits: 1000, testUnits: 200 },
    });
    for (const name of ["burgers-fno", "navier-stokes-fno", "lorenz96-closure"]) {
      const quick = locateDataset(name, { scale: "quick", cacheDir }), paper = locateDataset(name, { scale: "paper", cacheDir });
      expect(quick.key).not.toBe(paper.key);
      expect(locateDataset(name, { scale: "quick", seed: 7, cacheDir }).key).toBe(quick.key); // the seed is not a parameter
    }
  });

  it("burgers-fno (3 × 128): conserved mean, maximum principle, CFL-ruled steps, and the stored uT is the solver's", async () => {
    const ds = await loadSmall("burgers-fno", { samples: 3, grid: 128, viscosity: 0.05 });
    const { u0, uT, steps } = ds.arrays, n = 128;
    expect(u0.shape).toEqual([3, n]);
    const model = new Burgers1d({ n, viscosity: 0.05 });
    for (let b = 0; b < 3; b++) {
      const a = u0.data.subarray(b * n, (b + 1) * n) as Float64Array, y = uT.data.subarray(b * n, (b + 1) * n);
      const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
      const maxAbs = (v: ArrayLike<number>) => Math.max(...Array.from(v, Math.abs));
      expect(Math.abs(mean(a))).toBeLessThan(1e-12);
      expect(Math.abs(mean(y) - mean(a))).toBeLessThan(1e-12);
      expect(maxAbs(y)).toBeLessThanOrEqual(maxAbs(a));
      expect(steps.data[b]).toBe(cflSteps(model, a, { time: 1, cfl: 0.8 }));
      if (b === 1) {
        const run = simulateBurgers(model, a, { dt: 1 / steps.data[b], steps: steps.data[b], scheme: "etdrk4" });
        expect(Array.from(y)).toEqual(Array.from(run.u[run.u.length - 1]));
      }
    }
    expect(ds.manifest.info.maxTailFraction as number).toBeLessThan(1e-6);
  });

  it("navier-stokes-fno (2 × 16²): ω0 has the prescribed energy and zero mean; ω(T) has moved", async () => {
    const ds = await loadSmall("navier-stokes-fno", { samples: 2, grid: 16 });
    const { w0, wT } = ds.arrays, cells = 256;
    expect(wT.shape).toEqual([2, 16, 16]);
    const model = new NavierStokes2d({ n: 16, viscosity: 1e-3 });
    for (let b = 0; b < 2; b++) {
      const z0 = w0.data.subarray(b * cells, (b + 1) * cells) as Float64Array, zT = wT.data.subarray(b * cells, (b + 1) * cells);
      expect(model.energy(model.toSpectral(z0.slice()))).toBeCloseTo(0.2, 10);
      expect(Math.abs(z0.reduce((s, v) => s + v, 0))).toBeLessThan(1e-10);
      let d = 0, s = 0;
      for (let q = 0; q < cells; q++) { d += (zT[q] - z0[q]) ** 2; s += z0[q] ** 2; }
      expect(Math.sqrt(d / s)).toBeGreaterThan(0.05);
    }
    expect(Array.from(w0.data.subarray(0, 8))).not.toEqual(Array.from(w0.data.subarray(cells, cells + 8)));
  });

  it("lorenz96-closure (1 + 0.5 units): U is the tendency the fast scale exerts on X, and the two records are independent", async () => {
    const ds = await loadSmall("lorenz96-closure", { fitUnits: 1, testUnits: 0.5, spinUp: 2 });
    const { Xfit, Ufit, Xtest } = ds.arrays, K = 8, dt = 0.01, F = 20;
    expect(Xfit.shape).toEqual([101, K]);
    expect(Xtest.shape).toEqual([51, K]);
    // central differences of the record: dX/dt = X_{k−1}(X_{k+1} − X_{k−2}) − X_k + F + U_k
    const X = Xfit.data, U = Ufit.data;
    let res = 0, tend = 0;
    for (let t = 1; t < 100; t++) for (let k = 0; k < K; k++) {
      const x = (j: number) => X[t * K + ((j + K) % K)];
      const rhs = x(k - 1) * (x(k + 1) - x(k - 2)) - x(k) + F + U[t * K + k];
      const fd = (X[(t + 1) * K + k] - X[(t - 1) * K + k]) / (2 * dt);
      res += (fd - rhs) ** 2; tend += rhs ** 2;
    }
    console.log(`lorenz96-closure: central-difference residual / tendency = ${Math.sqrt(res / tend).toExponential(2)}`);
    expect(Math.sqrt(res / tend)).toBeLessThan(1e-2);
    expect(Math.abs(Xtest.data[0] - X[0])).toBeGreaterThan(1e-3);
  });
});
