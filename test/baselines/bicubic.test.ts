// baselines.bicubic: Keys' cubic convolution (a = −0.5) — partition of unity, interpolation at
// coinciding nodes, exact on quadratics, third-order convergence, shapes and bad input.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { bicubic, bicubicWeights } from "../../src/baselines";
import { initBackend } from "../../src/core";

beforeAll(async () => {
  await initBackend();
});

/** f sampled on an [h, w] grid at coordinates (y(i), x(j)), as [1, h, w, 1]. */
function grid(h: number, w: number, y: (i: number) => number, x: (j: number) => number, f: (y: number, x: number) => number): tf.Tensor4D {
  const v = new Float32Array(h * w);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) v[i * w + j] = f(y(i), x(j));
  return tf.tensor4d(v, [1, h, w, 1]);
}

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

describe("baselines.bicubicWeights", () => {
  it("every row sums to one, for each boundary and alignment", () => {
    for (const boundary of ["periodic", "clamp"] as const) for (const align of ["cell", "node"] as const) {
      const w = bicubicWeights(7, 29, boundary, align);
      for (let i = 0; i < 29; i++) {
        let s = 0;
        for (let j = 0; j < 7; j++) s += w[i * 7 + j];
        expect(s).toBeCloseTo(1, 12);
      }
    }
  });

  it("node alignment interpolates: targets on source nodes copy them", () => {
    const periodic = bicubicWeights(8, 32, "periodic", "node"), walls = bicubicWeights(17, 65, "clamp", "node");
    for (let j = 0; j < 8; j++) for (let k = 0; k < 8; k++) expect(periodic[4 * j * 8 + k]).toBeCloseTo(j === k ? 1 : 0, 12);
    for (let j = 0; j < 17; j++) for (let k = 0; k < 17; k++) expect(walls[4 * j * 17 + k]).toBeCloseTo(j === k ? 1 : 0, 12);
  });
});

describe("baselines.bicubic", () => {
  it("is exact on a quadratic away from clamped edges (cell alignment, x4)", () => {
    const h = 12, f = 4, q = (y: number, x: number) => 0.3 * y * y - 0.2 * x * y + 0.1 * x * x + y - 2;
    const low = grid(h, h, (i) => i + 0.5, (j) => j + 0.5, q);
    const high = bicubic(low, { factor: f, boundary: "clamp" });
    const exact = grid(h * f, h * f, (i) => (i + 0.5) / f, (j) => (j + 0.5) / f, q);
    const inner = (t: tf.Tensor4D) => t.slice([0, 2 * f, 2 * f, 0], [1, (h - 4) * f, (h - 4) * f, 1]);
    expect(maxAbs(inner(high), inner(exact)) / 10).toBeLessThan(2e-6);
  });

  it("converges at third order on a smooth periodic field", () => {
    const L = 2 * Math.PI, u = (y: number, x: number) => Math.sin(x + 0.3) * Math.cos(2 * y) + 0.5 * Math.sin(x + y);
    const errors = [16, 32].map((n) => {
      const low = grid(n, n, (i) => ((i + 0.5) * L) / n, (j) => ((j + 0.5) * L) / n, u);
      const exact = grid(4 * n, 4 * n, (i) => ((i + 0.5) * L) / (4 * n), (j) => ((j + 0.5) * L) / (4 * n), u);
      return maxAbs(bicubic(low, { factor: 4 }), exact);
    });
    const order = Math.log2(errors[0] / errors[1]);
    expect(order).toBeGreaterThan(2.7);
    expect(errors[1]).toBeLessThan(2e-3);
  });

  it("maps a channel grid: x periodic nodes 32 → 128, y wall-to-wall nodes 17 → 65, per axis", () => {
    const L = 2 * Math.PI, v = (y: number, x: number) => Math.cos(x) * Math.sin((Math.PI * y) / 2);
    const low = grid(17, 32, (i) => (2 * i) / 16, (j) => (j * L) / 32, v);
    const high = bicubic(low, { size: [65, 128], boundary: ["clamp", "periodic"], align: "node" });
    expect(high.shape).toEqual([1, 65, 128, 1]);
    const exact = grid(65, 128, (i) => (2 * i) / 64, (j) => (j * L) / 128, v);
    const inner = (t: tf.Tensor4D) => t.slice([0, 8, 0, 0], [1, 49, 128, 1]); // two coarse rows from each wall
    expect(maxAbs(inner(high), inner(exact))).toBeLessThan(2e-3);
    expect(maxAbs(high, exact)).toBeLessThan(2e-2); // the repeated wall value costs accuracy next to the walls
    expect(maxAbs(high.slice([0, 0, 0, 0], [1, 1, 128, 1]), exact.slice([0, 0, 0, 0], [1, 1, 128, 1]))).toBeLessThan(1e-6); // the wall row is kept
  });

  it("treats samples and channels independently", () => {
    const x = tf.randomNormal([3, 5, 6, 2], 0, 1, "float32", 7) as tf.Tensor4D;
    const all = bicubic(x, { factor: 2 });
    expect(all.shape).toEqual([3, 10, 12, 2]);
    const one = bicubic(x.slice([1, 0, 0, 1], [1, 5, 6, 1]), { factor: 2 });
    expect(maxAbs(all.slice([1, 0, 0, 1], [1, 10, 12, 1]), one)).toBeLessThan(1e-6);
  });

  it("refuses bad input, naming what was expected", () => {
    const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => bicubic(tf.zeros([4, 4]) as unknown as tf.Tensor4D, { factor: 2 })).toThrow(/rank 4 \[batch, height, width, channels\]/);
    expect(() => bicubic(x, {})).toThrow(/exactly one of factor/);
    expect(() => bicubic(x, { factor: 2, size: [8, 8] })).toThrow(/exactly one of factor/);
    expect(() => bicubic(x, { factor: 1.5 })).toThrow(/factor/);
    expect(() => bicubic(x, { size: [8, 0] })).toThrow(/size\[1\]/);
    expect(() => bicubic(x, { factor: 2, boundary: "reflect" as never })).toThrow(/boundary/);
    expect(() => bicubic(x, { factor: 2, align: ["cell"] as never })).toThrow(/pair \[y, x\]/);
  });
});
