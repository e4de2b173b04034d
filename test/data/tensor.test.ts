import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { concatRows, type Dataset, poolDatasets, toTensor } from "../../src/data";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

const iota = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 0.25);

describe("data.toTensor", () => {
  it("[5, 4] float64 → NWC [rows 1..3, 4, 1] float32, values rounded explicitly", () => {
    const a = { data: iota(20).map((v) => v + 1e-9), shape: [5, 4] };
    const t = toTensor(a, { rows: [1, 3], layout: "NWC" });
    expect(t.shape).toEqual([2, 4, 1]);
    expect(t.dtype).toBe("float32");
    expect(Array.from(t.dataSync())).toEqual(Array.from(Float32Array.from(a.data.subarray(4, 12))));
    t.dispose();
  });

  it("layouts: [N, H, W] → NHWC [N, H, W, 1]; [N, H, W, C] as is; [N] → NC [N, 1]; no layout keeps the shape", () => {
    const f = { data: iota(2 * 3 * 4), shape: [2, 3, 4] };
    const cases: [tf.Tensor, number[]][] = [
      [toTensor(f, { layout: "NHWC" }), [2, 3, 4, 1]],
      [toTensor({ data: iota(24), shape: [2, 3, 2, 2] }, { layout: "NHWC" }), [2, 3, 2, 2]],
      [toTensor({ data: iota(6), shape: [6] }, { layout: "NC" }), [6, 1]],
      [toTensor({ data: iota(6), shape: [3, 2] }, { layout: "NC" }), [3, 2]],
      [toTensor(f), [2, 3, 4]],
      [toTensor({ data: Uint8Array.of(0, 1, 1, 0), shape: [2, 2] }, { layout: "NWC" }), [2, 2, 1]],
    ];
    for (const [t, shape] of cases) { expect(t.shape).toEqual(shape); t.dispose(); }
  });

  it("stacks [N, H, W] × k as channels [rows, H, W, k]: channel c is array c", () => {
    const theta = { data: iota(2 * 2 * 3), shape: [2, 2, 3] }, mask = { data: Uint8Array.from({ length: 12 }, (_, i) => i % 2), shape: [2, 2, 3] };
    const t = toTensor([theta, mask], { rows: [1, 2], layout: "NHWC" });
    expect(t.shape).toEqual([1, 2, 3, 2]);
    const v = t.dataSync();
    for (let p = 0; p < 6; p++) { expect(v[2 * p]).toBe(Math.fround(theta.data[6 + p])); expect(v[2 * p + 1]).toBe(mask.data[6 + p]); }
    t.dispose();
  });

  it("refuses a wrong rank for the layout, a bad row range, mismatched channels and float32 overflow", () => {
    const f = { data: iota(12), shape: [3, 4] };
    expect(() => toTensor(f, { layout: "NHWC" })).toThrow(/layout "NHWC" needs an array \[N, H, W\] or \[N, H, W, C\], got rank 2 \(shape \[3, 4\]\)/);
    expect(() => toTensor(f, { rows: [2, 5] })).toThrow(/rows must be integers \[from, to\) with 0 ≤ from < to ≤ 3 \(the array has 3 rows\), got \[2, 5\]/);
    expect(() => toTensor(f, { rows: [2, 2] })).toThrow(RangeError);
    expect(() => toTensor(f, { layout: "NCHW" as never })).toThrow(/layout must be one of "NC", "NWC", "NHWC"/);
    expect(() => toTensor([f, { data: iota(8), shape: [2, 4] }])).toThrow(/need one shape; x\[0\] is \[3, 4\], x\[1\] is \[2, 4\]/);
    expect(() => toTensor([f, f], { layout: "NHWC" })).toThrow(/under layout "NHWC" must be \[N, H, W\]/);
    expect(() => toTensor({ data: Float64Array.of(1, 1e39), shape: [2] })).toThrow(/value 1e\+39 at flat index 1 is not finite in float32/);
    expect(() => toTensor({ data: [1, 2] as never, shape: [2] })).toThrow(TypeError);
  });

  it("leaves no tensor behind but the result", () => {
    const before = tf.memory().numTensors;
    const t = toTensor({ data: iota(8), shape: [2, 4] }, { layout: "NWC" });
    expect(tf.memory().numTensors).toBe(before + 1);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("concatRows and poolDatasets", () => {
  const ds = (seed: number, key = "k1", name = "d"): Dataset => ({
    name, scale: "quick", seed, directory: "", built: false,
    manifest: { name, key } as Dataset["manifest"],
    arrays: { a: { data: Float32Array.from([seed, seed + 1, seed + 2, seed + 3]), shape: [2, 2] }, n: { data: Int32Array.of(seed), shape: [1] } },
  });

  it("[2, 2] + [2, 2] → [4, 2] in order, same dtype", () => {
    const out = concatRows([ds(0).arrays.a, ds(10).arrays.a]);
    expect(out.shape).toEqual([4, 2]);
    expect(out.data).toBeInstanceOf(Float32Array);
    expect(Array.from(out.data)).toEqual([0, 1, 2, 3, 10, 11, 12, 13]);
    expect(() => concatRows([{ data: iota(4), shape: [2, 2] }, { data: iota(3), shape: [1, 3] }])).toThrow(/share the trailing shape/);
    expect(() => concatRows([{ data: iota(4), shape: [2, 2] }, { data: new Float32Array(4), shape: [2, 2] }])).toThrow(/one dtype/);
  });

  it("pools two seeds of one dataset array by array; refuses different datasets or parameters", () => {
    const pooled = poolDatasets([ds(0), ds(10)]);
    expect(Object.keys(pooled)).toEqual(["a", "n"]);
    expect(Array.from(pooled.n.data)).toEqual([0, 10]);
    expect(Object.keys(poolDatasets([ds(0), ds(10)], ["a"]))).toEqual(["a"]);
    expect(() => poolDatasets([ds(0), ds(1, "k2")])).toThrow(/only copies of one dataset at the same parameters pool/);
    expect(() => poolDatasets([ds(0), ds(1)], ["b"])).toThrow(/no array "b"; d has a, n/);
  });
});
