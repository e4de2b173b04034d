// Runs in its own forked process (vitest pool "forks"), so the backend starts uninitialised here.
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { backendInfo, initBackend } from "../../src/core/backend";
import { installed } from "./backends";

describe("KAZAMI_BACKEND", () => {
  afterAll(() => vi.unstubAllEnvs());

  it("an unknown value is a RangeError naming the variable and the known names", async () => {
    vi.stubEnv("KAZAMI_BACKEND", "cuda");
    await expect(initBackend()).rejects.toThrow(/KAZAMI_BACKEND must be one of tensorflow-gpu, node-gpu, tensorflow, node, wasm, cpu, got "cuda"/);
    expect(backendInfo()).toBeUndefined();
  });

  it.skipIf(installed("@tensorflow/tfjs-node"))("KAZAMI_BACKEND=node (alias of tensorflow) that cannot load fails naming it, with no fall-back", async () => {
    vi.stubEnv("KAZAMI_BACKEND", "node");
    await expect(initBackend()).rejects.toThrow(/backend tensorflow cannot load: @tensorflow\/tfjs-node is not installed/);
    expect(backendInfo()).toBeUndefined();
  });

  it("KAZAMI_BACKEND=cpu forces cpu although wasm is available", async () => {
    vi.stubEnv("KAZAMI_BACKEND", "cpu");
    const info = await initBackend();
    expect(info.name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("once a backend runs, the variable is not read again", async () => {
    vi.stubEnv("KAZAMI_BACKEND", "wasm");
    expect((await initBackend()).name).toBe("cpu");
  });
});
