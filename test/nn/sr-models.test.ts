// SRCNN and EDSR: shapes, locality, the tiling by coarse pixels (a shift by one coarse pixel is a
// shift by r fine pixels), skips, config round trips, and gradients on wasm vs cpu.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { EDSR, SRCNN, fromConfig } from "../../src/nn";
import { gradsOf, maxRelDiff, normals, onBackend } from "./helpers";

/** |∂ Σ f(x)[rows, cols] / ∂x| as a plain [H·W] array (batch 1, channel 0). */
function inputGradient(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, rows: [number, number], cols: [number, number]): Float32Array {
  const g = tf.grad((xv: tf.Tensor) => f(xv).slice([0, rows[0], cols[0], 0], [1, rows[1] - rows[0], cols[1] - cols[0], 1]).sum())(x);
  return Float32Array.from(g.abs().dataSync());
}

/** x rolled periodically by `k` cells along `axis` (1 = rows, 2 = columns): out[i] = x[i − k]. */
function roll(x: tf.Tensor, k: number, axis: 1 | 2): tf.Tensor {
  const n = x.shape[axis] as number, s = ((k % n) + n) % n;
  return s === 0 ? x : tf.concat([tf.slice(x, axis === 1 ? [0, n - s] : [0, 0, n - s], -1), tf.slice(x, 0, axis === 1 ? [-1, n - s] : [-1, -1, n - s])], axis);
}

describe("SRCNN [batch, height, width, channels] (the interpolated field)", () => {
  it("default 9-1-5 with 64/32 maps, 13-pixel receptive field, refuses a wrong layout", async () => {
    await onBackend("wasm", () => {
      const m = new SRCNN({ channels: 1 });
      expect(m.numParams).toBe(9 * 9 * 64 + 64 + 64 * 32 + 32 + 5 * 5 * 32 + 1);
      expect(m.receptiveField).toBe(13);
      expect(m.apply(tf.zeros([2, 16, 12, 1])).shape).toEqual([2, 16, 12, 1]);
      expect(() => m.apply(tf.zeros([16, 12, 1]))).toThrow("SRCNN.apply: x must be rank 4 [batch, height, width, channels], got rank 3");
      expect(() => m.apply(tf.zeros([1, 16, 12, 2]))).toThrow("x must have 1 channels");
      m.dispose();
    });
  });

  it("the output at a pixel has exactly zero gradient outside the receptive field and nonzero at its edge", async () => {
    await onBackend("wasm", () => {
      const m = new SRCNN({ channels: 1, filters: [6, 4], kernelSizes: [5, 3, 3], activation: "tanh", residual: true, seed: 2 });
      expect(m.receptiveField).toBe(9);
      const H = 17, W = 19, r0 = 8, c0 = 9, half = 4;
      const g = inputGradient((x) => m.apply(x), tf.tensor4d(normals(H * W, 3), [1, H, W, 1]), [r0, r0 + 1], [c0, c0 + 1]);
      let outside = 0, edge = 0;
      for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
        const d = Math.max(Math.abs(r - r0), Math.abs(c - c0));
        if (d > half) outside = Math.max(outside, g[r * W + c]);
        if (d === half) edge = Math.max(edge, g[r * W + c]);
      }
      expect(outside).toBe(0);
      expect(edge).toBeGreaterThan(0);
      m.dispose();
    });
  });

  it("residual: with the reconstruction layer zeroed the output is the input itself", async () => {
    await onBackend("wasm", () => {
      const m = new SRCNN({ channels: 2, filters: [4, 3], residual: true, padding: "circular", seed: 1 });
      const vars = m.variables();
      vars.slice(-2).forEach((v) => v.assign(tf.zerosLike(v))); // convs/2 weight and bias
      const x = tf.tensor4d(normals(2 * 10 * 10 * 2, 5), [2, 10, 10, 2]);
      expect(Array.from(m.apply(x).dataSync())).toEqual(Array.from(x.dataSync()));
      m.dispose();
    });
  });

  it("bad configs name the field", () => {
    expect(() => new SRCNN({ channels: 1, kernelSizes: [9, 2, 5] })).toThrow("SRCNN: kernel sizes must be odd, got kernelSizes [9,2,5]");
    expect(() => new SRCNN({ channels: 1, filters: [64] as never })).toThrow("SRCNN: filters must be [n1, n2], got [64]");
    expect(() => new SRCNN({ channels: 0 })).toThrow(RangeError);
    expect(() => new SRCNN({ channels: 1, padding: "reflect" as never })).toThrow("SRCNN: padding must be one of same, circular");
  });
});

