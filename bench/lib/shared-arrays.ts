/**
 * Arrays a bench entry's TypeScript side hands to its Python twin (weights as Kazami initialised
 * them, inputs, the random draws of each timed step), so both sides time the same workload on
 * identical numbers. Written as out/bench/<entry>.shared.json (names, shapes, dtypes, byte offsets)
 * beside out/bench/<entry>.shared.bin (the raw little-endian values); bench/shared_arrays.py reads
 * them. Paths are relative to the repository root, where bench/run.sh runs both sides.
 */
import * as fs from "fs";
import * as path from "path";
import type * as tf from "@tensorflow/tfjs";

/** The typed arrays that can be shared (float32, float64, int32). */
export type SharedData = Float32Array | Float64Array | Int32Array;

/** One shared array: its shape (row-major) and values. */
export interface SharedArray {
  shape: number[];
  data: SharedData;
}

const DTYPES = new Map<unknown, string>([[Float32Array, "float32"], [Float64Array, "float64"], [Int32Array, "int32"]]);

/** Where an entry's shared arrays go: out/bench/<entry>.shared.{json,bin}. */
export function sharedPaths(entry: string): { header: string; bin: string } {
  const base = path.join("out", "bench", `${entry}.shared`);
  return { header: `${base}.json`, bin: `${base}.bin` };
}

/** Writes `arrays` (name → {shape, data}) for the twin of `entry`; returns the header's path. */
export function writeShared(entry: string, arrays: Record<string, SharedArray>): string {
  const { header, bin } = sharedPaths(entry);
  const entries: { name: string; shape: number[]; dtype: string; offset: number; length: number }[] = [];
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const [name, { shape, data }] of Object.entries(arrays)) {
    const dtype = DTYPES.get(data.constructor);
    if (dtype === undefined) throw new TypeError(`writeShared: ${name} must be a Float32Array, Float64Array or Int32Array`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new RangeError(`writeShared: ${name} has ${data.length} values, its shape [${shape.join(", ")}] needs ${size}`);
    entries.push({ name, shape, dtype, offset, length: data.length });
    chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    offset += data.byteLength;
  }
  fs.mkdirSync(path.dirname(header), { recursive: true });
  fs.writeFileSync(bin, Buffer.concat(chunks));
  fs.writeFileSync(header, JSON.stringify({ entry, bin: path.basename(bin), arrays: entries }, null, 1) + "\n");
  return header;
}

/** A float32 tensor as a shared array (its shape and a copy of its values). */
export function tensorArray(t: tf.Tensor): SharedArray {
  return { shape: [...t.shape], data: Float32Array.from(t.dataSync()) };
}
