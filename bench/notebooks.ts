/**
 * Bench notebooks: the quick-scale run of the notebooks, `kazami run notebooks/*.ipynb --jobs 2`
 * (dist/cli.js: `npm run build` first) — its wall time, each notebook's time and status from the
 * run's manifest, and the peak memory of the whole process tree (the runner, its kernels and their
 * children: the sum of VmRSS over the tree, sampled from /proc every 250 ms). No Python twin: this
 * is the suite's own cost. Every notebook must end "ok", or the entry fails.
 *
 *   bash bench/run.sh notebooks                                           # every notebook
 *   bash bench/run.sh notebooks -- --notebooks 00-tour,08-symmetry-discovery [--jobs 1]
 *   bash bench/run.sh notebooks -- --from out                             # an existing run's manifest, no re-run
 *
 * The run goes to out/bench/notebooks-run (--out DIR to change), which keeps the peak memory beside
 * its manifest (bench-memory.json), so `--from` on a folder this entry ran reports it too; for any
 * other folder the wall time is the span of the manifest's entries and the memory is unknown.
 * One run per round (a sample is one run; --repeats is not used).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { emit, type BenchResult } from "./harness";

const MEMORY_FILE = "bench-memory.json";

interface Args { notebooks: string[]; jobs: number; from?: string; out: string }

function parseArgs(argv: string[]): Args {
  const value = (flag: string) => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  const jobs = Number(value("--jobs") ?? 2);
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`notebooks: --jobs must be a positive integer, got ${value("--jobs")}`);
  const names = value("--notebooks");
  const all = fs.readdirSync("notebooks").filter((f) => f.endsWith(".ipynb")).sort().map((f) => path.join("notebooks", f));
  const notebooks = names === undefined ? all : names.split(",").filter((n) => n !== "").map((n) => {
    const p = n.endsWith(".ipynb") ? n : path.join("notebooks", `${n}.ipynb`);
    if (!fs.existsSync(p)) throw new RangeError(`notebooks: no notebook ${p} (notebooks: ${all.map((f) => path.basename(f, ".ipynb")).join(", ")})`);
    return p;
  });
  if (notebooks.length === 0) throw new RangeError("notebooks: no notebooks to run");
  if (argv.includes("--repeats")) console.error("notebooks: one run per round; --repeats is not used");
  return { notebooks, jobs, from: value("--from"), out: value("--out") ?? path.join("out", "bench", "notebooks-run") };
}

/** Bytes of resident memory of `root` and all its descendants, from /proc. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch { /* the process exited meanwhile */ }
  }
  let bytes = 0;
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.pop() as number;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (kb) bytes += Number(kb[1]) * 1024;
    } catch { /* exited */ }
    queue.push(...(children.get(pid) ?? []));
  }
  return bytes;
}

/** Runs `kazami run` on the notebooks into `out`, sampling the tree's memory; resolves with wall ms and peak bytes. */
function runSuite(a: Args): Promise<{ wallMs: number; peakBytes: number; samples: number }> {
  const cli = path.join("dist", "cli.js");
  if (!fs.existsSync(cli)) throw new Error(`notebooks: ${cli} is missing: run \`npm run build\` first`);
  const t0 = performance.now();
  // its progress on our stderr: stdout carries only the result line
  const child = spawn(process.execPath, [cli, "run", ...a.notebooks, "--jobs", String(a.jobs), "--out", a.out], { stdio: ["ignore", 2, 2] });
  let peakBytes = 0, samples = 0;
  const sample = () => { if (child.pid !== undefined) { peakBytes = Math.max(peakBytes, treeRss(child.pid)); samples++; } };
  const timer = setInterval(sample, 250);
  return new Promise((resolve, reject) => {
    child.on("error", (e) => { clearInterval(timer); reject(e); });
    child.on("exit", (code, signal) => {
      clearInterval(timer);
      const wallMs = performance.now() - t0;
      if (code !== 0) console.error(`notebooks: kazami run exited with ${signal ?? code}`);
      resolve({ wallMs, peakBytes, samples });
    });
  });
}

