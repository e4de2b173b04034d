import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { blockMean, type NamedArray, patchesAt, randomPatches, spectralCut, stridedPatches, subsample, takeRows, trainTestSplit } from "../../src/data";

const mean = (x: ArrayLike<number>) => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]; return s / x.length; };
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

function randomField(shape: number[], seed: number): NamedArray<Float64Array> {
  const n = shape.reduce((p, d) => p * d, 1);
  return { data: new Rng(seed).fillNormal(new Float64Array(n)), shape };
}

/** A periodic field [h, w] holding only the modes |ky| < h/(2f), |kx| < w/(2f). */
function bandLimited(h: number, w: number, f: number, seed: number): NamedArray<Float64Array> {
  const rng = new Rng(seed), data = new Float64Array(h * w);
  const kyMax = h / (2 * f), kxMax = w / (2 * f);
  for (let ky = 0; ky < kyMax; ky++) for (let kx = -kxMax + 1; kx < kxMax; kx++) {
    const a = rng.normal(), b = rng.normal();
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) {
      const ph = 2 * Math.PI * ((ky * j) / h + (kx * i) / w);
      data[j * w + i] += a * Math.cos(ph) + b * Math.sin(ph);
    }
  }
  return { data, shape: [h, w] };
}

/** Rotates each [H, W] slice of [N, H, W] by 90° counter-clockwise (square grids). */
function rot90(x: NamedArray<Float64Array>): NamedArray<Float64Array> {
  const [n, h, w] = x.shape, out = new Float64Array(x.data.length);
  for (let b = 0; b < n; b++) for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) out[(b * w + (w - 1 - i)) * h + j] = x.data[(b * h + j) * w + i];
  return { data: out, shape: [n, w, h] };
}

describe("coarse-graining operators", () => {
  it.each([["HW", [3, 32, 48]], ["HWC", [2, 32, 48, 3]]] as const)("block mean (%s) preserves the mean of every sample and channel", (layout, shape) => {
    const x = randomField([...shape], 1);
    const y = blockMean(x, 4, { layout });
    expect(y.shape).toEqual(layout === "HW" ? [3, 8, 12] : [2, 8, 12, 3]);
    expect(Math.abs(mean(y.data) - mean(x.data))).toBeLessThan(1e-14);
    // Per-sample means (first sample's slice).
    const per = (a: NamedArray, s: number) => a.data.length / a.shape[0] * s;
    expect(Math.abs(mean(y.data.subarray(0, per(y, 1))) - mean(x.data.subarray(0, per(x, 1))))).toBeLessThan(1e-14);
  });

  it("block mean keeps float32 as float32, supports [fy, fx], and commutes with 90° rotation", () => {
    const x32 = { data: Float32Array.from(randomField([16, 16], 2).data), shape: [16, 16] };
    const y32 = blockMean(x32, [2, 4]);
    expect(y32.data).toBeInstanceOf(Float32Array);
    expect(y32.shape).toEqual([8, 4]);
    const x = randomField([2, 16, 16], 3);
    expect(maxDiff(blockMean(rot90(x), 4).data, rot90(blockMean(x, 4)).data)).toBeLessThan(1e-14); // summation order only
  });

  it("subsample picks every f-th point from the offset", () => {
    const x = { data: Float64Array.from({ length: 8 * 8 }, (_, i) => i), shape: [8, 8] };
    const y = subsample(x, 4, { offset: [1, 2] });
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([10, 14, 42, 46]);
  });

  it("spectral cut: shape, mean preserved, equal to subsample for a band-limited field, idempotent", () => {
    const x = randomField([2, 64, 32], 4);
    const y = spectralCut(x, 4);
    expect(y.shape).toEqual([2, 16, 8]);
    expect(Math.abs(mean(y.data) - mean(x.data))).toBeLessThan(1e-13);
    const band = bandLimited(64, 32, 4, 5);
    const cut = spectralCut(band, 4), sub = subsample(band, 4);
    expect(maxDiff(cut.data, sub.data) / maxDiff(sub.data, new Float64Array(sub.data.length))).toBeLessThan(1e-12);
    // A resolved field passes unchanged: cut with factor 1 is the identity.
    expect(maxDiff(spectralCut(band, 1).data, band.data)).toBeLessThan(1e-12);
  });

  it("refuses grids the factor does not divide, naming the sizes", () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => blockMean(randomField([30, 64], 1), 4), /blockMean: grid 30x64 \(H x W\) is not divisible by the factor 4 \(H % 4 = 2, W % 4 = 0\); expected H a multiple of 4 and W a multiple of 4/],
      [() => subsample(randomField([32, 30], 1), [2, 4]), /subsample: grid 32x30 \(H x W\) is not divisible by the factor \[2, 4\] \(H % 2 = 0, W % 4 = 2\)/],
      [() => spectralCut(randomField([48, 48], 1), 4), /spectralCut: H and W must be powers of two, got 48x48/],
      [() => blockMean(randomField([32], 1), 2), /x must have rank ≥ 2 \(\[\.\.\., H, W\]\), got rank 1 \(shape \[32\]\)/],
      [() => blockMean({ data: new Uint8Array(16), shape: [4, 4] } as never, 2), /x\.data must be a Float64Array or Float32Array, got Uint8Array/],
      [() => blockMean({ data: new Float64Array(15), shape: [4, 4] }, 2), /x\.shape \[4,4\] needs 16 elements, data has 15/],
      [() => blockMean(randomField([8, 8], 1), 0), /factor must be a positive integer or \[fy, fx\], got 0/],
      [() => subsample(randomField([8, 8], 1), 4, { offset: 4 }), /offset must be integers in \[0, 4\) x \[0, 4\)/],
    ];
    for (const [f, msg] of bad) expect(f).toThrow(msg);
    console.log(`coarse-graining: ${bad.length} bad inputs tried, all refused`);
  });
});

