// The datasets of notebooks 07 and 08 (src/data/catalog/equivariant-sr.ts, symmetry-discovery.ts) on
// small parameters: A commutes with quarter turns and B does not; the pairs are related by the
// transformations they claim.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rot90VectorField } from "../../src/core";
import { blockMean, getDataset, loadDataset, registerDataset, unregisterDataset } from "../../src/data";
import { ringDerivative } from "../../src/nn/equivariant";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-equivariant-data-"));
const registered: string[] = [];
afterAll(() => {
  for (const name of registered) unregisterDataset(name);
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function loadSmall(name: string, overrides: Record<string, unknown>) {
  const spec = getDataset(name), small = { ...spec.scales.quick, ...overrides }, copy = `test-small-${name}`;
  registerDataset({ ...spec, name: copy, scales: { quick: small, paper: small } }, { replace: true });
  registered.push(copy);
  return loadDataset(copy, { cacheDir });
}

/** Component c of the vector field [n, g, g, 2] of sample b as a Float64Array [g, g]. */
function component(data: ArrayLike<number>, b: number, g: number, c: number): Float64Array {
  return Float64Array.from({ length: g * g }, (_, p) => data[(b * g * g + p) * 2 + c]);
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe("equivariant-sr-turbulence", () => {
  it("lowA is the block mean; A of the turned field is the turned A (exactly), B of it is not", async () => {
    const g = 16, r = 4, h = 4;
    const ds = await loadSmall("equivariant-sr-turbulence", { samples: 2, grid: g, factor: r, time: 0.1, dt: 0.02, peak: 3 });
    const { velocity, lowA, lowB, lowATurned, lowBTurned } = ds.arrays;
    expect(velocity.shape).toEqual([2, g, g, 2]);
    expect(lowATurned.shape).toEqual([2, 3, h, h, 2]);
    const bm = blockMean({ data: Float64Array.from(velocity.data), shape: [2, g, g, 2] }, r, { layout: "HWC" });
    expect(maxAbs(bm.data, lowA.data)).toBeLessThan(1e-6);
    let inconsistencyB = 0;
    for (let b = 0; b < 2; b++) for (let k = 1; k <= 3; k++) {
      const turn = (low: ArrayLike<number>) => rot90VectorField(component(low, b, h, 0), component(low, b, h, 1), h, h, k);
      const at = (arr: ArrayLike<number>, c: number) => Float64Array.from({ length: h * h }, (_, p) => arr[((b * 3 + k - 1) * h * h + p) * 2 + c]);
      const ta = turn(lowA.data), tb = turn(lowB.data);
      expect(maxAbs(at(lowATurned.data, 0), ta.u)).toBeLessThan(1e-6);
      expect(maxAbs(at(lowATurned.data, 1), ta.v)).toBeLessThan(1e-6);
      inconsistencyB = Math.max(inconsistencyB, maxAbs(at(lowBTurned.data, 0), tb.u));
    }
    expect(inconsistencyB).toBeGreaterThan(0.01);
  });
});

describe("symmetry-discovery", () => {
  it("ring pairs are translations (x' = x − δ∂x + δ²∂²x/2 + O(δ³)), exp(δA) and the plane turn preserve norms", async () => {
    const ds = await loadSmall("symmetry-discovery", { ringSamples: 5, sites: 11, shift: 0.01, planeSamples: 4, points: 3, angle: 0.3 });
    const { ring, ringShifted, ringNoise, noiseGenerator, plane, planeTurned } = ds.arrays, d = 11, D = ringDerivative(d);
    for (let s = 0; s < 5; s++) {
      const x = ring.data.subarray(s * d, (s + 1) * d), xs = ringShifted.data.subarray(s * d, (s + 1) * d), xn = ringNoise.data.subarray(s * d, (s + 1) * d);
      const apply = (v: ArrayLike<number>) => Float64Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => D[i * d + j] * v[j]).reduce((a, b) => a + b, 0));
      const dx = apply(x), ddx = apply(dx);
      for (let i = 0; i < d; i++) expect(Math.abs(xs[i] - (x[i] - 0.01 * dx[i] + 0.5e-4 * ddx[i]))).toBeLessThan(1e-5); // third order in δ
      const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, b) => a + b * b, 0));
      expect(norm(xn)).toBeCloseTo(norm(x), 10);
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(noiseGenerator.data[i * d + j] + noiseGenerator.data[j * d + i]).toBe(0);
    for (let q = 0; q < 12; q++) {
      const [x, y, u, v] = [plane.data[2 * q], plane.data[2 * q + 1], planeTurned.data[2 * q], planeTurned.data[2 * q + 1]];
      expect(Math.atan2(x * v - y * u, x * u + y * v)).toBeCloseTo(0.3, 12);
      expect(Math.hypot(u, v)).toBeCloseTo(Math.hypot(x, y), 12);
    }
  });
});