interface ManifestEntry { notebook?: string; status: string; started: string; durationSeconds: number; failure?: { reason: string } }

function readManifest(dir: string): Record<string, ManifestEntry> {
  const file = path.join(dir, "manifest.json");
  if (!fs.existsSync(file)) throw new Error(`notebooks: no manifest at ${file}`);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { notebooks: Record<string, ManifestEntry> }).notebooks;
}

/** The run's wall time and peak memory, from a fresh run or from an existing folder. */
async function measure(a: Args): Promise<{ dir: string; entries: Record<string, ManifestEntry>; wallMs: number; peakBytes?: number; samples?: number }> {
  if (a.from !== undefined) {
    const entries = readManifest(a.from), memory = path.join(a.from, MEMORY_FILE);
    if (fs.existsSync(memory)) return { dir: a.from, entries, ...(JSON.parse(fs.readFileSync(memory, "utf8")) as { wallMs: number; peakBytes: number; samples: number }) };
    const span = Object.values(entries).map((e) => { const s = Date.parse(e.started); return [s, s + 1000 * e.durationSeconds]; });
    return { dir: a.from, entries, wallMs: Math.max(...span.map((s) => s[1])) - Math.min(...span.map((s) => s[0])) };
  }
  const run = await runSuite(a);
  fs.writeFileSync(path.join(a.out, MEMORY_FILE), JSON.stringify({ wallMs: run.wallMs, peakBytes: run.peakBytes, samples: run.samples, jobs: a.jobs, notebooks: a.notebooks }, null, 1) + "\n");
  // the manifest keeps entries of earlier runs into the folder: keep this run's notebooks
  const ran = new Set(a.notebooks.map((n) => path.basename(n, ".ipynb")));
  const entries = Object.fromEntries(Object.entries(readManifest(a.out)).filter(([key, e]) => ran.has(e.notebook ?? key)));
  const missing = [...ran].filter((n) => !Object.entries(entries).some(([key, e]) => (e.notebook ?? key) === n));
  if (missing.length > 0) throw new Error(`notebooks: the manifest has no entry for ${missing.join(", ")}`);
  return { dir: a.out, entries, ...run };
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const { dir, entries, wallMs, peakBytes, samples } = await measure(a);
  const rows = Object.entries(entries).sort(([p], [q]) => p.localeCompare(q));
  const failed = rows.filter(([, e]) => e.status !== "ok");
  const how = a.from === undefined ? `--jobs ${a.jobs}` : `from ${dir}`;
  const results: BenchResult[] = [
    { label: `kazami run, ${rows.length} notebook${rows.length > 1 ? "s" : ""}, ${how}`, ms: wallMs, samplesMs: [wallMs], unit: "ms/run",
      ...(peakBytes === undefined ? {} : { peakRssMB: peakBytes / 2 ** 20, memorySamples: samples }), failed: failed.map(([k]) => k) },
    ...rows.map(([key, e]): BenchResult => ({ label: `  ${key} (${e.status})`, ms: 1000 * e.durationSeconds, samplesMs: [1000 * e.durationSeconds], unit: "ms/notebook", status: e.status })),
  ];
  if (peakBytes !== undefined) console.error(`notebooks: peak RSS of the process tree ${(peakBytes / 2 ** 20).toFixed(0)} MB (${samples} samples)`);
  emit("notebooks", `quick-scale notebooks (${rows.length}): wall time and peak RSS of the process tree`, results, { how, dir, notebooks: rows.map(([k]) => k) });
  if (failed.length > 0) {
    console.error(`notebooks: not ok: ${failed.map(([k, e]) => `${k} (${e.status}${e.failure ? `: ${e.failure.reason}` : ""})`).join("; ")}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
