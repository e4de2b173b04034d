import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CHECK_MIME, VEGA_LITE_MIME, describeCondition, extractChecks, extractFigures } from "../../src/runner/artifacts";
import { writeFigureFiles } from "../../src/runner/figure-files";
import { renderGallery } from "../../src/runner/gallery";
import { NotebookEntry, mergeManifest, readManifest, writeManifest } from "../../src/runner/manifest";
import { Notebook, Output } from "../../src/runner/notebook";

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
    expect(html).toContain(
      '<tr class="fail"><td>ratio</td><td class="num"></td><td class="num">0.5</td><td>within [0.9, 1.1]</td>' +
        '<td class="control">—</td><td class="num control"></td><td class="num control"></td><td class="result">FAIL</td>',
    );
    expect(html).toContain('<span class="status bad">check-failed</span>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});

/** A notebook whose one code cell has `outputs`. */
function withOutputs(outputs: Output[]): Notebook {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", metadata: {}, source: "", execution_count: 1, outputs }] };
}

describe("checks with a control", () => {
  it("notebook.check's own display bundle, read back by the runner, keeps the control", async () => {
    const { check, resetChecks } = await import("../../src/notebook/check");
    const { installKernelDouble } = await import("../notebook/kernel-double");
    resetChecks();
    const k = installKernelDouble();
    try {
      check("rel L2", 0.0042, { below: 0.03, control: { name: "linear regression", value: 0.071 } });
      check("no control", 1, { above: 0 });
    } finally {
      k.uninstall();
    }
    const nb = withOutputs(k.calls.map((c) => ({ output_type: "display_data" as const, data: c.data!, metadata: c.metadata as Record<string, unknown> })));
    const got = extractChecks(JSON.parse(JSON.stringify(nb)));
    expect(got.map(({ provenance: _, ...c }) => c)).toEqual([
      { name: "rel L2", value: 0.0042, condition: { below: 0.03 }, passed: true, control: { name: "linear regression", value: 0.071 }, cell: 1 },
      { name: "no control", value: 1, condition: { above: 0 }, passed: true, cell: 1 },
    ]);
    expect(got[0].provenance).toBeDefined();
  });

  it("a malformed control or value in a record fails the check with a message", () => {
    const rec = (payload: Record<string, unknown>) => ({ output_type: "display_data" as const, data: { [CHECK_MIME]: payload }, metadata: {} });
    const got = extractChecks(
      withOutputs([
        rec({ name: "a", value: 0.1, condition: { below: 1 }, passed: true, control: { name: "", value: 1 } }),
        rec({ name: "b", value: 0.1, condition: { below: 1 }, passed: true, control: { name: "CNN", value: null } }),
        rec({ name: "c", value: { x: 1 }, condition: { below: 1 }, passed: true }),
        rec({ name: "d", value: "NaN", condition: { below: 1 }, passed: false, message: "value is NaN, not a finite number", control: { name: "CNN", value: 2 } }),
      ]),
    );
    expect(got.map((c) => [c.name, c.passed])).toEqual([["a", false], ["b", false], ["c", false], ["d", false]]);
    expect(got[0].message).toBe('malformed control {"name":"","value":1}: expected { name: non-empty string, value: finite number }');
    expect(got[0]).not.toHaveProperty("control");
    expect(got[1].message).toMatch(/^malformed control .*"value":null/);
    expect(got[2]).toMatchObject({ value: '{"x":1}', message: 'malformed check record: value must be a number or a string, got {"x":1}' });
    expect(got[3]).toMatchObject({ value: "NaN", control: { name: "CNN", value: 2 }, message: "value is NaN, not a finite number" });
  });

  it("the manifest entry and the gallery carry the control: name, value and value / control columns", async () => {
    const checks = extractChecks(
      withOutputs([
        {
          output_type: "display_data",
          data: { [CHECK_MIME]: { name: "rel L2", value: 0.0042, condition: { below: 0.03 }, passed: true, control: { name: "linear <regression>", value: 0.071 } } },
          metadata: {},
        },
      ]),
    );
    const entry: NotebookEntry = {
      notebook: "nb",
      seed: 0,
      source: "nb.ipynb",
      executed: "notebooks/nb.ipynb",
      status: "ok",
      started: "2025-01-01T00:00:00.000Z",
      durationSeconds: 1,
      cells: { total: 1, run: 1 },
      parameters: { seed: 0 },
      checks,
      figures: [],
      provenance: [],
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-control-"));
    try {
      const file = path.join(dir, "manifest.json");
      await writeManifest(file, mergeManifest(undefined, { nb: entry }, "0.1.0"));
      const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(manifest.notebooks.nb.checks[0]).toEqual({
        name: "rel L2",
        value: 0.0042,
        condition: { below: 0.03 },
        passed: true,
        control: { name: "linear <regression>", value: 0.071 },
        cell: 1,
      });
      const html = renderGallery(manifest);
      expect(html).toContain("<th>control</th><th>control value</th><th>value / control</th>");
      expect(html).toContain(
        '<tr class="pass"><td>rel L2</td><td class="num">0</td><td class="num">0.0042</td><td>below 0.03</td>' +
          '<td class="control">linear &lt;regression&gt;</td><td class="num control">0.071</td><td class="num control">0.05915</td><td class="result">pass</td>',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("manifest entries of a --seeds sweep", () => {
  const run = (notebook: string, seed: number | undefined, status: NotebookEntry["status"] = "ok"): NotebookEntry => ({
    notebook,
    ...(seed === undefined ? {} : { seed }),
    source: `${notebook}.ipynb`,
    executed: `notebooks/${notebook}.ipynb`,
    status,
    started: "2025-01-01T00:00:00.000Z",
    durationSeconds: 1,
    cells: { total: 1, run: 1 },
    parameters: seed === undefined ? {} : { seed },
    checks: [{ name: "err", value: 0.01 * (seed ?? 1), condition: { below: 1 }, passed: status === "ok", control: { name: "persistence", value: 0.5 }, cell: 2 }],
    figures: [],
    provenance: [],
  });

  it("a sweep replaces a single run of the same notebook (and vice versa); other notebooks stay; seeds sort numerically", () => {
    const single = mergeManifest(undefined, { a: run("a", 0), b: run("b", 0) }, "0.1.0");
    const keys = ["a.seed2", "a.seed10", "a.seed1"];
    let m = single;
    for (const k of keys) m = mergeManifest(m, { [k]: run("a", Number(k.slice(6))) }, "0.1.0", { a: keys });
    expect(Object.keys(m.notebooks)).toEqual(["a.seed1", "a.seed2", "a.seed10", "b"]);
    // A smaller sweep drops the seeds it did not run; a single run drops the sweep.
    m = mergeManifest(m, { "a.seed1": run("a", 1) }, "0.1.0", { a: ["a.seed1", "a.seed2"] });
    expect(Object.keys(m.notebooks)).toEqual(["a.seed1", "a.seed2", "b"]);
    m = mergeManifest(m, { a: run("a", 4) }, "0.1.0");
    expect(Object.keys(m.notebooks)).toEqual(["a", "b"]);
    // Entries of manifests written before sweeps (no `notebook` field) belong to their key.
    const { notebook: _, ...old } = run("c", 0);
    m = mergeManifest({ ...m, notebooks: { ...m.notebooks, c: old } }, { "c.seed0": run("c", 0), "c.seed1": run("c", 1) }, "0.1.0");
    expect(Object.keys(m.notebooks)).toEqual(["a", "b", "c.seed0", "c.seed1"]);
  });

  it("the gallery groups a sweep under its notebook, a row and a section per seed", () => {
    const m = mergeManifest(undefined, { "a.seed0": run("a", 0), "a.seed1": run("a", 1, "check-failed"), b: run("b", 3) }, "0.1.0");
    const html = renderGallery(m);
    expect(html).toContain("2 notebook(s), 3 runs");
    expect(html).toContain('<tr><td rowspan="2"><a href="#nb-a">a</a></td><td class="num">0</td><td><span class="status ok">ok</span></td>');
    expect(html).toContain('<tr><td class="num">1</td><td><span class="status bad">check-failed</span></td>');
    expect(html).toContain('<h2>a <span class="status bad">1/2 runs ok</span></h2>');
    expect(html).toContain('<h3 id="run-a.seed0">seed 0 <span class="status ok">ok</span></h3>');
    expect(html).toContain('<h3 id="run-a.seed1">seed 1 <span class="status bad">check-failed</span></h3>');
    expect(html.match(/<section id="nb-a">/g)).toHaveLength(1);
    expect(html).toContain('<tr class="fail"><td>err</td><td class="num">1</td><td class="num">0.01</td><td>below 1</td><td class="control">persistence</td>');
    expect(html).toContain('<h2>b <span class="status ok">ok</span></h2>');
    expect(html).not.toContain('id="run-b"');
  });
});

describe("the notebook ↔ runner contract is defined once (src/core/contract)", () => {
  it("notebook, runner, data and core export the same constants, not copies", async () => {
    const contract = await import("../../src/core/contract");
    const core = await import("../../src/core");
    const nb = await import("../../src/notebook");
    const runner = await import("../../src/runner/artifacts");
    const data = await import("../../src/data/types");
    const params = await import("../../src/notebook/parameters");
    expect(contract.CHECK_MIME).toBe("application/vnd.kazami.check+json");
    for (const m of [core, nb, runner]) expect(m.CHECK_MIME).toBe(contract.CHECK_MIME);
    for (const m of [core, nb, runner]) expect(m.VEGA_LITE_MIME).toBe(contract.VEGA_LITE_MIME);
    for (const s of [core.SCALES, nb.SCALES, data.SCALES, params.SCALES]) expect(s).toBe(contract.SCALES);
    expect(contract.SCALES).toEqual(["quick", "paper"]);
    expect(Object.isFrozen(contract.SCALES)).toBe(true);
  });
});
