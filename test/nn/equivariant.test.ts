// nn.equivariant: exact C4 equivariance of randomly initialised layers and networks on several shapes
// (and that the plain network and a naive pixel shuffle are NOT equivariant), field types, refusals.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { core } from "../../src";
import { equivariant } from "../../src/nn";
import { maxRelDiff, normals, onBackend } from "./helpers";

const { EquivariantConv2d, EquivariantSRNet, EquivariantUpsample, FieldType, GeometricTensor, equivarianceError } = equivariant;
type FieldType = InstanceType<typeof FieldType>;

const C4 = {
  scalar: (m = 1) => FieldType.scalar(m), vector: (m = 1) => FieldType.vector(m), regular: (m = 1) => FieldType.regular(m),
};

function field(type: FieldType, shape: [number, number, number], seed: number): InstanceType<typeof GeometricTensor> {
  const [b, h, w] = shape;
  return new GeometricTensor(tf.tensor4d(normals(b * h * w * type.size, seed), [b, h, w, type.size]), type);
}

interface Case { name: string; make: () => { apply: (x: tf.Tensor) => tf.Tensor; dispose: () => void }; inType: FieldType; outType: FieldType; shape: [number, number, number] }

const cases: Case[] = [
  { name: "lifting scalar → regular×3, 3x3 same, relu, [2, 9, 9]", inType: C4.scalar(), outType: C4.regular(3), shape: [2, 9, 9],
    make: () => new EquivariantConv2d({ inType: C4.scalar(), outType: C4.regular(3), activation: "relu", seed: 1 }) },
  { name: "lifting vector → regular×2, 5x5 circular, [1, 8, 8]", inType: C4.vector(), outType: C4.regular(2), shape: [1, 8, 8],
    make: () => new EquivariantConv2d({ inType: C4.vector(), outType: C4.regular(2), kernelSize: 5, padding: "circular", seed: 2 }) },
  { name: "group conv regular×2 → regular×3, 3x3 valid, gelu, [3, 7, 7]", inType: C4.regular(2), outType: C4.regular(3), shape: [3, 7, 7],
    make: () => new EquivariantConv2d({ inType: C4.regular(2), outType: C4.regular(3), padding: "valid", activation: "gelu", seed: 3 }) },
  { name: "output regular×2 → scalar×2, [2, 6, 6]", inType: C4.regular(2), outType: C4.scalar(2), shape: [2, 6, 6],
    make: () => new EquivariantConv2d({ inType: C4.regular(2), outType: C4.scalar(2), seed: 4 }) },
  { name: "output regular×2 → vector, tanh, [2, 6, 6]", inType: C4.regular(2), outType: C4.vector(), shape: [2, 6, 6],
    make: () => new EquivariantConv2d({ inType: C4.regular(2), outType: C4.vector(), activation: "tanh", seed: 5 }) },
  { name: "vector×2 → vector, 5x5 circular, [1, 10, 10]", inType: C4.vector(2), outType: C4.vector(), shape: [1, 10, 10],
    make: () => new EquivariantConv2d({ inType: C4.vector(2), outType: C4.vector(), kernelSize: 5, padding: "circular", seed: 6 }) },
  { name: "non-square grid: vector → scalar ⊕ vector, [2, 6, 10]", inType: C4.vector(), outType: new FieldType("C4", [["scalar", 1], ["vector", 1]]), shape: [2, 6, 10],
    make: () => new EquivariantConv2d({ inType: C4.vector(), outType: new FieldType("C4", [["scalar", 1], ["vector", 1]]), seed: 7 }) },
  { name: "upsample ×2 regular×2 → vector, [2, 8, 8] → [2, 16, 16]", inType: C4.regular(2), outType: C4.vector(), shape: [2, 8, 8],
    make: () => new EquivariantUpsample({ inType: C4.regular(2), outType: C4.vector(), factor: 2, seed: 8 }) },
  { name: "upsample ×3 (odd: a fixed centre sub-pixel) regular → scalar, circular, [1, 5, 5]", inType: C4.regular(1), outType: C4.scalar(), shape: [1, 5, 5],
    make: () => new EquivariantUpsample({ inType: C4.regular(1), outType: C4.scalar(), factor: 3, padding: "circular", seed: 9 }) },
  { name: "upsample ×3 regular → vector, [2, 4, 4]", inType: C4.regular(1), outType: C4.vector(), shape: [2, 4, 4],
    make: () => new EquivariantUpsample({ inType: C4.regular(1), outType: C4.vector(), factor: 3, seed: 10 }) },
  { name: "SR net vector → vector ×4, circular, residual, [2, 8, 8] → [2, 32, 32]", inType: C4.vector(), outType: C4.vector(), shape: [2, 8, 8],
    make: () => new EquivariantSRNet({ inReps: [["vector", 1]], outReps: [["vector", 1]], hiddenFields: 4, nLayers: 3, factor: 4, padding: "circular", seed: 11 }) },
  { name: "SR net scalar → scalar ×2, [3, 6, 6]", inType: C4.scalar(), outType: C4.scalar(), shape: [3, 6, 6],
    make: () => new EquivariantSRNet({ inReps: [["scalar", 1]], outReps: [["scalar", 1]], hiddenFields: 3, nLayers: 2, factor: 2, seed: 12 }) },
  { name: "SR net vector → scalar ×3, [1, 7, 7] → [1, 21, 21]", inType: C4.vector(), outType: C4.scalar(), shape: [1, 7, 7],
    make: () => new EquivariantSRNet({ inReps: [["vector", 1]], outReps: [["scalar", 1]], hiddenFields: 2, nLayers: 2, factor: 3, activation: "tanh", seed: 13 }) },
];

