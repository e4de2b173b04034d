import { describe, expect, it } from "vitest";
import * as vega from "vega";
import { field, heatmap, RECT_LIMIT, MASK_COLOR, Spec } from "../../src/plot";
import { colorScales, decodeDataUrlPng, expectValidAndRenders, pattern, specNodes } from "./helpers";

const marks = (s: Spec) => specNodes(s).map((n) => n.mark).filter((m) => m !== undefined) as Array<{ type: string; color?: string }>;

describe("heatmap: colour scale", () => {
  it("[16,24] positive field: sequential viridis over [min, max]", () => {
    const v = pattern(16, 24, 2);
    const s = heatmap(field(v, [16, 24]));
    const [scale] = colorScales(s);
    expect(scale.scheme).toBe("viridis");
    expect(scale.reverse).toBeUndefined();
    expect(scale.domain).toEqual([Math.min(...v), Math.max(...v)]);
  });

  it("[16,24] signed field: symmetric domain [−m, m], diverging red = positive", () => {
    const v = pattern(16, 24, 0.3); // range about [−0.7, 1.3]
    const s = heatmap(field(v, [16, 24]));
    const [scale] = colorScales(s);
    const m = Math.max(...v.map(Math.abs));
    expect(scale.domain).toEqual([-m, m]);
    expect(scale.scheme).toBe("redblue");
    expect(scale.reverse).toBe(true);
  });

  it("symmetric and domain options override the automatic choice", () => {
    const v = pattern(8, 8, 0.3);
    expect(colorScales(heatmap(field(v, [8, 8]), { symmetric: false }))[0].domain).toEqual([Math.min(...v), Math.max(...v)]);
    expect(colorScales(heatmap(field(v, [8, 8]), { domain: [-2, 5], colormap: "magma" }))[0]).toMatchObject({ domain: [-2, 5], scheme: "magma" });
  });

  it("a constant field gets a unit-wide domain; an all-NaN field is an error", () => {
    expect(colorScales(heatmap(field(new Float64Array(4).fill(3), [2, 2])))[0].domain).toEqual([2.5, 3.5]);
    expect(() => heatmap(field(new Float64Array(4).fill(NaN), [2, 2]))).toThrow(/no finite values/);
  });

  it("rejects unknown colormaps and bad domains with the expected form", () => {
    const f = field(pattern(4, 4), [4, 4]);
    expect(() => heatmap(f, { colormap: "jet2" })).toThrow(/Vega continuous scheme.*"jet2"/);
    expect(() => heatmap(f, { domain: [1, 1] })).toThrow(/lo < hi/);
  });
});

describe("heatmap: mask", () => {
  it("[32,32] with a building: masked cells are left out of the domain and drawn grey in their own layer", () => {
    const v = pattern(32, 32, 2);
    const mask = new Uint8Array(32 * 32);
    for (let j = 8; j < 16; j++) for (let i = 4; i < 10; i++) {
      mask[j * 32 + i] = 1;
      v[j * 32 + i] = 1e6; // inside the building: must not stretch the colour scale
    }
    const s = heatmap(field(v, [32, 32]), { mask });
    const unmasked = v.filter((_, k) => mask[k] === 0);
    expect(colorScales(s)[0].domain).toEqual([Math.min(...unmasked), Math.max(...unmasked)]);
    const layers = s.layer as Spec[];
    expect(layers).toHaveLength(2);
    const maskLayer = layers[1];
    expect(maskLayer.mark).toMatchObject({ type: "rect", color: MASK_COLOR });
    expect((maskLayer.data as { values: number[] }).values).toHaveLength(48);
    // the value layer carries null for masked cells
    const values = ((layers[0].data as { values: Array<{ value: Array<number | null> }> }).values[0].value);
    expect(values.filter((x) => x === null)).toHaveLength(48);
    expectValidAndRenders(s);
  });

  it("rejects a mask of the wrong size or with NaN", () => {
    const f = field(pattern(4, 4), [4, 4]);
    expect(() => heatmap(f, { mask: new Uint8Array(15) })).toThrow(/16 entries.*got 15/);
    expect(() => heatmap(f, { mask: new Float64Array(16).fill(NaN) })).toThrow(/NaN/);
  });
});

