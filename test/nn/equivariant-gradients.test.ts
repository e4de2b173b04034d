// nn.equivariant: values and gradients on wasm against an independent plain-op reference on cpu (the
// filter built as the group sum Σ_g T^g of the base filters placed in their orbit's first column,
// with T = ρ_out·rot·ρ_in⁻¹ as dense matMuls; tf.conv2d; a reshape/transpose pixel shuffle);
// config round trips; the L-conv with the true generator fixed reproduces the group action.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { core } from "../../src";
import { fromConfig, type Module, equivariant } from "../../src/nn";
import { maxRelDiff, moduleVsReference, normals, onBackend, toArrays } from "./helpers";

const { EquivariantConv2d, EquivariantSRNet, EquivariantUpsample, FieldType, LConv, subpixelRepresentation, ringDerivative } = equivariant;
type Monomial = equivariant.Monomial;

/** Dense matrix [dim, dim] of a monomial representation: M[perm[j], j] = sign[j]. */
function dense(g: Monomial): tf.Tensor2D {
  const m = new Float32Array(g.dim * g.dim);
  for (let j = 0; j < g.dim; j++) m[g.perm[j] * g.dim + j] = g.sign[j];
  return tf.tensor2d(m, [g.dim, g.dim]);
}

/** T(W) = ρ_out · rot(W) · ρ_in⁻¹ for W [k, k, ci, co], with `turns` quarter turns per generator. */
function T(W: tf.Tensor4D, inRep: Monomial, outRep: Monomial, turns: number): tf.Tensor4D {
  const [k, , ci, co] = W.shape;
  const rot = core.rot90(W.reshape([1, k, k, ci * co]) as tf.Tensor4D, turns).reshape([k * k, ci, co]);
  const inInv = tf.transpose(dense(inRep)), out = dense(outRep); // ρ⁻¹ = ρᵀ
  const t1 = tf.matMul(tf.transpose(rot, [0, 2, 1]).reshape([k * k * co, ci]), inInv).reshape([k * k, co, ci]); // Σ_a rot[q,a,b]·ρ_in⁻¹[a,i]
  return tf.matMul(tf.transpose(t1, [0, 2, 1]).reshape([k * k * ci, co]), tf.transpose(out)).reshape([k, k, ci, co]) as tf.Tensor4D;
}

/** Orbits of the output permutation: representatives (smallest index) and lengths, and the product of signs around each. */
function orbits(g: Monomial): { rep: number[]; len: number[]; sign: number[] } {
  const seen = new Uint8Array(g.dim), rep: number[] = [], len: number[] = [], sign: number[] = [];
  for (let o = 0; o < g.dim; o++) {
    if (seen[o]) continue;
    let p = o, l = 0, s = 1;
    do { seen[p] = 1; s *= g.sign[p]; p = g.perm[p]; l++; } while (p !== o);
    rep.push(o); len.push(l); sign.push(s);
  }
  return { rep, len, sign };
}

/** The reference full filter Σ_g T^g(Ŵ), Ŵ[..., o0(u)] = (L_u/N)·φ[..., u]. */
function referenceFilter(phi: tf.Tensor, k: number, inRep: Monomial, outRep: Monomial, n: number): tf.Tensor4D {
  const ob = orbits(outRep), E = new Float32Array(ob.rep.length * outRep.dim);
  ob.rep.forEach((o, u) => { E[u * outRep.dim + o] = ob.len[u] / n; });
  let acc = tf.matMul(phi.reshape([k * k * inRep.dim, ob.rep.length]), tf.tensor2d(E, [ob.rep.length, outRep.dim])).reshape([k, k, inRep.dim, outRep.dim]) as tf.Tensor4D;
  let term = acc;
  for (let g = 1; g < n; g++) { term = T(term, inRep, outRep, 4 / n); acc = tf.add(acc, term); }
  return acc;
}

/** The reference bias from the compact bias (one value per live orbit). */
function referenceBias(b: tf.Tensor, outRep: Monomial, n: number): tf.Tensor1D {
  const ob = orbits(outRep), live = ob.rep.map((_, u) => !(ob.sign[u] === -1 && (n / ob.len[u]) % 2 === 0));
  const cols = ob.rep.map((_, u) => u).filter((u) => live[u]);
  const phi = tf.matMul(b.reshape([1, cols.length]), tf.tensor2d(Float32Array.from({ length: cols.length * ob.rep.length }, (_, i) => (cols[Math.floor(i / ob.rep.length)] === i % ob.rep.length ? 1 : 0)), [cols.length, ob.rep.length]));
  const one: Monomial = { dim: 1, perm: Int32Array.of(0), sign: Int8Array.of(1) };
  return referenceFilter(phi, 1, one, outRep, n).reshape([outRep.dim]) as tf.Tensor1D;
}

