// The tour through the runner with a seed other than the default: the claim's check must hold for
// other seeds too, figures are written as PNG/SVG/JSON with hashes, and the parameters injected.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { runCaptured } from "./capture";

const root = path.resolve(__dirname, "../..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-tour-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe("kazami run notebooks/00-tour.ipynb", () => {
  it("runs at quick scale with seed 7: every cell, every check, figures on disk", async () => {
    expect(fs.existsSync(path.join(root, "dist", "cli.js")), "run `npm run build` first: the kernel runs dist/").toBe(true);
    const source = path.join(root, "notebooks", "00-tour.ipynb");
    const { code, lines } = await runCaptured([source, "--scale", "quick", "-p", "seed=7", "--out", out]);
    expect(code, lines.join("\n")).toBe(0);
    const entry = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).notebooks["00-tour"];
    expect(entry.status).toBe("ok");
    expect(entry.parameters).toMatchObject({ scale: "quick", seed: 7 });
    expect(entry.cells.run).toBe(entry.cells.total);
    expect(entry.checks.length).toBeGreaterThan(0);
    for (const c of entry.checks) expect(c.passed, `${c.name} = ${c.value}`).toBe(true);
    expect(entry.figures.length).toBeGreaterThan(0);
    for (const fig of entry.figures) {
      const formats = fig.files.map((f: { format: string }) => f.format);
      expect(formats).toContain("png");
      expect(formats).toContain("json");
      expect(fig.provenance).toMatchObject({ seed: 7 });
      for (const f of fig.files) {
        const bytes = fs.readFileSync(path.join(out, f.path));
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256);
      }
    }
    const nb = JSON.parse(fs.readFileSync(path.join(out, "notebooks", "00-tour.ipynb"), "utf8"));
    const injected = nb.cells.find((c: { metadata: { tags?: string[] } }) => c.metadata.tags?.includes("injected-parameters"));
    expect([].concat(injected.source).join("")).toBe('// Parameters\nscale = "quick";\nseed = 7;');
    expect(fs.readFileSync(path.join(out, "index.html"), "utf8")).toContain(`src="${entry.figures[0].files[0].path}"`);
  });
});
