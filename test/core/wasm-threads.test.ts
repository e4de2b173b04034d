import { spawnSync } from "child_process";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it, vi } from "vitest";
import { initBackend, resolveWasmThreads } from "../../src/core/backend";
import { withThreadedWasmLoader } from "../../src/core/wasm-threads";

// The os module itself, as the emscripten glue sees it (an import namespace is a copy).
const os: typeof import("os") = require("os");

// One process per test file (pool: forks): this file starts wasm with two threads.
describe("wasm with threads under Node", () => {
  it("KAZAMI_WASM_THREADS and opts.wasmThreads are validated, naming the source", () => {
    vi.stubEnv("KAZAMI_WASM_THREADS", "");
    expect(resolveWasmThreads()).toBe(1);
    expect(resolveWasmThreads(3)).toBe(3);
    vi.stubEnv("KAZAMI_WASM_THREADS", "4");
    expect(resolveWasmThreads()).toBe(4);
    vi.stubEnv("KAZAMI_WASM_THREADS", "two");
    expect(() => resolveWasmThreads()).toThrow(/KAZAMI_WASM_THREADS must be an integer from 1 to 8, got "two"/);
    vi.unstubAllEnvs();
    expect(() => resolveWasmThreads(0)).toThrow(RangeError);
    expect(() => resolveWasmThreads(9)).toThrow(/opts\.wasmThreads must be an integer from 1 to 8, got 9/);
    expect(() => resolveWasmThreads(1.5)).toThrow(RangeError);
  });

  it("the loader restores URL.createObjectURL and os.cpus even when initialisation fails", async () => {
    const createObjectURL = URL.createObjectURL;
    const cores = os.cpus().length;
    await expect(
      withThreadedWasmLoader(2, async () => {
        expect(os.cpus().length).toBe(4);
        expect(URL.createObjectURL(new Blob(["1"], { type: "application/javascript" }))).toMatch(/kazami-wasm-thread-worker-[0-9a-f]{16}\.js$/);
        expect(URL.createObjectURL(new Blob(["1"], { type: "text/plain" }))).toMatch(/^blob:/);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(URL.createObjectURL).toBe(createObjectURL);
    expect(os.cpus().length).toBe(cores);
    await expect(withThreadedWasmLoader(1, async () => 0)).rejects.toThrow(/integer in \[2, 8\], got 1/);
  });

  it("starts the threaded build with two threads, computes what the cpu backend computes, and the count is fixed", async () => {
    const info = await initBackend({ backend: "wasm", wasmThreads: 2 });
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.wasmThreads).toBe(true);
    expect(info.wasmThreadCount).toBe(2);
    const x = tf.randomNormal([4, 32, 32, 16], 0, 1, "float32", 1);
    const w = tf.randomNormal([3, 3, 16, 24], 0, 1, "float32", 2);
    const a = tf.randomNormal([300, 200], 0, 1, "float32", 3);
    const b = tf.randomNormal([200, 100], 0, 1, "float32", 4);
    const xs = [x, w, a, b].map((t) => ({ values: t.dataSync().slice(), shape: t.shape }));
    const wasmConv = tf.conv2d(x, w, 1, "same").dataSync().slice();
    const wasmMat = tf.matMul(a, b).dataSync().slice();
    await expect(initBackend({ wasmThreads: 1 })).rejects.toThrow(/wasm already runs 2 thread\(s\) in this process/);

    await initBackend({ backend: "cpu" });
    const [cx, cw, ca, cb] = xs.map((v) => tf.tensor(v.values, v.shape));
    const cpuConv = tf.conv2d(cx as tf.Tensor4D, cw as tf.Tensor4D, 1, "same").dataSync();
    const cpuMat = tf.matMul(ca, cb).dataSync();
    const maxDiff = (p: ArrayLike<number>, q: ArrayLike<number>) => Array.from(p).reduce((m, v, i) => Math.max(m, Math.abs(v - q[i])), 0);
    expect(maxDiff(wasmConv, cpuConv)).toBeLessThan(1e-3);
    expect(maxDiff(wasmMat, cpuMat)).toBeLessThan(1e-3);
    await expect(initBackend({ backend: "wasm", wasmThreads: 3 })).rejects.toThrow(/already started with 2 thread\(s\)/);
  });

  it("a process that ran the threaded build exits by itself when its work is done (dist/, built)", () => {
    const backend = path.resolve(__dirname, "../../dist/core/backend.js");
    const script = `require(${JSON.stringify(backend)}).initBackend().then((info) => {
      const tf = require("@tensorflow/tfjs");
      console.log(info.wasmThreadCount, tf.matMul(tf.ones([200, 200]), tf.ones([200, 200])).dataSync()[0]);
    });`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, KAZAMI_WASM_THREADS: "2" }, timeout: 60_000, encoding: "utf8" });
    expect(run.error, `did not exit within 60 s: ${String(run.error)}`).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe("2 200");
  });
});
