/**
 * Starting tfjs-wasm's threaded (pthreads) build under Node.
 *
 * tfjs-backend-wasm 4.22 cannot start its threaded build in Node by itself, for three reasons,
 * each worked around here for the duration of the backend's initialisation only:
 *
 * 1. Its feature flag `WASM_HAS_MULTITHREAD_SUPPORT` returns false whenever `IS_NODE`; the caller
 *    sets the flag explicitly.
 * 2. The emscripten glue makes each pthread worker with `new Worker(locateFile("…worker.js"))`, and
 *    tfjs' `locateFile` answers with `URL.createObjectURL(new Blob([workerSource]))`: a `blob:`
 *    URL, which Node's `worker_threads.Worker` refuses. While the backend initialises,
 *    `URL.createObjectURL` of a JavaScript blob returns instead the path of a small bootstrap file
 *    (written once to the OS temp folder). The bootstrap runs the package's own worker source
 *    (`wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`) and, in the worker's `load` message,
 *    replaces the main script (a Blob, which the worker could only read through another `blob:`
 *    URL) by the path of the package's threaded glue (`wasm-out/tfjs-backend-wasm-threaded-simd.js`).
 * 3. The C++ side caps the thread pool at `emscripten_num_logical_cores() / 2`, i.e.
 *    `os.cpus().length / 2` under Node — 1 on a 2-core machine. While the module instantiates,
 *    `os.cpus()` reports `2 × threads` entries so that the cap is the thread count asked for.
 *
 * The caller asserts the thread count the backend reports afterwards (`getThreadsCount()`), so a
 * workaround that stops working fails loudly instead of running single-threaded or falling back to
 * the cpu backend.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

// The os module itself (not an import namespace copy): the emscripten glue calls its cpus().
const os: typeof import("os") = require("os");

/** Most threads the wasm build can use: tfjs pre-creates 8 pthread workers. */
export const MAX_WASM_THREADS = 8;

/** Absolute path of a file in @tensorflow/tfjs-backend-wasm's `wasm-out/` folder. */
function wasmOutFile(name: string): string {
  const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  const file = path.join(dist, "..", "wasm-out", name);
  if (!fs.existsSync(file)) throw new Error(`wasm threads: ${file} is missing from @tensorflow/tfjs-backend-wasm (expected in its wasm-out/ folder)`);
  return file;
}

/** Source of the pthread worker bootstrap; `glue` and `worker` are absolute paths. */
function bootstrapSource(glue: string, worker: string): string {
  return [
    "// Written by kazami (src/core/wasm-threads.ts): starts a tfjs-wasm pthread worker under Node.",
    '"use strict";',
    'const { parentPort } = require("worker_threads");',
    "const listen = parentPort.on.bind(parentPort);",
    "parentPort.on = (event, handler) => listen(event, event !== \"message\" ? handler :",
    `  (data) => handler(data && data.cmd === "load" ? Object.assign({}, data, { urlOrBlob: ${JSON.stringify(glue)} }) : data));`,
    `const source = require(${JSON.stringify(worker)}).wasmWorkerContents.replace(/\\n/g, "\\\\n");`,
    'new Function("require", "__filename", source)(require, __filename);',
    "",
  ].join("\n");
}

/** Writes the bootstrap once (content-addressed, atomic rename) and returns its path. */
function bootstrapFile(): string {
  const source = bootstrapSource(wasmOutFile("tfjs-backend-wasm-threaded-simd.js"), wasmOutFile("tfjs-backend-wasm-threaded-simd.worker.js"));
  const hash = crypto.createHash("sha256").update(source).digest("hex").slice(0, 16);
  const file = path.join(os.tmpdir(), `kazami-wasm-thread-worker-${hash}.js`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, source);
    fs.renameSync(partial, file);
  }
  return file;
}

/**
 * Runs `init` (which must call `tf.setBackend("wasm")` after `setThreadsCount(threads)` and with
 * `WASM_HAS_MULTITHREAD_SUPPORT` set) with the three workarounds above in place, and removes them
 * afterwards whether `init` succeeds or fails.
 *
 * @param threads threads for XNNPACK's pool, an integer in [2, MAX_WASM_THREADS].
 */
export async function withThreadedWasmLoader<T>(threads: number, init: () => Promise<T>): Promise<T> {
  if (!Number.isInteger(threads) || threads < 2 || threads > MAX_WASM_THREADS) {
    throw new RangeError(`wasm threads: expected an integer in [2, ${MAX_WASM_THREADS}], got ${String(threads)}`);
  }
  const worker = bootstrapFile();
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (obj: Blob): string => (obj instanceof Blob && obj.type === "application/javascript" ? worker : createObjectURL(obj));
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
  try {
    return await init();
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
}

/**
 * Lets the process exit while XNNPACK's pool threads wait for work: their workers are ref'd by
 * emscripten and would otherwise keep Node's event loop alive after everything else is done (they
 * end with the process). `wasmModule` is the started backend's emscripten module
 * (`tf.backend().wasm`); throws when it has no pthread pool, since the process would then hang
 * at exit.
 */
export function unrefThreadWorkers(wasmModule: unknown): void {
  const pool = (wasmModule as { PThread?: { runningWorkers?: { unref?: () => void }[] } } | undefined)?.PThread?.runningWorkers;
  if (!Array.isArray(pool) || pool.some((w) => typeof w.unref !== "function")) {
    throw new Error("wasm threads: the started module has no pthread workers to release (PThread.runningWorkers); the process would not exit");
  }
  for (const worker of pool) worker.unref?.();
}
