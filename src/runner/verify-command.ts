/**
 * `kazami verify [DIR] [--against REF] [--notebook NAME]...`: compares the run in DIR (default out/)
 * with the reference files under REF (default notebooks/reference; the run's backend's subfolder,
 * e.g. notebooks/reference/wasm/): prints the drift table, writes DIR/verify.html and exits 0 when
 * everything is reproduced, 1 on drift, 2 when a reference notebook, check or figure is missing
 * from the run or cannot be compared (other seed, scale, backend or parameters) — or on bad usage.
 *
 * `kazami verify --update --from DIR [--from DIR]... [--against REF] [--notebook NAME]...`: builds
 * the reference of every notebook found in the sweeps' manifests (seed 0 and at least one more
 * seed, every run ok) and writes REF/<backend>/<notebook>.json, replacing only those notebooks'
 * files. A notebook whose reference cannot be built (one seed, no seed 0, a failed run) is named on
 * stderr and its file left as it was; the others are written; exit 2 if there was any such notebook.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../core/atomic-write";
import { version } from "../version";
import { Manifest, notebookOf, readManifest } from "./manifest";
import { ReferenceError, ReferenceFile, SweepRun, backendOf, buildReference, parseReference, seedOf } from "./reference";
import { driftTable, verifyRun } from "./verify";
import { renderVerification } from "./verify-html";

export const VERIFY_USAGE = [
  "usage: kazami verify [DIR] [--against REF] [--notebook NAME]...",
  "       kazami verify --update --from DIR [--from DIR]... [--against REF] [--notebook NAME]...",
  "",
  "Compares the seed-0 runs in DIR (default out, as written by kazami run) with the reference files",
  "REF/<backend>/<notebook>.json (REF default notebooks/reference): each check's value and control",
  "within the tolerance the reference records (timing checks: still passing their condition), each",
  "figure's data within tolerance. Prints a drift table, writes DIR/verify.html.",
  "Exit code 0: reproduced; 1: drift; 2: a notebook, check or figure missing or not comparable.",
  "",
  "--update builds the references from seed sweeps (kazami run … --seeds 0,1,2 --out DIR): the value",
  "of seed 0, a tolerance of max(3 × the spread over seeds, a float32 floor) per check and per figure",
  "data summary, and the commits, seeds, backend and scale they came from.",
  "  --notebook NAME   only this notebook (repeatable; default every notebook found)",
  "  --backend NAME    the backend folder for notebooks that never start tfjs (default: the sweep's)",
].join("\n");

class UsageError extends Error {}

interface VerifyOptions {
  update: boolean;
  runDir: string;
  from: string[];
  against: string;
  notebooks: string[];
  /** The backend folder for notebooks whose runs carry no backend (they never start tfjs). */
  backend?: string;
}

function parse(argv: string[]): VerifyOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        update: { type: "boolean" },
        from: { type: "string", multiple: true },
        against: { type: "string" },
        notebook: { type: "string", multiple: true },
        backend: { type: "string" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0]);
  }
  const v = parsed.values;
  if (v.help) return "help";
  const from = v.from ?? [];
  if (v.update) {
    if (parsed.positionals.length > 0) throw new UsageError(`--update takes its runs with --from DIR, not ${parsed.positionals.join(" ")}`);
    if (from.length === 0) throw new UsageError("--update needs at least one --from DIR (a sweep's output folder with manifest.json)");
  } else {
    if (from.length > 0) throw new UsageError("--from is for --update; to verify a run, give its folder: kazami verify DIR");
    if (parsed.positionals.length > 1) throw new UsageError(`expected one run folder, got ${parsed.positionals.length}: ${parsed.positionals.join(" ")}`);
  }
  return { update: v.update === true, runDir: parsed.positionals[0] ?? "out", from, against: v.against ?? path.join("notebooks", "reference"), notebooks: v.notebook ?? [], ...(v.backend === undefined ? {} : { backend: v.backend }) };
}

