import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CHECK_MIME, VEGA_LITE_MIME, describeCondition, extractChecks, extractFigures } from "../../src/runner/artifacts";
import { writeFigureFiles } from "../../src/runner/figure-files";
import { renderGallery } from "../../src/runner/gallery";
import { NotebookEntry, mergeManifest, readManifest, writeManifest } from "../../src/runner/manifest";
import { Notebook } from "../../src/runner/notebook";

const LINE_SPEC = {
  mark: "line",
  data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
  encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
};

// A 1x1 transparent PNG.
const PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const provenance = { seed: 1, backend: "wasm" };

function executed(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "code", metadata: { tags: ["parameters"] }, source: "let seed = 0;", execution_count: 1, outputs: [] },
      { cell_type: "code", metadata: { tags: ["injected-parameters"] }, source: "seed = 1;", execution_count: 2, outputs: [] },
      { cell_type: "markdown", metadata: {}, source: "text" },
      {
        cell_type: "code",
        metadata: {},
        source: "fig",
        execution_count: 3,
        outputs: [
          { output_type: "stream", name: "stdout", text: "hi" },
          {
            output_type: "display_data",
            data: { "image/png": PNG_B64.slice(0, 40) + "\n" + PNG_B64.slice(40), "image/svg+xml": ["<svg>", "</svg>"], [VEGA_LITE_MIME]: { mark: "rect" }, "text/plain": "fig" },
            metadata: { kazami: { kind: "figure", title: "Vorticity", caption: "t = 1", provenance } },
          },
          { output_type: "display_data", data: { "text/plain": "not a figure" }, metadata: {} },
        ],
      },
      {
        cell_type: "code",
        metadata: {},
        source: "check",
        execution_count: 4,
        outputs: [
          { output_type: "execute_result", execution_count: 4, data: { [VEGA_LITE_MIME]: LINE_SPEC }, metadata: {} },
          {
            output_type: "display_data",
            data: { [CHECK_MIME]: { name: "rel L2", value: 0.02, condition: { below: 0.03 }, passed: true }, "text/plain": "pass" },
            metadata: { kazami: { provenance } },
          },
          {
            output_type: "display_data",
            data: { [CHECK_MIME]: { name: "ratio", value: 0.5, condition: { within: [0.9, 1.1] }, passed: false } },
            metadata: {},
          },
        ],
      },
    ],
  };
}

describe("extractFigures / extractChecks", () => {
  it("finds figures by kazami.kind or a Vega-Lite spec, numbering cells as in the source notebook", () => {
    const figs = extractFigures(executed());
    expect(figs).toHaveLength(2);
    expect(figs[0]).toMatchObject({ index: 1, cell: 3, title: "Vorticity", caption: "t = 1", provenance, svg: "<svg></svg>" });
    expect(figs[0].png?.equals(Buffer.from(PNG_B64, "base64"))).toBe(true);
    expect(figs[1]).toMatchObject({ index: 2, cell: 4, vegaLite: { mark: "line" } });
    expect(figs[1].png).toBeUndefined();
  });

  it("collects every check with value, condition, verdict and provenance", () => {
    expect(extractChecks(executed())).toEqual([
      { name: "rel L2", value: 0.02, condition: { below: 0.03 }, passed: true, cell: 4, provenance },
      { name: "ratio", value: 0.5, condition: { within: [0.9, 1.1] }, passed: false, cell: 4 },
    ]);
    expect(describeCondition({ below: 1e-5 })).toBe("below 0.00001");
    expect(describeCondition({ within: [0.9, 1.1] })).toBe("within [0.9, 1.1]");
  });
});

describe("figure files, manifest and gallery", () => {

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-artifacts-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a spec that cannot be rendered gets no SVG and a warning naming the figure", async () => {
    const warnings: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((m: string) => void warnings.push(m));
    const entries = await writeFigureFiles(dir, "bad", [{ index: 1, cell: 1, vegaLite: { mark: "line" } }]);
    spy.mockRestore();
    expect(entries[0].files.map((f) => f.format)).toEqual(["json"]);
    expect(warnings).toEqual([expect.stringMatching(/^kazami run: \[bad\] figure 1: no SVG written \(plot.render: /)]);
  });

  it("writes png/svg/json per figure with sha256 (SVG rendered from the spec when the bundle has none), and removes stale files of an earlier run", async () => {
    fs.mkdirSync(path.join(dir, "figures", "nb"), { recursive: true });
    fs.writeFileSync(path.join(dir, "figures", "nb", "9.png"), "stale");
    const entries = await writeFigureFiles(dir, "nb", extractFigures(executed()));
    expect(entries[0].files.map((f) => f.path)).toEqual(["figures/nb/1.png", "figures/nb/1.svg", "figures/nb/1.json"]);
    expect(entries[1].files.map((f) => f.format)).toEqual(["svg", "json"]);
    expect(fs.readFileSync(path.join(dir, entries[1].files[0].path), "utf8")).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>$/);
    for (const f of [...entries[0].files, ...entries[1].files]) {
      const bytes = fs.readFileSync(path.join(dir, f.path));
      expect(f.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(f.bytes).toBe(bytes.length);
    }
    expect(JSON.parse(fs.readFileSync(path.join(dir, "figures/nb/1.json"), "utf8"))).toEqual({ mark: "rect" });
    expect(fs.existsSync(path.join(dir, "figures", "nb", "9.png"))).toBe(false);
    expect(fs.readdirSync(path.join(dir, "figures", "nb")).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("merges entries with an existing manifest and renders them all in the gallery", async () => {
    const entry = (status: NotebookEntry["status"]): NotebookEntry => ({
      source: "notebooks/x.ipynb",
      executed: "notebooks/x.ipynb",
      status,
      started: "2025-01-01T00:00:00.000Z",
      durationSeconds: 1.5,
      cells: { total: 3, run: 3 },
      parameters: { scale: "quick" },
      checks: extractChecks(executed()),
      figures: [{ index: 1, cell: 3, title: "Vorticity <b>", caption: "t & 1", files: [{ path: "figures/a/1.png", format: "png", sha256: "0", bytes: 1 }] }],
      provenance: [provenance],
    });
    const file = path.join(dir, "manifest.json");
    const problems: string[] = [];
    expect(await readManifest(file, (p) => problems.push(p))).toBeUndefined();
    await writeManifest(file, mergeManifest(undefined, { b: entry("ok"), a: entry("ok") }, "0.1.0"));
    const merged = mergeManifest(await readManifest(file, (p) => problems.push(p)), { a: entry("check-failed") }, "0.1.0");
    expect(Object.keys(merged.notebooks)).toEqual(["a", "b"]);
    expect(merged.notebooks.a.status).toBe("check-failed");
    expect(merged.notebooks.b.status).toBe("ok");
    fs.writeFileSync(file, "{ truncated");
    expect(await readManifest(file, (p) => problems.push(p))).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not valid JSON/);

    const html = renderGallery(merged);
    expect(html).toContain('<img src="figures/a/1.png" alt="Vorticity &lt;b&gt;"');
    expect(html).toContain("t &amp; 1");
    expect(html).toContain('<tr class="fail"><td>ratio</td><td class="num">0.5</td><td>within [0.9, 1.1]</td><td class="result">FAIL</td>');
    expect(html).toContain('<span class="status bad">check-failed</span>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
