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
  { x: [4, 12, 10, 6], k: [3, 3], co: 5, padding: "same", activation: "relu", bias: true },
  { x: [3, 7, 9, 4], k: [3, 3], co: 6, padding: "valid", activation: "none", bias: true },
  { x: [2, 10, 8, 3], k: [5, 3], co: 4, padding: "same", activation: "tanh", bias: true },
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

/** Gradients of Σ y ⊙ t with respect to the inputs named in `wrt` only (the others held constant). */
function partial(c: Case, impl: "ours" | "reference", wrt: ("x" | "w" | "b")[]): Float32Array[] {
  const [B, H, W, Ci] = c.x, [kh, kw] = c.k;
  const Ho = c.padding === "same" ? H : H - kh + 1, Wo = c.padding === "same" ? W : W - kw + 1;
  const all = {
    x: tf.tensor4d(normals(B * H * W * Ci, 5), c.x),
    w: tf.tensor4d(normals(kh * kw * Ci * c.co, 6, 0.5), [kh, kw, Ci, c.co]),
    b: tf.tensor1d(normals(c.co, 7, 0.3)),
  };
  const t = tf.tensor4d(normals(B * Ho * Wo * c.co, 8), [B, Ho, Wo, c.co]);
  const f = (...v: tf.Tensor[]) => {
    const get = (k: "x" | "w" | "b") => (wrt.includes(k) ? v[wrt.indexOf(k)] : all[k]);
    const [xv, wv, bv] = [get("x") as tf.Tensor4D, get("w") as tf.Tensor4D, get("b") as tf.Tensor1D];
    const y = impl === "ours" ? conv2d(xv, wv, { padding: c.padding, activation: c.activation, bias: bv }) : reference(xv, wv, bv, c);
    return tf.sum(tf.mul(y, t)) as tf.Scalar;
  };
  return toArrays(tf.grads(f)(wrt.map((k) => all[k])));
}

/** Kernels run by `fn` (tf.profile), by name. */
async function kernelsRun(fn: () => void): Promise<string[]> {
  const info = await tf.profile(() => tf.tidy(fn));
  return info.kernels.map((k) => k.name);
}

describe("conv2d: gradients with respect to some inputs only (the others constant) match cpu autodiff", () => {
  const c: Case = { x: [2, 8, 7, 3], k: [3, 3], co: 4, padding: "same", activation: "relu", bias: true };
  const v: Case = { x: [2, 8, 7, 3], k: [3, 5], co: 4, padding: "valid", activation: "none", bias: true };
  for (const [cs, wrt] of [[c, ["x"]], [c, ["w"]], [c, ["b"]], [c, ["w", "b"]], [v, ["x"]], [v, ["w", "b"]]] as [Case, ("x" | "w" | "b")[]][]) {
    it(`${name(cs)}, d/d(${wrt.join(", ")})`, async () => {
      const ref = await onBackend("cpu", () => partial(cs, "reference", wrt));
      for (const backend of ["wasm", "cpu"] as const) {
        const ours = await onBackend(backend, () => partial(cs, "ours", wrt));
        expect(ours.length).toBe(wrt.length);
        ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `${backend}, d/d${wrt[i]}`).toBeLessThan(1e-5));
      }
    });
  }

  it("computes only what is asked for: no input-gradient conv for a constant x, no filter-gradient conv or bias matMul for a constant W and b (wasm)", async () => {
    await onBackend("wasm", () => undefined);
    // 32² points and 16 channels: dW takes the matrix form (conv-filter-gradient.ts)
    const x = tf.tensor4d(normals(2 * 32 * 32 * 16, 1), [2, 32, 32, 16]), w = tf.tensor4d(normals(3 * 3 * 16 * 16, 2, 0.1), [3, 3, 16, 16]);
    const b = tf.tensor1d(normals(16, 3));
    const loss = (xv: tf.Tensor, wv: tf.Tensor, bv: tf.Tensor) => tf.sum(conv2d(xv as tf.Tensor4D, wv as tf.Tensor4D, { bias: bv as tf.Tensor1D, activation: "relu" }));
    const count = (names: string[], name: string) => names.filter((k) => k === name).length;
    const forwardOnly = await kernelsRun(() => loss(x, w, b));
    expect(count(forwardOnly, "Conv2D")).toBe(0); // FusedConv2D inside Kazami's kernel
    // [Conv2D, flip, filter columns, BatchMatMul]: dx is a conv with the flipped filter; dW the
    // matrix form (columns + one GEMM); db a matMul
    const tally = (names: string[]) => ["Conv2D", "KazamiFlipFilter", "KazamiFilterColumns", "BatchMatMul"].map((k) => count(names, k));
    const all = await kernelsRun(() => tf.grads((xv, wv, bv) => loss(xv, wv, bv))([x, w, b]));
    expect(tally(all)).toEqual([1, 1, 1, 2]);
    const weightsOnly = await kernelsRun(() => tf.grads((wv, bv) => loss(x, wv, bv))([w, b]));
    expect(tally(weightsOnly)).toEqual([0, 0, 1, 2]);
    const inputOnly = await kernelsRun(() => tf.grad((xv) => loss(xv, w, b))(x));
    expect(tally(inputOnly)).toEqual([1, 1, 0, 0]);
    tf.dispose([x, w, b]);
  });

  it("relu under a gradient tape: bit-identical to tf.relu(tf.conv2d(x, W) + b), the form tf.fused.conv2d takes there (wasm)", async () => {
    const same = await onBackend("wasm", () => {
      const x = tf.tensor4d(normals(2 * 9 * 7 * 5, 9), [2, 9, 7, 5]), w = tf.tensor4d(normals(3 * 3 * 5 * 6, 10), [3, 3, 5, 6]), b = tf.tensor1d(normals(6, 11));
      let ours: tf.Tensor | undefined, plain: tf.Tensor | undefined;
      tf.grad((wv: tf.Tensor) => {
        ours = tf.keep(conv2d(x, wv as tf.Tensor4D, { bias: b, activation: "relu" }));
        plain = tf.keep(tf.relu(tf.add(tf.conv2d(x, w, 1, "same"), b))); // the same values, off the differentiated path
        return tf.sum(ours);
      })(w);
      const [o, p] = toArrays([ours as tf.Tensor, plain as tf.Tensor]);
      tf.dispose([ours as tf.Tensor, plain as tf.Tensor]);
      return o.every((v, i) => v === p[i]) && o.length === p.length;
    });
    expect(same).toBe(true);
  });
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
  for (const activation of ["gelu", "relu", "none"] as const) {
    it(`x[2,8,8,3] W[3,3,3,4] ${activation}: repeated value + gradient inside tf.tidy leaves no tensor behind (wasm)`, async () => {
      await onBackend("wasm", () => undefined);
      const x = tf.tensor4d(normals(2 * 8 * 8 * 3, 1), [2, 8, 8, 3]), w = tf.tensor4d(normals(108, 2), [3, 3, 3, 4]), b = tf.zeros([4]) as tf.Tensor1D;
      const once = () => tf.tidy(() => {
        tf.grads((...v: tf.Tensor[]) => tf.sum(conv2d(v[0] as tf.Tensor4D, v[1] as tf.Tensor4D, { bias: v[2] as tf.Tensor1D, activation })))([x, w, b]);
      });
      once();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) once();
      expect(tf.memory().numTensors).toBe(before);
      const value = conv2d(x, w, { bias: b, activation }); // outside tf.tidy: only the result is left
      expect(tf.memory().numTensors).toBe(before + 1);
      tf.dispose([value, x, w, b]);
    });
  }
});
