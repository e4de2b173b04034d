/**
 * loadDataset: the one way notebooks get data. Returns the cached entry if it verifies; otherwise
 * builds it (under the build lock, so concurrent processes build once), checks the builder's output
 * against the declared arrays, writes it atomically and returns it. A corrupted or truncated entry
 * is reported through `log` and rebuilt.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Rng } from "../core/random";
import { cacheKey, defaultCacheDir, entryDirectory, listEntries, readEntry, type ReadResult, writeEntry } from "./cache";
import { acquireLock } from "./lock";
import { getDataset } from "./registry";
import { type ArraySpec, type BuildContext, type Dataset, dtypeOf, type JsonValue, type NamedArray, type Scale, SCALES } from "./types";

export interface LoadOptions {
  /** Default "quick". */
  scale?: Scale;
  /** Default: the dataset's seed. */
  seed?: number;
  /** Build progress (builder units). */
  onProgress?: (done: number, total: number) => void;
  /** Cache root (default defaultCacheDir()). */
  cacheDir?: string;
  /** Rebuild even if a valid entry exists. */
  rebuild?: boolean;
  /** Status messages: rebuilding a corrupted entry, waiting for another builder. Default: silent. */
  log?: (message: string) => void;
}

/** Where an entry lives and what it is built from. */
export interface DatasetLocation {
  name: string;
  scale: Scale;
  seed: number;
  key: string;
  directory: string;
  parameters: { [key: string]: JsonValue };
}

/** Resolves name/scale/seed to the entry's directory and parameters (validating them). */
export function locateDataset(name: string, opts: Pick<LoadOptions, "scale" | "seed" | "cacheDir"> = {}): DatasetLocation {
  const spec = getDataset(name);
  const scale = opts.scale ?? "quick";
  if (!SCALES.includes(scale)) throw new RangeError(`loadDataset(${JSON.stringify(name)}): scale must be "quick" or "paper", got ${JSON.stringify(scale)}`);
  const seed = opts.seed ?? spec.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) throw new RangeError(`loadDataset(${JSON.stringify(name)}): seed must be an integer in [0, 2^53), got ${seed}`);
  const parameters = spec.scales[scale];
  const key = cacheKey(spec.version, parameters);
  return { name, scale, seed, key, parameters, directory: entryDirectory(path.resolve(opts.cacheDir ?? defaultCacheDir()), name, scale, seed, key) };
}

/** Throws unless `arrays` matches the declared specs exactly (names, dtypes, shapes, finite values). */
function checkBuilt(name: string, declared: Record<string, ArraySpec>, arrays: Record<string, NamedArray>): void {
  const where = `dataset ${JSON.stringify(name)}: builder output`;
  if (typeof arrays !== "object" || arrays === null) throw new TypeError(`${where} must be an object of { data, shape } arrays`);
  const extra = Object.keys(arrays).filter((k) => !(k in declared));
  if (extra.length > 0) throw new RangeError(`${where} has undeclared arrays: ${extra.join(", ")}`);
  for (const [key, spec] of Object.entries(declared)) {
    const a = arrays[key];
    if (a === undefined) throw new RangeError(`${where} lacks the declared array "${key}"`);
    const dtype = dtypeOf(a.data);
    if (dtype !== spec.dtype) throw new TypeError(`${where}: "${key}" must be ${spec.dtype}, got ${dtype ?? typeof a.data}`);
    if (!Array.isArray(a.shape) || a.shape.join(",") !== spec.shape.join(",")) {
      throw new RangeError(`${where}: "${key}" must have shape [${spec.shape}], got [${a.shape}]`);
    }
    const size = spec.shape.reduce((p, d) => p * d, 1);
    if (a.data.length !== size) throw new RangeError(`${where}: "${key}" has ${a.data.length} elements, shape [${spec.shape}] needs ${size}`);
    if (dtype === "float64" || dtype === "float32") {
      for (let i = 0; i < a.data.length; i++) {
        if (!Number.isFinite(a.data[i])) throw new RangeError(`${where}: "${key}"[${i}] is ${a.data[i]}; datasets must be finite`);
      }
    }
  }
}

