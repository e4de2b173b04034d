/**
 * A runtime error names the line the user typed: frames in a cell read `Cell In[n], line L,
 * column C` (through the compiled cell's source maps, shorthand expansion and top-level await
 * included), the innermost one is shown with its source line, and frames inside the library name
 * `src/…ts` lines. The runner's report names the cell line too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuilt, ROOT, TestKernel, tempDir } from "./harness";

const content = (ex: Awaited<ReturnType<TestKernel["execute"]>>) => ex.reply.content as { status: string; ename: string; evalue: string; traceback: string[] };

describe("tracebacks at cell lines", () => {
  let k: TestKernel;
  const cwd = tempDir("tb");
  beforeAll(async () => {
    requireBuilt();
    k = await TestKernel.start({ cwd });
  }, 60_000);
  afterAll(async () => {
    await k.stop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it("an error three lines down a cell names that line and column, with its source", async () => {
    const ex = await k.execute('const a: number = 1;\nconst b = { a };\nif (b.a === 1) throw new RangeError("three lines down");');
    const c = content(ex);
    expect(c).toMatchObject({ status: "error", ename: "RangeError", evalue: "three lines down" });
    const tb = c.traceback.join("\n");
    expect(tb).toMatch(/Cell In\[\d+\], line 3, column 22/);
    expect(tb).toContain('--> 3 | if (b.a === 1) throw new RangeError("three lines down");');
    expect(tb).not.toMatch(/\bIn\[\d+\]:\d+:\d+/); // no frame left in compiled-JavaScript coordinates
    const iopub = TestKernel.of(ex, "error")[0]?.content as { traceback: string[] } | undefined;
    expect(iopub?.traceback.join("\n")).toMatch(/Cell In\[\d+\], line 3/);
  });

  it("maps a function defined in one cell and called from the next (top-level await in between)", async () => {
    await k.execute("function failing(x: number): number {\n  // a comment line\n  if (x > 1) {\n    throw new Error(`x = ${x} is too large`);\n  }\n  return x;\n}");
    const ex = await k.execute("await new Promise((r) => setTimeout(r, 1));\nconst y: number = 2;\nfailing(y);");
    const tb = content(ex).traceback.join("\n");
    expect(tb).toMatch(/at failing \(Cell In\[\d+\], line 4, column 11\)/);
    expect(tb).toMatch(/Cell In\[\d+\], line 3, column 1/);
  });

  it("frames inside the library name src/…ts lines", async () => {
    const ex = await k.execute('import { nn } from "kazami";\nconst width = -3;\nnew nn.layers.Linear({ inFeatures: width, outFeatures: 2 });');
    const c = content(ex);
    expect(c.status).toBe("error");
    const tb = c.traceback.join("\n");
    expect(tb).toMatch(/src[\\/]nn[\\/]layers[\\/]linear\.ts:\d+:\d+/);
    expect(tb).toMatch(/Cell In\[\d+\], line 3, column \d+/);
  });
});

describe("the runner's report", () => {
  it("names the failing cell's line", async () => {
    requireBuilt();
    const dir = tempDir("tb-run");
    try {
      const nb = { cells: [{ cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs: [], source: ["const n = 2;\n", "const m = n * 2;\n", 'throw new Error("bad " + m);'] }],
        metadata: { kernelspec: { name: "kazami", display_name: "TypeScript (Kazami)", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 };
      fs.writeFileSync(path.join(dir, "fail.ipynb"), JSON.stringify(nb));
      const { spawnSync } = await import("node:child_process");
      const r = spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), "run", path.join(dir, "fail.ipynb"), "--out", path.join(dir, "out")], { encoding: "utf8", timeout: 120_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/Error: bad 4 \(Cell In\[1\], line 3, column 7\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
