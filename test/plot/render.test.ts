import { describe, expect, it } from "vitest";
import * as vega from "vega";
import * as vl from "vega-lite";
import { PNG_SIGNATURE, encodePng, field, heatmap, line, pngSize, render } from "../../src/plot";
import { crc32 } from "../../src/plot/png";
import { pattern } from "./helpers";

describe("png encoder", () => {
  it("CRC-32 check value of '123456789' is 0xCBF43926 (ISO 3309)", () => {
    expect(crc32(Buffer.from("123456789", "ascii"))).toBe(0xcbf43926);
  });
  it("writes the signature and an IHDR with the size; rejects a wrong byte count", () => {
    const png = encodePng(3, 2, new Uint8Array(24));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 3, height: 2 });
    expect(() => encodePng(3, 2, new Uint8Array(23))).toThrow(/24 bytes, got 23/);
  });
});

describe("render", () => {
  it("gives the same SVG as Vega's own asynchronous toSVG (up to generated ids)", async () => {
    const spec = heatmap(field(pattern(16, 16), [16, 16]), { title: "t" });
    const view = new vega.View(vega.parse(vl.compile(spec as unknown as vl.TopLevelSpec).spec), { renderer: "none" });
    const expected = await view.toSVG();
    const strip = (s: string) => s.replace(/(gradient|clip)_?\d+/g, "$1");
    expect(strip(render(spec, { png: false }).svg)).toBe(strip(expected));
  });

  it("PNG scale: pixels = SVG size x pngScale", () => {
    const r1 = render(line({ y: [1, 2, 3] }), { pngScale: 1 });
    const r2 = render(line({ y: [1, 2, 3] }), { pngScale: 2 });
    expect(pngSize(r1.png!)).toEqual({ width: Math.round(r1.width), height: Math.round(r1.height) });
    expect(pngSize(r2.png!)).toEqual({ width: Math.round(2 * r2.width), height: Math.round(2 * r2.height) });
  });

  it("text is drawn: the same plot with and without a title differ in PNG height", () => {
    const a = render(line({ y: [1, 2, 3] }), { pngScale: 1 });
    const b = render(line({ y: [1, 2, 3] }, { title: "A title" }), { pngScale: 1 });
    expect(pngSize(b.png!)!.height).toBeGreaterThan(pngSize(a.png!)!.height);
  });

  it("an invalid spec is a clear error, and the worker keeps serving afterwards", () => {
    expect(() => render({ mark: "pointz", data: { values: [] } })).toThrow(/plot\.render: Vega-Lite could not compile the spec: /);
    expect(() => render(null as never)).toThrow(TypeError);
    expect(render(line({ y: [1, 2] })).png).toBeDefined();
  });

  it("reports Vega-Lite warnings instead of hiding them", () => {
    const r = render({ data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" }, shape: { field: "a", type: "quantitative" } } }, { png: false });
    expect(r.warnings.length).toBeGreaterThan(0);
  });
});
