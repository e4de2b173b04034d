/**
 * The engine process: runs cells for one kernel, which forks it (see ../process-executor.ts) and
 * talks to it over Node's IPC channel. Started with the notebook's folder as cwd.
 *
 * It captures stdout/stderr, installs the display API (`globalThis[Symbol.for("kazami.kernel")]`),
 * interrupts the cell an "interrupt" message names (and synchronous code on SIGINT), reports exceptions thrown by timers and
 * unhandled rejections on stderr instead of dying, turns `process.exit()` in user code into an
 * error, and exits when the kernel process goes away (checked by a watchdog thread, which works
 * even while a cell blocks this thread).
 */
import Module from "node:module";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type * as TS from "@tslab/typescript-for-tslab";
import type { EngineEvent, EngineInputReply, EngineInterrupt, EngineRequest } from "../ipc";
import { encodeDisplay } from "./display";
import { type FrameMaps, thrownError } from "./errors";
import { aliasPackageForTypeScript, createCellRequire, findPackageRoot, LocalModules, PACKAGE_NAME } from "./modules";
import { OutputCapture, StreamName } from "./output";
import { CellRunner } from "./runner";
import { TypeScriptSession } from "./session";
import { packageFrameMapper, withInlineSourceMaps } from "./source-maps";

const send = (event: EngineEvent): void => {
  if (process.connected) process.send?.(event);
};
const realExit = process.exit.bind(process);
const realStderrWrite = process.stderr.write.bind(process.stderr);
const log = (text: string): boolean => realStderrWrite(`[kazami engine] ${text}\n`);

/** Exits this process when the kernel (our parent) is gone, even if the main thread is busy. */
function startParentWatchdog(): void {
  const code = `
    const { workerData } = require("node:worker_threads");
    setInterval(() => {
      if (process.ppid !== workerData.parent) process.kill(workerData.self, "SIGKILL");
    }, 1000);`;
  new Worker(code, { eval: true, workerData: { parent: process.ppid, self: process.pid } }).unref();
}

/** Routes process.stdout/stderr writes of user code into `capture`. */
function captureStreams(capture: OutputCapture): void {
  const hook = (name: StreamName) =>
    function write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : String(chunk);
      capture.write(name, text);
      const cb = typeof encoding === "function" ? encoding : callback;
      if (typeof cb === "function") process.nextTick(cb as () => void);
      return true;
    };
  process.stdout.write = hook("stdout") as typeof process.stdout.write;
  process.stderr.write = hook("stderr") as typeof process.stderr.write;
}

/** Input requests waiting for the kernel's answer, by id. */
const pendingInputs = new Map<number, { resolve(value: string): void; reject(err: Error): void }>();
let nextInputId = 1;

function answerInput(reply: EngineInputReply): void {
  const p = pendingInputs.get(reply.inputId);
  if (p === undefined) return;
  pendingInputs.delete(reply.inputId);
  if (typeof reply.value === "string") p.resolve(reply.value);
  else p.reject(Object.assign(new Error(reply.error?.message ?? "no input"), { name: reply.error?.name ?? "Error" }));
}

/** Installs the display and input API the cell library uses. */
function installDisplayApi(capture: OutputCapture): void {
  const emit = (json: string, update: boolean): void => {
    capture.flush(); // keep text written before the display in front of it
    send({ op: "display", json, update });
  };
  const api = {
    display(data: unknown, metadata?: unknown, transient?: unknown): void {
      emit(encodeDisplay(data, metadata, transient, "display", false), false);
    },
    updateDisplay(data: unknown, metadata: unknown, transient: unknown): void {
      emit(encodeDisplay(data, metadata, transient, "updateDisplay", true), true);
    },
    clearOutput(wait = false): void {
      if (typeof wait !== "boolean") throw new TypeError(`clearOutput: wait must be a boolean, got ${typeof wait}`);
      capture.flush();
      send({ op: "clear", wait });
    },
    /** A line of input from the front end (input_request on stdin). */
    input(prompt: unknown, password: unknown = false): Promise<string> {
      if (typeof prompt !== "string") return Promise.reject(new TypeError(`input: prompt must be a string, got ${typeof prompt}`));
      if (typeof password !== "boolean") return Promise.reject(new TypeError(`input: password must be a boolean, got ${typeof password}`));
      capture.flush(); // text written before the prompt shows before it
      const inputId = nextInputId++;
      return new Promise<string>((resolve, reject) => {
        pendingInputs.set(inputId, { resolve, reject });
        send({ op: "input", inputId, prompt, password });
      });
    },
  };
  Object.defineProperty(globalThis, Symbol.for("kazami.kernel"), { value: Object.freeze(api), enumerable: false, configurable: true });
}

