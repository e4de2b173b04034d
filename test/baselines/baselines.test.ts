// baselines: the per-mode linear operator and ridge regression recover what they should, and refuse bad input.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { fitRidge, fitSpectralGain, relativeL2 } from "../../src/baselines";

/** y = heat kernel e^{−νk²T} applied to x, then shifted by one cell: a linear, shift-invariant operator (1D, periodic). */
function heatShift(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let s = 0; s < x.length / n; s++) for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) {
      let g = 1 / n;
      for (let k = 1; k < n / 2; k++) g += (2 / n) * Math.exp(-0.01 * k * k) * Math.cos((2 * Math.PI * k * (i - 1 - j)) / n);
      v += g * x[s * n + j];
    }
    out[s * n + i] = v;
  }
  return out;
}

describe("baselines.fitSpectralGain", () => {
  it("recovers a linear shift-invariant operator exactly (1D) and is no better than it on a nonlinear one", () => {
    const n = 32, rng = new Rng(1), x = rng.fillNormal(new Float64Array(20 * n)), xt = rng.fillNormal(new Float64Array(5 * n));
    const lin = fitSpectralGain(x, heatShift(x, n), [n]);
    expect(relativeL2(lin.apply(xt), heatShift(xt, n), n)).toBeLessThan(1e-10);
    const square = (a: Float64Array) => a.map((v) => v * v - 1); // nonlinear: the linear fit cannot follow it
    expect(relativeL2(fitSpectralGain(x, square(x), [n]).apply(xt), square(xt), n)).toBeGreaterThan(0.9);
  });

  it("2D: recovers a shift by (1, 2) cells on a 16x8 grid", () => {
    const [ny, nx] = [8, 16], rng = new Rng(2), x = rng.fillNormal(new Float64Array(10 * ny * nx));
    const shift = (a: Float64Array) => a.map((_, q) => { const s = Math.floor(q / (nx * ny)), r = q % (nx * ny), i = Math.floor(r / nx), j = r % nx;
      return a[s * nx * ny + ((i + 1) % ny) * nx + ((j + 2) % nx)]; });
    const lin = fitSpectralGain(x, shift(x), [ny, nx]), xt = rng.fillNormal(new Float64Array(3 * ny * nx));
    expect(relativeL2(lin.apply(xt), shift(xt), nx * ny)).toBeLessThan(1e-10);
  });

  it("refuses mismatched shapes", () => {
    expect(() => fitSpectralGain(new Float64Array(64), new Float64Array(32), [32])).toThrow("x and y must both be [samples, 32] (a multiple of 32 values), got 64 and 32");
    expect(() => fitSpectralGain(new Float64Array(48), new Float64Array(48), [48])).toThrow(/power of two/);
  });
});

describe("baselines.fitRidge", () => {
  it("recovers exact linear coefficients with an intercept; λ shrinks them", () => {
    const rng = new Rng(3), n = 200, p = 3, phi = rng.fillNormal(new Float64Array(n * p)).map((v, i) => v * (i % p + 1) + 5);
    const y = new Float64Array(n).map((_, r) => 2 + 0.5 * phi[r * p] - 1.5 * phi[r * p + 1] + 0.25 * phi[r * p + 2]);
    const m = fitRidge(phi, y, { features: p, lambda: 0 });
    const q = Float64Array.of(1, 2, 3);
    expect(m.predict(q)[0]).toBeCloseTo(2 + 0.5 - 3 + 0.75, 10);
    const shrunk = fitRidge(phi, y, { features: p, lambda: 1e4 });
    expect(Math.abs(shrunk.predict(q)[0] - shrunk.predict(Float64Array.of(0, 0, 0))[0])).toBeLessThan(Math.abs(m.predict(q)[0] - m.predict(Float64Array.of(0, 0, 0))[0]));
  });

  it("refuses a singular design and bad shapes", () => {
    const phi = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i : i - 1)); // two identical columns
    expect(() => fitRidge(phi, new Float64Array(10), { features: 2, lambda: 0 })).toThrow("the normal equations are singular at feature 1");
    expect(() => fitRidge(new Float64Array(9), new Float64Array(3), { features: 2 })).toThrow("phi must be [rows, 2] and y [rows, 1]");
  });
});

