import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";

const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;
const variance = (a: Float64Array) => {
  const m = mean(a);
  return a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1);
};

describe("Rng", () => {
  it("same seed gives the same stream; different seeds differ", () => {
    const a = new Rng(42).fillUniform(new Float64Array(1000));
    const b = new Rng(42).fillUniform(new Float64Array(1000));
    const c = new Rng(43).fillUniform(new Float64Array(1000));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.filter((x, i) => x === c[i]).length).toBe(0);
  });

  it("golden numbers: the stream of seed 0 never changes across versions and platforms", () => {
    const r = new Rng(0);
    const raw = [r.nextUint32(), r.nextUint32(), r.nextUint32()];
    // Recorded from this implementation; a change here changes every dataset and figure.
    expect(raw).toEqual([3809008728, 1133695204, 53579671]);
  });

  it("uniform on 200k draws: in [0,1), mean 1/2 and variance 1/12 within 5 standard errors", () => {
    const n = 200_000;
    const u = new Rng(1).fillUniform(new Float64Array(n));
    expect(u.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
  });

  it("normal on 200k draws: mean 0, variance 1, kurtosis 3 within sampling error", () => {
    const n = 200_000;
    const z = new Rng(2).fillNormal(new Float64Array(n));
    expect(Math.abs(mean(z))).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const k = z.reduce((s, x) => s + x ** 4, 0) / n;
    expect(Math.abs(k - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it("fillNormal applies mean and std", () => {
    const z = new Rng(3).fillNormal(new Float64Array(100_000), 5, 2);
    expect(Math.abs(mean(z) - 5)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance(z)) - 2)).toBeLessThan(0.03);
  });

  it("split streams are reproducible, do not advance the parent, and are uncorrelated", () => {
    const parent = new Rng(7);
    const s1 = parent.split(1).fillNormal(new Float64Array(50_000));
    const s1again = new Rng(7).split(1).fillNormal(new Float64Array(50_000));
    const s2 = parent.split(2).fillNormal(new Float64Array(50_000));
    expect(Array.from(s1)).toEqual(Array.from(s1again));
    expect(parent.nextUint32()).toBe(new Rng(7).nextUint32());
    let c = 0;
    for (let i = 0; i < s1.length; i++) c += s1[i] * s2[i];
    expect(Math.abs(c / s1.length)).toBeLessThan(5 / Math.sqrt(s1.length));
  });

  it("integer covers [lo, hi) uniformly; shuffle is a permutation", () => {
    const r = new Rng(9);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.integer(-3, 3) + 3]++;
    for (const k of counts) expect(Math.abs(k - 10_000)).toBeLessThan(500);
    const p = r.shuffle([...Array(100).keys()]);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(100).keys()]);
    expect(p).not.toEqual([...Array(100).keys()]);
  });

  it("rejects bad seeds and ranges with clear errors", () => {
    expect(() => new Rng(-1)).toThrow(/seed must be an integer in \[0, 2\^53\), got -1/);
    expect(() => new Rng(1.5)).toThrow(/got 1.5/);
    expect(() => new Rng(0).integer(3, 3)).toThrow(/lo < hiExclusive/);
    expect(() => new Rng(0).fillNormal(new Float64Array(2), 0, -1)).toThrow(/std must be ≥ 0/);
    expect(() => new Rng(0).split(-1)).toThrow(/stream must be/);
  });
});