describe("nn.equivariant: f(g·x) = g·f(x) to float32 round-off for random weights (< 1e-5 relative)", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const err = await onBackend("wasm", () => {
        const m = c.make();
        const e = equivarianceError((x) => m.apply(x), field(c.inType, c.shape, 21), c.outType);
        m.dispose();
        return e.perElement;
      });
      expect(err.length).toBe(3);
      for (const e of err) expect(e).toBeLessThan(1e-5);
    });
  }

  it("C2 net (180° turns): vector → vector ×2", async () => {
    const err = await onBackend("wasm", () => {
      const m = new EquivariantSRNet({ group: "C2", inReps: [["vector", 1]], outReps: [["vector", 1]], hiddenFields: 4, nLayers: 2, factor: 2, seed: 3 });
      return equivarianceError((x) => m.apply(x), field(FieldType.vector(1, "C2"), [2, 6, 6], 4), FieldType.vector(1, "C2")).perElement;
    });
    expect(err).toHaveLength(1);
    expect(err[0]).toBeLessThan(1e-5);
  });
});

describe("nn.equivariant: the controls are not equivariant (so the tests above can fail)", () => {
  it("the same SR net over C1 (a plain CNN), measured against C4: error of order 1", async () => {
    const err = await onBackend("wasm", () => {
      const plain = new EquivariantSRNet({ group: "C1", inReps: [["vector", 1]], outReps: [["vector", 1]], hiddenFields: 16, nLayers: 3, factor: 4, padding: "circular", residual: "none", seed: 11 });
      return equivarianceError((x) => plain.apply(x), field(C4.vector(), [2, 8, 8], 21), C4.vector()).perElement;
    });
    for (const e of err) expect(e).toBeGreaterThan(0.1);
  });

  it("an equivariant conv followed by a plain pixel shuffle, sub-pixels treated as independent vector fields: not equivariant", async () => {
    const err = await onBackend("wasm", () => {
      const conv = new EquivariantConv2d({ inType: C4.regular(2), outType: C4.vector(4), seed: 3 }); // 4 sub-pixels × (u, v), plain order
      const naive = (x: tf.Tensor4D) => core.pixelShuffle(conv.apply(x), 2);
      const ours = new EquivariantUpsample({ inType: C4.regular(2), outType: C4.vector(), factor: 2, seed: 3 });
      const x = field(C4.regular(2), [2, 6, 6], 5);
      return [equivarianceError(naive, x, C4.vector()).max, equivarianceError((t) => ours.apply(t), x, C4.vector()).max];
    });
    expect(err[0]).toBeGreaterThan(0.1);
    expect(err[1]).toBeLessThan(1e-5);
  });
});

