import { describe, expect, it } from "vitest";
import {
  Spec, attributionMap, eigenmodes, field, grid, hconcat, heatmap, ibCurve, layer, line, panels, scatter, spectrum, vectorField, vorticity,
} from "../../src/plot";
import { colorScales, expectValidAndRenders, pattern, schemaErrors, specNodes } from "./helpers";

describe("panels: shared colour scale", () => {
  const truth = field(pattern(64, 64, 2), [64, 64], { name: "T", units: "K" });
  const low = field(pattern(16, 16, 2.5), [16, 16], { dx: 4, name: "T", units: "K" });
  const model = field(pattern(64, 64, 1.5), [64, 64], { name: "T", units: "K" });

  it("truth | low-res | model share one domain spanning all three, resolved as shared", () => {
    const s = panels([{ field: truth, title: "truth" }, { field: low, title: "low-res" }, { field: model, title: "model" }]);
    const scales = colorScales(s);
    expect(scales).toHaveLength(3);
    const all = [...truth.values, ...low.values, ...model.values];
    for (const sc of scales) expect(sc.domain).toEqual([Math.min(...all), Math.max(...all)]);
    expect((s.resolve as { scale: { color: string } }).scale.color).toBe("shared");
    expect((s.concat as Spec[]).map((p) => p.title)).toEqual(["truth", "low-res", "model"]);
    expectValidAndRenders(s, { width: 500, height: 150 });
  });

  it("an error panel with ownScale gets its own symmetric scale next to the shared group", () => {
    const err = field(pattern(64, 64, 0.1).map((x) => x * 0.01), [64, 64]);
    const s = panels([{ field: truth, title: "truth" }, { field: model, title: "model" }, { field: err, title: "error", ownScale: { symmetric: true } }]);
    expect((s.resolve as { scale: { color: string } }).scale.color).toBe("independent");
    const [group, errPanel] = s.concat as Spec[];
    expect((group.resolve as { scale: { color: string } }).scale.color).toBe("shared");
    const [errScale] = colorScales(errPanel);
    const m = Math.max(...err.values.map(Math.abs));
    expect(errScale.domain).toEqual([-m, m]);
    expectValidAndRenders(s, { width: 500, height: 150 });
  });

  it("needs at least one panel", () => {
    expect(() => panels([])).toThrow(/at least one panel/);
  });
});

describe("vectorField", () => {
  // Solid-body rotation u = −y, v = x about the centre: vorticity 2 everywhere.
  const n = 32;
  const u = new Float64Array(n * n), v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    u[j * n + i] = -(j + 0.5 - n / 2);
    v[j * n + i] = i + 0.5 - n / 2;
  }
  const U = field(u, [n, n], { lengthUnit: "m", units: "m/s", name: "u" });
  const V = field(v, [n, n], { lengthUnit: "m", units: "m/s", name: "v" });

  it("vorticity of solid-body rotation is 2 (1/s) everywhere, including the one-sided edges", () => {
    const w = vorticity(U, V);
    expect(w.units).toBe("1/s");
    for (const x of w.values) expect(x).toBeCloseTo(2, 12);
  });

  it("arrows on a thinned grid point along (u, v): angle clockwise from up", () => {
    const s = vectorField(U, V, { stride: 4 });
    const arrows = specNodes(s).find((x) => (x.mark as { shape?: string } | undefined)?.shape === "arrow")!;
    const rows = (arrows.data as { values: Array<{ x: number; y: number; angle: number; size: number }> }).values;
    expect(rows).toHaveLength(64);
    const east = rows.find((r) => r.y > n / 2 - 4 && r.y < n / 2 && r.x < 4)!; // left middle: u ≈ 0.5, v < 0 → pointing down
    expect(Math.abs(east.angle)).toBeGreaterThan(170);
    const maxSize = Math.max(...rows.map((r) => r.size));
    expect(Math.sqrt(maxSize)).toBeLessThanOrEqual(0.9 * 4 * (300 / 32) + 1e-9);
    expectValidAndRenders(s);
  });

  it("vorticity background uses a symmetric diverging scale when it has both signs; u/v shape mismatch is an error", () => {
    const wave = field(pattern(24, 24), [24, 24]);
    const s = vectorField(wave, wave, { background: "vorticity" });
    const [scale] = colorScales(s);
    expect((scale.domain as number[])[0]).toBeCloseTo(-(scale.domain as number[])[1], 12);
    expectValidAndRenders(s);
    expect(() => vectorField(wave, field(pattern(8, 8), [8, 8]))).toThrow(/same shape.*\[24, 24\].*\[8, 8\]/);
  });
});

