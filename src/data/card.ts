/**
 * Dataset cards: datasets/<name>.md, generated from the registered spec (what the data are, what
 * they are for, simulator, parameters and array sizes at both scales, seed, where the cache lives),
 * so a card can never drift from the code — `kazami data card --check` and a test compare them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheKey } from "./cache";
import { getDataset } from "./registry";
import { bytesPerElement, SCALES, type Scale } from "./types";

/** Directory of the cards: datasets/ of the package. */
export function cardsDirectory(): string {
  return path.resolve(__dirname, "..", "..", "datasets");
}

/** Human-readable byte count (binary units). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** Total bytes of a dataset at a scale, from its declared arrays. */
export function datasetBytes(name: string, scale: Scale): number {
  const spec = getDataset(name);
  return Object.values(spec.arrays(spec.scales[scale]))
    .reduce((s, a) => s + a.shape.reduce((p, d) => p * d, 1) * bytesPerElement(a.dtype), 0);
}

/** The markdown card of a registered dataset. */
export function datasetCard(name: string): string {
  const spec = getDataset(name);
  const arrays = Object.fromEntries(SCALES.map((s) => [s, spec.arrays(spec.scales[s])]));
  const rows = Object.keys(arrays.quick).map((k) => {
    const q = arrays.quick[k], p = arrays.paper[k];
    return `| \`${k}\` | ${q.dtype} | [${q.shape.join(", ")}] | [${p?.shape.join(", ") ?? "—"}] | ${q.description} |`;
  });
  return [
    `# ${spec.name}`,
    "",
    "<!-- Generated from the registered spec by `kazami data card`; edit the spec, not this file. -->",
    "",
    spec.description,
    "",
    `**What it is for.** ${spec.purpose}`,
    "",
    "| | |",
    "|---|---|",
    `| Simulator | \`${spec.simulator}\` |`,
    `| Builder version | ${spec.version} |`,
    `| Default seed | ${spec.seed} |`,
    `| Size (quick) | ${formatBytes(datasetBytes(name, "quick"))} |`,
    `| Size (paper) | ${formatBytes(datasetBytes(name, "paper"))} |`,
    `| Build | \`kazami data build ${spec.name} --scale quick\` (or \`--scale paper\`, \`--seed N\`) |`,
    `| Load | \`await data.loadDataset("${spec.name}", { scale, seed })\` |`,
    "",
    "## Arrays",
    "",
    "| array | dtype | shape (quick) | shape (paper) | description |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "## Parameters",
    "",
    ...SCALES.flatMap((s) => [`### ${s} (cache key \`${cacheKey(spec.version, spec.scales[s])}\`)`, "", "```json", JSON.stringify(spec.scales[s], null, 2), "```", ""]),
    "## Cache",
    "",
    `Built on demand into \`datasets/cache/${spec.name}/<scale>-seed<seed>-<key>/\` (git-ignored): one little-endian`,
    "binary file per array and a `manifest.json` with shapes, dtypes, parameters, seed, per-file sha256 and a",
    "content hash. Every load verifies the hashes and rebuilds a corrupted or truncated entry;",
    "`kazami data verify` checks all cached entries.",
    "",
  ].join("\n");
}

/** Writes datasets/<name>.md; returns its path. */
export function writeCard(name: string, dir = cardsDirectory()): string {
  const file = path.join(dir, `${name}.md`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, datasetCard(name));
  return file;
}

/** Whether datasets/<name>.md exists and equals the generated card. */
export function cardIsCurrent(name: string, dir = cardsDirectory()): boolean {
  try {
    return fs.readFileSync(path.join(dir, `${name}.md`), "utf8") === datasetCard(name);
  } catch {
    return false;
  }
}
