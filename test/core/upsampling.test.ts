import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { pixelShuffle, pixelUnshuffle } from "../../src/core/pixel-shuffle";
import { subpixelUpsample } from "../../src/core/subpixel-upsample";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

/** Plain rank-6 reference of TensorFlow's depthToSpace (NHWC, DCR order). */
function shuffleReference(x: tf.Tensor4D, r: number): tf.Tensor4D {
  const [B, H, W, D] = x.shape, C = D / (r * r);
  return x.reshape([B, H, W, r, r, C]).transpose([0, 1, 3, 2, 4, 5]).reshape([B, H * r, W * r, C]);
}

const shuffleCases: [number[], number][] = [
  [[1, 3, 5, 8], 2],
  [[2, 4, 3, 9], 3],
  [[1, 1, 1, 4], 2],
  [[3, 2, 7, 12], 2],
  [[2, 5, 5, 3], 1],
];

describe("pixelShuffle / pixelUnshuffle", () => {
  for (const [shape, r] of shuffleCases) {
    const [B, H, W, D] = shape;
    it(`x[${shape}] r=${r}: equals tf.depthToSpace; value and gradient match cpu autodiff of a rank-6 reference (≤ 1e-5); unshuffle inverts`, async () => {
      const x = normals(B * H * W * D, 1), t = normals(B * H * W * D, 2);
      const run = (impl: "ours" | "ref") => {
        const xt = tf.tensor4d(x, shape as [number, number, number, number]);
        const f = impl === "ours" ? (v: tf.Tensor4D) => pixelShuffle(v, r) : (v: tf.Tensor4D) => shuffleReference(v, r);
        const y = f(xt);
        const tt = tf.tensor(t, y.shape);
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v as tf.Tensor4D), tt)))(xt);
        return toArrays([y, g]);
      };
      const ref = await onBackend("cpu", () => run("ref"));
      if (r > 1) { // tf.depthToSpace rejects r = 1 (our shuffle is then the identity)
        const d2s = await onBackend("cpu", () => toArrays([tf.depthToSpace(tf.tensor4d(x, shape as [number, number, number, number]), r)]));
        expect(Array.from(ref[0])).toEqual(Array.from(d2s[0]));
      } else expect(Array.from(ref[0])).toEqual(Array.from(x));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => run("ours"));
        expect(maxRelDiff(ours[0], ref[0])).toBeLessThanOrEqual(1e-5);
        expect(maxRelDiff(ours[1], ref[1])).toBeLessThanOrEqual(1e-5);
        const back = await onBackend(backend, () => {
          const y = pixelShuffle(tf.tensor4d(x, shape as [number, number, number, number]), r);
          expect(y.shape).toEqual([B, H * r, W * r, D / (r * r)]);
          return toArrays([pixelUnshuffle(y, r)]);
        });
        expect(Array.from(back[0])).toEqual(Array.from(x));
      }
    });
  }

  it("rejects bad channel counts, factors and ranks", async () => {
    await onBackend("cpu", () => {
      expect(() => pixelShuffle(tf.zeros([1, 2, 2, 6]) as tf.Tensor4D, 2)).toThrow(/channels must be divisible by factor² = 4, got x \[1,2,2,6\]/);
      expect(() => pixelShuffle(tf.zeros([1, 2, 2, 4]) as tf.Tensor4D, 0)).toThrow(/factor must be an integer ≥ 1, got 0/);
      expect(() => pixelUnshuffle(tf.zeros([1, 3, 4, 1]) as tf.Tensor4D, 2)).toThrow(/divisible by factor 2, got x \[1,3,4,1\]/);
      expect(() => pixelShuffle(tf.zeros([2, 2, 4]) as unknown as tf.Tensor4D, 2)).toThrow(/rank 4 float32 tensor \[batch, height, width, channels\], got rank 3/);
    });
  });
});

describe("subpixelUpsample", () => {
  const cases: { x: [number, number, number, number]; k: number; co: number; r: number; act: "none" | "relu" }[] = [
    { x: [1, 4, 5, 3], k: 3, co: 2, r: 2, act: "relu" },
    { x: [2, 3, 3, 2], k: 5, co: 1, r: 3, act: "none" },
    { x: [1, 1, 1, 1], k: 3, co: 2, r: 2, act: "none" },
  ];
  for (const c of cases) {
    it(`x[${c.x}] W[${c.k},${c.k},${c.x[3]},${c.r * c.r * c.co}] r=${c.r} ${c.act}: value and gradients match cpu autodiff of conv + depthToSpace reference`, async () => {
      const [B, H, W, Ci] = c.x, D = c.r * c.r * c.co;
      const xa = normals(B * H * W * Ci, 3), wa = normals(c.k * c.k * Ci * D, 4, 0.4), ba = normals(D, 5, 0.2);
      const ta = normals(B * H * c.r * W * c.r * c.co, 6);
      const run = (impl: "ours" | "ref") => {
        const x = tf.tensor4d(xa, c.x), w = tf.tensor4d(wa, [c.k, c.k, Ci, D]), b = tf.tensor1d(ba);
        const t = tf.tensor4d(ta, [B, H * c.r, W * c.r, c.co]);
        const f = (xv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor) => {
          if (impl === "ours") return subpixelUpsample(xv as tf.Tensor4D, wv as tf.Tensor4D, { factor: c.r, bias: bv as tf.Tensor1D, activation: c.act });
          let z = tf.add(tf.conv2d(xv as tf.Tensor4D, wv as tf.Tensor4D, 1, "same"), bv) as tf.Tensor4D;
          if (c.act === "relu") z = tf.relu(z);
          return shuffleReference(z, c.r);
        };
        const loss = (xv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor) => tf.sum(tf.mul(f(xv, wv, bv), t));
        return toArrays([f(x, w, b), ...tf.grads(loss as (...a: tf.Tensor[]) => tf.Tensor)([x, w, b])]);
      };
      const ref = await onBackend("cpu", () => run("ref"));
      const ours = await onBackend("wasm", () => run("ours"));
      ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThanOrEqual(1e-5));
    });
  }

  it("rejects a filter whose channels are not a multiple of factor²", async () => {
    await onBackend("cpu", () => {
      const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
      expect(() => subpixelUpsample(x, tf.zeros([3, 3, 2, 6]) as tf.Tensor4D, { factor: 2 })).toThrow(/divisible by factor² = 4, got filter \[3,3,2,6\]/);
      expect(() => subpixelUpsample(x, tf.zeros([3, 3, 2, 4]) as tf.Tensor4D, { factor: 1.5 })).toThrow(/factor must be an integer ≥ 1, got 1.5/);
    });
  });
});
