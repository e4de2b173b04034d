import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/core/backend";
import { CNN } from "../../src/nn/cnn";
import { UNet } from "../../src/nn/unet";

beforeAll(async () => { await initBackend({ backend: "wasm" }); });

describe("Module.submodule and Module.tapped", () => {
  it("finds registered sub-modules by path and lists them depth first", () => {
    const cnn = new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 2, nLayers: 2 });
    expect(cnn.submodulePaths()).toEqual(["convs/0", "convs/1"]);
    expect(cnn.submodule("convs/1").className).toBe("Conv2d");
    expect(() => cnn.submodule("convs/2")).toThrow(/CNN.submodule: no sub-module "convs\/2"; known: convs\/0, convs\/1/);
    const unet = new UNet({ inChannels: 1, outChannels: 1, baseChannels: 2, depth: 1 });
    for (const p of unet.submodulePaths()) expect(unet.submodule(p)).toBeDefined();
    cnn.dispose(); unet.dispose();
  });

  it("taps a layer's output once per call (apply → applyUnchecked counted once), may replace it, and restores the module", () => {
    const cnn = new CNN({ inChannels: 1, outChannels: 1, hiddenChannels: 2, nLayers: 2, seed: 4 });
    const x = tf.tensor4d(Float32Array.from({ length: 16 }, (_, i) => Math.sin(i)), [1, 4, 4, 1]);
    const layer = cnn.submodule("convs/0");
    const plain = cnn.apply(x).dataSync();
    let seen = 0;
    const tapped = layer.tapped((y) => { seen++; return y; }, () => cnn.apply(x).dataSync());
    expect(seen).toBe(1);
    expect(Array.from(tapped)).toEqual(Array.from(plain));
    const direct = layer.tapped((y) => { seen++; return y; }, () => layer.apply(x));
    expect(seen).toBe(2); // Conv2d.apply calls applyUnchecked inside: one tap
    const zeroed = layer.tapped((y) => tf.zerosLike(y), () => cnn.apply(x).dataSync());
    expect(Array.from(zeroed).every((v) => v === zeroed[0])).toBe(true); // a constant layer-0 output → constant map
    expect(Object.keys(layer)).not.toContain("apply");
    expect(Array.from(cnn.apply(x).dataSync())).toEqual(Array.from(plain));
    tf.dispose([x, direct]); cnn.dispose();
  });
});
