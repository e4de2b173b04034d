/**
 * The compute backend ladder: the first of tensorflow-gpu → tensorflow → wasm → cpu that loads.
 *
 * | name             | package                          | tfjs backend  |
 * | ---------------- | -------------------------------- | ------------- |
 * | `tensorflow-gpu` | @tensorflow/tfjs-node-gpu (CUDA) | "tensorflow"  |
 * | `tensorflow`     | @tensorflow/tfjs-node            | "tensorflow"  |
 * | `wasm`           | @tensorflow/tfjs-backend-wasm    | "wasm"        |
 * | `cpu`            | @tensorflow/tfjs-backend-cpu     | "cpu"         |
 *
 * The environment variable KAZAMI_BACKEND forces one (also accepted: the package-style aliases
 * `node-gpu` = tensorflow-gpu and `node` = tensorflow). A forced backend that cannot load is an error
 * naming it; the ladder never falls back to cpu silently (cpu is ~300x slower than wasm for
 * convolutions), and says on stderr why every faster rung failed if it ends there.
 *
 * wasm runs with SIMD, single-threaded by default. `initBackend({ wasmThreads: n })` or the env
 * variable KAZAMI_WASM_THREADS=n (an integer, 1 to 8) starts tfjs' threaded build with n threads
 * for XNNPACK instead; tfjs cannot start that build under Node by itself, so `wasm-threads.ts`
 * works around it during initialisation, and the thread count the backend reports is asserted
 * (a failure is an error naming it, never a silent single-threaded or cpu run). On wasm, Identity
 * (tf.clone, and every tensor a gradient saves) shares its input's buffer instead of copying it
 * (shared-identity.ts).
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount, setThreadsCount, setWasmPaths, version_wasm } from "@tensorflow/tfjs-backend-wasm";
import { shareWasmIdentity } from "./shared-identity";
import { MAX_WASM_THREADS, unrefThreadWorkers, withThreadedWasmLoader } from "./wasm-threads";

/** A rung of the ladder, by Kazami's name. */
export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";

/** What is running, for provenance (goes into every figure's metadata). */
export interface BackendInfo {
  /** The ladder rung in use. */
  name: string;
  /** Version of @tensorflow/tfjs-core. */
  tfjsVersion: string;
  /** wasm only: whether the SIMD build is running. */
  wasmSimd?: boolean;
  /** wasm only: whether the threaded build is running. */
  wasmThreads?: boolean;
  /** wasm only: threads in XNNPACK's pool (1 for the single-threaded build). */
  wasmThreadCount?: number;
  /** Versions of the tfjs packages loaded, by package name. */
  packages: Record<string, string>;
}

/** The ladder, fastest first. */
export const BACKEND_LADDER: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

const ALIASES: Record<string, BackendName> = {
  "tensorflow-gpu": "tensorflow-gpu",
  "node-gpu": "tensorflow-gpu",
  tensorflow: "tensorflow",
  node: "tensorflow",
  wasm: "wasm",
  cpu: "cpu",
};

const NATIVE_PACKAGE: Record<"tensorflow-gpu" | "tensorflow", string> = {
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
  tensorflow: "@tensorflow/tfjs-node",
};

let current: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;
let nativeLoaded: "tensorflow-gpu" | "tensorflow" | undefined;
let wasmPathsSet = false;
/** Threads the wasm module was started with (fixed for the life of the process), once started. */
let wasmStartedThreads: number | undefined;

/** Resolves a user-given name (Kazami name or alias) or throws a RangeError listing the known names. */
export function resolveBackendName(name: string, source = "backend"): BackendName {
  const resolved = ALIASES[name];
  if (resolved === undefined) {
    throw new RangeError(`${source} must be one of ${Object.keys(ALIASES).join(", ")}, got ${JSON.stringify(name)}`);
  }
  return resolved;
}

