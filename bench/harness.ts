/**
 * Benchmark harness: timing helpers for the TypeScript side of a bench entry, and (run as a script)
 * the report that bench/run.sh prints and saves. Protocol and how to add an entry: bench/README.md.
 *
 * A bench entry's TypeScript side calls `emit(...)` once; its last stdout line is then
 *   {"bench": name, "side": "ts", "title": ..., "results": [{label, ms, samplesMs, unit, ...}], "env": {...}}
 * The Python twin prints the same shape with "side": "python" (bench/harness.py).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** One measured implementation. `ms` is the median of `samplesMs`. */
export interface BenchResult {
  label: string;
  ms: number;
  samplesMs: number[];
  /** What one sample is, e.g. "ms/step". */
  unit: string;
  /** Anything else worth keeping (GFLOP/s, final loss, sizes…). */
  [extra: string]: unknown;
}

/**
 * A number both sides compute and that must agree (an energy after k steps, a final loss): the
 * report compares the checks named on both sides and fails when |ts − python| > rtol·|python|
 * (the larger of the two sides' rtol).
 */
export interface BenchCheck {
  value: number;
  rtol: number;
  /** Anything else that says what was computed (e.g. "after 50 steps"). */
  [extra: string]: unknown;
}

/** What one side of an entry prints as its last stdout line. */
export interface BenchSide {
  bench: string;
  side: "ts" | "python";
  title: string;
  results: BenchResult[];
  env: Record<string, unknown>;
  /** Cross-checks against the other side (optional). */
  checks?: Record<string, BenchCheck>;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("median: empty list");
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Options of `timeIt`. */
export interface TimeOptions {
  /** Untimed calls first (JIT, caches, allocator). Default 2. */
  warmup?: number;
  /** Timed samples. Default 10. */
  repeats?: number;
  /** Calls per sample (for sub-millisecond work); a sample is their mean. Default 1. */
  inner?: number;
}

/** Times `fn` (sync or async): returns the median and every sample, in ms per call. */
export async function timeIt(fn: () => unknown, opts: TimeOptions = {}): Promise<{ ms: number; samplesMs: number[] }> {
  const { warmup = 2, repeats = 10, inner = 1 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samplesMs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) await fn();
    samplesMs.push((performance.now() - t0) / inner);
  }
  return { ms: median(samplesMs), samplesMs };
}

/** Repeats from argv (`--repeats N`) or env BENCH_REPEATS, else `fallback`. */
export function repeatsFromArgs(fallback: number): number {
  const i = process.argv.indexOf("--repeats");
  const raw = i >= 0 ? process.argv[i + 1] : process.env.BENCH_REPEATS;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bench: repeats must be a positive integer, got ${String(raw)}`);
  return n;
}

/** Prints the TypeScript side's result line (the last line of stdout); `checks` are compared with the twin's. */
export function emit(
  bench: string,
  title: string,
  results: BenchResult[],
  env: Record<string, unknown> = {},
  checks?: Record<string, BenchCheck>,
): void {
  const side: BenchSide = {
    bench,
    side: "ts",
    title,
    results,
    env: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, ...env },
    ...(checks === undefined ? {} : { checks }),
  };
  console.log(JSON.stringify(side));
}

/** One compared check: both values, their relative difference and whether it is within tolerance. */
export interface CheckOutcome {
  name: string;
  ts: number;
  python: number;
  relDiff: number;
  rtol: number;
  agree: boolean;
}

/** Compares the checks named on both sides (see BenchCheck). */
export function compareChecks(ts: BenchSide, py: BenchSide | undefined): CheckOutcome[] {
  const theirs = py?.checks ?? {};
  return Object.entries(ts.checks ?? {})
    .filter(([name]) => name in theirs)
    .map(([name, a]) => {
      const b = theirs[name];
      const rtol = Math.max(a.rtol, b.rtol);
      const relDiff = Math.abs(a.value - b.value) / Math.abs(b.value);
      return { name, ts: a.value, python: b.value, relDiff, rtol, agree: relDiff <= rtol };
    });
}

function lastJsonLine(file: string, side: string): BenchSide {
  const lines = fs.readFileSync(file, "utf8").trim().split("\n").filter((l) => l.startsWith("{"));
  if (lines.length === 0) throw new Error(`bench report: the ${side} side printed no JSON result line (${file})`);
  const parsed = JSON.parse(lines[lines.length - 1]) as BenchSide;
  if (!Array.isArray(parsed.results) || parsed.results.some((r) => typeof r.ms !== "number" || typeof r.label !== "string")) {
    throw new Error(`bench report: the ${side} side's line lacks results [{label, ms}] (${file})`);
  }
  return parsed;
}

/**
 * Prints the side-by-side table and writes the combined JSON. The ratio column is
 * (first TypeScript result) / (that row): how many times slower ours is (> 1) or faster (< 1).
 */
export function report(name: string, tsFile: string, pyFile: string | undefined, outFile: string): void {
  const ts = lastJsonLine(tsFile, "TypeScript");
  const py = pyFile !== undefined && fs.existsSync(pyFile) ? lastJsonLine(pyFile, "Python") : undefined;
  const ours = ts.results[0].ms;
  const rows = [
    ...ts.results.map((r) => ({ side: "ts", ...r })),
    ...(py?.results ?? []).map((r) => ({ side: "python", ...r })),
  ];
  const width = Math.max(...rows.map((r) => r.label.length), 14);
  console.log(`\n${name}: ${ts.title}`);
  console.log(`  ${"side".padEnd(7)} ${"implementation".padEnd(width)} ${"median".padStart(11)}  ${"ours/this".padStart(9)}`);
  for (const r of rows) {
    const ms = r.ms >= 100 ? r.ms.toFixed(1) : r.ms.toPrecision(3);
    console.log(`  ${r.side.padEnd(7)} ${r.label.padEnd(width)} ${(ms + " ms").padStart(11)}  ${(ours / r.ms).toFixed(2).padStart(9)}`);
  }
  if (py === undefined) console.log("  (no Python twin)");
  const checks = compareChecks(ts, py);
  for (const c of checks) {
    console.log(`  check ${c.name}: ts ${c.ts.toPrecision(12)}, python ${c.python.toPrecision(12)}, ` +
      `relative difference ${c.relDiff.toExponential(1)} (${c.agree ? "agree" : "DISAGREE"}, tolerance ${c.rtol.toExponential(0)})`);
  }
  const ratios = (py?.results ?? []).map((r) => ({ ts: ts.results[0].label, python: r.label, ratio: ours / r.ms }));
  const out = { bench: name, title: ts.title, date: new Date().toISOString(), ts, python: py ?? null, ratios, checks };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(out, null, 2) + "\n");
  console.log(`  → ${outFile}`);
  const bad = checks.filter((c) => !c.agree);
  if (bad.length > 0) throw new Error(`bench ${name}: the two sides disagree on ${bad.map((c) => c.name).join(", ")}`);
}

if (require.main === module) {
  const [mode, name, tsFile, pyFile, outFile] = process.argv.slice(2);
  if (mode !== "report" || !name || !tsFile || !outFile) {
    console.error("usage: node harness.js report <name> <ts-output> <python-output|-> <out.json>");
    process.exit(2);
  }
  try {
    report(name, tsFile, pyFile === "-" ? undefined : pyFile, outFile);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
