import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { flatten, unflatten } from "../../src/nn/flat-weights";
import { Adam } from "../../src/nn/optim";
import { normals, onBackend, toArrays } from "../core/backends";

const shapes = [[3, 4], [4], [2, 1, 5, 3], [1]];

/** Adam written per variable (PyTorch's update, one chain of kernels per variable): the reference. */
function referenceSteps(ps: tf.Tensor[], grads: tf.Tensor[][], lr: number, wd: number): tf.Tensor[] {
  let p = ps, m = ps.map((x) => tf.zerosLike(x)), v = ps.map((x) => tf.zerosLike(x));
  grads.forEach((gs, s) => {
    const t = s + 1, stepSize = lr / (1 - 0.9 ** t), vScale = 1 / (1 - 0.999 ** t);
    const next = p.map((pi, i) => {
      const g = wd > 0 ? tf.add(gs[i], tf.mul(pi, wd)) : gs[i];
      m[i] = tf.add(tf.mul(m[i], 0.9), tf.mul(g, 1 - 0.9));
      v[i] = tf.add(tf.mul(v[i], 0.999), tf.mul(tf.square(g), 1 - 0.999));
      return tf.sub(pi, tf.mul(tf.div(m[i], tf.add(tf.sqrt(tf.mul(v[i], vScale)), 1e-8)), stepSize));
    });
    p = next;
  });
  return p;
}

describe("Adam", () => {
  for (const backend of ["wasm", "cpu"] as const) {
    for (const wd of [0, 0.01]) {
      it(`${backend}, weight decay ${wd}: three flat steps give the per-variable form's weights bit for bit`, async () => {
        const same = await onBackend(backend, () => {
          const init = shapes.map((s, i) => tf.tensor(normals(s.reduce((a, b) => a * b, 1), i + 1), s));
          const grads = [0, 1, 2].map((k) => shapes.map((s, i) => tf.tensor(normals(s.reduce((a, b) => a * b, 1), 10 * k + i + 7), s)));
          const vars = init.map((t) => tf.variable(t));
          const adam = new Adam(vars, { learningRate: 0.01, weightDecay: wd });
          grads.forEach((g) => adam.step(g));
          const ref = referenceSteps(init, grads, 0.01, wd);
          const a = toArrays(vars), b = toArrays(ref);
          adam.dispose(); tf.dispose(vars);
          return a.every((x, i) => x.length === b[i].length && x.every((y, j) => Object.is(y, b[i][j])));
        });
        expect(same).toBe(true);
      });
    }
  }

  it("names the variable whose gradient has the wrong size", async () => {
    await onBackend("cpu", () => {
      const v = [tf.variable(tf.zeros([2, 2]), true, "w0"), tf.variable(tf.zeros([3]), true, "b0")];
      const adam = new Adam(v, { learningRate: 0.1 });
      expect(() => adam.step([tf.zeros([2, 2]), tf.zeros([4])])).toThrow(/gradient 1 must be a tensor of 3 elements \(the shape of variable "b0", \[3\]\), got \[4\]/);
      expect(() => adam.step([tf.zeros([2, 2])])).toThrow(/expected 2 gradients, got 1/);
      expect(adam.iterations).toBe(0); // a refused step is not counted
      adam.dispose(); tf.dispose(v);
      return 0;
    });
  });
});

describe("flatten / unflatten", () => {
  it("round-trips shapes and values, and refuses a vector of the wrong size", async () => {
    await onBackend("wasm", () => {
      const ts = shapes.map((s, i) => tf.tensor(normals(s.reduce((a, b) => a * b, 1), i + 3), s));
      const flat = flatten(ts);
      expect(flat.shape).toEqual([12 + 4 + 30 + 1]);
      const back = unflatten(flat, ts);
      expect(back.map((t) => t.shape)).toEqual(shapes);
      expect(toArrays(back)).toEqual(toArrays(ts));
      expect(() => unflatten(tf.zeros([5]) as tf.Tensor1D, ts)).toThrow(/the flat vector has 5 elements, the 4 tensors 47/);
      return 0;
    });
  });
});