/** Reads DIR/manifest.json, or throws a UsageError saying why not. */
async function loadManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, "manifest.json");
  let problem: string | undefined;
  const m = await readManifest(file, (p) => (problem = p));
  if (problem !== undefined) throw new UsageError(problem);
  if (m === undefined) throw new UsageError(`${file}: no such manifest (run kazami run --out ${dir} first)`);
  return m;
}

/** A reader of a run folder's figure specs (JSON files), undefined for a missing or invalid file. */
function specReader(dir: string): (rel: string) => unknown {
  return (rel) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, rel), "utf8"));
    } catch {
      return undefined;
    }
  };
}

/** JSON with arrays of numbers (and of short number arrays) on one line, so profiles stay compact. */
export function compactJson(value: unknown, indent = ""): string {
  const flat = (v: unknown): boolean => v === null || typeof v !== "object";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((x) => flat(x) || (Array.isArray(x) && x.every(flat)))) return JSON.stringify(value);
    const inner = indent + " ";
    return `[\n${value.map((x) => inner + compactJson(x, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    const inner = indent + " ";
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${compactJson(x, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

async function update(opts: VerifyOptions): Promise<number> {
  const runs = new Map<string, SweepRun[]>();
  const backends = new Map<string, number>();
  for (const dir of opts.from) {
    const m = await loadManifest(dir);
    const read = specReader(dir);
    for (const [key, entry] of Object.entries(m.notebooks)) {
      const b = backendOf(entry)?.name;
      if (b !== undefined) backends.set(b, (backends.get(b) ?? 0) + 1);
      const notebook = notebookOf(key, entry);
      if (opts.notebooks.length > 0 && !opts.notebooks.includes(notebook)) continue;
      const seed = seedOf(entry);
      if (seed === undefined) {
        process.stderr.write(`kazami verify: skipping ${key} in ${dir}: it has no seed\n`);
        continue;
      }
      const spec = (index: number) => {
        const json = entry.figures.find((f) => f.index === index)?.files.find((f) => f.format === "json");
        return json === undefined ? undefined : read(json.path);
      };
      runs.set(notebook, [...(runs.get(notebook) ?? []), { seed, entry, origin: path.join(dir, "manifest.json"), spec }]);
    }
  }
  for (const nb of opts.notebooks) if (!runs.has(nb)) throw new ReferenceError(`--notebook ${nb}: no run of it in ${opts.from.join(", ")}`);
  if (runs.size === 0) throw new ReferenceError(`no notebook runs in ${opts.from.join(", ")}`);
  // A notebook that never starts tfjs is filed with the sweep's other notebooks (or under --backend).
  const sweepBackend = opts.backend ?? [...backends].sort((a, b) => b[1] - a[1])[0]?.[0];
  const built: Array<{ file: string; ref: ReferenceFile }> = [];
  const problems: string[] = [];
  for (const [notebook, list] of [...runs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const backend = list.map((r) => backendOf(r.entry)?.name).find((b) => b !== undefined) ?? sweepBackend ?? "unknown";
    const file = path.join(opts.against, backend, `${notebook}.json`);
    try {
      const previous = fs.existsSync(file) ? parseReference(fs.readFileSync(file, "utf8"), file) : undefined;
      built.push({ file, ref: buildReference(notebook, list, version, { previous, ...(sweepBackend === undefined ? {} : { backend: sweepBackend }) }) });
    } catch (err) {
      if (!(err instanceof ReferenceError)) throw err;
      problems.push(err.message);
    }
  }
  for (const { file, ref } of built) {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, compactJson(ref) + "\n");
    const commits = ref.commits.map((c) => c.commit.slice(0, 7) + (c.dirty ? " (dirty)" : "")).join(", ");
    const timing = ref.checks.filter((c) => c.kind === "timing").length;
    for (const n of ref.notes) process.stderr.write(`kazami verify --update: ${ref.notebook}: ${n}\n`);
    console.log(
      `wrote ${file}: ${ref.checks.length} checks${timing > 0 ? ` (${timing} timing)` : ""}, ${ref.figures.length} figures, seeds ${ref.seeds.join(", ")}, ${ref.scale} scale, commit ${commits}`,
    );
  }
  for (const p of problems) process.stderr.write(`kazami verify --update: ${p}\n`);
  if (problems.length > 0) process.stderr.write(`kazami verify --update: ${problems.length} notebook(s) not written (their references, if any, are unchanged)\n`);
  return problems.length > 0 ? 2 : 0;
}

/** The folder of reference files for the run's backend (REF/<backend>, or REF itself if it holds them). */
function referenceFolder(against: string, manifest: Manifest, fallback: string | undefined): { dir: string; backend: string } {
  if (!fs.existsSync(against)) throw new UsageError(`${against}: no such reference folder (build one with kazami verify --update --from SWEEP)`);
  const counts = new Map<string, number>();
  for (const e of Object.values(manifest.notebooks)) {
    const b = backendOf(e)?.name;
    // seed-0 runs (the ones verified) decide; other runs only when there are none
    if (b !== undefined) counts.set(b, (counts.get(b) ?? 0) + (seedOf(e) === 0 ? 1000 : 1));
  }
  const backend = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
  if (backend === undefined) throw new UsageError("no run in the manifest carries backend provenance (none starts tfjs); say which reference applies with --backend NAME");
  const sub = path.join(against, backend);
  if (fs.existsSync(sub) && fs.statSync(sub).isDirectory()) return { dir: sub, backend };
  if (fs.readdirSync(against).some((f) => f.endsWith(".json"))) return { dir: against, backend };
  const have = fs.readdirSync(against).filter((f) => fs.statSync(path.join(against, f)).isDirectory());
  throw new UsageError(`${against} has no reference for backend ${backend} (have: ${have.join(", ") || "none"})`);
}

async function verify(opts: VerifyOptions): Promise<number> {
  const manifest = await loadManifest(opts.runDir);
  const { dir } = referenceFolder(opts.against, manifest, opts.backend);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  const refs = files.map((f) => parseReference(fs.readFileSync(path.join(dir, f), "utf8"), path.join(dir, f)));
  for (const nb of opts.notebooks) if (!refs.some((r) => r.notebook === nb)) throw new UsageError(`--notebook ${nb}: ${dir} has no reference for it`);
  const chosen = opts.notebooks.length > 0 ? refs.filter((r) => opts.notebooks.includes(r.notebook)) : refs;
  if (chosen.length === 0) throw new UsageError(`${dir} holds no reference files`);
  const result = verifyRun(chosen, manifest, specReader(opts.runDir));
  if (opts.notebooks.length > 0) result.unreferenced = [];
  process.stdout.write(driftTable(result));
  const html = path.join(opts.runDir, "verify.html");
  await writeFileAtomic(html, renderVerification(result, opts.runDir, dir));
  const drifted = result.notebooks.filter((n) => n.verdict === "drift").map((n) => n.notebook);
  const missing = result.notebooks.filter((n) => n.verdict === "missing").map((n) => n.notebook);
  const summary =
    result.exitCode === 0
      ? `all ${chosen.length} notebooks reproduce ${dir}`
      : [missing.length > 0 ? `missing or not comparable: ${missing.join(", ")}` : "", drifted.length > 0 ? `drifted: ${drifted.join(", ")}` : ""].filter((s) => s).join("; ");
  process.stderr.write(`kazami verify: ${summary} (${html}; exit ${result.exitCode})\n`);
  return result.exitCode;
}

/** Entry point of `kazami verify`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const opts = parse(argv);
    if (opts === "help") {
      console.log(VERIFY_USAGE);
      return 0;
    }
    return opts.update ? await update(opts) : await verify(opts);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ReferenceError) {
      process.stderr.write(`kazami verify: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
