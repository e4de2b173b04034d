// Test helpers: run the same computation on the wasm and cpu backends in one process and compare.
// Tensors made under one backend cannot be used after switching, so data crosses as typed arrays.
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/core/backend";
import { Rng } from "../../src/core/random";

/** Runs `fn` on `backend` inside tf.tidy; `fn` must build its tensors from plain arrays and return plain data. */
export async function onBackend<T extends tf.TensorContainer>(backend: "wasm" | "cpu", fn: () => T): Promise<T> {
  await initBackend({ backend });
  return tf.tidy(fn);
}

/** max |a − b| / max |b|: the difference relative to the reference's scale. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxRelDiff: lengths differ (${a.length} vs ${b.length})`);
  let d = 0, s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return s === 0 ? d : d / s;
}

/**
 * Whether an npm package resolves from here (the native tfjs-node packages cannot install on this
 * project's machines: their install downloads libtensorflow).
 */
export function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

/** Seeded float32 normals for test inputs. */
export function normals(n: number, seed: number, std = 1): Float32Array {
  return Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, std));
}

/** Copies tensors out as Float32Arrays. */
export function toArrays(ts: tf.Tensor[]): Float32Array[] {
  return ts.map((t) => Float32Array.from(t.dataSync()));
}
