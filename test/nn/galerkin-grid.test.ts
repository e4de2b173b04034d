// nn.gridCoordinates, gridTokens, neighbourhoodChannels, decodeGrid, sampledGridLoss: gridded fields in
// and out of a GalerkinTransformer.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { GalerkinTransformer, decodeGrid, gridCoordinates, gridTokens, neighbourhoodChannels, sampledGridLoss } from "../../src/nn";
import { maxRelDiff, normals, onBackend } from "./helpers";

const net = () => new GalerkinTransformer({ inChannels: 2, outChannels: 1, width: 8, encoderLayers: 1, modes: 2, domain: [8, 12], queryFeatures: 3, seed: 2 });

describe("nn grid helpers", () => {
  it("gridCoordinates are cell centres in row-major order, shared by a block and its coarse cell", async () => {
    await onBackend("wasm", () => {
      const c = Array.from(gridCoordinates([2, 3], [4, 6]).dataSync());
      expect(c).toEqual([1, 1, 1, 3, 1, 5, 3, 1, 3, 3, 3, 5]);
      // the mean of a 2×2 block of a 4×6 grid's centres is the centre of the 2×3 grid's cell
      const fine = gridCoordinates([4, 6], [4, 6]).reshape([1, 4, 6, 2]) as tf.Tensor4D;
      expect(Array.from(tf.avgPool(fine, 2, 2, "valid").dataSync())).toEqual(c);
      expect(() => gridCoordinates([2, 0], [1, 1])).toThrow("nn.gridCoordinates: size[1] (w) must be an integer ≥ 1, got 0");
      expect(gridTokens(tf.zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5]);
    });
  });

  it("neighbourhoodChannels holds each cell's k×k neighbours, zero outside the grid", async () => {
    await onBackend("wasm", () => {
      const x = tf.tensor4d(Float32Array.from({ length: 2 * 4 * 5 * 2 }, (_, i) => i + 1), [2, 4, 5, 2]);
      const nb = neighbourhoodChannels(x, 3), v = x.arraySync() as number[][][][], out = nb.arraySync() as number[][][][];
      expect(nb.shape).toEqual([2, 4, 5, 18]);
      for (let n = 0; n < 2; n++) for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let c = 0; c < 2; c++) {
        const y = i + a - 1, z = j + b - 1, want = y >= 0 && y < 4 && z >= 0 && z < 5 ? v[n][y][z][c] : 0;
        expect(out[n][i][j][(a * 3 + b) * 2 + c]).toBe(want);
      }
      expect(() => neighbourhoodChannels(x, 2)).toThrow("nn.neighbourhoodChannels: k must be odd, got 2");
    });
  });

  it("neighbourhoodChannels with a dilation samples neighbours d cells apart, clamped, wrapped or zero per axis", async () => {
    await onBackend("wasm", () => {
      const H = 6, W = 7, x = tf.tensor4d(Float32Array.from({ length: 2 * H * W }, (_, i) => i + 1), [2, H, W, 1]), v = x.arraySync() as number[][][][];
      const nb = neighbourhoodChannels(x, 3, { dilation: 2, boundary: ["periodic", "clamp"] }), out = nb.arraySync() as number[][][][];
      const zero = neighbourhoodChannels(x, 5, { dilation: 3 }).arraySync() as number[][][][];
      expect(nb.shape).toEqual([2, H, W, 9]);
      for (let n = 0; n < 2; n++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) {
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
          const y = (((i + 2 * (a - 1)) % H) + H) % H, z = Math.min(W - 1, Math.max(0, j + 2 * (b - 1)));
          expect(out[n][i][j][a * 3 + b]).toBe(v[n][y][z][0]);
        }
        for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) {
          const y = i + 3 * (a - 2), z = j + 3 * (b - 2);
          expect(zero[n][i][j][a * 5 + b]).toBe(y >= 0 && y < H && z >= 0 && z < W ? v[n][y][z][0] : 0);
        }
      }
      expect(() => neighbourhoodChannels(x, 3, { dilation: 0 })).toThrow("nn.neighbourhoodChannels: dilation must be an integer ≥ 1, got 0");
      expect(() => neighbourhoodChannels(x, 3, { boundary: "reflect" as never })).toThrow(/boundary\[0\] \(y\)/);
    });
  });

  it("decodeGrid equals apply at the target cell centres, whatever the chunk", async () => {
    await onBackend("wasm", () => {
      const m = net(), values = tf.tensor4d(normals(2 * 2 * 3 * 2, 1), [2, 2, 3, 2]) as tf.Tensor4D, features = tf.tensor4d(normals(2 * 4 * 6 * 3, 2), [2, 4, 6, 3]) as tf.Tensor4D;
      const direct = m.apply(gridTokens(values), { coords: tf.tile(gridCoordinates([2, 3], [8, 12]), [2, 1, 1]), queries: tf.tile(gridCoordinates([4, 6], [8, 12]), [2, 1, 1]), queryFeatures: gridTokens(features) });
      for (const chunk of [5, 24, 100]) {
        const grid = decodeGrid(m, values, { size: [4, 6], extent: [8, 12], features: features, chunk: chunk });
        expect(grid.shape).toEqual([2, 4, 6, 1]);
        expect(maxRelDiff(grid.dataSync(), direct.dataSync())).toBeLessThan(1e-6);
      }
      expect(() => decodeGrid(m, values, { size: [4, 6], extent: [8, 12], features: tf.zeros([2, 4, 5, 3]) as tf.Tensor4D })).toThrow("features [2,4,5,3] must be [2, 4, 6, queryFeatures]");
      m.dispose();
    });
  });

  it("sampledGridLoss is the (weighted) MSE of the decoded grid at the cells its stream draws", async () => {
    await onBackend("wasm", () => {
      const m = net(), values = tf.tensor4d(normals(1 * 2 * 3 * 2, 3), [1, 2, 3, 2]) as tf.Tensor4D, features = tf.tensor4d(normals(24 * 3, 4), [1, 4, 6, 3]) as tf.Tensor4D;
      const target = tf.tensor4d(normals(24, 5), [1, 4, 6, 1]) as tf.Tensor4D, weight = tf.tensor4d(Float32Array.from({ length: 24 }, (_, i) => i % 3 === 0 ? 0 : 1), [1, 4, 6, 1]) as tf.Tensor4D;
      const pred = decodeGrid(m, values, { size: [4, 6], extent: [8, 12], features: features });
      // the same draws as the loss makes: indices from a copy of its stream
      const draws = new Rng(7), idx = Array.from({ length: 50 }, () => draws.integer(0, 24));
      const p = pred.dataSync(), t = target.dataSync(), w = weight.dataSync();
      const num = idx.reduce((s, i) => s + w[i] * (p[i] - t[i]) ** 2, 0), den = idx.reduce((s, i) => s + w[i], 0);
      const loss = sampledGridLoss(m, values, target, { extent: [8, 12], queries: 50, rng: new Rng(7), features: features, weight: weight }).dataSync()[0];
      expect(Math.abs(loss - num / den) / (num / den)).toBeLessThan(1e-5);
      const plain = sampledGridLoss(m, values, target, { extent: [8, 12], queries: 50, rng: new Rng(7), features: features }).dataSync()[0];
      const mse = idx.reduce((s, i) => s + (p[i] - t[i]) ** 2, 0) / 50;
      expect(Math.abs(plain - mse) / mse).toBeLessThan(1e-5);
      m.dispose();
    });
  });

  it("sampledGridLoss with rollRows is the loss of the rolled fields at the same draws", async () => {
    await onBackend("wasm", () => {
      const m = net(), values = tf.tensor4d(normals(1 * 2 * 3 * 2, 8), [1, 2, 3, 2]) as tf.Tensor4D, features = tf.tensor4d(normals(24 * 3, 9), [1, 4, 6, 3]) as tf.Tensor4D;
      const target = tf.tensor4d(normals(24, 10), [1, 4, 6, 1]) as tf.Tensor4D, weight = tf.tensor4d(Float32Array.from({ length: 24 }, (_, i) => 1 + (i % 5)), [1, 4, 6, 1]) as tf.Tensor4D;
      const roll = (x: tf.Tensor4D, k: number) => tf.concat([x.slice([0, k, 0, 0], [-1, -1, -1, -1]), x.slice([0, 0, 0, 0], [-1, k, -1, -1])], 1) as tf.Tensor4D;
      const o = { extent: [8, 12] as [number, number], queries: 40 };
      const shifted = sampledGridLoss(m, values, target, { ...o, rng: new Rng(3), features: features, weight: weight, rollRows: 2 }).dataSync()[0];
      const byHand = sampledGridLoss(m, roll(values, 1), roll(target, 2), { ...o, rng: new Rng(3), features: roll(features, 2), weight: roll(weight, 2) }).dataSync()[0];
      expect(Math.abs(shifted - byHand) / byHand).toBeLessThan(1e-5);
      const none = sampledGridLoss(m, values, target, { ...o, rng: new Rng(3), features: features, weight: weight }).dataSync()[0];
      expect(Math.abs(none - shifted) / none).toBeGreaterThan(1e-3); // the shift changes what is compared
      expect(() => sampledGridLoss(m, values, target, { ...o, rng: new Rng(3), features: features, rollRows: 1 })).toThrow("rollRows (1) must move the 2 token rows by whole rows (a multiple of 2 target rows)");
      expect(() => sampledGridLoss(m, values, target, { ...o, rng: new Rng(3), features: features, rollRows: 4 })).toThrow(/rollRows/);
      m.dispose();
    });
  });
});