describe("heatmap: rects up to 128x128, raster beyond", () => {
  it(`[128,128] (= RECT_LIMIT ${RECT_LIMIT} cells) is drawn with rect marks`, () => {
    const s = heatmap(field(pattern(128, 128), [128, 128]));
    expect(marks(s).map((m) => m.type)).toEqual(["rect"]);
  });

  it("[128,129] is drawn as a raster image layer with an invisible legend layer", () => {
    const s = heatmap(field(pattern(128, 129), [128, 129]));
    expect(marks(s).map((m) => m.type)).toEqual(["image", "point"]);
    expect(JSON.stringify(s).length).toBeLessThan(200_000);
  });

  it("raster pixels: origin lower puts array row 0 at the bottom; upper at the top; masked cells get the mask colour", () => {
    const ny = 3, nx = 2;
    const v = new Float64Array([0, 0, 0, 0, 1, 1]); // row 2 (top for origin lower) is the maximum
    const mask = new Uint8Array([1, 0, 0, 0, 0, 0]);
    const lower = heatmap(field(v, [ny, nx]), { raster: true, mask });
    const upper = heatmap(field(v, [ny, nx], { origin: "upper" }), { raster: true, mask });
    const img = (s: Spec, n: number) => decodeDataUrlPng(((s.layer as Spec[])[n].data as { values: Array<{ url: string }> }).values[0].url);
    const yellow = [253, 231, 37]; // viridis(1)
    const purple = [68, 1, 84]; // viridis(0)
    const px = (im: { rgba: Uint8Array; width: number }, r: number, c: number) => Array.from(im.rgba.subarray((r * im.width + c) * 4, (r * im.width + c) * 4 + 4));
    const lo = img(lower, 0), up = img(upper, 0);
    expect(px(lo, 0, 0)).toEqual([...yellow, 255]); // top row = array row 2
    expect(px(lo, 2, 1)).toEqual([...purple, 255]);
    expect(px(lo, 2, 0)[3]).toBe(0); // masked: transparent in the value layer
    expect(px(up, 2, 0)).toEqual([...yellow, 255]); // bottom row = array row 2
    expect(px(up, 0, 0)[3]).toBe(0);
    const m = img(lower, 1); // mask layer
    expect(px(m, 2, 0)).toEqual([158, 158, 158, 255]);
    expect(px(m, 0, 0)[3]).toBe(0);
  });

  it("the raster colours are Vega's own scheme colours", () => {
    const f = field(new Float64Array([0, 0.25, 0.5, 1]), [1, 4]);
    const im = decodeDataUrlPng(((heatmap(f, { raster: true, colormap: "magma" }).layer as Spec[])[0].data as { values: Array<{ url: string }> }).values[0].url);
    const q = Math.round(0.25 * 255) / 255;
    const expected = (vega.scheme("magma") as (t: number) => string)(q);
    const [r, g, b] = Array.from(im.rgba.subarray(4, 7));
    expect(`rgb(${r}, ${g}, ${b})`).toBe(expected);
  });
});

describe("heatmap: physical axes", () => {
  it("extent and units give the axis domains and titles, and the aspect ratio the size", () => {
    const f = field(pattern(32, 64), [32, 64], { extent: [0, 640, -160, 160], lengthUnit: "m", name: "T", units: "K" });
    const s = heatmap(f);
    expect(s.width).toBe(300);
    expect(s.height).toBe(150);
    const enc = (s.layer as Spec[])[0].encoding as Record<string, { scale?: { domain: number[] }; axis?: { title: string }; legend?: { title: string } }>;
    expect(enc.x.scale!.domain).toEqual([0, 640]);
    expect(enc.y.scale!.domain).toEqual([-160, 160]);
    expect(enc.x.axis!.title).toBe("x [m]");
    expect(enc.color.legend!.title).toBe("T [K]");
  });
});

describe("heatmap: inputs", () => {
  const tensor = (shape: number[]) => ({ shape, dataSync: () => new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, k) => k) });

  it("accepts tfjs-like tensors [ny,nx], [ny,nx,1], [1,ny,nx,1] and rejects other shapes naming them", () => {
    for (const shape of [[4, 5], [4, 5, 1], [1, 4, 5, 1]]) {
      const s = heatmap(tensor(shape));
      expect(((s.layer as Spec[])[0].encoding as { x: { scale: { domain: number[] } } }).x.scale.domain).toEqual([0, 5]);
    }
    expect(() => heatmap(tensor([2, 4, 5, 1]))).toThrow(/\[ny, nx\], \[ny, nx, 1\] or \[1, ny, nx, 1\].*got \[2,4,5,1\]/);
  });

  it("rejects bare typed arrays, wrong lengths and missing shapes with clear errors", () => {
    expect(() => heatmap(new Float64Array(16) as never)).toThrow(/plot\.field\(values, \[ny, nx\]\)/);
    expect(() => field(new Float64Array(15), [4, 4])).toThrow(/16 elements for shape \[4, 4\], got 15/);
    expect(() => field(new Float64Array(16), undefined as never)).toThrow(TypeError);
    expect(() => field([1, 2] as never, [1, 2])).toThrow(/Float64Array, a Float32Array or a tfjs tensor/);
    expect(() => field(new Float64Array(4), [2, 2], { dx: 0 })).toThrow(/dx must be > 0, got 0/);
  });
});

describe("heatmap: schema and rendering", () => {
  it("[64,64] rects, [256,256] raster with mask, [48,96] Float32 with NaN holes: valid Vega-Lite v5 and rendered to PNG", () => {
    expectValidAndRenders(heatmap(field(pattern(64, 64), [64, 64], { dx: 0.1, lengthUnit: "km", name: "ω", units: "1/s" }), { title: "64²" }));
    const mask = new Uint8Array(256 * 256).map((_, k) => (k % 256 < 40 && Math.floor(k / 256) < 60 ? 1 : 0));
    expectValidAndRenders(heatmap(field(pattern(256, 256), [256, 256]), { mask, title: "256²" }));
    const v32 = Float32Array.from(pattern(48, 96, 1));
    v32[100] = NaN;
    expectValidAndRenders(heatmap(field(v32, [48, 96])));
  });
});
