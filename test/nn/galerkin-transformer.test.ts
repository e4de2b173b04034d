// nn.layers.GalerkinAttention and nn.GalerkinTransformer: values and gradients against plain ops on
// cpu, the properties the operator is built for (permutation symmetry over tokens, queries answered
// independently, linear cost), config round trips and clear errors.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { GalerkinTransformer, fromConfig, layers } from "../../src/nn";
import { maxRelDiff, moduleVsReference, normals, onBackend } from "./helpers";

const { GalerkinAttention } = layers;

/** Plain-op reference of one attention layer on x [B, N, C] (context = x), weights in registration order. */
function attentionReference(x: tf.Tensor, v: tf.Variable[], heads: number, kind: "galerkin" | "fourier"): tf.Tensor {
  const [Wq, bq, Wk, bk, Wv, bv, Wo, bo, ga, ba, gb, bb] = v;
  const [B, N, C] = x.shape, d = C / heads;
  const lin = (t: tf.Tensor, W: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(t.reshape([-1, C]), W), b).reshape([B, N, C]);
  const q = lin(x, Wq, bq), k = lin(x, Wk, bk), val = lin(x, Wv, bv);
  const norm = (t: tf.Tensor, g: tf.Tensor, b: tf.Tensor, h: number) => {
    const m = tf.mean(t, -1, true), s = tf.mean(tf.square(tf.sub(t, m)), -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(t, m), tf.sqrt(tf.add(s, 1e-5))), g.slice([h, 0], [1, d]).reshape([d])), b.slice([h, 0], [1, d]).reshape([d]));
  };
  const out = Array.from({ length: heads }, (_, h) => {
    const s = (t: tf.Tensor) => t.slice([0, 0, h * d], [-1, -1, d]);
    const kh = norm(s(k), ga, ba, h);
    if (kind === "galerkin") return tf.matMul(s(q), tf.div(tf.matMul(kh, norm(s(val), gb, bb, h), true, false), N));
    return tf.matMul(tf.div(tf.matMul(norm(s(q), gb, bb, h), kh, false, true), N), s(val));
  });
  return lin(heads === 1 ? out[0] : tf.concat(out, 2), Wo, bo);
}

const small = (over: object = {}) => new GalerkinTransformer({ inChannels: 2, outChannels: 3, width: 8, encoderLayers: 2, decoderLayers: 2, heads: 2, modes: 3, domain: [2, 3], queryFeatures: 1, seed: 5, ...over });

/** Seeded tokens (values, coords) and queries (coords, features) for `small()`. */
function inputs(N: number, T: number, Q: number, seed: number) {
  return {
    values: tf.tensor3d(normals(N * T * 2, seed), [N, T, 2]),
    coords: tf.tensor3d(normals(N * T * 2, seed + 1), [N, T, 2]),
    queries: tf.tensor3d(normals(N * Q * 2, seed + 2), [N, Q, 2]),
    features: tf.tensor3d(normals(N * Q, seed + 3), [N, Q, 1]),
  };
}

describe("nn.layers.GalerkinAttention: values and gradients on wasm vs plain ops on cpu (≤ 1e-5)", () => {
  for (const [kind, heads] of [["galerkin", 1], ["galerkin", 2], ["fourier", 2]] as const) {
    // 4 features per head: a layer norm over 2 features maps every pair to ±1 and has a vanishing, ill-conditioned gradient
    it(`${kind}, ${heads} head(s), [2, 7, ${4 * heads}]`, async () => {
      const C = 4 * heads;
      const [ours, ref] = await moduleVsReference({
        make: () => new GalerkinAttention({ channels: C, heads, kind, seed: 3 }), shape: [2, 7, C], outShape: [2, 7, C],
        reference: (x, v) => attentionReference(x, v, heads, kind),
      });
      ours.forEach((a, i) => expect(maxRelDiff(a, ref[i]), `array ${i}`).toBeLessThan(1e-5));
    });
  }
});

