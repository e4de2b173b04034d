import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatasetSpec, loadDataset, locateDataset, registerDataset, unregisterDataset, verifyCache } from "../../src/data";

const CHILD = path.join(__dirname, "fixtures", "builder-child.js");

let cacheDir: string;
beforeAll(() => { cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-cache-test-")); });
afterAll(() => { fs.rmSync(cacheDir, { recursive: true, force: true }); });

let builds = 0;
const tiny: DatasetSpec<{ n: number; m: number }> = {
  name: "test-tiny",
  description: "Test dataset holding every dtype.",
  purpose: "Cache tests.",
  simulator: "none (Rng)",
  version: 1,
  seed: 3,
  scales: { quick: { n: 16, m: 3 }, paper: { n: 64, m: 3 } },
  arrays: (p) => ({
    x: { dtype: "float64", shape: [p.n, p.m], description: "normals" },
    y: { dtype: "float32", shape: [p.n], description: "uniforms" },
    k: { dtype: "int32", shape: [p.n], description: "integers" },
    mask: { dtype: "uint8", shape: [2, p.n / 2], description: "bits" },
  }),
  build(p, ctx) {
    builds++;
    const x = ctx.rng.fillNormal(new Float64Array(p.n * p.m));
    const y = Float32Array.from(ctx.rng.fillUniform(new Float64Array(p.n)));
    const k = Int32Array.from({ length: p.n }, () => ctx.rng.integer(-1000, 1000));
    const mask = Uint8Array.from({ length: p.n }, () => ctx.rng.integer(0, 2));
    ctx.info.note = "built by the test";
    ctx.onProgress(1, 1);
    return { x: { data: x, shape: [p.n, p.m] }, y: { data: y, shape: [p.n] }, k: { data: k, shape: [p.n] }, mask: { data: mask, shape: [2, p.n / 2] } };
  },
};
registerDataset(tiny, { replace: true });

function firstFile(dir: string, suffix: string): string {
  const f = fs.readdirSync(dir).find((n) => n.endsWith(suffix));
  if (f === undefined) throw new Error(`no *${suffix} in ${dir}`);
  return path.join(dir, f);
}

describe("dataset cache", () => {
  it("round-trips every dtype: build, then load from cache with identical arrays and hash", async () => {
    builds = 0;
    const progress: number[] = [];
    const a = await loadDataset("test-tiny", { cacheDir, onProgress: (d) => progress.push(d) });
    expect(a.built).toBe(true);
    expect(progress).toEqual([1]);
    const b = await loadDataset("test-tiny", { cacheDir });
    expect(b.built).toBe(false);
    expect(builds).toBe(1);
    expect(b.manifest.hash).toBe(a.manifest.hash);
    expect(b.manifest.info).toEqual({ note: "built by the test" });
    for (const key of ["x", "y", "k", "mask"]) {
      expect(b.arrays[key].data.constructor).toBe(a.arrays[key].data.constructor);
      expect(Array.from(b.arrays[key].data)).toEqual(Array.from(a.arrays[key].data));
      expect(b.arrays[key].shape).toEqual(a.arrays[key].shape);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(a.directory, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "test-tiny", scale: "quick", seed: 3, parameters: { n: 16, m: 3 } });
    expect(manifest.arrays.x).toMatchObject({ dtype: "float64", shape: [16, 3], bytes: 384 });
    expect(manifest.arrays.x.sha256).toMatch(/^[0-9a-f]{64}$/);
    // No temporary or lock files are left behind.
    expect(fs.readdirSync(path.dirname(a.directory)).filter((n) => /tmp|old|lock/.test(n))).toEqual([]);
  });

  it("seed and scale select separate entries; same seed gives the same data", async () => {
    const s3 = await loadDataset("test-tiny", { cacheDir });
    const s4 = await loadDataset("test-tiny", { cacheDir, seed: 4 });
    const paper = await loadDataset("test-tiny", { cacheDir, scale: "paper" });
    expect(s4.directory).not.toBe(s3.directory);
    expect(s4.manifest.hash).not.toBe(s3.manifest.hash);
    expect(paper.arrays.x.shape).toEqual([64, 3]);
    const again = await loadDataset("test-tiny", { cacheDir, seed: 4, rebuild: true });
    expect(again.built).toBe(true);
    expect(again.manifest.hash).toBe(s4.manifest.hash);
  });

  it("detects a truncated, a corrupted and a missing file, a garbled manifest, and rebuilds each", async () => {
    const damage: Array<[string, (dir: string) => void, RegExp]> = [
      ["truncated", (dir) => fs.truncateSync(firstFile(dir, ".float64.bin"), 100), /has 100 bytes, expected 384 \(truncated/],
      ["bit flip", (dir) => { const f = firstFile(dir, ".float32.bin"); const b = fs.readFileSync(f); b[5] ^= 1; fs.writeFileSync(f, b); }, /sha256 mismatch \(corrupted\)/],
      ["deleted", (dir) => fs.rmSync(firstFile(dir, ".int32.bin")), /k\.int32\.bin: missing/],
      ["manifest", (dir) => fs.writeFileSync(path.join(dir, "manifest.json"), "{ \"format\": 1, \"arr"), /not valid JSON/],
      ["hash", (dir) => {
        const f = path.join(dir, "manifest.json"), m = JSON.parse(fs.readFileSync(f, "utf8"));
        m.arrays.x.shape = [3, 16]; // same size, different shape: content hash no longer matches
        fs.writeFileSync(f, JSON.stringify(m));
      }, /content hash does not match/],
    ];
    const good = await loadDataset("test-tiny", { cacheDir });
    let lost = 0;
    for (const [what, hurt, reason] of damage) {
      hurt(good.directory);
      const logs: string[] = [];
      const ds = await loadDataset("test-tiny", { cacheDir, log: (m) => logs.push(m) });
      expect(ds.built, what).toBe(true);
      expect(logs.join("\n"), what).toMatch(reason);
      expect(ds.manifest.hash, what).toBe(good.manifest.hash);
      const reread = await loadDataset("test-tiny", { cacheDir });
      expect(reread.built, what).toBe(false);
      if (reread.manifest.hash !== good.manifest.hash) lost++;
    }
    console.log(`cache: ${damage.length} kinds of damage tried, all detected and rebuilt; data lost: ${lost}`);
    expect(lost).toBe(0);
  });

  it("verifyCache reports every entry and flags a damaged one", async () => {
    const ds = await loadDataset("test-tiny", { cacheDir });
    expect((await verifyCache({ cacheDir })).every((r) => r.ok)).toBe(true);
    fs.truncateSync(firstFile(ds.directory, ".uint8.bin"), 3);
    const reports = await verifyCache({ cacheDir, names: ["test-tiny"] });
    const bad = reports.filter((r) => !r.ok);
    expect(bad.map((r) => r.directory)).toEqual([ds.directory]);
    expect(bad[0].reason).toMatch(/has 3 bytes, expected 16/);
    await loadDataset("test-tiny", { cacheDir });
    expect((await verifyCache({ cacheDir })).every((r) => r.ok)).toBe(true);
  });

  it("refuses builder output that does not match the declared arrays, and writes nothing", async () => {
    const cases: Array<[(p: { n: number }) => Record<string, { data: Float64Array | Float32Array; shape: number[] }>, RegExp]> = [
      (() => [(p) => ({ v: { data: new Float64Array(p.n), shape: [p.n + 1] } }), /"v" must have shape \[8\], got \[9\]/])(),
      (() => [(p) => ({ v: { data: new Float32Array(p.n), shape: [p.n] } }), /"v" must be float64, got float32/])(),
      (() => [(p) => ({ v: { data: new Float64Array(p.n), shape: [p.n] }, w: { data: new Float64Array(1), shape: [1] } }), /undeclared arrays: w/])(),
      (() => [() => ({}), /lacks the declared array "v"/])(),
      (() => [(p) => ({ v: { data: new Float64Array(p.n).fill(Number.NaN), shape: [p.n] } }), /"v"\[0\] is NaN; datasets must be finite/])(),
    ];
    for (const [build, msg] of cases) {
      registerDataset({
        name: "test-bad", description: "bad builder", purpose: "tests", simulator: "none", version: 1, seed: 0,
        scales: { quick: { n: 8 }, paper: { n: 8 } },
        arrays: (p) => ({ v: { dtype: "float64", shape: [p.n], description: "v" } }),
        build: (p) => build(p) as never,
      }, { replace: true });
      await expect(loadDataset("test-bad", { cacheDir })).rejects.toThrow(msg);
      expect(fs.existsSync(locateDataset("test-bad", { cacheDir }).directory)).toBe(false);
    }
    unregisterDataset("test-bad");
    console.log(`cache: ${cases.length} malformed builder outputs tried, all refused`);
  });
});

function runChild(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout?.on("data", (d) => { out += d; });
  child.stderr?.on("data", (d) => { err += d; });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on("close", (code) => resolve({ code, out, err })));
  return { child, done };
}

describe("concurrent builders", () => {
  it("two processes loading the same missing dataset: one builds, the other waits; the entry is intact", async () => {
    const dir = fs.mkdtempSync(path.join(cacheDir, "race-"));
    const a = runChild([dir, "load", "1000", "2"]), b = runChild([dir, "load", "1000", "2"]);
    const results = await Promise.all([a.done, b.done]);
    for (const r of results) expect(r.code, r.err).toBe(0);
    const parsed = results.map((r) => JSON.parse(r.out.trim()));
    expect(parsed.filter((p) => p.built).length).toBe(1);
    // The builds overlapped: the process that did not build waited on the other's lock.
    const waiter = results[parsed.findIndex((p) => !p.built)];
    expect(waiter.err).toMatch(/waiting for process \d+ that is building it/);
    expect(parsed[0].hash).toBe(parsed[1].hash);
    expect(parsed[0].sum).toBe(parsed[1].sum);
    const report = await verifyCache({ cacheDir: dir });
    expect(report.map((r) => r.ok)).toEqual([true]);
    const leftovers = fs.readdirSync(path.join(dir, "race-fixture")).filter((n) => /tmp|old|lock|stale/.test(n));
    expect(leftovers).toEqual([]);
  });

  it("two processes force-rebuilding at once both succeed and leave one valid entry", async () => {
    const dir = fs.mkdtempSync(path.join(cacheDir, "race-"));
    const first = runChild([dir, "load", "0"]);
    expect((await first.done).code).toBe(0);
    const a = runChild([dir, "rebuild", "400", "2"]), b = runChild([dir, "rebuild", "400", "2"]);
    const results = await Promise.all([a.done, b.done]);
    for (const r of results) expect(r.code, r.err).toBe(0);
    const hashes = results.map((r) => JSON.parse(r.out.trim()).hash);
    expect(hashes[0]).toBe(hashes[1]);
    expect((await verifyCache({ cacheDir: dir })).map((r) => r.ok)).toEqual([true]);
  });

  it("a builder killed mid-build leaves a stale lock that the next load breaks; no partial entry is ever returned", async () => {
    const dir = fs.mkdtempSync(path.join(cacheDir, "race-"));
    const victim = runChild([dir, "load", "20000"]);
    const lockDir = path.join(dir, "race-fixture");
    for (let i = 0; i < 200 && !(fs.existsSync(lockDir) && fs.readdirSync(lockDir).some((n) => n.endsWith(".lock"))); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(fs.readdirSync(lockDir).some((n) => n.endsWith(".lock"))).toBe(true);
    victim.child.kill("SIGKILL");
    await victim.done;
    const survivor = runChild([dir, "load", "0"]);
    const r = await survivor.done;
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out.trim()).built).toBe(true);
    expect((await verifyCache({ cacheDir: dir })).map((x) => x.ok)).toEqual([true]);
  });
});