describe("EDSR [batch, h, w, inChannels] → [batch, h·r, w·r, outChannels]", () => {
  const small = { inChannels: 1, outChannels: 1, hiddenChannels: 6, nBlocks: 2, factor: 3, activation: "tanh" as const, seed: 4 };

  it("upsamples by the factor, counts its parameters, refuses a wrong layout and bad configs", async () => {
    await onBackend("wasm", () => {
      const m = new EDSR({ ...small, inChannels: 2, outChannels: 2 });
      expect(m.apply(tf.zeros([2, 5, 7, 2])).shape).toEqual([2, 15, 21, 2]);
      const conv = (ci: number, co: number) => 9 * ci * co + co;
      expect(m.numParams).toBe(conv(2, 6) + 4 * conv(6, 6) + conv(6, 6) + conv(6, 9 * 2));
      expect(m.receptiveField).toBe(1 + 7 * 2);
      expect(() => m.apply(tf.zeros([2, 5, 7, 1]))).toThrow("x must have 2 channels");
      m.dispose();
    });
    expect(() => new EDSR({ ...small, outChannels: 2, skip: "nearest" })).toThrow('EDSR: skip "nearest" adds the input to the output, so inChannels and outChannels must be equal, got 1 and 2');
    expect(new EDSR({ ...small, outChannels: 2 }).config.skip).toBe("none");
    expect(() => new EDSR({ ...small, kernelSize: 4 })).toThrow("EDSR: kernelSize must be odd, got 4");
    expect(() => new EDSR({ ...small, factor: 0 })).toThrow(RangeError);
  });

  it("circular: shifting the input by one coarse pixel shifts the output by exactly r fine pixels (the output is tiled by the coarse pixels)", async () => {
    await onBackend("wasm", () => {
      const m = new EDSR({ ...small, padding: "circular" });
      const r = 3, x = tf.tensor4d(normals(6 * 5, 7), [1, 6, 5, 1]);
      const ys = m.apply(roll(roll(x, 1, 1), -1, 2)), expected = roll(roll(m.apply(x), r, 1), -r, 2); // down a row, left a column
      expect(maxRelDiff(ys.dataSync(), expected.dataSync())).toBeLessThan(1e-6);
      m.dispose();
    });
  });

  it("skip nearest: with the upsampling conv zeroed the output is the input repeated on each r×r block", async () => {
    await onBackend("wasm", () => {
      const m = new EDSR({ ...small, inChannels: 2, outChannels: 2, factor: 2 });
      m.variables().slice(-2).forEach((v) => v.assign(tf.zerosLike(v)));
      const x = tf.tensor4d(normals(3 * 4 * 2, 8), [1, 3, 4, 2]), y = m.apply(x).arraySync()[0], xs = x.arraySync()[0];
      for (let i = 0; i < 6; i++) for (let j = 0; j < 8; j++) expect(y[i][j]).toEqual(xs[Math.floor(i / 2)][Math.floor(j / 2)]);
      m.dispose();
    });
  });

  it("the r×r block of one coarse pixel has exactly zero gradient outside the receptive field, nonzero at its edge", async () => {
    await onBackend("wasm", () => {
      const m = new EDSR({ ...small, nBlocks: 1, factor: 2 }); // receptive field 1 + 5·2 = 11 coarse pixels
      const h = 15, w = 15, r0 = 7, c0 = 7, half = (m.receptiveField - 1) / 2;
      const g = inputGradient((x) => m.apply(x), tf.tensor4d(normals(h * w, 9), [1, h, w, 1]), [2 * r0, 2 * r0 + 2], [2 * c0, 2 * c0 + 2]);
      let outside = 0, edge = 0;
      for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
        const d = Math.max(Math.abs(r - r0), Math.abs(c - c0));
        if (d > half) outside = Math.max(outside, g[r * w + c]);
        if (d === half) edge = Math.max(edge, g[r * w + c]);
      }
      expect(half).toBe(5);
      expect(outside).toBe(0);
      expect(edge).toBeGreaterThan(0);
      m.dispose();
    });
  });

  it("gradients (x and every weight) on wasm match the same model on cpu (≤ 1e-5)", async () => {
    const config = { ...small, inChannels: 2, outChannels: 2, factor: 2, residualScale: 0.5, padding: "circular" as const };
    const x = normals(2 * 4 * 5 * 2, 10), t = normals(2 * 8 * 10 * 2, 11);
    const run = () => { const m = new EDSR(config); const r = gradsOf((xv) => m.apply(xv), m.variables(), tf.tensor4d(x, [2, 4, 5, 2]), tf.tensor4d(t, [2, 8, 10, 2])); m.dispose(); return r; };
    const ours = await onBackend("wasm", run), ref = await onBackend("cpu", run);
    expect(ours.length).toBe(2 + 2 * (1 + 2 * 2 + 1 + 1));
    ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
  });
});

describe("SR models: config is data", () => {
  it("fromConfig(m.toConfig()) rebuilds an equal model with equal outputs", async () => {
    await onBackend("wasm", () => {
      const pairs: [SRCNN | EDSR, tf.Tensor][] = [
        [new SRCNN({ channels: 1, filters: [5, 3], kernelSizes: [5, 1, 3], residual: true, seed: 3 }), tf.tensor4d(normals(64, 1), [1, 8, 8, 1])],
        [new EDSR({ inChannels: 1, outChannels: 1, hiddenChannels: 4, nBlocks: 1, factor: 2, seed: 3 }), tf.tensor4d(normals(16, 2), [1, 4, 4, 1])],
      ];
      for (const [m, x] of pairs) {
        const copy = fromConfig(JSON.parse(JSON.stringify(m.toConfig())));
        expect(copy.toConfig()).toEqual(m.toConfig());
        expect(Array.from(copy.apply(x).dataSync())).toEqual(Array.from(m.apply(x).dataSync()));
        copy.dispose(); m.dispose();
      }
    });
  });
});
