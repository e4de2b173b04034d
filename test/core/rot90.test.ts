import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { rot90, rot90Vector } from "../../src/core/rot90";
import { rot90Field, rot90VectorField } from "../../src/core/rot90-field";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

/** Velocity of a stream function on a periodic grid [n, n]: u = −∂ψ/∂y, v = ∂ψ/∂x (centred differences). */
function velocity(psi: Float64Array, n: number): { u: Float64Array; v: Float64Array } {
  const u = new Float64Array(n * n), v = new Float64Array(n * n), at = (j: number, i: number) => psi[((j + n) % n) * n + ((i + n) % n)];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    u[j * n + i] = -(at(j + 1, i) - at(j - 1, i)) / 2;
    v[j * n + i] = (at(j, i + 1) - at(j, i - 1)) / 2;
  }
  return { u, v };
}

/** Plain reference of the grid rotation by index gather (differentiable on cpu). */
function rotateByGather(x: tf.Tensor4D, k: number): tf.Tensor4D {
  const [B, H, W, C] = x.shape, idx = rot90Field(Float64Array.from({ length: H * W }, (_, p) => p), H, W, k);
  const [Ho, Wo] = k % 2 === 0 ? [H, W] : [W, H];
  return tf.gather(x.reshape([B, H * W, C]), tf.tensor1d(Int32Array.from(idx), "int32"), 1).reshape([B, Ho, Wo, C]);
}

