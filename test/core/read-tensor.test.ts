import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { readTensor } from "../../src/core/read-tensor";
import { onBackend } from "../nn/helpers";

describe("readTensor", () => {
  it("returns the tensor's values, frees it and every intermediate, and refuses a non-tensor", async () => {
    await onBackend("wasm", () => 0);
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const before = tf.memory().numTensors;
    const v = readTensor(() => tf.add(tf.matMul(a, a), tf.ones([2, 2])));
    expect(Array.from(v)).toEqual([8, 11, 16, 23]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => readTensor(() => 3 as unknown as tf.Tensor)).toThrow(/readTensor: fn must return a tensor, got number/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