describe("patches", () => {
  /** Index field [n, h, w] whose value is its flat position. */
  const indexField = (n: number, h: number, w: number) => ({ data: Float64Array.from({ length: n * h * w }, (_, i) => i), shape: [n, h, w] });

  function coverage(set: { patches: NamedArray; origins: Int32Array }, total: number): Int32Array {
    const counts = new Int32Array(total);
    for (const v of set.patches.data) counts[v]++;
    return counts;
  }

  it("strided patches with stride = size tile every cell exactly once", () => {
    const x = indexField(2, 16, 24), set = stridedPatches(x, { size: 8 });
    expect(set.patches.shape).toEqual([2 * 2 * 3, 8, 8]);
    expect(Array.from(coverage(set, x.data.length)).every((c) => c === 1)).toBe(true);
  });

  it("overlapping and non-dividing strides still cover every cell", () => {
    const x = indexField(1, 20, 17), set = stridedPatches(x, { size: [8, 6], stride: 5 });
    const counts = coverage(set, x.data.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(set.origins.length / 3).toBe(set.patches.shape[0]);
  });

  it("random patches are seeded, in bounds and aligned; patchesAt cuts the matching coarse patches", () => {
    const hr = randomField([3, 32, 32], 7);
    const a = randomPatches(hr, { size: 16, count: 20, rng: new Rng(9), align: 4 });
    const b = randomPatches(hr, { size: 16, count: 20, rng: new Rng(9), align: 4 });
    expect(Array.from(a.origins)).toEqual(Array.from(b.origins));
    for (let p = 0; p < 20; p++) {
      expect(a.origins[3 * p + 1] % 4).toBe(0);
      expect(a.origins[3 * p + 2] + 16).toBeLessThanOrEqual(32);
    }
    const lr = blockMean(hr, 4);
    const lrPatches = patchesAt(lr, a.origins, { size: 16, scale: 4 });
    expect(lrPatches.patches.shape).toEqual([20, 4, 4]);
    expect(maxDiff(lrPatches.patches.data, blockMean(a.patches, 4).data)).toBeLessThan(1e-15);
  });

  it("HWC patches keep channels; bad requests are refused", () => {
    const x = randomField([2, 8, 8, 3], 1);
    expect(stridedPatches(x, { size: 4, layout: "HWC" }).patches.shape).toEqual([8, 4, 4, 3]);
    expect(() => stridedPatches(x, { size: 4 })).toThrow(/x must be rank 3 \[N, H, W\], got rank 4 \(shape \[2,8,8,3\]\)/);
    expect(() => stridedPatches(randomField([1, 8, 8], 1), { size: 9 })).toThrow(/patch 9x9 is larger than the grid 8x8/);
    expect(() => patchesAt(randomField([1, 8, 8], 1), Int32Array.from([0, 2, 0]), { size: 4, scale: 4 })).toThrow(/origin \(2, 0\) of patch 0 is not a multiple of the scale 4/);
    expect(() => randomPatches(randomField([1, 8, 8], 1), { size: 4, count: 0, rng: new Rng(1) })).toThrow(/count must be a positive integer, got 0/);
  });
});

describe("splits", () => {
  it("train/test split is a seeded partition of 0..n−1", () => {
    const a = trainTestSplit(100, { rng: new Rng(1), testFraction: 0.25 }), b = trainTestSplit(100, { rng: new Rng(1), testFraction: 0.25 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(a.test.length).toBe(25);
    expect(new Set([...a.train, ...a.test]).size).toBe(100);
    expect(Array.from(trainTestSplit(100, { rng: new Rng(2), testFraction: 0.25 }).test)).not.toEqual(Array.from(a.test));
    expect(() => trainTestSplit(1, { rng: new Rng(1) })).toThrow(/n must be an integer ≥ 2, got 1/);
    // new Rng(seed) reproduces the former { seed: 1 } split (recorded before the change)
    const digest = createHash("sha256").update(Buffer.from(Float64Array.from([...a.train, ...a.test]).buffer)).digest("hex").slice(0, 16);
    expect(digest).toBe("144ef828cfa1620f");
    expect(() => trainTestSplit(10, { seed: 1 } as never)).toThrow(/rng must be a core.Rng, got undefined; pass \{ rng: new core.Rng\(seed\) \}/);
    expect(() => trainTestSplit(10, { rng: new Rng(1), testFraction: 1 })).toThrow(/testFraction must be in \(0, 1\), got 1/);
  });

  it("takeRows gathers along the first axis, any dtype", () => {
    const x = { data: Uint8Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2] };
    const y = takeRows(x, [2, 0]);
    expect(y.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(y.data)).toEqual([5, 6, 1, 2]);
    expect(y.shape).toEqual([2, 2]);
    expect(() => takeRows(x, [3])).toThrow(/index 3 at position 0 is outside \[0, 3\)/);
  });
});
