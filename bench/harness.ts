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
  /** Threads it ran with, when that is known: the report pairs rows of equal threads. */
  threads?: number;
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

/**
 * Prints the TypeScript side's result line (the last line of stdout); `checks` are compared with the
 * twin's. When `env.backend` is a wasm BackendInfo, each result without `threads` gets the backend's
 * thread count as `threads` and in its label, so the report pairs it with the twin's row of the same
 * thread count.
 */
export function emit(
  bench: string,
  title: string,
  results: BenchResult[],
  env: Record<string, unknown> = {},
  checks?: Record<string, BenchCheck>,
): void {
  const backend = env.backend as { wasmThreadCount?: number } | undefined;
  const threads = backend?.wasmThreadCount;
  const labelled = results.map((r) =>
    threads === undefined || r.threads !== undefined ? r : { ...r, threads, label: `${r.label} (${threads} thread${threads > 1 ? "s" : ""})` },
  );
  const side: BenchSide = {
    bench,
    side: "ts",
    title,
    results: labelled,
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

/** One round of an entry: the TypeScript side's outputs (one per thread count) then the Python twin's. */
export interface BenchRound {
  ts: string[];
  python?: string;
}

/** A measured row over all rounds: the round medians and their median, min and max. */
export interface RowSummary {
  side: "ts" | "python";
  label: string;
  threads?: number;
  roundsMs: number[];
  ms: number;
  minMs: number;
  maxMs: number;
}

/** The ratio (TypeScript row) / (Python row) per round (> 1: ours is slower), and its median, min and max. */
export interface RatioSummary {
  ts: string;
  python: string;
  perRound: number[];
  median: number;
  min: number;
  max: number;
}

/** The threads a result ran with: its `threads` field, else undefined. */
function threadsOf(r: BenchResult): number | undefined {
  return typeof r.threads === "number" ? r.threads : undefined;
}

/**
 * Summarises rounds run alternately (TS, Python, TS, Python, …) so that drift of a shared machine
 * falls on both sides alike: each row's round medians, and for each Python row the per-round ratio
 * against the TypeScript row with the same `threads` (else the first TypeScript row), computed
 * within a round — its median and min–max are what the table reports.
 */
export function summariseRounds(rounds: { ts: BenchSide[]; python?: BenchSide }[]): { rows: RowSummary[]; ratios: RatioSummary[] } {
  if (rounds.length === 0) throw new RangeError("bench report: no rounds");
  const rows = new Map<string, RowSummary>();
  const ratios = new Map<string, RatioSummary>();
  const add = (side: "ts" | "python", r: BenchResult) => {
    const key = `${side}\u0000${r.label}`;
    const row = rows.get(key) ?? { side, label: r.label, ...(threadsOf(r) !== undefined ? { threads: threadsOf(r) } : {}), roundsMs: [], ms: NaN, minMs: NaN, maxMs: NaN };
    row.roundsMs.push(r.ms);
    rows.set(key, row);
  };
  for (const round of rounds) {
    const ts = round.ts.flatMap((side) => side.results);
    if (ts.length === 0) throw new Error("bench report: a round has no TypeScript result");
    ts.forEach((r) => add("ts", r));
    for (const p of round.python?.results ?? []) {
      add("python", p);
      const ref = ts.find((t) => threadsOf(t) !== undefined && threadsOf(t) === threadsOf(p)) ?? ts[0];
      const key = `${ref.label}\u0000${p.label}`;
      const ratio = ratios.get(key) ?? { ts: ref.label, python: p.label, perRound: [], median: NaN, min: NaN, max: NaN };
      ratio.perRound.push(ref.ms / p.ms);
      ratios.set(key, ratio);
    }
  }
  for (const row of rows.values()) Object.assign(row, { ms: median(row.roundsMs), minMs: Math.min(...row.roundsMs), maxMs: Math.max(...row.roundsMs) });
  for (const r of ratios.values()) Object.assign(r, { median: median(r.perRound), min: Math.min(...r.perRound), max: Math.max(...r.perRound) });
  return { rows: [...rows.values()], ratios: [...ratios.values()] };
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(1) : ms.toPrecision(3));

/**
 * Prints the side-by-side table and writes the combined JSON. For each Python row, "ours/this" is
 * the per-round ratio (TypeScript row with the same threads) / (that row): its median over rounds
 * and [min–max]; above 1 ours is that many times slower, below 1 faster. Cross-checks must agree in
 * every round (throws naming them otherwise).
 */
export function report(name: string, rounds: BenchRound[], outFile: string): void {
  const parsed = rounds.map((r) => ({
    ts: r.ts.map((f) => lastJsonLine(f, "TypeScript")),
    python: r.python !== undefined && fs.existsSync(r.python) ? lastJsonLine(r.python, "Python") : undefined,
  }));
  const { rows, ratios } = summariseRounds(parsed);
  const title = parsed[0].ts[0].title;
  const width = Math.max(...rows.map((r) => r.label.length), 14);
  console.log(`\n${name}: ${title} (${rounds.length} round${rounds.length > 1 ? "s" : ""}, sides alternating)`);
  console.log(`  ${"side".padEnd(7)} ${"implementation".padEnd(width)} ${"median".padStart(11)}  ${"ours/this [min–max]".padStart(19)}`);
  for (const r of rows) {
    const ratio = r.side === "python" ? ratios.find((q) => q.python === r.label) : undefined;
    const col = ratio === undefined ? "" : `${ratio.median.toFixed(2)} [${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}]`;
    console.log(`  ${r.side.padEnd(7)} ${r.label.padEnd(width)} ${(fmtMs(r.ms) + " ms").padStart(11)}  ${col.padStart(19)}`);
  }
  if (parsed.every((p) => p.python === undefined)) console.log("  (no Python twin)");
  for (const q of ratios) console.log(`  ratio ${q.ts} ÷ ${q.python}: ${q.perRound.map((v) => v.toFixed(2)).join(", ")}`);
  const checks = parsed.flatMap((p, i) => p.ts.flatMap((side) => compareChecks(side, p.python).map((c) => ({ round: i + 1, ...c }))));
  for (const c of checks) {
    console.log(`  check ${c.name} (round ${c.round}): ts ${c.ts.toPrecision(12)}, python ${c.python.toPrecision(12)}, ` +
      `relative difference ${c.relDiff.toExponential(1)} (${c.agree ? "agree" : "DISAGREE"}, tolerance ${c.rtol.toExponential(0)})`);
  }
  const out = { bench: name, title, date: new Date().toISOString(), rounds: parsed, rows, ratios, checks };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(out, null, 2) + "\n");
  console.log(`  → ${outFile}`);
  const bad = checks.filter((c) => !c.agree);
  if (bad.length > 0) throw new Error(`bench ${name}: the two sides disagree on ${[...new Set(bad.map((c) => c.name))].join(", ")}`);
}

if (require.main === module) {
  const [mode, name, outFile, ...files] = process.argv.slice(2);
  // report <name> <out.json> then, per round: --round <ts-output>… [--python <python-output>]
  const rounds: BenchRound[] = [];
  for (let i = 0; i < files.length; i++) {
    if (files[i] === "--round") rounds.push({ ts: [] });
    else if (files[i] === "--python") rounds[rounds.length - 1].python = files[++i];
    else if (rounds.length > 0) rounds[rounds.length - 1].ts.push(files[i]);
  }
  if (mode !== "report" || !name || !outFile || rounds.length === 0 || rounds.some((r) => r.ts.length === 0)) {
    console.error("usage: node harness.js report <name> <out.json> (--round <ts-output>... [--python <python-output>])...");
    process.exit(2);
  }
  try {
    report(name, rounds, outFile);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
