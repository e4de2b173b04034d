// `kazami table`: the README's Markdown table of claims, from a fixture manifest (a single run, a
// three-seed sweep with a failed seed and a check missing from one seed, a run with no checks).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureOutput } from "./capture";
import { Manifest } from "../../src/runner/manifest";
import { manifestTable } from "../../src/runner/table";
import { main } from "../../src/runner/table-command";

const fixture = path.resolve(__dirname, "../fixtures/manifests/sweep.json");
const manifest = JSON.parse(fs.readFileSync(fixture, "utf8")) as Manifest;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-table-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const EXPECTED = [
  "| notebook | check | condition | control | seed 0 | seed 1 | seed 2 | seed 7 | result |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  "| 00-tour | ensemble-mean pointwise variance (1 requested) | within [0.9, 1.1] | — |  |  |  | 1.012 | pass |",
  "| 01-sweep | test relative L2 | below 0.03 | linear regression | 0.0042 / 0.071 | 0.0451 / 0.0698 | 0.0039 / 0.0702 |  | FAIL (seed 1) |",
  "| 01-sweep | speed-up \\| solver | above 10 | solver | 31 / 1 | 29.5 / 1 | — |  | FAIL (seed 2 not run) |",
  "| 02-broken | (no checks) | — | — | cell-error |  |  |  | FAIL |",
  "",
].join("\n");

/** Calls main(argv) capturing stdout and stderr. */
const run = (argv: string[]) => captureOutput(main, argv);

describe("manifestTable", () => {
  it("one row per notebook check, `value / control` per seed column, pass/fail naming the seeds", () => {
    expect(manifestTable(manifest)).toBe(EXPECTED);
  });

  it("is deterministic: the manifest's write time and key order do not change it", () => {
    const shuffled: Manifest = { ...manifest, updated: "2030-01-01T00:00:00.000Z", notebooks: Object.fromEntries(Object.entries(manifest.notebooks).reverse()) };
    // Key order is the manifest's (mergeManifest sorts it); reversing reverses notebooks, not seeds within a row.
    const lines = manifestTable(shuffled).split("\n");
    expect(lines[0]).toBe(EXPECTED.split("\n")[0]);
    expect(new Set(lines)).toEqual(new Set(EXPECTED.split("\n")));
    expect(manifestTable({ ...manifest, updated: "2030-01-01T00:00:00.000Z" })).toBe(EXPECTED);
  });

  it("a manifest of single runs without seeds gets one column named run", () => {
    const { seed: _, ...noSeed } = manifest.notebooks["00-tour"];
    expect(manifestTable({ ...manifest, notebooks: { "00-tour": noSeed } })).toBe(
      [
        "| notebook | check | condition | control | run | result |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 00-tour | ensemble-mean pointwise variance (1 requested) | within [0.9, 1.1] | — | 1.012 | pass |",
        "",
      ].join("\n"),
    );
  });
});

describe("kazami table", () => {
  it("prints the table of the given manifest on stdout", async () => {
    const { code, stdout, stderr } = await run([fixture]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(EXPECTED);
  });

  it("refuses a missing or broken manifest and extra arguments, exit code 2, one line", async () => {
    const missing = await run([path.join(tmp, "none.json")]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: `kazami table: ${path.join(tmp, "none.json")}: no such manifest (run \`kazami run\` first)\n` });
    const broken = path.join(tmp, "broken.json");
    fs.writeFileSync(broken, "{ not json");
    const bad = await run([broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^kazami table: ${broken} is not valid JSON \\(.*\\)\\n$`));
    expect((await run([fixture, fixture])).stderr).toMatch(/^kazami table: expected one manifest, got 2/);
    expect((await run(["--wide"])).code).toBe(2);
    expect((await run(["--help"])).stdout).toMatch(/^usage: kazami table \[MANIFEST\]/);
  });
});

describe("condition wording", () => {
  it("bounds computed in a notebook print with 6 significant digits", async () => {
    const { describeCondition } = await import("../../src/runner/artifacts");
    expect(describeCondition({ within: [0.9056 * 0.98, 0.9056 * 1.02] })).toBe("within [0.887488, 0.923712]");
    expect(describeCondition({ below: 1e-10 })).toBe("below 1e-10");
    expect(describeCondition({ above: 10 })).toBe("above 10");
  });
});
