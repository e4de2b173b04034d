// Test helpers for src/nn: run a computation on the wasm or cpu backend and compare as plain arrays
// (tensors and variables made under one backend are not used after switching).
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../src/core";

export { maxRelDiff, onBackend } from "../core/backends";

/** Seeded float32 normals. */
export function normals(n: number, seed: number, std = 1): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, std));
}

/** Copies tensors out as Float32Arrays. */
export function toArrays(ts: tf.Tensor[]): Float32Array[] {
  return ts.map((t) => Float32Array.from(t.dataSync()));
}
