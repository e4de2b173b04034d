import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/data/command";
import { type DatasetSpec, getDataset, locateDataset, registerDataset, unregisterDataset } from "../../src/data";

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-command-test-"));
afterAll(() => {
  unregisterDataset("test-cli");
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const base: DatasetSpec<{ n: number }> = {
  name: "test-cli",
  description: "CLI test dataset.",
  purpose: "tests",
  simulator: "none (Rng)",
  version: 1,
  seed: 1,
  scales: { quick: { n: 8 }, paper: { n: 16 } },
  arrays: (p) => ({ v: { dtype: "float64", shape: [p.n], description: "uniforms" } }),
  build: (p, ctx) => ({ v: { data: ctx.rng.fillUniform(new Float64Array(p.n)), shape: [p.n] } }),
};

describe("registerDataset", () => {
  it("validates entries and names the offending field", () => {
    const bad: Array<[Partial<DatasetSpec<{ n: number }>>, RegExp]> = [
      [{ name: "Bad_Name" }, /name must match .* \(kebab-case\)/],
      [{ description: "" }, /description must be a non-empty string/],
      [{ purpose: undefined }, /purpose must be a non-empty string/],
      [{ version: 0 }, /version must be an integer ≥ 1, got 0/],
      [{ seed: -1 }, /seed must be an integer in \[0, 2\^53\), got -1/],
      [{ scales: { quick: { n: Number.NaN }, paper: { n: 1 } } }, /scales\.quick must be a plain JSON object/],
      [{ arrays: () => ({ v: { dtype: "float16" as never, shape: [1], description: "v" } }) }, /array "v" has dtype "float16"; expected one of float64, float32, int32, uint8/],
      [{ arrays: () => ({ v: { dtype: "float64", shape: [0], description: "v" } }) }, /array "v" needs a shape of positive integers, got \[0\]/],
      [{ arrays: () => ({ "bad name": { dtype: "float64", shape: [1], description: "v" } }) }, /array name "bad name" must match/],
      [{ build: undefined }, /build and arrays must be functions/],
    ];
    for (const [patch, msg] of bad) expect(() => registerDataset({ ...base, ...patch } as DatasetSpec<{ n: number }>)).toThrow(msg);
    registerDataset(base, { replace: true });
    expect(() => registerDataset(base)).toThrow(/already registered; pass \{ replace: true \}/);
    console.log(`registerDataset: ${bad.length + 1} bad entries tried, all refused`);
  });

  it("unknown names are refused with the list of known datasets", () => {
    expect(() => getDataset("nope")).toThrow(/unknown dataset "nope"; known datasets: .*lbm-vortex-street, .*urban-sr, urban-surrogate/);
    expect(() => locateDataset("urban-sr", { scale: "huge" as never })).toThrow(/scale must be "quick" or "paper", got "huge"/);
    expect(() => locateDataset("urban-sr", { seed: 1.5 })).toThrow(/seed must be an integer in \[0, 2\^53\), got 1.5/);
  });
});

describe("kazami data", () => {
  const out: string[] = [], err: string[] = [];
  afterEach(() => { out.length = 0; err.length = 0; vi.restoreAllMocks(); });
  const capture = () => {
    vi.spyOn(console, "log").mockImplementation((...a) => { out.push(a.join(" ")); });
    vi.spyOn(console, "error").mockImplementation((...a) => { err.push(a.join(" ")); });
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  };

  it("list shows every dataset with sizes", async () => {
    capture();
    expect(await main(["list", "--cache-dir", cacheDir])).toBe(0);
    const text = out.join("\n");
    for (const name of ["urban-surrogate", "urban-sr", "lbm-vortex-street"]) expect(text).toContain(name);
    expect(text).toMatch(/MiB/);
  });

  it("build, verify and rebuild through the CLI", async () => {
    registerDataset(base, { replace: true });
    capture();
    expect(await main(["build", "test-cli", "--cache-dir", cacheDir, "--seed", "7"])).toBe(0);
    expect(out.join("\n")).toMatch(/test-cli: built in .* hash [0-9a-f]{16}/);
    expect(await main(["build", "test-cli", "--cache-dir", cacheDir, "--seed", "7"])).toBe(0);
    expect(out.join("\n")).toMatch(/already cached, verified/);
    expect(await main(["verify", "--cache-dir", cacheDir])).toBe(0);
    const dir = locateDataset("test-cli", { seed: 7, cacheDir }).directory;
    fs.truncateSync(path.join(dir, "v.float64.bin"), 10);
    expect(await main(["verify", "--cache-dir", cacheDir])).toBe(1);
    expect(out.join("\n")).toMatch(/BAD test-cli .* has 10 bytes, expected 64/);
    expect(await main(["verify", "--cache-dir", cacheDir, "--rebuild"])).toBe(0);
    expect(await main(["verify", "--cache-dir", cacheDir])).toBe(0);
  });

  it("usage errors exit with 2 and say what was expected", async () => {
    capture();
    const cases: Array<[string[], RegExp]> = [
      [["build", "nope", "--cache-dir", cacheDir], /unknown dataset "nope"; known datasets: .*urban-surrogate/],
      [["frobnicate"], /unknown subcommand "frobnicate"; expected list, build, verify or card/],
      [[], /missing subcommand/],
      [["build"], /name a dataset/],
      [["build", "urban-sr", "--scale", "huge"], /--scale must be quick or paper, got "huge"/],
      [["build", "urban-sr", "--seed", "-3"], /--seed must be a non-negative integer|Unknown option|ambiguous/],
      [["build", "urban-sr", "--seed", "abc"], /--seed must be a non-negative integer, got "abc"/],
      [["list", "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [argv, msg] of cases) {
      err.length = 0;
      expect(await main(argv), argv.join(" ")).toBe(2);
      expect(err.join("\n"), argv.join(" ")).toMatch(msg);
    }
    vi.restoreAllMocks();
    console.log(`kazami data: ${cases.length} bad command lines tried, all refused with exit code 2`);
  });

  it("card --check passes for the committed cards", async () => {
    capture();
    expect(await main(["card", "urban-surrogate", "urban-sr", "lbm-vortex-street", "--check"])).toBe(0);
    expect(out.filter((l) => l.startsWith("current")).length).toBe(3);
  });
});
