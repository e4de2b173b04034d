// `kazami verify`: references built from synthetic seed sweeps (--update: tolerance from the spread,
// floors, errors, merging), then runs compared with them — within tolerance → 0, drift → 1, a
// missing check or notebook → 2, timing checks by their condition, figure data drift, verify.html.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureOutput } from "./capture";
import { Manifest, NotebookEntry } from "../../src/runner/manifest";
import { ManifestCheck } from "../../src/runner/artifacts";
import { PROFILE_BINS, specSeries, summarizeSeries } from "../../src/runner/figure-data";
import { FLOAT32_EPS, ReferenceFile, SweepRun, buildReference, isTimingLabel, matchChecks } from "../../src/runner/reference";
import { main } from "../../src/runner/verify-command";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-verify-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A line-chart spec: x grid, y = a·sin(x) + b, a legend label per point. */
function lineSpec(a: number, b: number, n = 40): unknown {
  const rows = Array.from({ length: n }, (_, i) => ({ x: i / 4, y: +(a * Math.sin(i / 4) + b).toPrecision(5), series: "model" }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    layer: [{ data: { values: rows }, mark: "line", encoding: { x: { field: "x", title: "x (m)" }, y: { field: "y", title: "u (m/s)" }, color: { field: "series" } } }],
  };
}

interface Spec {
  notebook: string;
  seed: number;
  checks: Array<{ name: string; value: number; below?: number; above?: number; control?: number }>;
  /** Figure specs (index = position + 1). */
  figures?: unknown[];
  status?: NotebookEntry["status"];
  /** null: a notebook that never starts tfjs (no backend in its provenance). */
  backend?: string | null;
  simd?: boolean;
  parameters?: Record<string, string | number>;
}

function entryOf(s: Spec, dir: string): NotebookEntry {
  const prov = { seed: s.seed, ...(s.backend === null ? {} : { backend: { name: s.backend ?? "wasm", wasmSimd: s.simd ?? true } }), git: { commit: "abc1234def", dirty: false } };
  const checks: ManifestCheck[] = s.checks.map((c) => {
    const condition = c.below !== undefined ? { below: c.below } : { above: c.above as number };
    const passed = c.below !== undefined ? c.value < c.below : c.value > (c.above as number);
    return { name: c.name, value: c.value, condition, passed, cell: 3, ...(c.control === undefined ? {} : { control: { name: "baseline", value: c.control } }), provenance: prov };
  });
  const figures = (s.figures ?? []).map((spec, i) => {
    const rel = `figures/${s.notebook}/seed${s.seed}/${i + 1}.json`;
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), JSON.stringify(spec));
    return { index: i + 1, cell: 4, title: `figure ${i + 1}`, files: [{ path: rel, format: "json" as const, sha256: "x", bytes: 1 }] };
  });
  return {
    notebook: s.notebook,
    seed: s.seed,
    source: `notebooks/${s.notebook}.ipynb`,
    executed: `notebooks/${s.notebook}.seed${s.seed}.ipynb`,
    status: s.status ?? (checks.every((c) => c.passed) ? "ok" : "check-failed"),
    started: "2026-12-01T00:00:00.000Z",
    durationSeconds: 1,
    cells: { total: 5, run: 5 },
    parameters: { scale: "quick", seed: s.seed, ...(s.parameters ?? {}) },
    checks,
    figures,
    provenance: [prov],
  };
}

/** Writes a run folder with a manifest of the given runs; returns its path. */
function writeRun(name: string, specs: Spec[]): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const notebooks: Record<string, NotebookEntry> = {};
  for (const s of specs) notebooks[specs.filter((x) => x.notebook === s.notebook).length > 1 ? `${s.notebook}.seed${s.seed}` : s.notebook] = entryOf(s, dir);
  const m: Manifest = { kazami: "0.1.0", updated: "2026-12-01T00:00:00.000Z", notebooks };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(m));
  return dir;
}

/** Calls main(argv) capturing stdout and stderr. */
const run = (argv: string[]) => captureOutput(main, argv);