describe("attributionMap", () => {
  const a = field(pattern(40, 40, 0.2), [40, 40]);
  it("symmetric diverging scale, target cross at the cell centre, optional region outline", () => {
    const s = attributionMap(a, { target: { i: 10, j: 5 }, region: { x: [5, 15], y: [0, 10] }, title: "IG" });
    const [scale] = colorScales(s);
    const m = Math.max(...a.values.map(Math.abs));
    expect(scale.domain).toEqual([-m, m]);
    const cross = specNodes(s).find((x) => (x.mark as { shape?: string } | undefined)?.shape === "cross")!;
    expect((cross.data as { values: Array<{ x: number; y: number }> }).values[0]).toMatchObject({ x: 10.5, y: 5.5 });
    expectValidAndRenders(s);
  });
  it("requires a target inside the grid", () => {
    expect(() => attributionMap(a, {} as never)).toThrow(/target is required/);
    expect(() => attributionMap(a, { target: { i: 40, j: 0 } })).toThrow(/within \[0, 40\)/);
  });
});

describe("eigenmodes", () => {
  it("2D modes: each normalized to max |.| = 1 (largest entry +1), shared [−1, 1] scale, eigenvalues in titles", () => {
    const m1 = field(pattern(16, 16).map((x) => -3 * x), [16, 16]);
    const m2 = field(pattern(16, 16, 0.5), [16, 16]);
    const s = eigenmodes([m1, m2], { eigenvalues: [-1, { re: -2, im: 0.5 }] });
    expect((s.concat as Spec[]).map((p) => p.title)).toEqual(["mode 1: λ = −1", "mode 2: λ = −2 + 0.5i"]);
    for (const sc of colorScales(s)) expect(sc.domain).toEqual([-1, 1]);
    const values = ((specNodes(s).find((x) => (x.mark as { type?: string } | undefined)?.type === "rect")!.data as { values: Array<{ value: number[] }> }).values[0].value);
    expect(Math.max(...values)).toBe(1);
    expectValidAndRenders(s);
  });
  it("1D modes as lines; mixing kinds or a wrong count of eigenvalues is an error", () => {
    const modes = [0, 1, 2].map((m) => Float64Array.from({ length: 32 }, (_, k) => Math.cos((2 * Math.PI * m * k) / 32)));
    const s = eigenmodes(modes, { eigenvalues: [0, -1, -2], xLabel: "θ" });
    expectValidAndRenders(s);
    expect(() => eigenmodes([modes[0], field(pattern(4, 4), [4, 4])])).toThrow(/all be 2D fields or all be 1D/);
    expect(() => eigenmodes(modes, { eigenvalues: [1] })).toThrow(/3 modes but 1 eigenvalues/);
  });
});