function main(): void {
  if (!process.send) {
    log("must be started by the kernel with an IPC channel (it is not a command)");
    realExit(2);
  }
  startParentWatchdog();
  const limit = Number(process.env.KAZAMI_MAX_OUTPUT ?? 1_000_000);
  const capture = new OutputCapture((name, text) => send({ op: "stream", name, text }), Number.isFinite(limit) && limit >= 0 ? limit : 1_000_000);
  captureStreams(capture);
  installDisplayApi(capture);

  process.exit = ((code?: number | string) => {
    const err = new Error(`process.exit(${code ?? ""}) was called; the kernel keeps running (restart the kernel to start afresh)`);
    err.name = "ProcessExitError";
    throw err;
  }) as typeof process.exit;
  const engineDir = path.dirname(__dirname);
  const frames: FrameMaps = { file: packageFrameMapper(path.dirname(engineDir)) }; // dist/: library frames name src/…ts lines
  const report = (what: string, value: unknown): void => capture.write("stderr", `${what}: ${thrownError(value, engineDir, frames).traceback.join("\n")}\n`);
  process.on("uncaughtException", (err) => report("Uncaught exception in a callback", err));
  process.on("unhandledRejection", (reason) => report("Unhandled promise rejection", reason));
  process.on("disconnect", () => realExit(0));

  const packageRoot = findPackageRoot(__dirname);
  const tslabRequire = Module.createRequire(require.resolve("tslab/package.json", { paths: [packageRoot] }));
  const ts = tslabRequire("@tslab/typescript-for-tslab") as typeof TS;
  const cwd = process.cwd();
  aliasPackageForTypeScript(ts.sys as never, cwd, PACKAGE_NAME, packageRoot);
  // tslab's converter must see the TypeScript module that emits source maps (cell tracebacks)
  const tsModule = require.cache[tslabRequire.resolve("@tslab/typescript-for-tslab")];
  if (tsModule) tsModule.exports = withInlineSourceMaps(ts);
  const { createConverter } = tslabRequire("./dist/converter") as typeof import("tslab/dist/converter");
  const local = new LocalModules();
  const tslabDisplay = (out: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean): void => {
    const id = out.transient?.display_id;
    send({ op: "display", json: encodeDisplay(out.data, out.metadata, id ? { display_id: id } : {}, "tslab.display", false), update: update && id !== undefined });
  };
  const session = new TypeScriptSession(createConverter(), createCellRequire(cwd, packageRoot, local, tslabDisplay), local, ts);
  frames.cell = (filename, line, column) => session.locate(filename, line, column);
  const runner = new CellRunner(session, capture, ts, engineDir, frames);

  // The kernel's interrupt is the "interrupt" message, which names its cell; a SIGINT comes only
  // when it is not acknowledged (synchronous code, stopped by breakOnSigint). Outside a cell's run
  // the signal has nothing to do — acting on it could stop the wrong cell — but it must not end
  // the process.
  process.on("SIGINT", () => undefined);
  let queue: Promise<void> = Promise.resolve();
  process.on("message", (request: EngineRequest | EngineInputReply | EngineInterrupt) => {
    // These two bypass the queue: the cell they are about holds it.
    if (request.op === "inputReply") {
      answerInput(request);
      return;
    }
    if (request.op === "interrupt") {
      send({ op: "interrupting", id: request.id });
      runner.interrupt(request.id);
      return;
    }
    queue = queue.then(async () => {
      try {
        send({ op: "reply", id: request.id, value: await runner.handle(request) });
      } catch (err) {
        log(`request ${request.op} failed: ${err instanceof Error ? err.stack : String(err)}`);
        send({ op: "failed", id: request.id, message: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  send({ op: "ready", typescriptVersion: ts.version });
}

try {
  main();
} catch (err) {
  // A failure while starting is not a cell's error: the uncaughtException handler would swallow
  // it and leave the kernel waiting for "ready" for ever; exit so the kernel reports it.
  log(`failed to start: ${err instanceof Error ? err.stack : String(err)}`);
  realExit(1);
}
