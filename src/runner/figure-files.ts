/**
 * Writes a notebook's figures to `<out>/figures/<notebook>/<n>.{png,svg,json}` (or another folder
 * under `<out>`, e.g. `figures/<notebook>/seed<N>` in a sweep; PNG decoded from
 * image/png, SVG as sent — or rendered here from the Vega-Lite spec when the bundle left it out to
 * keep the notebook small —, JSON = the Vega-Lite spec) and describes each file with its sha256.
 * Files left from an earlier run of the same notebook that this run did not write are removed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { render } from "../plot/render";
import type { Spec } from "../plot/compose";
import { writeFileAtomic } from "../core/atomic-write";
import { FigureRecord } from "./artifacts";
import { FigureEntry, FigureFile } from "./manifest";

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Renders the SVG of a figure whose bundle carried only the Vega-Lite spec. A spec that cannot be
 * rendered here (e.g. one that loads data from the network) gets no SVG and a warning on stderr.
 */
function svgFromSpec(notebookName: string, fig: FigureRecord): string | undefined {
  if (fig.vegaLite === undefined) return undefined;
  try {
    return render(fig.vegaLite as Spec, { png: false }).svg;
  } catch (err) {
    console.error(`kazami run: [${notebookName}] figure ${fig.index}: no SVG written (${(err as Error).message})`);
    return undefined;
  }
}

/**
 * Writes the files of `figures` under `outDir/<relDir>/` (default `figures/<notebookName>`) and
 * returns their manifest entries (paths relative to `outDir`, with "/" separators). `notebookName`
 * also names the notebook in warnings.
 */
export async function writeFigureFiles(
  outDir: string,
  notebookName: string,
  figures: FigureRecord[],
  relDir = `figures/${notebookName}`,
): Promise<FigureEntry[]> {
  const dir = path.join(outDir, relDir);
  const written = new Set<string>();
  const entries: FigureEntry[] = [];
  for (const fig of figures) {
    const files: FigureFile[] = [];
    const renderings: Array<[FigureFile["format"], Uint8Array | string | undefined]> = [
      ["png", fig.png],
      ["svg", fig.svg ?? svgFromSpec(notebookName, fig)],
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