describe("urban features and wall adjacency", () => {
  it("wallAdjacency counts solid 4-neighbours (periodic in y, walls in x); urbanFeatures sees position, fraction and the upstream fetch", async () => {
    const { wallAdjacency } = await import("../../src/sim/urban");
    const { URBAN_FEATURES, urbanDesign, urbanFeatures } = await import("../../src/baselines");
    const nx = 6, ny = 4, solid = new Uint8Array(nx * ny);
    solid[1 * nx + 2] = 1; // one building cell at (i = 2, j = 1)
    const w = wallAdjacency(solid, nx, ny);
    expect(w[1 * nx + 1]).toBe(0.25); expect(w[1 * nx + 3]).toBe(0.25); expect(w[0 * nx + 2]).toBe(0.25); expect(w[2 * nx + 2]).toBe(0.25);
    expect(w[1 * nx + 2]).toBe(0); // inside the building
    expect(w.reduce((a, b) => a + b, 0)).toBe(1);
    const top = new Uint8Array(nx * ny); top[3 * nx + 0] = 1; // wraps in y: (0, 0) touches (0, 3)
    expect(wallAdjacency(top, nx, ny)[0]).toBe(0.25);
    const f = urbanFeatures(Float64Array.from(solid), w, nx, ny);
    expect(f.length).toBe(nx * ny * URBAN_FEATURES);
    expect(f[(1 * nx + 4) * URBAN_FEATURES + 0]).toBeCloseTo(4.5 / 6, 12); // x of cell (4, 1)
    // upstream fraction of the whole fetch (band 0) is 1/nx downstream of the building in its row, 0 upstream of it
    const upWhole = 4 + 8 + 5; // index of upstream(band 0, nx) among the features
    expect(f[(1 * nx + 4) * URBAN_FEATURES + upWhole]).toBeCloseTo(1 / nx, 12);
    expect(f[(1 * nx + 1) * URBAN_FEATURES + upWhole]).toBe(0);
    const d = urbanDesign(Float64Array.from(solid), w, solid, nx, ny, 1);
    expect(d.index.length).toBe(nx * ny - 1);
    expect(Array.from(d.index)).not.toContain(1 * nx + 2);
    expect(() => urbanFeatures(new Float64Array(3), w, nx, ny)).toThrow("fraction and adjacency must be [ny, nx] = [4, 6], got 3 and 24 values");
  });
});

describe("1D Fourier helpers", () => {
  it("pointSamples, fourierInterpolate (exact for band-limited fields) and spectralTail", async () => {
    const { fourierInterpolate, pointSamples, spectralTail } = await import("../../src/baselines");
    const f = (x: number) => Math.sin(2 * Math.PI * 3 * x) + 0.5 * Math.cos(2 * Math.PI * 7 * x + 0.3);
    const fine = Float64Array.from({ length: 2 * 64 }, (_, q) => f((q % 64) / 64));
    const coarse = pointSamples(fine, 64, 16);
    expect(coarse.length).toBe(32);
    expect(coarse[1]).toBeCloseTo(f(1 / 16), 12);
    expect(relativeL2(fourierInterpolate(coarse, 16, 64), fine, 64)).toBeLessThan(1e-12); // modes 3 and 7 < 16/2
    expect(spectralTail(fine, 64, 5)).toBeCloseTo(0.25 / 1.25, 12); // energy 1/2 at k = 3, 1/8 at k = 7
    expect(spectralTail(fine, 64, 7)).toBeLessThan(1e-20);
    expect(() => pointSamples(fine, 64, 24)).toThrow("n = 24 must divide N = 64");
  });
});
