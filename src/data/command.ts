/**
 * `kazami data`: build, list, verify cached datasets and generate their cards.
 *
 *   kazami data list                                   registered datasets, sizes, what is cached
 *   kazami data build <name...> [--scale quick|paper] [--seed N] [--rebuild]
 *   kazami data verify [<name...>] [--rebuild]         check every cached entry's hashes
 *   kazami data card [<name...>] [--check]             write (or check) datasets/<name>.md
 *
 * Common option: --cache-dir DIR (default $KAZAMI_DATA_CACHE or datasets/cache). Exit codes: 0 ok,
 * 1 a build failed or verification found a bad entry, 2 usage error (e.g. an unknown dataset name).
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { defaultCacheDir } from "./cache";
import { cardIsCurrent, datasetBytes, formatBytes, writeCard } from "./card";
import "./catalog";
import { loadDataset, locateDataset, verifyCache } from "./load";
import { getDataset, listDatasets } from "./registry";
import { type Scale, SCALES } from "./types";

const USAGE = `usage:
  kazami data list [--cache-dir DIR]
  kazami data build <name...> [--scale quick|paper] [--seed N] [--rebuild] [--cache-dir DIR]
  kazami data verify [<name...>] [--rebuild] [--cache-dir DIR]
  kazami data card [<name...>] [--check]`;

class UsageError extends Error {}

/** Text progress on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
function progressPrinter(label: string): (done: number, total: number) => void {
  const start = Date.now();
  let lastTenth = -1;
  return (done, total) => {
    const frac = total > 0 ? done / total : 1;
    const seconds = ((Date.now() - start) / 1000).toFixed(0);
    if (process.stderr.isTTY) {
      const bar = "#".repeat(Math.round(frac * 30)).padEnd(30, ".");
      process.stderr.write(`\r${label} [${bar}] ${done}/${total} (${seconds} s)${done >= total ? "\n" : ""}`);
    } else if (Math.floor(frac * 10) > lastTenth) {
      lastTenth = Math.floor(frac * 10);
      process.stderr.write(`${label}: ${done}/${total} (${seconds} s)\n`);
    }
  };
}

const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

function checkNames(names: string[]): void {
  for (const n of names) getDataset(n); // throws listing the known names
}

async function list(cacheDir: string): Promise<number> {
  const rows = listDatasets().map((spec) => {
    const cached = SCALES.filter((s) => fs.existsSync(`${locateDataset(spec.name, { scale: s, cacheDir }).directory}/manifest.json`));
    return [spec.name, formatBytes(datasetBytes(spec.name, "quick")), formatBytes(datasetBytes(spec.name, "paper")), cached.join(",") || "-", truncate(spec.description, 72)];
  });
  const head = ["name", "quick", "paper", "cached", "description"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  "));
  return 0;
}

async function build(names: string[], scale: Scale, seed: number | undefined, rebuild: boolean, cacheDir: string): Promise<number> {
  if (names.length === 0) throw new UsageError("kazami data build: name a dataset (see kazami data list)");
  checkNames(names);
  let status = 0;
  for (const name of names) {
    try {
      const ds = await loadDataset(name, { scale, seed, rebuild, cacheDir, onProgress: progressPrinter(`${name} (${scale})`), log: (m) => console.error(m) });
      const bytes = Object.values(ds.manifest.arrays).reduce((s, a) => s + a.bytes, 0);
      console.log(`${name}: ${ds.built ? `built in ${ds.manifest.buildSeconds.toFixed(1)} s` : "already cached, verified"} — ${formatBytes(bytes)}, hash ${ds.manifest.hash.slice(0, 16)}, ${ds.directory}`);
    } catch (err) {
      console.error(`kazami data build ${name}: ${(err as Error).message}`);
      status = 1;
    }
  }
  return status;
}

async function verify(names: string[], rebuild: boolean, cacheDir: string): Promise<number> {
  checkNames(names);
  const reports = await verifyCache({ cacheDir, names: names.length > 0 ? names : undefined });
  let bad = 0;
  for (const r of reports) {
    console.log(`${r.ok ? "ok " : "BAD"} ${r.name}  ${r.directory}  ${r.reason}`);
    if (r.ok) continue;
    bad++;
    if (!rebuild) continue;
    const m = /(quick|paper)-seed(\d+)-/.exec(r.directory);
    if (m === null) continue;
    await loadDataset(r.name, { scale: m[1] as Scale, seed: Number(m[2]), cacheDir, rebuild: true, onProgress: progressPrinter(r.name) });
    console.log(`    rebuilt ${r.name}`);
    bad--;
  }
  console.log(`${reports.length} cached entries checked, ${reports.length - bad} ok, ${bad} bad`);
  return bad > 0 ? 1 : 0;
}

function cards(names: string[], check: boolean): number {
  checkNames(names);
  const targets = names.length > 0 ? names : listDatasets().map((s) => s.name);
  let stale = 0;
  for (const name of targets) {
    if (check) {
      const ok = cardIsCurrent(name);
      if (!ok) stale++;
      console.log(`${ok ? "current" : "STALE  "} datasets/${name}.md`);
    } else {
      console.log(`wrote ${writeCard(name)}`);
    }
  }
  return stale > 0 ? 1 : 0;
}

/** Entry point of `kazami data`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scale: { type: "string", default: "quick" },
        seed: { type: "string" },
        rebuild: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        "cache-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    const [command, ...names] = positionals;
    if (values.help || command === "help") { console.log(USAGE); return 0; }
    if (!SCALES.includes(values.scale as Scale)) throw new UsageError(`--scale must be quick or paper, got ${JSON.stringify(values.scale)}`);
    let seed: number | undefined;
    if (values.seed !== undefined) {
      seed = Number(values.seed);
      if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer, got ${JSON.stringify(values.seed)}`);
    }
    const cacheDir = values["cache-dir"] ?? defaultCacheDir();
    switch (command) {
      case "list": return await list(cacheDir);
      case "build": return await build(names, values.scale as Scale, seed, values.rebuild ?? false, cacheDir);
      case "verify": return await verify(names, values.rebuild ?? false, cacheDir);
      case "card": return cards(names, values.check ?? false);
      case undefined: throw new UsageError("kazami data: missing subcommand");
      default: throw new UsageError(`kazami data: unknown subcommand ${JSON.stringify(command)}; expected list, build, verify or card`);
    }
  } catch (err) {
    const message = (err as Error).message;
    console.error(message);
    const parseError = String((err as NodeJS.ErrnoException).code ?? "").startsWith("ERR_PARSE_ARGS");
    if (err instanceof UsageError || parseError || /^unknown dataset/.test(message)) {
      console.error(USAGE);
      return 2;
    }
    return 1;
  }
}