describe("rot90Field / rot90VectorField (Float64Array)", () => {
  it("[3,5]: a ramp increasing along x becomes a ramp increasing along y after one counterclockwise turn (y up)", () => {
    const ny = 3, nx = 5, ramp = Float64Array.from({ length: ny * nx }, (_, p) => (p % nx) - (nx - 1) / 2);
    const r = rot90Field(ramp, ny, nx, 1); // now [5, 3]
    for (let j = 0; j < nx; j++) for (let i = 0; i < ny; i++) expect(r[j * ny + i]).toBe(j - (nx - 1) / 2);
    expect(Array.from(rot90Field([1, 2, 3, 4], 2, 2, 1))).toEqual([3, 1, 4, 2]);
  });

  it("[4,6]: four turns are the identity; k and k−4, and k then −k, agree", () => {
    const f = Float64Array.from(normals(24, 1));
    let g = f;
    for (let t = 0; t < 4; t++) g = rot90Field(g, t % 2 === 0 ? 4 : 6, t % 2 === 0 ? 6 : 4, 1);
    expect(Array.from(g)).toEqual(Array.from(f));
    expect(Array.from(rot90Field(f, 4, 6, 3))).toEqual(Array.from(rot90Field(f, 4, 6, -1)));
    expect(Array.from(rot90Field(rot90Field(f, 4, 6, 1), 6, 4, -1))).toEqual(Array.from(f));
  });

  it("[16,16]: velocity of a rotated stream function = rotated velocity, (u, v) → (−v, u); uniform flow along x turns to y", () => {
    const n = 16, psi = Float64Array.from(normals(n * n, 2));
    for (const k of [1, 2, 3]) {
      const lhs = velocity(rot90Field(psi, n, n, k), n);
      const vel = velocity(psi, n);
      const rhs = rot90VectorField(vel.u, vel.v, n, n, k);
      expect(maxRelDiff(lhs.u, rhs.u)).toBeLessThan(1e-14);
      expect(maxRelDiff(lhs.v, rhs.v)).toBeLessThan(1e-14);
    }
    const turned = rot90VectorField(new Float64Array(6).fill(1), new Float64Array(6), 2, 3, 1);
    expect(turned.u.every((a) => a === 0)).toBe(true);
    expect(Array.from(turned.v)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("rejects bad sizes and k", () => {
    expect(() => rot90Field([1, 2, 3], 2, 2, 1)).toThrow(/ny·nx = 4 values \[2, 2\], got 3/);
    expect(() => rot90Field([1, 2, 3, 4], 2, 2, 0.5)).toThrow(/k must be an integer number of quarter turns, got 0.5/);
    expect(() => rot90VectorField([1], [1, 2], 1, 1, 1)).toThrow(/got 2/);
  });
});

describe("rot90 / rot90Vector (tensors)", () => {
  const shapes: [number, number, number, number][] = [[1, 3, 5, 1], [2, 4, 4, 2], [1, 1, 7, 4], [3, 6, 5, 2], [1, 5, 3, 2]];
  for (const shape of shapes) {
    const [B, H, W, C] = shape;
    it(`x[${shape}]: grid matches rot90Field, vector channels turn (u, v) → (−v, u); values and gradients match cpu autodiff of a gather reference (≤ 1e-5)`, async () => {
      const x = normals(B * H * W * C, 3);
      for (const k of [1, 2, 3, -1, 4]) {
        const Ho = k % 2 === 0 ? H : W, Wo = k % 2 === 0 ? W : H, t = normals(B * Ho * Wo * C, 4);
        const run = (impl: "ours" | "ref", vector: boolean) => {
          const f = (v: tf.Tensor) => {
            if (impl === "ours") return vector ? rot90Vector(v as tf.Tensor4D, k) : rot90(v as tf.Tensor4D, k);
            const g = rotateByGather(v as tf.Tensor4D, ((k % 4) + 4) % 4);
            if (!vector || k % 4 === 0) return g;
            // plain component turn: multiply pairs by the rotation matrix
            const q = ((k % 4) + 4) % 4, R = q === 1 ? [[0, 1], [-1, 0]] : q === 2 ? [[-1, 0], [0, -1]] : [[0, -1], [1, 0]];
            const m = tf.tensor2d(R.flat(), [2, 2]); // (u, v)ᵀ row-vector times m
            return tf.matMul(g.reshape([-1, 2]), m).reshape(g.shape);
          };
          const xv = tf.tensor4d(x, shape), tv = tf.tensor4d(t, [B, Ho, Wo, C]);
          return toArrays([f(xv), tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), tv)))(xv)]);
        };
        for (const vector of C % 2 === 0 ? [false, true] : [false]) {
          const ref = await onBackend("cpu", () => run("ref", vector));
          const ours = await onBackend("wasm", () => run("ours", vector));
          expect(maxRelDiff(ours[0], ref[0]), `k=${k} vector=${vector}`).toBeLessThanOrEqual(1e-5);
          expect(maxRelDiff(ours[1], ref[1]), `k=${k} vector=${vector} grad`).toBeLessThanOrEqual(1e-5);
        }
        if (B === 1 && C === 1) {
          const f64 = rot90Field(x, H, W, k);
          expect(maxRelDiff(await onBackend("wasm", () => toArrays([rot90(tf.tensor4d(x, shape), k)])[0]), f64)).toBe(0);
        }
        if (B === 1 && C === 2) {
          const u = x.filter((_, p) => p % 2 === 0), v = x.filter((_, p) => p % 2 === 1);
          const r = rot90VectorField(u, v, H, W, k);
          const ours = await onBackend("wasm", () => toArrays([rot90Vector(tf.tensor4d(x, shape), k)])[0]);
          expect(Array.from(ours.filter((_, p) => p % 2 === 0))).toEqual(Array.from(Float32Array.from(r.u)));
          expect(Array.from(ours.filter((_, p) => p % 2 === 1))).toEqual(Array.from(Float32Array.from(r.v)));
        }
      }
    });
  }

  it("rejects bad ranks, odd vector channels and fractional k", async () => {
    await onBackend("cpu", () => {
      expect(() => rot90(tf.zeros([4, 4, 1]) as unknown as tf.Tensor4D, 1)).toThrow(/rank 4 tensor \[batch, height, width, channels\], got rank 3/);
      expect(() => rot90Vector(tf.zeros([1, 4, 4, 3]) as tf.Tensor4D, 1)).toThrow(/\(u, v\) pairs, an even number, got x \[1,4,4,3\]/);
      expect(() => rot90(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, 1.5)).toThrow(/k must be an integer/);
    });
  });
});
