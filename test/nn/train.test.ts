import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { MLP, NonFiniteLossError, fileIO, loadModel, saveModel, scheduleFactor, train } from "../../src/nn";
import { normals, onBackend } from "./helpers";

/** y = sin(2x0) + x1² on 256 points, x ~ N(0, 1). */
function toyData(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = normals(2 * n, seed), y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(2 * x[2 * i]) + x[2 * i + 1] ** 2;
  return { x: tf.tensor2d(x, [n, 2]), y: tf.tensor2d(y, [n, 1]) };
}

const mlp = (seed = 1) => new MLP({ inFeatures: 2, outFeatures: 1, hiddenFeatures: [32, 32], activation: "tanh", seed });

describe("nn.train", () => {
  it("fits a smooth toy function (validation MSE falls below 10% of the initial one)", async () => {
    await initWasm();
    const m = mlp(), data = toyData(256, 1), validation = toyData(128, 2);
    const before = tf.tidy(() => tf.losses.meanSquaredError(validation.y, m.apply(validation.x)).dataSync()[0]);
    const r = await train(m, data, { epochs: 60, batchSize: 32, learningRate: 3e-3, seed: 0, validation, schedule: { kind: "cosine" } });
    expect(r.history.length).toBe(60);
    expect(r.steps).toBe(60 * 8);
    expect(r.bestValidationLoss as number).toBeLessThan(0.1 * before);
    m.dispose();
  });

  it("is deterministic: same seeds give identical loss histories; another batch seed differs", async () => {
    await initWasm();
    const run = async (seed: number) => {
      const m = mlp(), r = await train(m, toyData(64, 3), { epochs: 3, batchSize: 16, learningRate: 1e-2, seed });
      m.dispose();
      return r.history.map((h) => h.loss);
    };
    const a = await run(5), b = await run(5), c = await run(6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("reports progress after every step and follows the schedule", async () => {
    await initWasm();
    const m = mlp(), calls: [number, number, number][] = [];
    await train(m, toyData(40, 4), {
      epochs: 2, batchSize: 16, learningRate: 0.01, seed: 1, schedule: { kind: "step", stepSize: 2, gamma: 0.5 },
      onProgress: (done, total, info) => calls.push([done, total, info.learningRate]),
    });
    expect(calls).toEqual([[1, 6, 0.01], [2, 6, 0.01], [3, 6, 0.005], [4, 6, 0.005], [5, 6, 0.0025], [6, 6, 0.0025]]);
    expect(scheduleFactor({ kind: "cosine", warmup: 2 }, 0, 10)).toBeCloseTo(0.5);
    expect(scheduleFactor({ kind: "cosine", warmup: 2 }, 2, 10)).toBeCloseTo(1);
    expect(scheduleFactor({ kind: "cosine", warmup: 2 }, 9, 10)).toBeCloseTo(0);
    m.dispose();
  });

  it("early stopping halts after `patience` epochs without improvement and restores the best weights", async () => {
    await initWasm();
    // a learning rate this large makes the validation loss oscillate: improvement stops early
    const m = mlp(), validation = toyData(64, 6);
    const r = await train(m, toyData(64, 5), { epochs: 200, batchSize: 64, learningRate: 0.5, seed: 0, validation, earlyStopping: { patience: 3 } });
    expect(r.stoppedEarly).toBe(true);
    expect(r.epochs).toBe(r.bestEpoch + 3);
    const vals = r.history.map((h) => h.validationLoss as number);
    expect(r.bestValidationLoss).toBe(Math.min(...vals));
    const now = tf.tidy(() => tf.losses.meanSquaredError(validation.y, m.apply(validation.x)).dataSync()[0]);
    expect(now).toBeCloseTo(r.bestValidationLoss as number, 5);
    m.dispose();
  });

  it("stops at the first non-finite loss, naming the step and the last finite loss", async () => {
    await initWasm();
    const m = mlp(), data = toyData(32, 7);
    let err: unknown;
    try {
      await train(m, data, { epochs: 50, batchSize: 8, learningRate: 1e30, seed: 0 });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(NonFiniteLossError);
    const e = err as NonFiniteLossError;
    expect(e.step).toBeGreaterThan(1);
    expect(e.lastFiniteStep).toBe(e.step - 1);
    expect(e.message).toMatch(new RegExp(`^nn.train: the training loss became (NaN|Infinity|-Infinity) at step ${e.step} \\(epoch \\d+\\); ` +
      `the last finite loss was [0-9.e+-]+ at step ${e.step - 1}\\. Lower the learning rate`));
    m.dispose();
  });

  it("refuses bad inputs with clear messages", async () => {
    await initWasm();
    const m = mlp(), data = toyData(8, 8);
    await expect(train(m, data, { epochs: 1, batchSize: 9, learningRate: 1e-3, seed: 0 })).rejects.toThrow("nn.train: batchSize 9 exceeds the 8 training samples");
    await expect(train(m, { x: data.x, y: tf.zeros([7, 1]) }, { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 }))
      .rejects.toThrow("nn.train: every tensor of data must have the same rows on axis 0; data.x has 8, data.y [7,1]");
    await expect(train(m, { x: data.x, y: tf.fill([8, 1], NaN) }, { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0 })).rejects.toThrow("nn.train: data.y contains NaN or Inf");
    await expect(train(m, data, { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0, earlyStopping: { patience: 2 } })).rejects.toThrow("earlyStopping needs a validation set");
    await expect(train(m, data, { epochs: 1, batchSize: 2, learningRate: -1, seed: 0 })).rejects.toThrow(RangeError);
    await expect(train(m, data, { epochs: 1, batchSize: 2, learningRate: 1e-3, seed: 0, schedule: { kind: "linear" } as never })).rejects.toThrow("schedule.kind must be one of constant, step, cosine");
    m.dispose();
  });
});

describe("checkpoints (model.json + weights.bin)", () => {
  it("save → load gives a model with the same config and bit-identical outputs", async () => {
    await initWasm();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-nn-"));
    const m = mlp(3);
    await train(m, toyData(32, 9), { epochs: 2, batchSize: 8, learningRate: 1e-2, seed: 0 }); // weights differ from the init
    await saveModel(m, dir);
    expect(fs.readdirSync(dir).sort()).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
    expect(json.format).toBe("kazami-model");
    expect(json.modelTopology).toEqual(m.toConfig());
    expect(json.weightsManifest[0].paths).toEqual(["weights.bin"]);
    expect(fs.statSync(path.join(dir, "weights.bin")).size).toBe(4 * m.numParams);
    const loaded = await loadModel(dir);
    const x = tf.tensor2d(normals(20, 10), [10, 2]);
    expect(Array.from(loaded.apply(x).dataSync())).toEqual(Array.from(m.apply(x).dataSync()));
    // a fresh model from the same config holds the initial weights, not the trained ones
    const fresh = mlp(3);
    expect(Array.from(fresh.apply(x).dataSync())).not.toEqual(Array.from(m.apply(x).dataSync()));
    [m, loaded, fresh].forEach((v) => v.dispose());
    fs.rmSync(dir, { recursive: true });
  });

  it("refuses a missing folder, a truncated weights file and mismatched weights with clear messages", async () => {
    await initWasm();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-nn-"));
    await expect(loadModel(path.join(dir, "nothing"))).rejects.toThrow(`nn.fileIO: no checkpoint at ${path.join(dir, "nothing")} (missing model.json)`);
    const m = mlp();
    await saveModel(m, dir);
    const bin = path.join(dir, "weights.bin");
    fs.writeFileSync(bin, fs.readFileSync(bin).subarray(0, 40));
    await expect(loadModel(dir)).rejects.toThrow(`weights hold 40 bytes, the manifest describes ${4 * m.numParams} (float32)`);
    // config says 16 hidden units, weights hold 32
    await saveModel(m, dir);
    const jsonPath = path.join(dir, "model.json"), json = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
    json.modelTopology.config.hiddenFeatures = [16, 32];
    fs.writeFileSync(jsonPath, JSON.stringify(json));
    await expect(loadModel(dir)).rejects.toThrow('nn.loadModel: "layers/0/weight" must have shape [2,16], got [2,32]');
    const handler = fileIO(dir);
    expect(typeof handler.save).toBe("function");
    m.dispose();
    fs.rmSync(dir, { recursive: true });
  });
});

async function initWasm(): Promise<void> {
  await onBackend("wasm", () => 0);
}
