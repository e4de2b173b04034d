// `kazami run --seeds`: parsing the list, then a real sweep with the Kazami kernel (built dist/,
// found through JUPYTER_PATH=<repo>) of a fixture notebook whose figure and check depend on the
// injected seed: one kernel per seed, --jobs 2 across them, one manifest, per-seed output paths,
// the gallery grouping the seeds; then a single-seed --seeds run that returns to today's paths.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SEEDS, UsageError, parseRunArgs, parseSeeds } from "../../src/runner/args";
import { runCaptured } from "./capture";

const root = path.resolve(__dirname, "../..");
const source = path.join(root, "test/fixtures/notebooks/seeds.ipynb");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-seeds-"));
let savedJupyterPath: string | undefined;
const readJson = (rel: string): any => JSON.parse(fs.readFileSync(path.join(out, rel), "utf8"));
const text = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);

beforeAll(() => {
  savedJupyterPath = process.env.JUPYTER_PATH;
  process.env.JUPYTER_PATH = root;
});
afterAll(() => {
  if (savedJupyterPath === undefined) delete process.env.JUPYTER_PATH;
  else process.env.JUPYTER_PATH = savedJupyterPath;
  fs.rmSync(out, { recursive: true, force: true });
});

describe("parseSeeds", () => {
  it.each([
    ["0,1,2", [0, 1, 2]],
    ["0..4", [0, 1, 2, 3, 4]],
    ["3", [3]],
    ["7..7", [7]],
    ["0..2,10, 5", [0, 1, 2, 10, 5]],
  ])("%s → %j", (list, seeds) => {
    expect(parseSeeds(list)).toEqual(seeds);
  });

  it.each([
    ["", /--seeds expects non-negative integers or ranges a\.\.b separated by commas \(e\.g\. 0,1,2 or 0\.\.9\), got an empty list/],
    ["0,,1", /got an empty item in "0,,1"/],
    ["0,1,", /got an empty item/],
    ["a", /got "a" in "a"/],
    ["-1", /got "-1"/],
    ["1.5", /got "1\.5"/],
    ["0-9", /got "0-9"/],
    ["0...9", /got "0\.\.\.9"/],
    ["3..1", /range "3\.\.1" runs backwards; write 1\.\.3/],
    ["0,1,0", /lists seed 0 more than once in "0,1,0"/],
    ["0..3,2", /lists seed 2 more than once/],
    ["99999999999999999999", /beyond the largest safe integer/],
    [`0..${MAX_SEEDS}`, new RegExp(`asks for more than ${MAX_SEEDS} runs per notebook`)],
  ])("refuses %j", (list, message) => {
    expect(() => parseSeeds(list)).toThrow(UsageError);
    expect(() => parseSeeds(list)).toThrow(message);
  });

  it("parseRunArgs: --seeds into options; refused with -p seed=…, or given twice", () => {
    expect(parseRunArgs(["a.ipynb", "--seeds", "0..2", "--scale", "quick"])).toMatchObject({ seeds: [0, 1, 2], parameters: [["scale", "quick"]] });
    expect(parseRunArgs(["a.ipynb"])).not.toHaveProperty("seeds");
    expect(() => parseRunArgs(["a.ipynb", "--seeds", "0,1", "-p", "seed=3"])).toThrow(
      "--seeds 0,1 and -p seed=3 both set the seed; use --seeds alone (it runs one kernel per seed)",
    );
    expect(() => parseRunArgs(["a.ipynb", "--seeds", "0", "--seeds", "1"])).toThrow(/--seeds given 2 times \(0 and 1\); give one list/);
    expect(() => parseRunArgs(["a.ipynb", "--seeds"])).toThrow(UsageError);
  });
});