function wrap(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const [, H, W] = x.shape;
  const rows = tf.concat([x, x, x], 1), tiled = tf.concat([rows, rows, rows], 2);
  return tiled.slice([0, H - p, W - p, 0], [-1, H + 2 * p, W + 2 * p, -1]);
}

function act(z: tf.Tensor, a: string): tf.Tensor {
  return a === "relu" ? tf.relu(z) : a === "tanh" ? tf.tanh(z) : a === "gelu" ? tf.mul(z, tf.sigmoid(tf.mul(z, 1.702))) : z;
}

/** Reference conv from the variables [weight, bias?] in registration order. */
function referenceConv(x: tf.Tensor4D, vars: tf.Variable[], k: number, inRep: Monomial, outRep: Monomial, n: number, padding: string, a: string): tf.Tensor4D {
  const W = referenceFilter(vars[0], k, inRep, outRep, n);
  const input = padding === "circular" ? wrap(x, (k - 1) / 2) : x;
  let z: tf.Tensor = tf.conv2d(input, W, 1, padding === "same" ? "same" : "valid");
  if (vars[1] !== undefined) z = tf.add(z, referenceBias(vars[1], outRep, n));
  return act(z, a) as tf.Tensor4D;
}

function shuffle(y: tf.Tensor4D, r: number): tf.Tensor4D {
  const [B, h, w, D] = y.shape, C = D / (r * r);
  return tf.transpose(y.reshape([B, h, w, r, r, C]), [0, 1, 3, 2, 4, 5]).reshape([B, h * r, w * r, C]) as tf.Tensor4D;
}

interface Case { name: string; make: () => Module; shape: number[]; outShape: number[]; reference: (x: tf.Tensor4D, v: tf.Variable[]) => tf.Tensor }

const C4 = { s: (m = 1) => FieldType.scalar(m), v: (m = 1) => FieldType.vector(m), r: (m = 1) => FieldType.regular(m) };
const g = (t: InstanceType<typeof FieldType>) => t.generator();