async function buildEntry(loc: DatasetLocation, opts: LoadOptions, touch: () => void): Promise<Dataset> {
  const spec = getDataset(loc.name);
  const started = performance.now();
  const ctx: BuildContext = {
    seed: loc.seed, scale: loc.scale, rng: new Rng(loc.seed), info: {},
    onProgress: (done, total) => { touch(); opts.onProgress?.(done, total); },
  };
  const arrays = await spec.build(loc.parameters, ctx);
  checkBuilt(loc.name, spec.arrays(loc.parameters), arrays);
  const manifest = await writeEntry(loc.directory, {
    format: 1, name: loc.name, version: spec.version, scale: loc.scale, seed: loc.seed, key: loc.key,
    simulator: spec.simulator, description: spec.description, parameters: loc.parameters,
    created: new Date().toISOString(), buildSeconds: (performance.now() - started) / 1000, info: ctx.info,
  }, arrays);
  return { name: loc.name, scale: loc.scale, seed: loc.seed, manifest, arrays, directory: loc.directory, built: true };
}

/**
 * Loads dataset `name` at `scale` (default "quick") and `seed` (default the entry's), building and
 * caching it on demand. Concurrent calls from several processes build it once; the others wait and
 * load the verified result.
 */
export async function loadDataset(name: string, opts: LoadOptions = {}): Promise<Dataset> {
  const loc = locateDataset(name, opts);
  const identity = { name: loc.name, scale: loc.scale, seed: loc.seed, key: loc.key };
  const fromCache = (r: ReadResult & { ok: true }): Dataset =>
    ({ name: loc.name, scale: loc.scale, seed: loc.seed, manifest: r.manifest, arrays: r.arrays, directory: loc.directory, built: false });
  if (!opts.rebuild) {
    const r = await readEntry(loc.directory, identity);
    if (r.ok) return fromCache(r);
    if (!r.missing) opts.log?.(`dataset ${name} (${loc.scale}, seed ${loc.seed}): cached entry failed verification (${r.reason}); rebuilding`);
  }
  let found: ReadResult | undefined;
  await fs.promises.mkdir(path.dirname(loc.directory), { recursive: true });
  const lock = await acquireLock(`${loc.directory}.lock`, {
    onWait: (holder) => opts.log?.(`dataset ${name}: waiting for process ${holder?.pid ?? "?"} that is building it`),
    stopWaiting: async () => {
      if (opts.rebuild) return false;
      found = await readEntry(loc.directory, identity);
      return found.ok;
    },
  });
  if (lock === undefined) return fromCache(found as ReadResult & { ok: true });
  try {
    if (!opts.rebuild) {
      const r = await readEntry(loc.directory, identity);
      if (r.ok) return fromCache(r); // built by another process while we waited
    }
    return await buildEntry(loc, opts, () => lock.touch());
  } finally {
    lock.release();
  }
}

export interface VerifyReport {
  name: string;
  directory: string;
  ok: boolean;
  reason: string;
}

/** Verifies every entry under the cache root (default defaultCacheDir()), optionally only `names`. */
export async function verifyCache(opts: { cacheDir?: string; names?: string[] } = {}): Promise<VerifyReport[]> {
  const root = path.resolve(opts.cacheDir ?? defaultCacheDir());
  const out: VerifyReport[] = [];
  for (const { name, dir } of await listEntries(root)) {
    if (opts.names && !opts.names.includes(name)) continue;
    const r = await readEntry(dir);
    const nameOk = !r.ok || r.manifest.name === name;
    out.push({ name, directory: dir, ok: r.ok && nameOk, reason: r.ok ? (nameOk ? `ok (hash ${r.manifest.hash.slice(0, 12)})` : `manifest names ${r.manifest.name}`) : r.reason });
  }
  return out;
}
