/**
 * Types of the dataset registry: what a dataset entry declares, what its builder returns, and what
 * loading gives back. Arrays are flat typed arrays with a row-major shape; the dtype follows from the
 * array class (Float64Array ↔ "float64", …). Simulator fields stay float64 in memory; a builder
 * converts to float32 explicitly where the consumer is a tensor.
 */
import type { Scale } from "../core/contract";
import type { Rng } from "../core/random";

export type DType = "float64" | "float32" | "int32" | "uint8";
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** A flat array with its row-major shape (product of shape = data.length). */
export interface NamedArray<T extends TypedArray = TypedArray> {
  data: T;
  shape: number[];
}

/** What a dataset holds, array by array (declared up front; the builder's output is checked against it). */
export interface ArraySpec {
  dtype: DType;
  shape: number[];
  /** One line: what the array is, its layout and units. */
  description: string;
}

export { type Scale, SCALES } from "../core/contract";

/** JSON-serializable parameter values (they go into the manifest and the cache key). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Passed to a builder. */
export interface BuildContext {
  /** The seed of this build (the entry's default unless overridden). */
  seed: number;
  scale: Scale;
  /** `new Rng(seed)`: derive per-sample streams with `rng.split(i)` so samples do not depend on n. */
  rng: Rng;
  /** Progress of the build, in the builder's own units (e.g. samples). */
  onProgress: (done: number, total: number) => void;
  /** Free-form metadata the builder may fill (e.g. solver seconds per sample); stored in the manifest, not hashed. */
  info: Record<string, JsonValue>;
}

/**
 * A registered dataset. `P` is its parameter object (JSON-serializable), one per scale.
 * Register with `registerDataset(spec)`; see registry.ts.
 */
export interface DatasetSpec<P extends { [key: string]: JsonValue } = { [key: string]: JsonValue }> {
  /** Kebab-case name, unique: /^[a-z][a-z0-9-]*$/. */
  name: string;
  /** One or two sentences: what the data are. */
  description: string;
  /** What it is for: the notebooks/experiments that use it. */
  purpose: string;
  /** The simulator that makes it, as a library path (e.g. "sim.urban.solveUrbanSteady"). */
  simulator: string;
  /** Bump when the builder's output changes for the same parameters (part of the cache key). */
  version: number;
  /** Default seed. */
  seed: number;
  /** Parameters at each scale: quick (minutes on 2 CPU cores) and paper (the original sizes). */
  scales: { quick: P; paper: P };
  /** The arrays the builder returns for parameters `params`: dtype, shape, description. */
  arrays(params: P): Record<string, ArraySpec>;
  /** Makes the data (deterministic given params and ctx.seed). May be async. */
  build(params: P, ctx: BuildContext): Record<string, NamedArray> | Promise<Record<string, NamedArray>>;
}

/** Per-array record of the manifest. */
export interface ManifestArray {
  file: string;
  dtype: DType;
  shape: number[];
  bytes: number;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
}

/** manifest.json of a cached dataset. */
export interface Manifest {
  format: 1;
  name: string;
  version: number;
  scale: Scale;
  seed: number;
  /** Cache key: sha256 of {version, parameters}, first 16 hex digits. */
  key: string;
  simulator: string;
  description: string;
  parameters: JsonValue;
  arrays: Record<string, ManifestArray>;
  /** Content hash: sha256 over the arrays' names, dtypes, shapes and sha256s (hex). */
  hash: string;
  created: string;
  buildSeconds: number;
  info: Record<string, JsonValue>;
}

/** A loaded dataset. */
export interface Dataset {
  name: string;
  scale: Scale;
  seed: number;
  manifest: Manifest;
  arrays: Record<string, NamedArray>;
  /** Directory of the cache entry. */
  directory: string;
  /** True if this call built (or rebuilt) the data, false if it came from the cache. */
  built: boolean;
}

/** dtype of a typed array, or undefined for anything else. */
export function dtypeOf(x: unknown): DType | undefined {
  if (x instanceof Float64Array) return "float64";
  if (x instanceof Float32Array) return "float32";
  if (x instanceof Int32Array) return "int32";
  if (x instanceof Uint8Array && !(x instanceof Uint8ClampedArray)) return "uint8";
  return undefined;
}

/** Bytes per element of a dtype. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float64" ? 8 : dtype === "uint8" ? 1 : 4;
}

/** A new typed array of `dtype` over a copy of `bytes` (little-endian). */
export function typedArrayFrom(dtype: DType, bytes: Uint8Array): TypedArray {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (dtype === "float64") return new Float64Array(buffer);
  if (dtype === "float32") return new Float32Array(buffer);
  if (dtype === "int32") return new Int32Array(buffer);
  return new Uint8Array(buffer);
}