describe("nn.layers.GalerkinAttention: properties", () => {
  it("self-attention is equivariant to token permutations; cross-attention is invariant to context permutations and answers each query alone", async () => {
    await onBackend("wasm", () => {
      const att = new GalerkinAttention({ channels: 4, heads: 2, seed: 1 });
      const x = tf.tensor3d(normals(2 * 6 * 4, 2), [2, 6, 4]), perm = tf.tensor1d([3, 0, 5, 1, 4, 2], "int32");
      expect(maxRelDiff(tf.gather(att.apply(x), perm, 1).dataSync(), att.apply(tf.gather(x, perm, 1)).dataSync())).toBeLessThan(1e-5);
      const ctx = tf.tensor3d(normals(2 * 9 * 4, 3), [2, 9, 4]), cperm = tf.tensor1d([8, 2, 0, 7, 1, 6, 3, 5, 4], "int32");
      const cross = att.apply(x, { context: ctx });
      expect(maxRelDiff(att.apply(x, { context: tf.gather(ctx, cperm, 1) }).dataSync(), cross.dataSync())).toBeLessThan(1e-5);
      const first = att.apply(x.slice([0, 0, 0], [2, 1, 4]), { context: ctx });
      expect(maxRelDiff(first.dataSync(), cross.slice([0, 0, 0], [2, 1, 4]).dataSync())).toBeLessThan(1e-5);
      expect(() => att.apply(x, { context: tf.zeros([1, 3, 4]) })).toThrow("cond.context [1,3,4] must have x's batch 2");
      att.dispose();
    });
  });

  it("the token sum is a quadrature: duplicating every token leaves the output unchanged", async () => {
    await onBackend("wasm", () => {
      const att = new GalerkinAttention({ channels: 4, seed: 2 });
      const x = tf.tensor3d(normals(5 * 4, 4), [1, 5, 4]), ctx = tf.tensor3d(normals(6 * 4, 5), [1, 6, 4]);
      const once = att.apply(x, { context: ctx }), twice = att.apply(x, { context: tf.concat([ctx, ctx], 1) });
      expect(maxRelDiff(twice.dataSync(), once.dataSync())).toBeLessThan(1e-5);
      att.dispose();
    });
  });
});

