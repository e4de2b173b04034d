import * as tf from "@tensorflow/tfjs";
import { describe, expect, it, vi } from "vitest";
import { backendInfo, initBackend } from "../../src/core/backend";
import { installed } from "./backends";

const nativeInstalled = installed("@tensorflow/tfjs-node") || installed("@tensorflow/tfjs-node-gpu");

describe("initBackend", () => {
  it.skipIf(nativeInstalled)("with no native package and KAZAMI_BACKEND unset, the ladder picks wasm (SIMD, one thread)", async () => {
    vi.stubEnv("KAZAMI_BACKEND", "");
    expect(backendInfo()).toBeUndefined();
    const info = await initBackend();
    expect(info.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(info.wasmSimd).toBe(true);
    expect(info.wasmThreads).toBe(false);
    expect(info.wasmThreadCount).toBe(1);
    expect(info.tfjsVersion).toBe(tf.version_core);
    expect(info.packages["@tensorflow/tfjs-backend-wasm"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.packages["@tensorflow/tfjs-core"]).toBe(tf.version_core);
    expect(tf.add(tf.tensor1d([1, 2]), 1).arraySync()).toEqual([2, 3]);
    vi.unstubAllEnvs();
  });

  it("is idempotent: repeated and concurrent calls return the same backend", async () => {
    const [a, b] = await Promise.all([initBackend(), initBackend()]);
    expect(b).toEqual(a);
    expect(await initBackend()).toEqual(a);
    expect(backendInfo()).toEqual(a);
  });

  it.skipIf(nativeInstalled)("forcing tensorflow or tensorflow-gpu fails naming the backend and its package, and keeps the backend in use", async () => {
    const before = backendInfo();
    await expect(initBackend({ backend: "tensorflow" })).rejects.toThrow(/backend tensorflow cannot load: @tensorflow\/tfjs-node is not installed/);
    await expect(initBackend({ backend: "tensorflow-gpu" })).rejects.toThrow(/backend tensorflow-gpu cannot load: @tensorflow\/tfjs-node-gpu is not installed/);
    expect(backendInfo()).toEqual(before);
    expect(tf.getBackend()).toBe("wasm");
  });

  it("an explicit backend switches, and the package-style alias names are accepted", async () => {
    const cpu = await initBackend({ backend: "cpu" });
    expect(cpu.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(cpu.packages["@tensorflow/tfjs-backend-cpu"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(cpu.wasmSimd).toBeUndefined();
    const wasm = await initBackend({ backend: "wasm" });
    expect(wasm.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    if (!nativeInstalled) {
      await expect(initBackend({ backend: "node" as "tensorflow" })).rejects.toThrow(/backend tensorflow cannot load/);
    }
  });

  it("rejects an unknown name with the list of known ones", async () => {
    await expect(initBackend({ backend: "gpu" as "cpu" })).rejects.toThrow(RangeError);
    await expect(initBackend({ backend: "gpu" as "cpu" })).rejects.toThrow(
      /opts\.backend must be one of tensorflow-gpu, node-gpu, tensorflow, node, wasm, cpu, got "gpu"/,
    );
  });
});
