// lorenz96-ensembles: shapes, independence of a member from the ensemble's size, distinct sets,
// and the climate of each forcing.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDataset, loadDataset, registerDataset, unregisterDataset } from "../../src/data";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-l96-ensembles-test-"));
const names: string[] = [];
afterAll(() => {
  names.forEach((n) => unregisterDataset(n));
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

async function small(name: string, overrides: Record<string, unknown>) {
  const spec = getDataset("lorenz96-ensembles");
  const p = { ...spec.scales.quick, ...overrides };
  registerDataset({ ...spec, name, scales: { quick: p, paper: p } }, { replace: true });
  names.push(name);
  return loadDataset(name, { cacheDir });
}

describe("lorenz96-ensembles", () => {
  it("per forcing: small, validation and held-out ensembles [F, members, K]; member b does not depend on the ensemble's size; the sets differ", async () => {
    const a = await small("test-l96e-a", { smallMembers: 4, validationMembers: 3, heldOutFactor: 2, spinUp: 2 });
    const b = await small("test-l96e-b", { smallMembers: 6, validationMembers: 3, heldOutFactor: 2, spinUp: 2 });
    expect(a.arrays.small.shape).toEqual([2, 4, 40]);
    expect(a.arrays.validation.shape).toEqual([2, 3, 40]);
    expect(a.arrays.heldOut.shape).toEqual([2, 8, 40]);
    expect(Array.from(a.arrays.forcings.data)).toEqual([8, 10]);
    const first = (ds: typeof a, f: number, n: number) => Array.from(ds.arrays.small.data.subarray(f * n * 40, f * n * 40 + 4 * 40));
    expect(first(b, 1, 6)).toEqual(first(a, 1, 4)); // the first 4 members at F = 10, from ensembles of 4 and of 6
    expect(a.arrays.validation.data[0]).not.toBe(a.arrays.small.data[0]);
    expect(a.arrays.heldOut.data[0]).not.toBe(a.arrays.small.data[0]);
  });

  it("after the spin-up each forcing has its climate: mean ≈ 2.3 (F = 8) and 2.6 (F = 10), std ≈ 3.6 and 4.4 (Lorenz 1996)", async () => {
    const ds = await small("test-l96e-c", { smallMembers: 200, validationMembers: 1, heldOutFactor: 1, spinUp: 5 });
    const n = 200 * 40;
    const stats = [0, 1].map((f) => {
      const x = ds.arrays.small.data.subarray(f * n, (f + 1) * n);
      const m = x.reduce((s, v) => s + v, 0) / n;
      return { m, s: Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / n) };
    });
    expect(Math.abs(stats[0].m - 2.34)).toBeLessThan(0.15);
    expect(Math.abs(stats[0].s - 3.64)).toBeLessThan(0.15);
    expect(Math.abs(stats[1].m - 2.59)).toBeLessThan(0.2);
    expect(Math.abs(stats[1].s - 4.38)).toBeLessThan(0.2);
  });

  it("its paper scale is accepted by the model and its sizes (10000 small members, 100000 held out)", () => {
    const p = getDataset("lorenz96-ensembles").scales.paper as Record<string, unknown>;
    expect(p.smallMembers).toBe(10000);
    expect(getDataset("lorenz96-ensembles").arrays(p as never).heldOut.shape).toEqual([2, 100000, 40]);
  });
});