describe("nn.GalerkinTransformer", () => {
  it("decodes a query to the same value whatever other queries are asked with it", async () => {
    await onBackend("wasm", () => {
      const net = small(), { values, coords, queries, features } = inputs(2, 10, 12, 1);
      const latent = net.encode(values, coords);
      const all = net.decode(latent, queries, features);
      expect(all.shape).toEqual([2, 12, 3]);
      // query 4 alone, and query 4 among other, freshly drawn queries
      const q4 = queries.slice([0, 4, 0], [2, 1, 2]), f4 = features.slice([0, 4, 0], [2, 1, 1]);
      const alone = net.decode(latent, q4, f4);
      const others = inputs(2, 10, 30, 40);
      const mixed = net.decode(latent, tf.concat([others.queries, q4], 1), tf.concat([others.features, f4], 1)).slice([0, 30, 0], [2, 1, 3]);
      const ref = all.slice([0, 4, 0], [2, 1, 3]).dataSync();
      expect(maxRelDiff(alone.dataSync(), ref)).toBeLessThan(1e-6);
      expect(maxRelDiff(mixed.dataSync(), ref)).toBeLessThan(1e-6);
      net.dispose();
    });
  });

  it("is invariant to permutations of the tokens (values and coordinates together); its latent tokens permute with them", async () => {
    await onBackend("wasm", () => {
      const net = small(), { values, coords, queries, features } = inputs(2, 10, 7, 2);
      const perm = tf.tensor1d([9, 3, 0, 7, 1, 8, 2, 6, 4, 5], "int32");
      const out = net.apply(values, { coords, queries, queryFeatures: features });
      const outP = net.apply(tf.gather(values, perm, 1), { coords: tf.gather(coords, perm, 1), queries, queryFeatures: features });
      expect(maxRelDiff(outP.dataSync(), out.dataSync())).toBeLessThan(1e-5);
      const lat = net.encode(values, coords), latP = net.encode(tf.gather(values, perm, 1), tf.gather(coords, perm, 1));
      expect(maxRelDiff(latP.dataSync(), tf.gather(lat, perm, 1).dataSync())).toBeLessThan(1e-5);
      // the coordinates matter: permuting values alone changes the output
      const outV = net.apply(tf.gather(values, perm, 1), { coords, queries, queryFeatures: features });
      expect(maxRelDiff(outV.dataSync(), out.dataSync())).toBeGreaterThan(1e-2);
      net.dispose();
    });
  });

  it("gradients on wasm equal cpu autodiff (≤ 1e-4) and a gradient step is tensor-neutral", async () => {
    const run = (backend: "wasm" | "cpu") => onBackend(backend, () => {
      const net = small(), { values, coords, queries, features } = inputs(2, 6, 5, 3);
      const t = tf.tensor3d(normals(2 * 5 * 3, 9), [2, 5, 3]);
      const step = () => tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(net.apply(values, { coords, queries, queryFeatures: features }), t)) as tf.Scalar, net.variables());
        return [Float32Array.of(value.dataSync()[0]), ...net.variables().map((v) => Float32Array.from(grads[v.name].dataSync()))];
      });
      step();
      const before = tf.memory().numTensors, out = step(), leaked = tf.memory().numTensors - before;
      net.dispose();
      return { out, leaked };
    });
    const w = await run("wasm"), c = await run("cpu");
    expect(w.leaked).toBe(0);
    w.out.forEach((a, i) => expect(maxRelDiff(a, c.out[i]), `array ${i}`).toBeLessThan(1e-4));
  });

  it("is linear in the tokens: a 4096-token encode allocates less than one tokens × tokens matrix", async () => {
    // the fourier kind's [N, T, T] scores alone would hold 16.7 M floats per head
    await onBackend("wasm", () => {
      const net = new GalerkinTransformer({ inChannels: 1, outChannels: 1, width: 8, encoderLayers: 1, modes: 2, seed: 1 });
      const T = 4096, values = tf.tensor3d(normals(T, 1), [1, T, 1]), coords = tf.tensor3d(normals(2 * T, 2), [1, T, 2]);
      const peak = tf.tidy(() => { const before = tf.memory().numBytes; net.encode(values, coords).dataSync(); return tf.memory().numBytes - before; });
      expect(peak).toBeLessThan(T * T * 4);
      net.dispose();
    });
  });

  it("fromConfig(toConfig()) rebuilds an equal model; bad configs and inputs fail naming what was expected", async () => {
    await onBackend("wasm", () => {
      const net = small(), copy = fromConfig(JSON.parse(JSON.stringify(net.toConfig()))) as GalerkinTransformer;
      expect(copy.toConfig()).toEqual(net.toConfig());
      expect(Object.isFrozen(net.config)).toBe(true);
      const { values, coords, queries, features } = inputs(1, 4, 3, 6), cond = { coords, queries, queryFeatures: features };
      expect(Array.from(copy.apply(values, cond).dataSync())).toEqual(Array.from(net.apply(values, cond).dataSync()));
      expect(() => small({ width: 6, heads: 4 })).toThrow("GalerkinTransformer: width (6) must be divisible by heads (4)");
      expect(() => small({ domain: [1, 0] })).toThrow("GalerkinTransformer: domain[1] (Lx)");
      expect(() => small({ kind: "softmax" })).toThrow('kind must be one of galerkin, fourier, got "softmax"');
      expect(() => net.apply(values, { coords })).toThrow("GalerkinTransformer.apply: needs cond.queries [N, Q, 2]");
      expect(() => net.apply(values, { coords: tf.zeros([1, 5, 2]), queries, queryFeatures: features })).toThrow("coords must be [1, 4, 2] (y, x per point), got [1,5,2]");
      expect(() => net.apply(values, { coords, queries })).toThrow("this model takes 1 query features: give cond.queryFeatures [N, Q, 1]");
      expect(() => net.apply(values, { coords, queries, queryFeatures: tf.zeros([1, 2, 1]) })).toThrow("queryFeatures [1,2,1] must match queries [1,3,2] in N and Q");
      net.dispose(); copy.dispose();
    });
  });
});
