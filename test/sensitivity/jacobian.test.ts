import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { Rng } from "../../src/core/random";
import { jacobian } from "../../src/sensitivity";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

const normals = (n: number, seed: number, std = 1) => Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, std));

/** A tiny MLP written with tf ops: [B, 2, 3] → flatten → 16 tanh → 16 tanh → [B, 2, 2]. */
function tinyMlp(seed: number) {
  const w1 = tf.tensor2d(normals(6 * 16, seed, 0.6), [6, 16]), b1 = tf.tensor1d(normals(16, seed + 1, 0.1));
  const w2 = tf.tensor2d(normals(16 * 16, seed + 2, 0.3), [16, 16]), w3 = tf.tensor2d(normals(16 * 4, seed + 3, 0.3), [16, 4]);
  const f = (x: tf.Tensor) => tf.tidy(() => {
    const h = tf.tanh(tf.add(tf.matMul(x.reshape([x.shape[0], 6]), w1), b1));
    return tf.matMul(tf.tanh(tf.matMul(h, w2)), w3).reshape([x.shape[0], 2, 2]);
  });
  return { f, dispose: () => tf.dispose([w1, b1, w2, w3]) };
}

describe("sensitivity.jacobian", () => {
  it("linear map y = x·W [1, 5] → [1, 3]: J = Wᵀ exactly", () => {
    const W = tf.tensor2d(normals(15, 1), [5, 3]), x = tf.tensor2d(normals(5, 2), [1, 5]);
    const J = jacobian((z) => tf.matMul(z, W), x, { batchSize: 2 });
    expect(J.shape).toEqual([3, 5]);
    const w = W.dataSync();
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) expect(J.data[i * 5 + j]).toBe(w[j * 3 + i]);
    tf.dispose([W, x]);
  });

  it("tiny MLP [1, 2, 3] → [1, 2, 2]: J [4, 6] matches central finite differences to 1e-3 (float32)", () => {
    const net = tinyMlp(10), xv = normals(6, 11), x = tf.tensor3d(xv, [1, 2, 3]);
    const J = jacobian(net.f, x);
    expect(J.shape).toEqual([4, 6]);
    const h = 1e-2, fd = new Float64Array(24);
    for (let j = 0; j < 6; j++) {
      const plus = xv.slice(), minus = xv.slice();
      plus[j] += h; minus[j] -= h;
      const yp = tf.tidy(() => net.f(tf.tensor3d(plus, [1, 2, 3])).dataSync()), ym = tf.tidy(() => net.f(tf.tensor3d(minus, [1, 2, 3])).dataSync());
      for (let i = 0; i < 4; i++) fd[i * 6 + j] = (yp[i] - ym[i]) / (2 * h);
    }
    let err = 0, scale = 0;
    for (let q = 0; q < 24; q++) { err = Math.max(err, Math.abs(J.data[q] - fd[q])); scale = Math.max(scale, Math.abs(fd[q])); }
    console.log(`jacobian vs central differences: max |ΔJ| / max |J| = ${(err / scale).toExponential(2)}`);
    expect(err / scale).toBeLessThan(1e-3);
    expect(scale).toBeGreaterThan(0.05); // the test is not vacuous
    tf.dispose(x); net.dispose();
  });

  it("chunking (batchSize 1, 3) gives the same J as one pass over all 4 rows, and leaks no tensors", () => {
    const net = tinyMlp(20), x = tf.tensor3d(normals(6, 21), [1, 2, 3]);
    const before = tf.memory().numTensors;
    const all = jacobian(net.f, x, { batchSize: 4 });
    for (const batchSize of [1, 3]) {
      const J = jacobian(net.f, x, { batchSize });
      let d = 0;
      for (let q = 0; q < 24; q++) d = Math.max(d, Math.abs(J.data[q] - all.data[q]));
      expect(d).toBeLessThan(1e-6);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x); net.dispose();
  });

  it("an output that does not depend on x has J = 0", () => {
    const x = tf.tensor2d([[1, 2]]), c = tf.tensor2d([[3, 4, 5]]), before = tf.memory().numTensors;
    const J = jacobian((z) => tf.tile(c, [z.shape[0], 1]), x);
    expect(tf.memory().numTensors).toBe(before);
    expect(J.shape).toEqual([3, 2]);
    expect(Array.from(J.data)).toEqual(new Array(6).fill(0));
    tf.dispose([x, c]);
  });

  it("refuses x that is not one float32 input, a function that changes the batch, and a bad batchSize", () => {
    const x2 = tf.zeros([2, 3]), xi = tf.zeros([1, 3], "int32"), x1 = tf.zeros([1, 3]), flat = tf.zeros([3]);
    const before = tf.memory().numTensors;
    expect(() => jacobian((z) => z, x2)).toThrow(/x must be one input with a batch axis of 1, \[1, \.\.\.in\], got shape \[2, 3\]/);
    expect(() => jacobian((z) => z, flat)).toThrow(RangeError);
    expect(() => jacobian((z) => z, xi)).toThrow(/x must be float32, got int32/);
    expect(() => jacobian((z) => z, [1, 2, 3] as never)).toThrow(TypeError);
    expect(() => jacobian((z) => tf.sum(z), x1)).toThrow(/f must keep the batch axis/);
    expect(() => jacobian((z) => z.slice([0, 0], [1, 3]), x1, { batchSize: 2 })).toThrow(/sample by sample; for B = 2 copies it returned \[1, 3\], expected \[2, 3\]/);
    expect(() => jacobian((z) => z, x1, { batchSize: 0 })).toThrow(/batchSize must be an integer ≥ 1, got 0/);
    expect(tf.memory().numTensors).toBe(before); // failures leak nothing either
    tf.dispose([x2, xi, x1, flat]);
  });
});
