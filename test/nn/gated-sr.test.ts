// nn.GatedSRNet: shapes, the fine-grid static input, gradients on wasm vs cpu, gated vs plain trunk,
// config round trip, bad input.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { GatedSRNet, fromConfig } from "../../src/nn";
import { gradsOf, maxRelDiff, normals, onBackend } from "./helpers";

const base = { inChannels: 2, staticChannels: 1, outChannels: 1, hiddenChannels: 6, nLayers: 2, highChannels: 3, factor: 2, seed: 3 };
const x = () => tf.tensor4d(normals(2 * 4 * 5 * 2, 1), [2, 4, 5, 2]);
const field = () => tf.tensor4d(normals(2 * 8 * 10, 2), [2, 8, 10, 1]);

describe("GatedSRNet", () => {
  it("x [2, 4, 5, 2] with cond.field [2, 8, 10, 1] → [2, 8, 10, 1]; the output reads the fine field", async () => {
    await onBackend("wasm", () => {
      const net = new GatedSRNet(base), f = field();
      const y = net.apply(x(), { field: f });
      expect(y.shape).toEqual([2, 8, 10, 1]);
      expect(net.apply(x(), f).dataSync()).toEqual(y.dataSync()); // a bare tensor is cond.field
      const y2 = net.apply(x(), { field: tf.add(f, 1) });
      expect(maxRelDiff(y.dataSync() as Float32Array, y2.dataSync() as Float32Array)).toBeGreaterThan(1e-3);
      net.dispose();
    });
  });

  it("gated trunk: feature and gate branches per layer; plain trunk: one convolution per layer", async () => {
    await onBackend("wasm", () => {
      const gated = new GatedSRNet(base), plain = new GatedSRNet({ ...base, gated: false });
      expect(gated.params.names().filter((n) => n.startsWith("trunk/0/"))).toEqual(["trunk/0/feature/weight", "trunk/0/feature/bias", "trunk/0/gate/weight", "trunk/0/gate/bias"]);
      expect(plain.params.names().filter((n) => n.startsWith("trunk/0/"))).toEqual(["trunk/0/weight", "trunk/0/bias"]);
      expect(plain.apply(x(), field()).shape).toEqual([2, 8, 10, 1]);
      // the gates: layer 0 reads x and the unshuffled field (2 + 4 channels), layer 1 its 6 features and that input again
      expect(gated.numParams - plain.numParams).toBe(9 * 6 * 6 + 6 + 9 * (6 + 6) * 6 + 6);
      const once = new GatedSRNet({ ...base, reinject: false });
      expect(gated.numParams - once.numParams).toBe(2 * 9 * 6 * 6); // layer 1's feature and gate kernels without the re-injected 6 channels
      gated.dispose(); plain.dispose(); once.dispose();
    });
  });

  it("staticInTrunk false: the trunk reads x alone (4 unshuffled channels fewer per trunk input), the head still reads the field", async () => {
    await onBackend("wasm", () => {
      const inTrunk = new GatedSRNet(base), headOnly = new GatedSRNet({ ...base, staticInTrunk: false }), f = field();
      // layer 0 and the re-injected input of layer 1 lose 4 channels, in both branches
      expect(inTrunk.numParams - headOnly.numParams).toBe(2 * (9 * 4 * 6) * 2);
      const y = headOnly.apply(x(), { field: f }), y2 = headOnly.apply(x(), { field: tf.add(f, 1) });
      expect(y.shape).toEqual([2, 8, 10, 1]);
      expect(maxRelDiff(y.dataSync() as Float32Array, y2.dataSync() as Float32Array)).toBeGreaterThan(1e-3);
      const deep = new GatedSRNet({ ...base, staticInTrunk: false, headLayers: 3 }); // two more fine-grid layers, each given the field
      expect(deep.params.names().filter((n) => n.startsWith("head"))).toEqual(["head/weight", "head/bias", "head/1/weight", "head/1/bias", "head/2/weight", "head/2/bias"]);
      expect(deep.numParams - headOnly.numParams).toBe(2 * (9 * (3 + 1) * 3 + 3));
      expect(deep.apply(x(), f).shape).toEqual([2, 8, 10, 1]);
      inTrunk.dispose(); headOnly.dispose(); deep.dispose();
    });
  });

  it("without static channels it takes x alone", async () => {
    await onBackend("wasm", () => {
      const net = new GatedSRNet({ ...base, staticChannels: 0, factor: 4, highChannels: 2 });
      expect(net.apply(x()).shape).toEqual([2, 16, 20, 1]);
      net.dispose();
    });
  });

  it("output, dx and weight gradients agree on wasm and cpu (≤ 1e-4)", async () => {
    const run = (backend: "wasm" | "cpu") => onBackend(backend, () => {
      const net = new GatedSRNet(base), f = field(), t = tf.tensor4d(normals(2 * 8 * 10, 4), [2, 8, 10, 1]);
      const r = gradsOf((xv) => net.apply(xv, { field: f }), net.variables(), x(), t);
      net.dispose();
      return r;
    });
    const [wasm, cpu] = [await run("wasm"), await run("cpu")];
    wasm.forEach((a, i) => expect(maxRelDiff(a, cpu[i])).toBeLessThan(1e-4));
  });

  it("fromConfig(toConfig()) rebuilds an equal model", async () => {
    await onBackend("wasm", () => {
      const net = new GatedSRNet({ ...base, gated: false, activation: "gelu" });
      expect(net.toConfig().config).toEqual({ ...base, gated: false, reinject: true, staticInTrunk: true, headLayers: 1, kernelSize: 3, activation: "gelu" });
      const copy = fromConfig(JSON.parse(JSON.stringify(net.toConfig())));
      const f = field();
      expect(Array.from(copy.apply(x(), { field: f }).dataSync())).toEqual(Array.from(net.apply(x(), { field: f }).dataSync()));
      expect(new GatedSRNet({ ...base, highChannels: undefined, hiddenChannels: 32 }).config.highChannels).toBe(8);
      copy.dispose(); net.dispose();
    });
  });

  it("bad configs and inputs fail naming what was expected", async () => {
    expect(() => new GatedSRNet({ ...base, factor: 0 })).toThrow("GatedSRNet: factor must be an integer ≥ 1");
    expect(() => new GatedSRNet({ ...base, kernelSize: 4 })).toThrow("GatedSRNet: kernel sizes must be odd, got 4x4");
    expect(() => new GatedSRNet({ ...base, gated: "yes" as never })).toThrow(TypeError);
    expect(() => new GatedSRNet({ ...base, staticInTrunk: 1 as never })).toThrow(TypeError);
    expect(() => new GatedSRNet({ ...base, headLayers: 0 })).toThrow("GatedSRNet: headLayers must be an integer ≥ 1");
    await onBackend("wasm", () => {
      const net = new GatedSRNet(base);
      expect(() => net.apply(x())).toThrow("GatedSRNet.apply: needs cond.field [batch, 8, 10, 1], got no cond");
      expect(() => net.apply(x(), { field: tf.zeros([2, 8, 8, 1]) })).toThrow("GatedSRNet.apply: cond.field must be [2, 8, 10, 1] (x [2,4,5,2] upsampled ×2), got [2,8,8,1]");
      expect(() => net.apply(tf.zeros([2, 4, 5, 3]), field())).toThrow(/GatedSRNet\.apply: x .*2 channels/);
      net.dispose();
    });
  });
});