// The sweep: "err" varies over seeds (0.10, 0.12, 0.09: spread 0.03 → tolerance 0.09), "equivariance"
// is exactly 0 for every seed (float32 floor), "speed-up" is a timing check, one figure.
const SWEEP_CHECKS = [
  (err: number, speed: number) => [
    { name: "test error / baseline", value: err, below: 0.5, control: 0.8 + err / 10 },
    { name: "equivariance error", value: 0, below: 1e-5 },
    { name: "speed-up over the solver", value: speed, above: 10, control: 1 },
  ],
];
const sweepSpecs = (notebook: string): Spec[] => [
  { notebook, seed: 0, checks: SWEEP_CHECKS[0](0.1, 30), figures: [lineSpec(1, 0)] },
  { notebook, seed: 1, checks: SWEEP_CHECKS[0](0.12, 25), figures: [lineSpec(1.05, 0.01)] },
  { notebook, seed: 2, checks: SWEEP_CHECKS[0](0.09, 41), figures: [lineSpec(0.97, -0.01)] },
];
const refDir = path.join(tmp, "reference");

describe("figure data", () => {
  it("splits every inline data set into columns, arrays flattened, titles from the encoding", () => {
    const spec = {
      datasets: { extra: [{ k: 1 }, { k: 2 }] },
      hconcat: [lineSpec(1, 0, 8), { data: { values: [{ value: [1, 2, null, 4] }] }, mark: "rect", encoding: { color: { field: "value", title: "T (K)" } } }],
    };
    const s = specSeries(spec);
    expect(s.map((x) => `${x.id}|${x.kind}|${x.title ?? ""}`)).toEqual([
      "datasets.extra:k|number|",
      "hconcat[0].layer[0].data:x|number|x (m)",
      "hconcat[0].layer[0].data:y|number|u (m/s)",
      "hconcat[0].layer[0].data:series|text|",
      "hconcat[1].data:value|number|T (K)",
    ]);
    expect(s[4].values).toEqual([1, 2, null, 4]);
  });

  it("summarises a series: stats over finite entries, block means in order, a hash of the values", () => {
    const values = Array.from({ length: 64 }, (_, i) => (i === 5 ? null : i));
    const sum = summarizeSeries(values);
    expect(sum).toMatchObject({ n: 64, missing: 1, min: 0, max: 63 });
    expect(sum.profile).toHaveLength(PROFILE_BINS);
    expect(sum.profile[0]).toBeCloseTo((0 + 1 + 2 + 3) / 4);
    expect(sum.profile[1]).toBeCloseTo((4 + 6 + 7) / 3);
    expect(summarizeSeries([1, 2, 3]).profile).toEqual([1, 2, 3]);
    expect(summarizeSeries([1, 2, 3]).sha256).not.toBe(summarizeSeries([1, 2, 3.0001]).sha256);
  });
});

