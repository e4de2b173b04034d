import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { conv2d, type ConvActivation } from "../../src/core/conv2d";
import { maxRelDiff, normals, onBackend, toArrays } from "./backends";

interface Case { x: [number, number, number, number]; k: [number, number]; co: number; padding: "same" | "valid"; activation: ConvActivation; bias: boolean }

const cases: Case[] = [
  { x: [1, 5, 7, 3], k: [3, 3], co: 4, padding: "same", activation: "relu", bias: true },
  { x: [2, 9, 6, 2], k: [5, 5], co: 3, padding: "valid", activation: "tanh", bias: true },
  { x: [3, 8, 8, 4], k: [1, 1], co: 2, padding: "same", activation: "none", bias: false },
  { x: [2, 7, 5, 3], k: [3, 1], co: 5, padding: "same", activation: "gelu", bias: true },
  { x: [1, 1, 1, 2], k: [3, 3], co: 2, padding: "same", activation: "gelu", bias: false },
  { x: [2, 6, 11, 2], k: [3, 5], co: 3, padding: "valid", activation: "relu", bias: false },
  { x: [1, 16, 16, 8], k: [3, 3], co: 8, padding: "same", activation: "linear", bias: true },
];

const name = (c: Case) => `x[${c.x}] W[${c.k},${c.x[3]},${c.co}] ${c.padding} ${c.activation}${c.bias ? " +bias" : ""}`;

/** Plain tfjs ops, differentiated by tfjs' own autodiff: the reference. */
function reference(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D | undefined, c: Case): tf.Tensor {
  let z: tf.Tensor = tf.conv2d(x, w, 1, c.padding);
  if (b) z = tf.add(z, b);
  switch (c.activation) {
    case "relu": return tf.relu(z);
    case "tanh": return tf.tanh(z);
    case "gelu": return tf.mul(z, tf.sigmoid(tf.mul(z, 1.702)));
    default: return z;
  }
}

function run(c: Case, impl: "ours" | "reference"): Float32Array[] {
  const [B, H, W, Ci] = c.x, [kh, kw] = c.k;
  const Ho = c.padding === "same" ? H : H - kh + 1, Wo = c.padding === "same" ? W : W - kw + 1;
  const x = tf.tensor4d(normals(B * H * W * Ci, 1), c.x);
  const w = tf.tensor4d(normals(kh * kw * Ci * c.co, 2, 0.5), [kh, kw, Ci, c.co]);
  const b = tf.tensor1d(normals(c.co, 3, 0.3));
  const t = tf.tensor4d(normals(B * Ho * Wo * c.co, 4), [B, Ho, Wo, c.co]);
  const f = (...v: tf.Tensor[]) => {
    const [xv, wv, bv] = v as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D | undefined];
    const y = impl === "ours" ? conv2d(xv, wv, { padding: c.padding, activation: c.activation, bias: bv }) : reference(xv, wv, bv, c);
    return tf.sum(tf.mul(y, t)) as tf.Scalar;
  };
  const inputs = c.bias ? [x, w, b] : [x, w];
  const y = impl === "ours" ? conv2d(x, w, { padding: c.padding, activation: c.activation, bias: c.bias ? b : undefined }) : reference(x, w, c.bias ? b : undefined, c);
  expect(y.shape).toEqual([B, Ho, Wo, c.co]);
  return toArrays([y, ...tf.grads(f)(inputs)]);
}

describe("conv2d: value and gradients (x, W, b) vs cpu autodiff of plain ops, max relative difference ≤ 1e-5", () => {
  for (const c of cases) {
    it(name(c), async () => {
      const ref = await onBackend("cpu", () => run(c, "reference"));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => run(c, "ours"));
        expect(ours.length).toBe(ref.length);
        ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `${backend}, output ${i}`).toBeLessThan(1e-5));
      }
    });
  }
});

describe("conv2d: input validation", () => {
  it("names what was expected and what arrived", async () => {
    await onBackend("cpu", () => {
      const x = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D, w = tf.zeros([3, 3, 3, 4]) as tf.Tensor4D;
      expect(() => conv2d(tf.zeros([8, 8, 3]) as unknown as tf.Tensor4D, w)).toThrow(
        "conv2d: x must be a rank 4 float32 tensor [batch, height, width, channels], got rank 3 float32 (shape [8,8,3])",
      );
      expect(() => conv2d(x, tf.zeros([2, 2, 3, 4]) as tf.Tensor4D)).toThrow(/kernel sizes must be odd, got 2x2/);
      expect(() => conv2d(x, tf.zeros([3, 3, 2, 4]) as tf.Tensor4D)).toThrow(/filter expects 2 input channels, x \[1,8,8,3\] has 3/);
      expect(() => conv2d(x, w, { bias: tf.zeros([3]) as tf.Tensor1D })).toThrow(/bias must be a float32 tensor \[4\], got rank 1 float32 \(shape \[3\]\)/);
      expect(() => conv2d(x, w, { activation: "swish" as ConvActivation })).toThrow(/activation must be one of none, linear, relu, tanh, gelu, got swish/);
      expect(() => conv2d(x, w, { padding: "full" as "same" })).toThrow(/padding must be 'same' or 'valid', got full/);
      expect(() => conv2d(tf.zeros([1, 2, 8, 3]) as tf.Tensor4D, w, { padding: "valid" })).toThrow(/'valid' needs height ≥ 3/);
      expect(() => conv2d(tf.zeros([1, 8, 8, 3], "int32") as tf.Tensor4D, w)).toThrow(TypeError);
    });
  });
});

describe("conv2d: memory", () => {
  it("x[2,8,8,3] W[3,3,3,4]: repeated value + gradient inside tf.tidy leaves no tensor behind (wasm)", async () => {
    await onBackend("wasm", () => undefined);
    const x = tf.tensor4d(normals(2 * 8 * 8 * 3, 1), [2, 8, 8, 3]), w = tf.tensor4d(normals(108, 2), [3, 3, 3, 4]), b = tf.zeros([4]) as tf.Tensor1D;
    const once = () => tf.tidy(() => {
      tf.grads((...v: tf.Tensor[]) => tf.sum(conv2d(v[0] as tf.Tensor4D, v[1] as tf.Tensor4D, { bias: v[2] as tf.Tensor1D, activation: "gelu" })))([x, w, b]);
    });
    once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });
});
