// Test helpers for src/nn: run a computation on the wasm or cpu backend and compare as plain arrays
// (tensors and variables made under one backend are not used after switching).
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../src/core";

import { onBackend } from "../core/backends";

export { maxRelDiff, onBackend } from "../core/backends";

/** Seeded float32 normals. */
export function normals(n: number, seed: number, std = 1): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, std));
}

/** Copies tensors out as Float32Arrays. */
export function toArrays(ts: tf.Tensor[]): Float32Array[] {
  return ts.map((t) => Float32Array.from(t.dataSync()));
}

/** Output, dx and every variable's gradient of Σ f(x)·t, as plain arrays. */
export function gradsOf(f: (x: tf.Tensor) => tf.Tensor, vars: tf.Variable[], x: tf.Tensor, t: tf.Tensor): Float32Array[] {
  const loss = (xv: tf.Tensor) => tf.sum(tf.mul(f(xv), t)) as tf.Scalar;
  const { grads } = tf.variableGrads(() => loss(x), vars);
  return toArrays([f(x), tf.grad(loss)(x), ...vars.map((v) => grads[v.name])]);
}

/** A module to test and the same function written with plain tf ops from its variables (registration order). */
export interface ReferenceCase<M extends { apply(x: tf.Tensor): tf.Tensor; variables(): tf.Variable[]; dispose(): void }> {
  make: () => M;
  shape: number[];
  outShape: number[];
  reference: (x: tf.Tensor, v: tf.Variable[]) => tf.Tensor;
}

/**
 * Output, dx and every weight gradient of the module on wasm and of its plain-op reference on cpu
 * (same seed, same weights), for seeded inputs; returns [ours, reference] to compare.
 */
export async function moduleVsReference<M extends { apply(x: tf.Tensor): tf.Tensor; variables(): tf.Variable[]; dispose(): void }>(
  c: ReferenceCase<M>, seed = 11): Promise<[Float32Array[], Float32Array[]]> {
  const n = c.shape.reduce((a, b) => a * b, 1), m = c.outShape.reduce((a, b) => a * b, 1);
  const x = normals(n, seed), t = normals(m, seed + 1);
  const run = (backend: "wasm" | "cpu", plain: boolean) => onBackend(backend, () => {
    const mod = c.make(), vars = mod.variables();
    if (!plain && JSON.stringify(mod.apply(tf.tensor(x, c.shape)).shape) !== JSON.stringify(c.outShape)) throw new Error(`output shape differs from [${c.outShape}]`);
    const r = gradsOf((xv) => (plain ? c.reference(xv, vars) : mod.apply(xv)), vars, tf.tensor(x, c.shape), tf.tensor(t, c.outShape));
    mod.dispose();
    return r;
  });
  return [await run("wasm", false), await run("cpu", true)];
}
