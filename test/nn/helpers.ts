// Test helpers for src/nn: run a computation on the wasm or cpu backend and compare as plain arrays
// (tensors and variables made under one backend are not used after switching).
import * as tf from "@tensorflow/tfjs";
import { initBackend, Rng } from "../../src/core";

/** Switches to `backend` and runs `fn` inside tf.tidy; `fn` must return plain data. */
export async function onBackend<T>(backend: "wasm" | "cpu", fn: () => T): Promise<T> {
  await initBackend({ backend });
  return tf.tidy(fn);
}

/** max |a − b| / max |b|. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxRelDiff: lengths differ (${a.length} vs ${b.length})`);
  let d = 0, s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? d : d / s;
}

/** Seeded float32 normals. */
export function normals(n: number, seed: number, std = 1): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, std));
}

/** Copies tensors out as Float32Arrays. */
export function toArrays(ts: tf.Tensor[]): Float32Array[] {
  return ts.map((t) => Float32Array.from(t.dataSync()));
}