/** Version from an installed package's package.json, or undefined when it is not installed. */
function packageVersion(pkg: string): string | undefined {
  try {
    const main = require.resolve(pkg);
    let dir = path.dirname(main);
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, "package.json");
      if (fs.existsSync(file)) {
        const json = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (json.name === pkg) return json.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Threads asked for the wasm backend: `requested`, else KAZAMI_WASM_THREADS, else 1.
 * Throws a RangeError naming the source for anything but an integer in [1, MAX_WASM_THREADS].
 */
export function resolveWasmThreads(requested?: number): number {
  const env = process.env.KAZAMI_WASM_THREADS;
  const [value, source] = requested !== undefined ? [requested, "initBackend: opts.wasmThreads"] : env !== undefined && env !== "" ? [Number(env), "KAZAMI_WASM_THREADS"] : [1, "default"];
  if (!Number.isInteger(value) || value < 1 || value > MAX_WASM_THREADS) {
    throw new RangeError(`${source} must be an integer from 1 to ${MAX_WASM_THREADS}, got ${JSON.stringify(requested ?? env)}`);
  }
  return value;
}

/** Loads one rung's package and makes it the active tfjs backend; throws naming it on failure. */
async function activate(name: BackendName, wasmThreads = 1): Promise<BackendInfo> {
  const packages: Record<string, string> = { "@tensorflow/tfjs-core": tf.version_core };
  let tfjsName: string = name;
  if (name === "tensorflow-gpu" || name === "tensorflow") {
    const pkg = NATIVE_PACKAGE[name];
    if (nativeLoaded !== undefined && nativeLoaded !== name) {
      throw new Error(`backend ${name}: ${NATIVE_PACKAGE[nativeLoaded]} is already loaded in this process; both register tfjs' "tensorflow" backend`);
    }
    try {
      require(pkg);
    } catch (e) {
      const why = (e as { code?: string }).code === "MODULE_NOT_FOUND" ? `${pkg} is not installed` : `${pkg} failed to load: ${String(e)}`;
      throw new Error(`backend ${name} cannot load: ${why}`);
    }
    nativeLoaded = name;
    tfjsName = "tensorflow";
    packages[pkg] = packageVersion(pkg) ?? "unknown";
  } else if (name === "wasm") {
    if (!wasmPathsSet) {
      // Node: load the .wasm binaries from the installed package, never over the network.
      setWasmPaths(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + path.sep);
      wasmPathsSet = true;
    }
    if (wasmStartedThreads !== undefined && wasmStartedThreads !== wasmThreads) {
      throw new Error(`backend wasm: already started with ${wasmStartedThreads} thread(s) in this process; the thread count cannot change (asked for ${wasmThreads})`);
    }
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", wasmThreads > 1);
    if (wasmThreads > 1) setThreadsCount(wasmThreads);
    packages["@tensorflow/tfjs-backend-wasm"] = version_wasm;
    shareWasmIdentity(); // saved tensors share their buffer, as on cpu (see shared-identity.ts)
  } else {
    packages["@tensorflow/tfjs-backend-cpu"] = tf.version["tfjs-backend-cpu"] ?? tf.version_core;
  }
  let ok = false;
  try {
    const start = async (): Promise<boolean> => {
      const set = await tf.setBackend(tfjsName);
      await tf.ready();
      return set;
    };
    ok = name === "wasm" && wasmThreads > 1 && wasmStartedThreads === undefined ? await withThreadedWasmLoader(wasmThreads, start) : await start();
  } catch (e) {
    throw new Error(`backend ${name} failed to initialise: ${String(e)}`);
  }
  if (!ok || tf.getBackend() !== tfjsName) {
    throw new Error(`backend ${name} failed to initialise: tfjs reports backend "${String(tf.getBackend())}" instead of "${tfjsName}"`);
  }
  const info: BackendInfo = { name, tfjsVersion: tf.version_core, packages };
  if (name === "wasm") {
    info.wasmSimd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
    info.wasmThreads = Boolean(await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"));
    info.wasmThreadCount = getThreadsCount();
    if (info.wasmThreadCount !== wasmThreads || info.wasmThreads !== wasmThreads > 1) {
      throw new Error(`backend wasm: asked for ${wasmThreads} thread(s) but the backend runs ${info.wasmThreadCount} (${info.wasmThreads ? "threaded" : "single-threaded"} build)`);
    }
    if (wasmThreads > 1 && wasmStartedThreads === undefined) unrefThreadWorkers((tf.backend() as unknown as { wasm: unknown }).wasm);
    wasmStartedThreads = wasmThreads;
  }
  return info;
}

async function climbLadder(wasmThreads: number): Promise<BackendInfo> {
  const failures: string[] = [];
  for (const name of BACKEND_LADDER) {
    try {
      const info = await activate(name, wasmThreads);
      if (name === "cpu") {
        process.emitWarning(`kazami: using the slow cpu backend because no faster one loaded:\n  ${failures.join("\n  ")}`);
      }
      return info;
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  throw new Error(`no tfjs backend could be initialised:\n  ${failures.join("\n  ")}`);
}

/**
 * Initialises the compute backend and returns what runs. Choice, first that applies:
 * `opts.backend`, then the env variable KAZAMI_BACKEND, then the ladder tensorflow-gpu →
 * tensorflow → wasm → cpu.
 *
 * Idempotent: once a backend is running, calls without `opts.backend` (or with the one in use)
 * return its info and the env variable is not read again; an explicit different `opts.backend`
 * switches to it (tensors made before a switch cannot be used after it: move data as typed arrays).
 * Concurrent calls are serialised. `opts.wasmThreads` (else KAZAMI_WASM_THREADS, else 1) is the
 * wasm backend's thread count, fixed once wasm has started in the process.
 * Throws an Error naming the backend when a forced one cannot load, a RangeError for an unknown name
 * or a thread count outside 1–8.
 */
export async function initBackend(opts: { backend?: BackendName; wasmThreads?: number } = {}): Promise<BackendInfo> {
  const explicit = opts.backend === undefined ? undefined : resolveBackendName(opts.backend, "initBackend: opts.backend");
  if (opts.wasmThreads !== undefined) resolveWasmThreads(opts.wasmThreads);
  while (pending !== undefined) await pending.catch(() => undefined); // one initialisation at a time
  if (current !== undefined && (explicit === undefined || current.name === explicit)) {
    if (current.name === "wasm" && opts.wasmThreads !== undefined && opts.wasmThreads !== current.wasmThreadCount) {
      throw new Error(`initBackend: wasm already runs ${String(current.wasmThreadCount)} thread(s) in this process; the thread count cannot change (asked for ${opts.wasmThreads})`);
    }
    return backendInfo() as BackendInfo;
  }
  const wasmThreads = resolveWasmThreads(opts.wasmThreads);
  const env = process.env.KAZAMI_BACKEND;
  const forced = explicit ?? (env !== undefined && env !== "" ? resolveBackendName(env, "KAZAMI_BACKEND") : undefined);
  const promise = forced !== undefined ? activate(forced, wasmThreads) : climbLadder(wasmThreads);
  pending = promise;
  try {
    current = await promise;
    return backendInfo() as BackendInfo;
  } finally {
    pending = undefined;
  }
}

/** The backend chosen by the last successful `initBackend`, or undefined before that. */
export function backendInfo(): BackendInfo | undefined {
  return current === undefined ? undefined : { ...current, packages: { ...current.packages } };
}