const cases: Case[] = [
  { name: "lifting vector → regular×2, circular, relu [2, 6, 6, 2]", shape: [2, 6, 6, 2], outShape: [2, 6, 6, 8],
    make: () => new EquivariantConv2d({ inType: C4.v(), outType: C4.r(2), padding: "circular", activation: "relu", seed: 1 }),
    reference: (x, v) => referenceConv(x, v, 3, g(C4.v()), g(C4.r(2)), 4, "circular", "relu") },
  { name: "group conv regular×2 → regular×2, same, gelu [1, 5, 7, 8]", shape: [1, 5, 7, 8], outShape: [1, 5, 7, 8],
    make: () => new EquivariantConv2d({ inType: C4.r(2), outType: C4.r(2), activation: "gelu", seed: 2 }),
    reference: (x, v) => referenceConv(x, v, 3, g(C4.r(2)), g(C4.r(2)), 4, "same", "gelu") },
  { name: "output regular×2 → vector (no bias), 5x5 valid [2, 7, 7, 8]", shape: [2, 7, 7, 8], outShape: [2, 3, 3, 2],
    make: () => new EquivariantConv2d({ inType: C4.r(2), outType: C4.v(), kernelSize: 5, padding: "valid", seed: 3 }),
    reference: (x, v) => referenceConv(x, v, 5, g(C4.r(2)), g(C4.v()), 4, "valid", "linear") },
  { name: "output regular → scalar×2, tanh [2, 4, 4, 4]", shape: [2, 4, 4, 4], outShape: [2, 4, 4, 2],
    make: () => new EquivariantConv2d({ inType: C4.r(), outType: C4.s(2), activation: "tanh", seed: 4 }),
    reference: (x, v) => referenceConv(x, v, 3, g(C4.r()), g(C4.s(2)), 4, "same", "tanh") },
  { name: "C2 vector → vector [1, 5, 5, 2]", shape: [1, 5, 5, 2], outShape: [1, 5, 5, 2],
    make: () => new EquivariantConv2d({ inType: FieldType.vector(1, "C2"), outType: FieldType.vector(1, "C2"), seed: 5 }),
    reference: (x, v) => referenceConv(x, v, 3, g(FieldType.vector(1, "C2")), g(FieldType.vector(1, "C2")), 2, "same", "linear") },
  { name: "upsample ×2 regular×2 → vector [2, 4, 4, 8] → [2, 8, 8, 2]", shape: [2, 4, 4, 8], outShape: [2, 8, 8, 2],
    make: () => new EquivariantUpsample({ inType: C4.r(2), outType: C4.v(), factor: 2, seed: 6 }),
    reference: (x, v) => shuffle(referenceConv(x, v, 3, g(C4.r(2)), subpixelRepresentation(2, g(C4.v()), 4), 4, "same", "linear"), 2) },
  { name: "upsample ×3 regular → scalar, circular [1, 4, 4, 4] → [1, 12, 12, 1]", shape: [1, 4, 4, 4], outShape: [1, 12, 12, 1],
    make: () => new EquivariantUpsample({ inType: C4.r(), outType: C4.s(), factor: 3, padding: "circular", seed: 7 }),
    reference: (x, v) => shuffle(referenceConv(x, v, 3, g(C4.r()), subpixelRepresentation(3, g(C4.s()), 4), 4, "circular", "linear"), 3) },
  { name: "SR net vector → vector ×2, 2 layers, residual [2, 4, 4, 2] → [2, 8, 8, 2]", shape: [2, 4, 4, 2], outShape: [2, 8, 8, 2],
    make: () => new EquivariantSRNet({ inReps: [["vector", 1]], outReps: [["vector", 1]], hiddenFields: 2, nLayers: 2, factor: 2, padding: "circular", seed: 8 }),
    reference: (x, [w0, b0, w1, b1, wu, bu]) => { // the sub-pixel orbits of a vector field allow a (rotating) bias
      const h0 = referenceConv(x, [w0, b0], 3, g(C4.v()), g(C4.r(2)), 4, "circular", "relu");
      const h1 = referenceConv(h0, [w1, b1], 3, g(C4.r(2)), g(C4.r(2)), 4, "circular", "relu");
      const y = shuffle(referenceConv(h1, [wu, bu], 3, g(C4.r(2)), subpixelRepresentation(2, g(C4.v()), 4), 4, "circular", "linear"), 2);
      // x repeated on each 2×2 block (not tf.image.resizeNearestNeighbor: its cpu gradient disagrees with wasm's)
      const rows = tf.concat([x.reshape([2, 4, 1, 4, 2]), x.reshape([2, 4, 1, 4, 2])], 2).reshape([2, 8, 4, 1, 2]);
      return tf.add(y, tf.concat([rows, rows], 3).reshape([2, 8, 8, 2]));
    } },
  { name: "LConv 2 generators, 3 → 2 channels, with W₀ and bias [4, 6, 3]", shape: [4, 6, 3], outShape: [4, 6, 2],
    make: () => new LConv({ sites: 6, inChannels: 3, outChannels: 2, generators: 2, bias: true, seed: 9 }),
    reference: (x, [L, W, w0, b]) => {
      let y = tf.add(tf.matMul(x.reshape([24, 3]), w0), b).reshape([4, 6, 2]);
      for (let i = 0; i < 2; i++) {
        const Li = L.slice([i, 0, 0], [1, 6, 6]).reshape([6, 6]), Wi = W.slice([i, 0, 0], [1, 3, 2]).reshape([3, 2]);
        const lx = tf.stack([0, 1, 2, 3].map((bb) => tf.matMul(Li, (x as tf.Tensor).slice([bb, 0, 0], [1, 6, 3]).reshape([6, 3]))));
        y = tf.add(y, tf.matMul(lx.reshape([24, 3]), Wi).reshape([4, 6, 2]));
      }
      return y;
    } },
];

describe("nn.equivariant: values and gradients on wasm vs the plain-op reference on cpu (≤ 1e-5)", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const [ours, ref] = await moduleVsReference({ ...c, reference: (x, v) => c.reference(x as tf.Tensor4D, v) }, 31);
      expect(ours.length).toBe(ref.length);
      ours.forEach((o, i) => expect(maxRelDiff(o, ref[i]), `output ${i}`).toBeLessThan(1e-5));
    });
  }
});

describe("nn.equivariant: config is data", () => {
  it("fromConfig(toConfig()) rebuilds every class with equal outputs; configs are frozen JSON", async () => {
    await onBackend("wasm", () => {
      const all: [Module, number[]][] = [
        ...cases.map((c) => [c.make(), c.shape] as [Module, number[]]),
        [new EquivariantSRNet({ group: "C1", inReps: [["vector", 1]], outReps: [["scalar", 1]], hiddenFields: 3, nLayers: 1, factor: 2, seed: 4 }), [1, 4, 4, 2]],
      ];
      for (const [mod, shape] of all) {
        const x = tf.tensor(normals(shape.reduce((a, b) => a * b, 1), 13), shape);
        const copy = fromConfig(JSON.parse(JSON.stringify(mod.toConfig())));
        expect(copy.toConfig()).toEqual(mod.toConfig());
        expect(Object.isFrozen(mod.config)).toBe(true);
        expect(Array.from(copy.apply(x).dataSync()), mod.className).toEqual(Array.from(mod.apply(x).dataSync()));
        copy.dispose(); mod.dispose();
      }
    });
  });
});

