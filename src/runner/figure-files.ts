/**
 * Writes a notebook's figures to `<out>/figures/<notebook>/<n>.{png,svg,json}` (PNG decoded from
 * image/png, SVG as sent, JSON = the Vega-Lite spec) and describes each file with its sha256.
 * Files left from an earlier run of the same notebook that this run did not write are removed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { writeFileAtomic } from "./atomic";
import { FigureRecord } from "./artifacts";
import { FigureEntry, FigureFile } from "./manifest";

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Writes the files of `figures` under `outDir/figures/<notebookName>/` and returns their manifest
 * entries (paths relative to `outDir`, with "/" separators).
 */
export async function writeFigureFiles(outDir: string, notebookName: string, figures: FigureRecord[]): Promise<FigureEntry[]> {
  const relDir = `figures/${notebookName}`;
  const dir = path.join(outDir, relDir);
  const written = new Set<string>();
  const entries: FigureEntry[] = [];
  for (const fig of figures) {
    const files: FigureFile[] = [];
    const renderings: Array<[FigureFile["format"], Uint8Array | string | undefined]> = [
      ["png", fig.png],
      ["svg", fig.svg],
      ["json", fig.vegaLite === undefined ? undefined : JSON.stringify(fig.vegaLite, null, 1) + "\n"],
    ];
    for (const [format, data] of renderings) {
      if (data === undefined) continue;
      const name = `${fig.index}.${format}`;
      await writeFileAtomic(path.join(dir, name), data);
      written.add(name);
      const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
      files.push({ path: `${relDir}/${name}`, format, sha256: sha256(data), bytes });
    }
    const entry: FigureEntry = { index: fig.index, cell: fig.cell, files };
    if (fig.title !== undefined) entry.title = fig.title;
    if (fig.caption !== undefined) entry.caption = fig.caption;
    if (fig.provenance !== undefined) entry.provenance = fig.provenance;
    entries.push(entry);
  }
  const existing = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of existing) {
    if (/^\d+\.(png|svg|json)$/.test(name) && !written.has(name)) await fs.promises.rm(path.join(dir, name), { force: true });
  }
  return entries;
}
