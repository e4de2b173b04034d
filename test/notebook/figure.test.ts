import { afterEach, describe, expect, it } from "vitest";
import { Figure, SVG_MAX_BYTES, VEGA_LITE_MIME, display, figure, parameters, resetParameters, toDisplayData } from "../../src/notebook";
import { field, heatmap, line, pngSize } from "../../src/plot";
import { initBackend } from "../../src/core/backend";
import { installKernelDouble } from "./kernel-double";

const smallSpec = () => line({ y: [1, 2, 4, 8] }, { title: "growth" });
const bigSpec = () => {
  const v = new Float64Array(64 * 64).map((_, k) => Math.sin(k / 7));
  return heatmap(field(v, [64, 64]), { title: "field 64²" });
};

describe("figure bundle", () => {
  afterEach(() => resetParameters());

  it("a small figure: Vega-Lite spec object, PNG (base64), SVG and text/plain — exactly these keys", () => {
    const spec = smallSpec();
    const d = toDisplayData(figure(spec, { caption: "doubling" }));
    expect(Object.keys(d.data).sort()).toEqual(["image/png", "image/svg+xml", "text/plain", VEGA_LITE_MIME].sort());
    expect(d.data[VEGA_LITE_MIME]).toBe(spec); // the object, not a string
    expect(typeof d.data["image/png"]).toBe("string");
    const png = Buffer.from(d.data["image/png"] as string, "base64");
    expect(pngSize(png)!.width).toBeGreaterThan(100);
    expect((d.data["image/svg+xml"] as string).startsWith("<svg")).toBe(true);
    expect(d.data["text/plain"]).toMatch(/^Figure "growth" \(\d+x\d+ px, PNG \d+ KB\)\ndoubling$/);
  });

  it(`a 64x64 rect heatmap (SVG > ${SVG_MAX_BYTES} bytes) carries no SVG but still a PNG`, () => {
    const f = figure(bigSpec());
    expect(Buffer.byteLength(f.svg)).toBeGreaterThan(SVG_MAX_BYTES);
    const d = toDisplayData(f);
    expect(Object.keys(d.data).sort()).toEqual(["image/png", "text/plain", VEGA_LITE_MIME].sort());
  });

  it("metadata: kind, title (from the spec), caption, PNG display size, provenance with seed/packages/git/dataset", () => {
    parameters({ scale: "quick", seed: 7, n: 3 });
    const f = figure(smallSpec(), { caption: "c", dataset: { name: "ns-64", hash: "abc123" } });
    const m = toDisplayData(f).metadata as { kazami: Record<string, unknown>; "image/png": { width: number; height: number } };
    expect(m.kazami.kind).toBe("figure");
    expect(m.kazami.title).toBe("growth");
    expect(m.kazami.caption).toBe("c");
    expect(m["image/png"]).toEqual({ width: Math.round(f.width), height: Math.round(f.height) });
    const p = m.kazami.provenance as Record<string, unknown>;
    expect(p.seed).toBe(7);
    expect(p.parameters).toEqual({ scale: "quick", seed: 7, n: 3 });
    expect(p.dataset).toEqual({ name: "ns-64", hash: "abc123" });
    expect(Object.keys(p.packages as object)).toEqual(expect.arrayContaining(["kazami", "node", "vega", "vega-lite", "@resvg/resvg-js"]));
    const git = p.git as { commit: string; dirty: boolean } | null;
    expect(git === null || /^[0-9a-f]{40}$/.test(git.commit)).toBe(true);
    // An explicit seed wins over the parameters'.
    expect(figure(smallSpec(), { seed: 3 }).provenance.seed).toBe(3);
  });

  it("provenance names the backend once one is initialized", async () => {
    const info = await initBackend({ backend: "cpu" });
    const p = figure(smallSpec()).provenance;
    expect(p.backend).toMatchObject({ name: info.name, tfjsVersion: info.tfjsVersion });
    expect(p.packages["@tensorflow/tfjs-core"]).toBe(info.tfjsVersion);
  });

  it("display() sends one bundle to the kernel", () => {
    const k = installKernelDouble();
    try {
      display(figure(smallSpec()));
      expect(k.calls).toHaveLength(1);
      expect(Object.keys(k.calls[0].data!)).toContain(VEGA_LITE_MIME);
      expect((k.calls[0].metadata as { kazami: { kind: string } }).kazami.kind).toBe("figure");
    } finally {
      k.uninstall();
    }
  });

  it("rejects a non-spec and bad options with clear errors", () => {
    expect(() => figure("spec" as never)).toThrow(/spec must be a Vega-Lite spec object.*got string/);
    expect(() => figure(smallSpec(), { caption: 3 as never })).toThrow(/caption must be a string/);
    expect(() => figure(smallSpec(), { dataset: 5 as never })).toThrow(/dataset must be a hash string/);
    expect(() => figure(smallSpec(), { seed: -1 })).toThrow(/seed must be a non-negative integer/);
    expect(figure(smallSpec())).toBeInstanceOf(Figure);
  });
});
