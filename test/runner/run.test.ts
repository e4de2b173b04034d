// The runner end to end with the Kazami kernel (built dist/, found through JUPYTER_PATH=<repo>):
// outputs of every kind, parameters, figures, manifest and gallery; then a deliberately failing
// set (an error cell, a failed check, a cell timeout, a kernel that kills itself) run two at a
// time, checking exit code, messages, written notebooks and manifest entries.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCaptured } from "./capture";

const root = path.resolve(__dirname, "../..");
const fixtures = path.join(root, "test/fixtures/notebooks");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-run-"));
let savedJupyterPath: string | undefined;

function readJson(rel: string): any {
  return JSON.parse(fs.readFileSync(path.join(out, rel), "utf8"));
}
const text = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);

beforeAll(() => {
  expect(fs.existsSync(path.join(root, "dist", "cli.js")), "run `npm run build` first: the kernel runs dist/").toBe(true);
  savedJupyterPath = process.env.JUPYTER_PATH;
  process.env.JUPYTER_PATH = root;
});
afterAll(() => {
  if (savedJupyterPath === undefined) delete process.env.JUPYTER_PATH;
  else process.env.JUPYTER_PATH = savedJupyterPath;
  fs.rmSync(out, { recursive: true, force: true });
});

describe("kazami run with the Kazami kernel", () => {
  it("executes a notebook with every kind of output and injected parameters", async () => {
    const source = path.join(fixtures, "outputs.ipynb");
    const { code, lines } = await runCaptured([source, "--scale", "quick", "-p", "seed=5", "-p", "label=hello world", "--out", out]);
    expect(code, lines.join("\n")).toBe(0);
    expect(lines.some((l) => /\[outputs\] cell 1\/8 \(cell 2\) elapsed \d+\.\d s/.test(l))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/\[outputs\] ok in \d+\.\d s: 8\/8 cells, 1 figures, 1\/1 checks passed/));

    const nb = readJson("notebooks/outputs.ipynb");
    const cells = nb.cells;
    expect(cells[1].metadata.tags).toEqual(["parameters"]);
    expect(cells[2].metadata.tags).toEqual(["injected-parameters"]);
    expect(text(cells[2].source)).toBe('// Parameters\nscale = "quick";\nseed = 5;\nlabel = "hello world";');
    expect(nb.metadata.kazami.run).toMatchObject({ status: "ok", parameters: { scale: "quick", seed: 5, label: "hello world" } });
    // Streams: consecutive stdout merged, stderr apart.
    const streams = cells[3].outputs.map((o: any) => [o.name, text(o.text)]);
    expect(streams).toEqual([
      ["stdout", "scale quick seed 5 label hello world\nsecond line\n"],
      ["stderr", "to stderr\n"],
    ]);
    // The figure bundle, with JSON kept as an object and metadata as sent.
    const fig = cells[4].outputs[0];
    expect(fig.output_type).toBe("display_data");
    expect(fig.data["application/vnd.vegalite.v5+json"]).toEqual({ mark: "point", data: { values: [{ x: 5 }] } });
    expect(fig.metadata.kazami).toMatchObject({ kind: "figure", title: "A dot", caption: "seed 5" });
    // update_display_data replaced the progress display in place; no extra outputs.
    expect(cells[5].outputs).toHaveLength(1);
    expect(text(cells[5].outputs[0].data["text/plain"])).toBe("progress 100%");
    // clear_output(wait=true) cleared just before the next output.
    expect(cells[6].outputs.map((o: any) => text(o.text))).toEqual(["after clear\n"]);
    // Blank cell skipped; last expression is an execute_result with the execution count.
    expect(cells[7].outputs).toEqual([]);
    expect(cells[7].execution_count).toBeNull();
    const last = cells[9].outputs[0];
    expect(last).toMatchObject({ output_type: "execute_result", execution_count: cells[9].execution_count });
    expect(text(last.data["text/plain"])).toBe("42");
    expect(cells[9].metadata.execution["shell.execute_reply"]).toMatch(/^\d{4}-\d\d-\d\dT/);

    const entry = readJson("manifest.json").notebooks.outputs;
    expect(entry).toMatchObject({
      source,
      executed: "notebooks/outputs.ipynb",
      status: "ok",
      cells: { total: 8, run: 8 },
      parameters: { scale: "quick", seed: 5, label: "hello world" },
      kernel: { name: "kazami" },
      checks: [{ name: "seed is small", value: 5, condition: { below: 100 }, passed: true, cell: 8 }],
    });
    expect(entry.failure).toBeUndefined();
    expect(entry.figures).toHaveLength(1);
    expect(entry.figures[0]).toMatchObject({ index: 1, cell: 4, title: "A dot", caption: "seed 5", provenance: { seed: 5, backend: "none" } });
    expect(entry.figures[0].files.map((f: any) => f.path)).toEqual(["figures/outputs/1.png", "figures/outputs/1.svg", "figures/outputs/1.json"]);
    for (const f of entry.figures[0].files) {
      const bytes = fs.readFileSync(path.join(out, f.path));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
    }
    expect(fs.readFileSync(path.join(out, "figures/outputs/1.png")).subarray(1, 4).toString()).toBe("PNG");
    expect(entry.provenance).toEqual([{ seed: 5, backend: "none" }]);
    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    expect(html).toContain('<img src="figures/outputs/1.png"');
    expect(html).toContain("seed is small");
  });

  it("fails clearly on an error cell, a failed check, a timeout and a dying kernel, keeping what ran", async () => {
    const names = ["error", "failed-check", "timeout", "kernel-dies"];
    const sources = names.map((n) => path.join(fixtures, `${n}.ipynb`));
    const { code, lines } = await runCaptured([...sources, "--jobs", "2", "--timeout", "25", "--out", out]);
    expect(code, lines.join("\n")).toBe(1);
    const failed = lines.filter((l) => l.includes("FAILED"));
    // A cell that SIGKILLs its own process: the Kazami kernel runs cells in an engine process it
    // supervises, so it survives and reports the engine's death as the cell's error; a kernel
    // without that split dies, which the runner reports itself. Either way: this cell, SIGKILL.
    expect(failed.pop()).toMatch(new RegExp(`^kazami run: FAILED ${sources[3]}: cell 3: .*SIGKILL`));
    expect(failed).toEqual([
      `kazami run: FAILED ${sources[0]}: cell 3: RangeError: deliberate failure for the runner test (Cell In[3], line 2, column 9)`, // where, in the cell as typed
      `kazami run: FAILED ${sources[1]}: cell 3: check "energy ratio" failed: value 0.5, expected within [0.9, 1.1]`,
      `kazami run: FAILED ${sources[2]}: cell 2: timed out after 25 s`,
    ]);

    const manifest = readJson("manifest.json");
    expect(Object.keys(manifest.notebooks)).toEqual(["error", "failed-check", "kernel-dies", "outputs", "timeout"]); // merged
    const m = manifest.notebooks;
    expect(m.outputs.status).toBe("ok");
    expect(m.error).toMatchObject({ status: "cell-error", failure: { cell: 3 }, cells: { total: 4, run: 2 } });
    expect(m["failed-check"]).toMatchObject({ status: "check-failed", cells: { total: 4, run: 4 } });
    expect(m["failed-check"].checks.map((c: any) => [c.name, c.passed, c.cell])).toEqual([
      ["relative L2", true, 2],
      ["energy ratio", false, 3],
    ]);
    expect(m.timeout).toMatchObject({ status: "timeout", failure: { cell: 2, reason: "timed out after 25 s" }, cells: { total: 3, run: 1 } });
    expect(m["kernel-dies"]).toMatchObject({ failure: { cell: 3 }, cells: { total: 4, run: 2 } });
    expect(["cell-error", "kernel-died"]).toContain(m["kernel-dies"].status);

    // The written notebooks keep the outputs so far and are marked.
    const err = readJson("notebooks/error.ipynb");
    const errCells = err.cells.filter((c: any) => !(c.metadata.tags ?? []).includes("kazami-run-status"));
    expect(text(errCells[1].outputs[0].text)).toBe("before the error\n");
    expect(errCells[2].outputs.find((o: any) => o.output_type === "error")).toMatchObject({ ename: "RangeError", evalue: "deliberate failure for the runner test" });
    expect(errCells[3].outputs).toEqual([]);
    expect(err.metadata.kazami.run.status).toBe("cell-error");
    expect(err.cells[0].metadata.tags).toEqual(["kazami-run-status"]);

    const timeout = readJson("notebooks/timeout.ipynb");
    expect(timeout.metadata.kazami.run.status).toBe("timeout");
    expect(text(timeout.cells[0].source)).toContain("Kazami run timeout</b> at cell 2");
    const slow = timeout.cells[2];
    expect(text(slow.outputs[0].text)).toBe("waiting\n");
    expect(slow.outputs.at(-1)).toMatchObject({ output_type: "error", ename: "CellTimeoutError" });

    const died = readJson("notebooks/kernel-dies.ipynb");
    const dying = died.cells[3];
    expect(text(dying.outputs[0].text)).toBe("about to die\n");
    expect(dying.outputs.at(-1)).toMatchObject({ output_type: "error" });
    expect(dying.outputs.at(-1).evalue).toContain("SIGKILL");
    expect(died.cells[4].outputs).toEqual([]);

    // Every written notebook, partial ones included, is valid nbformat 4 (Jupyter's own validator).
    const validate = spawnSync(
      "/usr/bin/python3",
      ["-c", "import nbformat, sys\nfor f in sys.argv[1:]: nbformat.validate(nbformat.read(f, as_version=4))", ...fs.readdirSync(path.join(out, "notebooks")).map((f) => path.join(out, "notebooks", f))],
      { encoding: "utf8" },
    );
    expect(validate.status, validate.stderr).toBe(0);

    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    for (const s of ["cell-error", "check-failed", "timeout"]) expect(html).toContain(`<span class="status bad">${s}</span>`);
  });

  it("reports a kernel process that dies mid-cell, naming the cell and keeping its outputs", async () => {
    const source = path.join(fixtures, "timeout.ipynb");
    let killed: number | undefined;
    const { code, lines } = await runCaptured([source, "--out", path.join(out, "died")], (line) => {
      const pid = /\[timeout\] kernel kazami started \(pid (\d+)\)/.exec(line);
      if (pid) killed = Number(pid[1]);
      if (line.includes("[timeout] cell 2/3") && killed !== undefined) setTimeout(() => process.kill(killed as number, "SIGKILL"), 1500);
    });
    expect(code, lines.join("\n")).toBe(1);
    expect(lines.filter((l) => l.includes("FAILED"))).toEqual([
      `kazami run: FAILED ${source}: cell 2: kernel died (killed by SIGKILL) while running this cell`,
    ]);
    const nb = JSON.parse(fs.readFileSync(path.join(out, "died", "notebooks", "timeout.ipynb"), "utf8"));
    expect(nb.metadata.kazami.run).toMatchObject({ status: "kernel-died", failure: { cell: 2 } });
    const cell = nb.cells[2];
    expect(text(cell.outputs[0].text)).toBe("waiting\n");
    expect(cell.outputs.at(-1)).toMatchObject({ output_type: "error", ename: "DeadKernelError" });
    expect(nb.cells[3].outputs).toEqual([]);
  });
});