describe("reference", () => {
  const runsOf = (specs: Spec[], dir: string): SweepRun[] =>
    specs.map((s) => {
      const entry = entryOf(s, dir);
      return { seed: s.seed, entry, origin: "test", spec: (i: number) => JSON.parse(fs.readFileSync(path.join(dir, entry.figures[i - 1].files[0].path), "utf8")) };
    });

  it("tolerance = 3 × the spread over seeds; equal values get the float32 floor; timing checks are marked", () => {
    const ref = buildReference("nb", runsOf(sweepSpecs("nb"), path.join(tmp, "direct")), "0.1.0");
    expect(ref.seeds).toEqual([0, 1, 2]);
    const [err, eq, speed] = ref.checks;
    expect(err.reference).toBe(0.1);
    expect(err.values).toEqual([0.1, 0.12, 0.09]);
    expect(err.spread).toBeCloseTo(0.03, 12);
    expect(err.tolerance).toBeCloseTo(0.09, 9);
    expect(err.control?.tolerance).toBeCloseTo(0.009, 9);
    expect(eq.tolerance).toBeCloseTo(8 * FLOAT32_EPS, 9);
    expect(speed.kind).toBe("timing");
    expect(err.kind).toBe("value");
    expect(ref.commits).toEqual([{ commit: "abc1234def", dirty: false, seeds: [0, 1, 2] }]);
    const series = ref.figures[0].series;
    expect(series.map((s) => s.id)).toEqual(["layer[0].data:x", "layer[0].data:y", "layer[0].data:series"]);
    const x = series[0];
    if (x.kind === "text") throw new Error("x is numeric");
    expect(x.mean?.[1]).toBeCloseTo(2e-5 * 9.75, 9); // the grid is equal across seeds: the resolution floor
    expect(series[2]).toMatchObject({ kind: "text", stable: true });
  });

  it("refuses one seed, a sweep without seed 0 and a failed run, naming the notebook", () => {
    const dir = path.join(tmp, "bad");
    const specs = sweepSpecs("nb");
    expect(() => buildReference("nb", runsOf(specs.slice(0, 1), dir), "0")).toThrow(/nb: only seed 0 found; .* at least 2 seeds/);
    expect(() => buildReference("nb", runsOf(specs.slice(1), dir), "0")).toThrow(/nb: no run with seed 0 \(found seeds 1, 2\)/);
    expect(() => buildReference("nb", runsOf([specs[0], { ...specs[1], status: "cell-error" }], dir), "0")).toThrow(/nb: the run of seed 1 .* ended cell-error/);
    const failedValue = { ...specs[1], checks: SWEEP_CHECKS[0](0.7, 30) };
    expect(() => buildReference("nb", runsOf([specs[0], failedValue], dir), "0")).toThrow(/nb: the run of seed 1 \(test\) ended check-failed \("test error \/ baseline" = 0.7\)/);
  });

  it("keeps a seed whose only failed check is a timing one (under load), and says so in the file", () => {
    const specs = sweepSpecs("nb");
    const slow = { ...specs[1], checks: SWEEP_CHECKS[0](0.12, 9.9) };
    const ref = buildReference("nb", runsOf([specs[0], slow], path.join(tmp, "slow")), "0");
    expect(ref.notes).toEqual(['seed 1 (test): timing check "speed-up over the solver" = 9.9 failed its condition (above 10); its values kept']);
    expect(ref.checks[2].values).toEqual([30, 9.9]);
  });

  it("names wall-clock checks timing, not physical rates", () => {
    for (const t of ["urban surrogate at 64²: speed-up over the solver at equal tolerances", "FNO vs the spectral solver at the FNO's accuracy: solver time / FNO time", "SR: wall time of the conditional DDPM (100 NFE) / wall time of the bridge (10 NFE)", "wall time (s)", "sampling (ms)"]) {
      expect(isTimingLabel(t), t).toBe(true);
    }
    for (const t of ["Lorenz-63 λ₁ by QR (1/time)", "twin experiments: error growth rate over 2 ≤ t ≤ 15 (1/time)", "double well: correlation of the learned-score FDT response with brute force (0 ≤ t ≤ 20)", "hybrid: 1-unit forecast RMSE / no-closure RMSE", "lead time (model time units)", "ω [1/time]"]) {
      expect(isTimingLabel(t), t).toBe(false);
    }
  });

  it("matches checks by name, then a renamed one by position", () => {
    const c = (name: string): ManifestCheck => ({ name, value: 1, condition: { below: 2 }, passed: true, cell: 1 });
    const ref = [
      { name: "a", occurrence: 0, position: 0 },
      { name: "λ_3 within 1%", occurrence: 0, position: 1 },
      { name: "a", occurrence: 1, position: 2 },
    ];
    expect(matchChecks(ref, [c("a"), c("λ_2 within 1%"), c("a")])).toEqual([
      { index: 0, byPosition: false },
      { index: 1, byPosition: true },
      { index: 2, byPosition: false },
    ]);
    expect(matchChecks(ref, [c("a")])[1]).toEqual({ index: -1, byPosition: false });
  });
});