describe("LConv with the true generator fixed reproduces the group action", () => {
  /** A band-limited ring signal x and exp(δD)x = x(· + δ), its exact shift by δ sites (Fourier interpolation), float64. */
  function signal(d: number, delta: number): { x: Float64Array; shifted: Float64Array } {
    const x = new Float64Array(d), shifted = new Float64Array(d);
    for (let k = 1; 2 * k < d; k++) {
      const a = 1 / k, ph = 0.7 * k, kap = (2 * Math.PI * k) / d;
      for (let i = 0; i < d; i++) { x[i] += a * Math.cos(kap * i + ph); shifted[i] += a * Math.cos(kap * (i + delta) + ph); }
    }
    return { x, shifted };
  }

  it("ringDerivative differentiates band-limited signals exactly and is antisymmetric", () => {
    const d = 15, D = ringDerivative(d);
    const kap = (2 * Math.PI * 3) / d;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += D[i * d + j] * Math.sin(kap * j);
      expect(s).toBeCloseTo(kap * Math.cos(kap * i), 10);
      for (let j = 0; j < d; j++) expect(D[i * d + j]).toBeCloseTo(-D[j * d + i], 12);
    }
  });

  it("x ↦ x + (t/n)·D x applied n times → exp(tD)x = x(· + t) (error ∝ 1/n)", async () => {
    const d = 21, t = 2.5, D = ringDerivative(d), { x, shifted } = signal(d, t);
    const errs = await onBackend("wasm", () => [10, 100, 1000].map((n) => {
      const lc = new LConv({ sites: d, inChannels: 1, outChannels: 1, seed: 1 });
      lc.generators.assign(tf.tensor3d(Float32Array.from(D), [1, d, d]));
      lc.weights.assign(tf.tensor3d([t / n], [1, 1, 1]));
      let y: tf.Tensor = tf.tensor3d(Float32Array.from(x), [1, d, 1]);
      for (let s = 0; s < n; s++) { const next = lc.apply(y); y.dispose(); y = next; }
      const out = y.dataSync();
      lc.dispose();
      let e = 0, ref = 0;
      for (let i = 0; i < d; i++) { e += (out[i] - shifted[i]) ** 2; ref += shifted[i] ** 2; }
      return Math.sqrt(e / ref);
    }));
    expect(errs[2]).toBeLessThan(0.02);
    expect(errs[0] / errs[1]).toBeGreaterThan(5); // ~10x per decade: first order in 1/n
    expect(errs[1] / errs[2]).toBeGreaterThan(5);
  });
});

describe("reference generators and their measures", () => {
  const { fourierDiagonal, fourierDiagonalFraction, matrixCosine, rotationGenerator, symmetricFraction } = equivariant;

  it("−∂ is diagonal in the Fourier basis with eigenvalues −iκ; a random matrix is not", () => {
    const d = 12, minusD = ringDerivative(d).map((v) => -v), { re, im } = fourierDiagonal(minusD);
    for (let k = 0; k < d; k++) {
      const kap = (2 * Math.PI * (k <= d / 2 ? k : k - d)) / d;
      expect(re[k]).toBeCloseTo(0, 12);
      expect(im[k]).toBeCloseTo(2 * k === d ? 0 : -kap, 12); // the Nyquist mode of even d is dropped
    }
    expect(fourierDiagonalFraction(minusD)).toBeCloseTo(1, 12);
    expect(symmetricFraction(minusD)).toBeCloseTo(0, 12);
    const random = Float64Array.from(normals(d * d, 5));
    expect(fourierDiagonalFraction(random)).toBeLessThan(0.3);
    expect(symmetricFraction(random)).toBeGreaterThan(0.5);
  });

  it("I ⊗ J turns each (x, y) pair: J·(1, 0) = (0, 1); cosine is scale-free and signed", () => {
    const J = rotationGenerator(2);
    expect(Array.from(J.slice(0, 4))).toEqual([0, -1, 0, 0]);
    expect(Array.from(J.slice(4, 8))).toEqual([1, 0, 0, 0]);
    expect(matrixCosine(J.map((v) => 3 * v), J)).toBeCloseTo(1, 14);
    expect(matrixCosine(J.map((v) => -v), J)).toBeCloseTo(-1, 14);
    expect(matrixCosine(Float64Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0)), J)).toBe(0); // the identity is orthogonal to J
    expect(() => matrixCosine(J, new Float64Array(4))).toThrow("matrixCosine: sizes differ (16 vs 4)");
  });
});
