// Tail probabilities: the Wilson interval against its closed form and its coverage, Q(z) against
// tabulated values, exceedance counts and ring maxima.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { Z95, exceedance, normalUpperTail, ringMaxima, wilsonInterval } from "../../src/info";

describe("wilsonInterval", () => {
  it("k = 0 of n: [0, z²/(n + z²)]; k = n: [n/(n + z²), 1]; 5 of 10: [0.2366, 0.7634] (Wilson 1927)", () => {
    const z2 = Z95 * Z95;
    const zero = wilsonInterval(0, 10);
    expect(zero.estimate).toBe(0);
    expect(zero.lo).toBe(0);
    expect(zero.hi).toBeCloseTo(z2 / (10 + z2), 12);
    const all = wilsonInterval(10, 10);
    expect(all.lo).toBeCloseTo(10 / (10 + z2), 12);
    expect(all.hi).toBe(1);
    const half = wilsonInterval(5, 10);
    expect(half.lo).toBeCloseTo(0.23659, 4);
    expect(half.hi).toBeCloseTo(0.76341, 4);
    expect(wilsonInterval(5, 10, 1).hi).toBeLessThan(half.hi); // narrower at z = 1
  });

  it("covers a rare p = 0.003 with n = 2000 in 95 ± 2% of 4000 binomial draws (the normal interval would not: it collapses at k = 0)", () => {
    const rng = new Rng(3), p = 0.003, n = 2000, trials = 4000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      let k = 0;
      for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
      const w = wilsonInterval(k, n);
      if (w.lo <= p && p <= w.hi) covered++;
    }
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.02);
  });

  it("refuses counts that are not integers in [0, n] and n < 1", () => {
    expect(() => wilsonInterval(3, 2)).toThrow("info.wilsonInterval: count must be an integer in [0, 2]");
    expect(() => wilsonInterval(0.5, 2)).toThrow("count must be an integer");
    expect(() => wilsonInterval(0, 0)).toThrow("n must be an integer ≥ 1");
  });
});

describe("exceedance and ringMaxima", () => {
  it("counts values strictly above the threshold, with the Wilson interval of that count", () => {
    const f = exceedance([1, 2, 3, 4, 5], 3);
    expect(f).toEqual(wilsonInterval(2, 5));
    expect(f.count).toBe(2);
    expect(() => exceedance([1, NaN], 0)).toThrow("info.exceedance: values[1] is NaN");
    expect(() => exceedance([], 0)).toThrow("values must be a non-empty array");
  });

  it("ringMaxima takes the maximum of each member's K sites; refuses a length not divisible by K", () => {
    expect(Array.from(ringMaxima(Float64Array.of(1, 5, 2, -1, -3, -2), 3))).toEqual([5, -1]);
    expect(() => ringMaxima(new Float64Array(5), 3)).toThrow("info.ringMaxima: x must be a non-empty Float64Array [n, 3], got length 5");
    expect(() => ringMaxima(Float64Array.of(1, Infinity, 0), 3)).toThrow("x[0, 1] = Infinity is not finite");
  });
});

describe("normalUpperTail", () => {
  it("Q(z) to a relative 2e-7 of tabulated values from the centre to z = 6", () => {
    const table: [number, number][] = [[0, 0.5], [-2, 0.9772498680518208], [1, 0.15865525393145707], [Z95, 0.025], [3, 1.3498980316301e-3], [4.5, 3.397673124730062e-6], [6, 9.865876450377e-10]];
    for (const [z, q] of table) expect(Math.abs(normalUpperTail(z) / q - 1), `Q(${z})`).toBeLessThan(2e-7);
    expect(() => normalUpperTail(NaN)).toThrow("info.normalUpperTail: z must be");
  });
});
