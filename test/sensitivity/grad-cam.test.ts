import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { CNN } from "../../src/nn/cnn";
import { Conv2d } from "../../src/nn/layers/conv2d";
import { Linear } from "../../src/nn/layers/linear";
import { Module } from "../../src/nn/module";
import { gradCam, LayerGradCam } from "../../src/sensitivity";
import { normals } from "./helpers";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

/** A bump detector: conv (positive 3×3 kernels, bias −1, ReLU) fires only on bright features; its mean feeds a linear head. */
class Detector extends Module<{ channels: number }> {
  readonly className = "Detector";
  readonly features: Conv2d;
  readonly head: Linear;
  constructor() {
    super({ channels: 3 });
    this.features = this.register("features", new Conv2d({ inChannels: 1, outChannels: 3, kernelSize: 3, activation: "relu", seed: 1 }));
    this.head = this.register("head", new Linear({ inFeatures: 3, outFeatures: 1, seed: 2 }));
    this.features.weight.assign(tf.tensor4d(normals(27, 3).map((v) => 0.1 + 0.1 * Math.abs(v)), [3, 3, 1, 3]));
    this.features.bias!.assign(tf.fill([3], -1));
    this.head.weight.assign(tf.tensor2d([1, 0.5, 2], [3, 1]));
  }
  apply(x: tf.Tensor): tf.Tensor {
    return this.head.apply(tf.mean(this.features.apply(x), [1, 2]));
  }
}

describe("sensitivity.gradCam", () => {
  it("on a network whose answer depends on one known region highlights that region", () => {
    const model = new Detector();
    for (const [r0, c0] of [[2, 3], [9, 10], [12, 1]]) {
      const img = Float32Array.from(normals(16 * 16, r0 * 7 + c0, 0.05)); // faint noise everywhere ...
      for (let i = r0; i < r0 + 3; i++) for (let j = c0; j < c0 + 3; j++) img[i * 16 + j] += 1.5; // ... and a bright 3×3 patch
      const x = tf.tensor4d(img, [1, 16, 16, 1]);
      new LayerGradCam(model, "features").attribute(x).attributions.dispose(); // warm-up: layers cache constants on first use
      const before = tf.memory().numTensors;
      const { attributions } = new LayerGradCam(model, "features").attribute(x);
      expect(attributions.shape).toEqual([1, 16, 16, 1]);
      const a = attributions.dataSync();
      let inside = 0, total = 0;
      for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) {
        total += a[i * 16 + j];
        if (i >= r0 - 1 && i <= r0 + 3 && j >= c0 - 1 && j <= c0 + 3) inside += a[i * 16 + j];
      }
      expect(total).toBeGreaterThan(0);
      expect(inside / total).toBeGreaterThan(0.99);
      const peak = a.indexOf(Math.max(...a));
      expect(Math.floor(peak / 16)).toBeGreaterThanOrEqual(r0); expect(Math.floor(peak / 16)).toBeLessThan(r0 + 3);
      attributions.dispose();
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    }
    model.dispose();
  });

  it("reads a named layer of nn.CNN and upsamples; an unknown layer lists the known ones", () => {
    const cnn = new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 4, nLayers: 3, seed: 3 });
    const x = tf.tensor4d(normals(2 * 8 * 8, 5), [2, 8, 8, 1]);
    const r = gradCam(cnn, "convs/1", x, { target: (y) => y.mean([1, 2, 3]), upsample: true, relu: false });
    expect(r.attributions.shape).toEqual([2, 8, 8, 1]);
    expect(r.attributions.dataSync().some((v) => v !== 0)).toBe(true);
    r.attributions.dispose();
    // the model itself is restored: its forward pass is unchanged after the taps
    const y1 = cnn.apply(x).dataSync();
    expect(Object.prototype.hasOwnProperty.call(cnn.submodule("convs/1"), "applyUnchecked")).toBe(false);
    expect(Array.from(y1).every(Number.isFinite)).toBe(true);
    expect(() => gradCam(cnn, "convs/7", x, { target: 0 })).toThrow(/no sub-module "convs\/7"; known: convs\/0, convs\/1, convs\/2/);
    expect(() => new LayerGradCam(cnn, "head")).toThrow(/no sub-module "head"/);
    expect(() => gradCam(cnn, "convs/2", x)).toThrow(/f returns 64 values per sample/);
    x.dispose(); cnn.dispose();
  });
});