describe("x–y plots", () => {
  const k = Array.from({ length: 63 }, (_, n) => n + 1);
  it("spectrum: log–log axes, reference slope k^−3 through the first spectrum, k = 0 dropped and noted", () => {
    const s = spectrum(
      [{ name: "truth", k: [0, ...k], energy: [1, ...k.map((x) => x ** -3)] }, { name: "model", k, energy: k.map((x) => 0.8 * x ** -3.2) }],
      { slopes: [{ exponent: -3 }, { exponent: -5 / 3 }] },
    );
    const line0 = (s.layer as Spec[])[0];
    expect((line0.encoding as { x: { scale: { type: string } } }).x.scale.type).toBe("log");
    expect((s.title as { subtitle: string }).subtitle).toMatch(/1 point ≤ 0 not shown/);
    const texts = specNodes(s).filter((x) => (x.mark as { type?: string } | undefined)?.type === "text");
    expect(texts).toHaveLength(2);
    const slope = (s.layer as Spec[])[1].data as { values: Array<{ x: number; y: number; label: string }> };
    expect(slope.values[1].label).toBe("k^−3");
    expect(slope.values[0].y).toBeCloseTo(1, 9); // passes through E(1) = 1 exactly
    expect((s.layer as Spec[])[2].data).toMatchObject({ values: [{}, { label: "k^−5/3" }] });
    expectValidAndRenders(s);
  });

  it("line: legend in input order, non-finite points dropped and noted, dashed references", () => {
    const s = line(
      [{ name: "train", y: [1, 0.5, 0.25, NaN] }, { name: "test", x: [0, 1, 2], y: [1.1, 0.7, 0.4] }, { name: "floor", y: [0.3, 0.3, 0.3] }],
      { xLabel: "epoch", yLabel: "MSE", logY: true, dashed: ["floor"] },
    );
    expect((s.encoding as { color: { scale: { domain: string[] } } }).color.scale.domain).toEqual(["train", "test", "floor"]);
    expect((s.title as { subtitle: string }).subtitle).toBe("1 non-finite point not shown");
    expect((s.data as { values: unknown[] }).values).toHaveLength(9);
    expectValidAndRenders(s);
    expect(() => line([{ name: "a", y: [1] }, { name: "a", y: [2] }])).toThrow(/two series are named "a"/);
    expect(() => line({ x: [1, 2], y: [1] })).toThrow(/same length, got 2 and 1/);
    expect(() => line({ y: [NaN] })).toThrow(/no drawable points/);
  });

  it("scatter with the parity diagonal", () => {
    const x = Array.from({ length: 50 }, (_, n) => Math.sin(n));
    const s = scatter([{ name: "test", x, y: x.map((v) => v * 0.9 + 0.05) }], { diagonal: true, xLabel: "true", yLabel: "predicted" });
    const diag = (s.layer as Spec[])[0];
    expect((diag.data as { values: Array<{ x: number; y: number }> }).values.every((p) => p.x === p.y)).toBe(true);
    expectValidAndRenders(s);
  });

  it("ibCurve: points sorted by β, axes in nats, the I(X;Y) ceiling", () => {
    const pts = [1, 10, 0.1, 100].map((beta) => ({ beta, ixh: Math.log1p(beta), iyh: 0.9 * (1 - Math.exp(-beta)) }));
    const s = ibCurve(pts, { ixy: 0.95 });
    const data = (specNodes(s).find((x) => Array.isArray((x.data as { values?: unknown[] } | undefined)?.values) && ((x.data as { values: Array<{ beta?: number }> }).values[0].beta !== undefined))!.data as { values: Array<{ beta: number }> });
    expect(data.values.map((r) => r.beta)).toEqual([0.1, 1, 10, 100]);
    expect(JSON.stringify(s)).toContain("I(X;H) [nats]");
    expectValidAndRenders(s);
    expect(() => ibCurve([{ beta: 0, ixh: 1, iyh: 1 }])).toThrow(/beta > 0/);
  });
});

describe("composition", () => {
  it("layer / hconcat / grid strip nested top-level properties and stay valid", () => {
    const a = heatmap(field(pattern(8, 8), [8, 8]), { title: "a" });
    const b = line({ y: [1, 2, 3] }, { title: "b" });
    const h = hconcat([a, b]);
    expect((h.hconcat as Spec[]).every((p) => p.$schema === undefined && p.background === undefined)).toBe(true);
    expectValidAndRenders(h);
    expectValidAndRenders(grid([a, a, a], { columns: 2 }));
    const l = layer(line({ y: [1, 2, 3] }), scatter({ y: [1, 2, 3] }));
    expect(schemaErrors(l)).toEqual([]);
    expect(() => layer()).toThrow(/at least one spec/);
  });

  it("the schema check itself rejects an invalid spec", () => {
    expect(schemaErrors({ mark: "pointz", data: { values: [] } }).length).toBeGreaterThan(0);
  });
});