describe("kazami run --seeds with the Kazami kernel", () => {
  it("--seeds 0,1 --jobs 2: one run per seed into one manifest, per-seed paths, seeds injected", async () => {
    expect(fs.existsSync(path.join(root, "dist", "cli.js")), "run `npm run build` first: the kernel runs dist/").toBe(true);
    const { code, lines } = await runCaptured([source, "--seeds", "0,1", "--scale", "quick", "--jobs", "2", "--out", out]);
    expect(code, lines.join("\n")).toBe(0);
    expect(lines[0]).toMatch(/^kazami run: 1 notebook\(s\) × 2 seed\(s\) = 2 run\(s\), 2 at a time, kernel kazami/);
    expect(lines).toContainEqual(expect.stringMatching(/\[seeds\.seed0\] ok in \d+\.\d s: 4\/4 cells, 1 figures, 1\/1 checks passed/));
    expect(lines).toContainEqual(expect.stringMatching(/\[seeds\.seed1\] ok in /));
    expect(lines.at(-1)).toMatch(/^kazami run: 2\/2 run\(s\) ok; wrote /);

    const manifest = readJson("manifest.json");
    expect(Object.keys(manifest.notebooks)).toEqual(["seeds.seed0", "seeds.seed1"]);
    for (const seed of [0, 1]) {
      const e = manifest.notebooks[`seeds.seed${seed}`];
      expect(e).toMatchObject({
        notebook: "seeds",
        seed,
        source,
        executed: `notebooks/seeds.seed${seed}.ipynb`,
        status: "ok",
        parameters: { scale: "quick", seed },
        checks: [{ name: "error", value: 0.01 * (seed + 1), condition: { below: 0.1 }, passed: true, control: { name: "persistence", value: 0.5 }, cell: 4 }],
      });
      expect(e.figures[0].files.map((f: any) => f.path)).toEqual([`figures/seeds/seed${seed}/1.svg`, `figures/seeds/seed${seed}/1.json`]);
      expect(fs.readFileSync(path.join(out, e.figures[0].files[0].path), "utf8")).toContain(`width="${seed + 1}"`);
      // The executed notebook of this seed: its own injected cell, and the outputs of that seed.
      const nb = readJson(e.executed);
      const injected = nb.cells.find((c: any) => (c.metadata.tags ?? []).includes("injected-parameters"));
      expect(text(injected.source)).toBe(`// Parameters\nscale = "quick";\nseed = ${seed};`);
      expect(text(nb.cells[3].outputs[0].text)).toBe(`seed ${seed}\n`);
      expect(nb.metadata.kazami.run.parameters).toEqual({ scale: "quick", seed });
    }
    expect(fs.existsSync(path.join(out, "notebooks", "seeds.ipynb"))).toBe(false);
    expect(fs.existsSync(path.join(out, "figures", "seeds", "1.svg"))).toBe(false);

    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    expect(html.match(/<section id="nb-seeds">/g)).toHaveLength(1);
    expect(html).toContain('<td rowspan="2"><a href="#nb-seeds">seeds</a></td>');
    for (const seed of [0, 1]) {
      expect(html).toContain(`<h3 id="run-seeds.seed${seed}">seed ${seed} <span class="status ok">ok</span></h3>`);
      expect(html).toContain(`<img src="figures/seeds/seed${seed}/1.svg"`);
      expect(html).toContain(`<td>error</td><td class="num">${seed}</td><td class="num">${0.01 * (seed + 1)}</td><td>below 0.1</td><td class="control">persistence</td>`);
    }
  });

  it("--seeds with one seed is a single run: today's paths, and it replaces the sweep's entries", async () => {
    const { code, lines } = await runCaptured([source, "--seeds", "3", "--out", out]);
    expect(code, lines.join("\n")).toBe(0);
    expect(lines).toContainEqual(expect.stringMatching(/\[seeds\] ok in /));
    const manifest = readJson("manifest.json");
    expect(Object.keys(manifest.notebooks)).toEqual(["seeds"]);
    expect(manifest.notebooks.seeds).toMatchObject({ notebook: "seeds", seed: 3, executed: "notebooks/seeds.ipynb", parameters: { seed: 3 } });
    expect(manifest.notebooks.seeds.figures[0].files[0].path).toBe("figures/seeds/1.svg");
    expect(text(readJson("notebooks/seeds.ipynb").cells[3].outputs[0].text)).toBe("seed 3\n");
  });
});