describe("field types and geometric tensors", () => {
  it("sizes, JSON, generator actions; transform matches core.rot90Vector and r⁴ = identity", async () => {
    expect(C4.regular(8).size).toBe(32);
    const mixed = new FieldType("C4", [["scalar", 2], ["vector", 1], ["regular", 1]]);
    expect(mixed.size).toBe(8);
    expect(String(mixed)).toBe("C4[scalar×2 ⊕ vector×1 ⊕ regular×1]");
    expect(FieldType.from("t", "type", JSON.parse(JSON.stringify(mixed.toJSON()))).equals(mixed)).toBe(true);
    expect(FieldType.vector(3, "C1").size).toBe(6);
    expect(C4.vector().permutational).toBe(false);
    expect(C4.regular(2).permutational).toBe(true);
    await onBackend("wasm", () => {
      const x = field(C4.vector(2), [2, 5, 7], 1);
      for (const k of [1, 2, 3, -1]) expect(maxRelDiff(x.transform(k).tensor.dataSync(), core.rot90Vector(x.tensor, k).dataSync())).toBe(0);
      const r = field(C4.regular(3), [1, 4, 6], 2);
      expect(r.transform(1).transform(1).transform(1).transform(1).tensor.dataSync()).toEqual(r.tensor.dataSync());
      expect(r.transform(1).tensor.shape).toEqual([1, 6, 4, 12]);
      // one turn of a regular field shifts its group index: channel g ← channel g−1
      const t = r.transform(1).tensor, back = core.rot90(t, -1).dataSync(), orig = r.tensor.dataSync();
      for (let p = 0; p < 24; p++) for (let f = 0; f < 3; f++) for (let g = 0; g < 4; g++) {
        expect(back[p * 12 + f * 4 + ((g + 1) % 4)]).toBe(orig[p * 12 + f * 4 + g]);
      }
    });
  });

  it("modules check the type on entry and refuse what would break equivariance", async () => {
    await onBackend("wasm", () => {
      const conv = new EquivariantConv2d({ inType: C4.vector(), outType: C4.regular(2), seed: 1 });
      expect(() => conv.forward(field(C4.scalar(2), [1, 4, 4], 1))).toThrow("EquivariantConv2d.forward: expected a field of type C4[vector×1], got C4[scalar×2]");
      expect(() => conv.forward(tf.zeros([1, 4, 4, 2]) as never)).toThrow("x must be a GeometricTensor of type C4[vector×1], got a plain tf.Tensor");
      expect(conv.forward(field(C4.vector(), [1, 4, 4], 1)).type.equals(C4.regular(2))).toBe(true);
      expect(() => conv.apply(tf.zeros([1, 4, 4, 3]))).toThrow("EquivariantConv2d.apply: x must have 2 channels for C4[vector×1], got shape [1,4,4,3]");
      expect(() => new EquivariantConv2d({ inType: C4.regular(2), outType: C4.vector(), activation: "relu" }))
        .toThrow('EquivariantConv2d: activation "relu" does not commute with rotations of C4[vector×1]');
      expect(() => new EquivariantConv2d({ inType: C4.scalar(), outType: C4.scalar(), kernelSize: 4 })).toThrow("EquivariantConv2d: kernelSize must be odd, got 4");
      expect(() => new EquivariantConv2d({ inType: C4.scalar(), outType: FieldType.scalar(1, "C2") })).toThrow("must be over the same group");
      expect(() => new EquivariantSRNet({ inReps: [["vector", 1]], outReps: [["scalar", 1]], hiddenFields: 2, nLayers: 1, factor: 2, residual: "nearest" }))
        .toThrow('EquivariantSRNet: residual "nearest" adds the input to the output, so inReps and outReps must be equal');
      expect(() => new FieldType("C3" as never, [["scalar", 1]])).toThrow("FieldType: group must be one of C1, C2, C4");
      expect(() => new FieldType("C4", [["tensor" as never, 1]])).toThrow("FieldType: reps[0][0] must be one of scalar, vector, regular");
      expect(() => new GeometricTensor(tf.zeros([1, 4, 4, 3]), C4.vector())).toThrow("GeometricTensor: a field of type C4[vector×1] has 2 channels, got a tensor of shape [1,4,4,3]");
      conv.dispose();
    });
  });

  it("vector outputs get no bias (a constant vector is not invariant); regular fields one per field", async () => {
    await onBackend("wasm", () => {
      const vec = new EquivariantConv2d({ inType: C4.regular(2), outType: C4.vector(), seed: 1 });
      expect(vec.params.names()).toEqual(["weight"]);
      const reg = new EquivariantConv2d({ inType: C4.vector(), outType: C4.regular(3), seed: 1 });
      expect(reg.params.get("bias").shape).toEqual([3]);
      expect(reg.params.get("weight").shape).toEqual([3, 3, 2, 3]); // base filters: one per output field
      const b = reg.weights().bias!.dataSync();
      for (let f = 0; f < 3; f++) for (let g = 1; g < 4; g++) expect(b[f * 4 + g]).toBe(b[f * 4]);
      vec.dispose(); reg.dispose();
    });
  });
});

describe("memory", () => {
  it("a trained step and dispose leave no tensors behind (the plans' cached index tensors included)", async () => {
    await onBackend("wasm", () => {
      const before = tf.memory().numTensors;
      const net = new EquivariantSRNet({ inReps: [["vector", 1]], outReps: [["vector", 1]], hiddenFields: 2, nLayers: 2, factor: 2, padding: "circular", seed: 1 });
      const x = tf.tensor4d(normals(2 * 4 * 4 * 2, 1), [2, 4, 4, 2]);
      for (let s = 0; s < 2; s++) tf.tidy(() => { tf.variableGrads(() => tf.sum(net.apply(x)) as tf.Scalar, net.variables()); });
      const during = tf.memory().numTensors;
      tf.tidy(() => { tf.variableGrads(() => tf.sum(net.apply(x)) as tf.Scalar, net.variables()); });
      expect(tf.memory().numTensors).toBe(during); // constant per step
      net.dispose(); x.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