describe("kazami verify", () => {
  it("--update builds the references and merges: a second update adds a notebook, keeps the first and a hand-set kind", async () => {
    const sweep = writeRun("sweep-a", sweepSpecs("00-a"));
    const r1 = await run(["--update", "--from", sweep, "--against", refDir]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/wrote .*wasm\/00-a\.json: 3 checks \(1 timing\), 1 figures, seeds 0, 1, 2, quick scale, commit abc1234/);
    const file = path.join(refDir, "wasm", "00-a.json");
    const ref = JSON.parse(fs.readFileSync(file, "utf8")) as ReferenceFile;
    ref.checks[1].kind = "timing"; // set by hand: kept by the next update
    fs.writeFileSync(file, JSON.stringify(ref));
    const sweepB = writeRun("sweep-b", [...sweepSpecs("00-a"), ...sweepSpecs("01-b")]);
    const r2 = await run(["--update", "--from", sweepB, "--against", refDir, "--notebook", "01-b"]);
    expect(r2.code, r2.stderr).toBe(0);
    expect(fs.readdirSync(path.join(refDir, "wasm")).sort()).toEqual(["00-a.json", "01-b.json"]);
    const r3 = await run(["--update", "--from", sweepB, "--against", refDir]);
    expect(r3.code, r3.stderr).toBe(0);
    expect((JSON.parse(fs.readFileSync(file, "utf8")) as ReferenceFile).checks[1].kind).toBe("timing");
    fs.rmSync(file); // without a previous file the name decides again
    expect((await run(["--update", "--from", sweepB, "--against", refDir, "--notebook", "00-a"])).code).toBe(0);
    expect((JSON.parse(fs.readFileSync(file, "utf8")) as ReferenceFile).checks[1].kind).toBe("value");
  });

  it("--update refuses a single seed (exit 2, names the notebook), writes the other notebooks", async () => {
    const single = writeRun("single", [sweepSpecs("09-single")[0], ...sweepSpecs("08-fine")]);
    const r = await run(["--update", "--from", single, "--against", path.join(tmp, "ref-single")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/09-single: only seed 0 found; tolerances come from the spread over seeds, so at least 2 seeds are needed/);
    expect(r.stderr).toMatch(/1 notebook\(s\) not written/);
    expect(fs.readdirSync(path.join(tmp, "ref-single", "wasm"))).toEqual(["08-fine.json"]);
  });

  it("a rerun of seed 0 within tolerance exits 0 (timing check with another speed-up, figure data identical)", async () => {
    const dir = writeRun("ok", [
      { notebook: "00-a", seed: 0, checks: SWEEP_CHECKS[0](0.15, 12), figures: [lineSpec(1, 0)] },
      { notebook: "01-b", seed: 0, checks: SWEEP_CHECKS[0](0.1, 30), figures: [lineSpec(1.02, 0)], simd: false },
    ]);
    const r = await run([dir, "--against", refDir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/01-b: reproduced .*\n\s+\(backend wasmSimd: reference true, now false\)/);
    expect(r.stdout).toMatch(/00-a: reproduced/);
    expect(r.stdout).toMatch(/test error \/ baseline\s+0\.1\s+0\.15\s+0\.09\s+within tol\./);
    expect(r.stdout).toMatch(/equivariance error\s+0\s+0\s+9\.54e-7\s+identical/);
    expect(r.stdout).toMatch(/speed-up over the solver\s+30\s+12\s+condition\s+timing: passes/);
    expect(r.stdout).toMatch(/00-a[\s\S]*figure 1: figure 1\s+data\s+identical/);
    expect(r.stdout).toMatch(/01-b[\s\S]*figure 1: figure 1\s+data\s+within tol\./);
    expect(r.stderr).toMatch(/all 2 notebooks reproduce/);
    const html = fs.readFileSync(path.join(dir, "verify.html"), "utf8");
    expect(html).toContain("<td>test error / baseline</td>");
    expect(html).toMatch(/seed 0: 0\.1, seed 1: 0\.12, seed 2: 0\.09/);
  });

  it("a value out of tolerance, a timing check failing its condition, or drifted figure data exits 1; verify.html shows the figure beside its data", async () => {
    const dir = writeRun("drift", [
      { notebook: "00-a", seed: 0, checks: SWEEP_CHECKS[0](0.3, 30), figures: [lineSpec(1, 0)] },
      { notebook: "01-b", seed: 0, checks: SWEEP_CHECKS[0](0.1, 8), figures: [lineSpec(2, 0.5)] },
    ]);
    const r = await run([dir, "--against", refDir]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/test error \/ baseline\s+0\.1\s+0\.3\s+0\.09\s+DRIFT/);
    expect(r.stdout).toMatch(/its control "baseline" drifted/);
    expect(r.stdout).toMatch(/01-b: DRIFT[\s\S]*speed-up over the solver\s+30\s+8\s+condition\s+DRIFT\n\s+timing check fails its condition/);
    expect(r.stdout).toMatch(/layer\[0\]\.data:y \(u \(m\/s\)\) max: 0\.9975 ± 0\.301, now 2\.495/);
    expect(r.stderr).toMatch(/drifted: 00-a, 01-b/);
    const html = fs.readFileSync(path.join(dir, "verify.html"), "utf8");
    expect(html).toMatch(/<div class="side" id="drift-1">/);
    expect(html).toMatch(/<svg class="profile"/);
  });

  it("a missing check or notebook exits 2 and names it; so does another seed or other parameters", async () => {
    const dir = writeRun("missing", [{ notebook: "00-a", seed: 0, checks: SWEEP_CHECKS[0](0.1, 30).slice(0, 2), figures: [lineSpec(1, 0)] }]);
    const r = await run([dir, "--against", refDir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/the run has no check named "speed-up over the solver"/);
    expect(r.stdout).toMatch(/01-b: MISSING\n\s+the run has no notebook 01-b/);
    const only = await run([dir, "--against", refDir, "--notebook", "00-a"]);
    expect(only.code).toBe(2);
    expect(only.stdout).not.toMatch(/01-b/);
    const seed1 = writeRun("seed1", [{ ...sweepSpecs("00-a")[1] }]);
    expect((await run([seed1, "--against", refDir, "--notebook", "00-a"])).stdout).toMatch(/00-a: the run has seeds 1, the reference is seed 0/);
    const params = writeRun("params", [{ ...sweepSpecs("00-a")[0], parameters: { epochs: 3 } }]);
    expect((await run([params, "--against", refDir, "--notebook", "00-a"])).stdout).toMatch(/00-a: the run's parameters \{"scale":"quick","epochs":3\} differ/);
    const other = writeRun("webgl", [{ ...sweepSpecs("00-a")[0], backend: "webgl" }]);
    const o = await run([other, "--against", refDir]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/has no reference for backend webgl \(have: wasm\)/);
  });

  it("a notebook that never starts tfjs is filed under the sweep's backend and verifies on any", async () => {
    const noTf = sweepSpecs("14-plain").map((s) => ({ ...s, backend: null }));
    const against = path.join(tmp, "ref-plain");
    const alone = await run(["--update", "--from", writeRun("plain-alone", noTf), "--against", against]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/14-plain: seed 0's outputs carry no backend provenance .* pass --backend NAME/);
    const u = await run(["--update", "--from", writeRun("plain", [...noTf, ...sweepSpecs("00-a")]), "--against", against]);
    expect(u.code, u.stderr).toBe(0);
    expect(fs.readdirSync(path.join(against, "wasm")).sort()).toEqual(["00-a.json", "14-plain.json"]);
    expect((JSON.parse(fs.readFileSync(path.join(against, "wasm", "14-plain.json"), "utf8")) as ReferenceFile).backend).toEqual({ name: "wasm", used: false });
    const dir = writeRun("plain-now", [noTf[0], sweepSpecs("00-a")[0]]);
    const v = await run([dir, "--against", against]);
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/14-plain: reproduced/);
  });

  it("bad usage exits 2 with one line", async () => {
    expect((await run(["--update"])).stderr).toMatch(/--update needs at least one --from DIR/);
    expect((await run([path.join(tmp, "nowhere"), "--against", refDir])).stderr).toMatch(/manifest\.json: no such manifest/);
    expect((await run(["--from", "x"])).code).toBe(2);
    expect((await run(["--bogus"])).code).toBe(2);
  });
});
