/**
 * On-disk cache of built datasets. One entry per (name, scale, seed, key) in
 *
 *   <cacheDir>/<name>/<scale>-seed<seed>-<key>/   manifest.json + one <array>.<dtype>.bin per array
 *
 * where key = sha256({version, parameters}) (16 hex digits), so changing a parameter or bumping the
 * version makes a new entry. Binary files hold the raw little-endian elements, row-major.
 *
 * Writes are atomic: an entry is written into a temporary sibling directory (files flushed, the
 * manifest last) and renamed into place; an existing entry is first moved aside. Reads verify every
 * file's size and sha256 against the manifest, and the content hash, so a truncated or corrupted
 * entry is detected (and rebuilt by loadDataset), never returned.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bytesPerElement, type DType, type Manifest, type ManifestArray, type NamedArray, type Scale, typedArrayFrom, dtypeOf } from "./types";

/** Default cache root: $KAZAMI_DATA_CACHE, else datasets/cache/ of the package. */
export function defaultCacheDir(): string {
  const env = process.env.KAZAMI_DATA_CACHE;
  return env !== undefined && env !== "" ? path.resolve(env) : path.resolve(__dirname, "..", "..", "datasets", "cache");
}

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Cache key of a parameter set and builder version (16 hex digits). */
export function cacheKey(version: number, parameters: unknown): string {
  return sha256(JSON.stringify({ version, parameters })).slice(0, 16);
}

/** Directory of one cache entry. */
export function entryDirectory(cacheDir: string, name: string, scale: Scale, seed: number, key: string): string {
  return path.join(cacheDir, name, `${scale}-seed${seed}-${key}`);
}

/** Content hash over the arrays' names, dtypes, shapes and file hashes (order-independent). */
export function contentHash(arrays: Record<string, ManifestArray>): string {
  const rows = Object.keys(arrays).sort().map((k) => `${k}:${arrays[k].dtype}:${arrays[k].shape.join("x")}:${arrays[k].sha256}`);
  return sha256(rows.join("\n"));
}

function checkLittleEndian(): void {
  if (os.endianness() !== "LE") throw new Error("data cache: binary files are little-endian; this platform is big-endian");
}

function bytesOf(a: NamedArray): Uint8Array {
  return new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

const unique = () => `${process.pid}-${randomBytes(4).toString("hex")}`;

async function writeFlushed(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.promises.open(file, "w", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes an entry atomically into `dir` and returns its manifest. `base` is the manifest without
 * the array records and hash, which are computed here.
 */
export async function writeEntry(dir: string, base: Omit<Manifest, "arrays" | "hash">, arrays: Record<string, NamedArray>): Promise<Manifest> {
  checkLittleEndian();
  await fs.promises.mkdir(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${unique()}`;
  await fs.promises.mkdir(tmp);
  try {
    const records: Record<string, ManifestArray> = {};
    for (const [key, a] of Object.entries(arrays)) {
      const dtype = dtypeOf(a.data) as DType;
      const bytes = bytesOf(a);
      const file = `${key}.${dtype}.bin`;
      await writeFlushed(path.join(tmp, file), bytes);
      records[key] = { file, dtype, shape: [...a.shape], bytes: bytes.byteLength, sha256: sha256(bytes) };
    }
    const manifest: Manifest = { ...base, arrays: records, hash: contentHash(records) };
    await writeFlushed(path.join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await install(tmp, dir);
    return manifest;
  } catch (err) {
    await fs.promises.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Renames the complete temporary directory `tmp` to `dir`, moving an existing `dir` aside first. */
async function install(tmp: string, dir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.promises.rename(tmp, dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= 5) throw err;
    }
    const old = `${dir}.old-${unique()}`;
    try {
      await fs.promises.rename(dir, old);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    await fs.promises.rm(old, { recursive: true, force: true });
  }
}

export type ReadResult =
  | { ok: true; manifest: Manifest; arrays: Record<string, NamedArray> }
  | { ok: false; missing: boolean; reason: string };

/** What the entry must be (checked against its manifest). */
export interface EntryIdentity {
  name: string;
  scale: Scale;
  seed: number;
  key: string;
}

/** Reads and verifies an entry: sizes, per-file sha256 and content hash. Never throws for bad data. */
export async function readEntry(dir: string, expected?: EntryIdentity): Promise<ReadResult> {
  checkLittleEndian();
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(dir, "manifest.json"), "utf8");
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    return { ok: false, missing, reason: missing ? "not cached" : `cannot read manifest.json (${(err as Error).message})` };
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return { ok: false, missing: false, reason: "manifest.json is not valid JSON (truncated?)" };
  }
  if (manifest.format !== 1 || typeof manifest.arrays !== "object" || manifest.arrays === null) {
    return { ok: false, missing: false, reason: "manifest.json has an unknown format" };
  }
  if (expected) {
    for (const k of ["name", "scale", "seed", "key"] as const) {
      if (manifest[k] !== expected[k]) return { ok: false, missing: false, reason: `manifest ${k} is ${JSON.stringify(manifest[k])}, expected ${JSON.stringify(expected[k])}` };
    }
  }
  const arrays: Record<string, NamedArray> = {};
  for (const [key, rec] of Object.entries(manifest.arrays)) {
    const file = path.join(dir, rec.file);
    const expectedBytes = rec.shape.reduce((p, d) => p * d, 1) * bytesPerElement(rec.dtype);
    if (expectedBytes !== rec.bytes) return { ok: false, missing: false, reason: `${rec.file}: manifest shape [${rec.shape}] does not match ${rec.bytes} bytes` };
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(file);
    } catch (err) {
      return { ok: false, missing: false, reason: `${rec.file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : (err as Error).message}` };
    }
    if (bytes.byteLength !== rec.bytes) return { ok: false, missing: false, reason: `${rec.file} has ${bytes.byteLength} bytes, expected ${rec.bytes} (truncated or overwritten)` };
    if (sha256(bytes) !== rec.sha256) return { ok: false, missing: false, reason: `${rec.file}: sha256 mismatch (corrupted)` };
    arrays[key] = { data: typedArrayFrom(rec.dtype, bytes), shape: [...rec.shape] };
  }
  if (contentHash(manifest.arrays) !== manifest.hash) return { ok: false, missing: false, reason: "content hash does not match the manifest" };
  return { ok: true, manifest, arrays };
}

/** Every entry directory (containing a manifest.json or not) under the cache root, by dataset name. */
export async function listEntries(cacheDir: string): Promise<Array<{ name: string; dir: string }>> {
  const out: Array<{ name: string; dir: string }> = [];
  let names: string[];
  try {
    names = await fs.promises.readdir(cacheDir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const sub = path.join(cacheDir, name);
    if (!(await fs.promises.stat(sub)).isDirectory()) continue;
    for (const entry of (await fs.promises.readdir(sub)).sort()) {
      if (/\.(tmp|old)-/.test(entry) || entry.endsWith(".lock")) continue;
      const dir = path.join(sub, entry);
      if ((await fs.promises.stat(dir)).isDirectory()) out.push({ name, dir });
    }
  }
  return out;
}
