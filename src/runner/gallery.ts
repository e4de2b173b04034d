/**
 * out/index.html: a static, self-contained gallery of a manifest — per notebook (grouping the runs
 * of a --seeds sweep, a row per seed) its status, parameters and timing, its figures (referenced
 * relatively, so the folder can be moved or published as is) with titles and captions, a checks
 * table with pass/fail and each claim's control (name, value, value / control), and provenance.
 * No scripts and no external resources.
 */
import { ManifestCheck, describeCondition } from "./artifacts";
import { FigureEntry, Manifest, NotebookEntry, distinctProvenance, notebookOf } from "./manifest";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string);
}

export const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; } h3 { font-size: 1.05rem; margin-top: 1.5rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
.status { display: inline-block; padding: .1rem .5rem; border-radius: .8rem; font-size: .8rem; font-weight: 600; vertical-align: middle; }
.ok { background: #dafbe1; color: #116329; } .bad { background: #ffebe9; color: #a40e26; }
.meta { color: #57606a; font-size: .9rem; } .failure { color: #a40e26; font-family: ui-monospace, monospace; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1.2rem; }
figure { margin: 0; border: 1px solid #d0d7de; border-radius: .4rem; padding: .6rem; }
figure img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { font-size: .9rem; margin-top: .4rem; } figcaption .files { color: #57606a; font-size: .8rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; } td.num { font-family: ui-monospace, monospace; }
td.control { color: #57606a; } tr.pass td.result { color: #116329; font-weight: 600; } tr.fail td.result { color: #a40e26; font-weight: 600; }
details { margin: .5rem 0; font-size: .85rem; } pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; }
`;

function formatValue(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return JSON.stringify(v) ?? "undefined";
}

function figureHtml(f: FigureEntry): string {
  const png = f.files.find((x) => x.format === "png");
  const svg = f.files.find((x) => x.format === "svg");
  const image = png ?? svg;
  const alt = f.title ?? f.caption ?? `figure ${f.index}`;
  const img = image ? `<img src="${escapeHtml(image.path)}" alt="${escapeHtml(alt)}" loading="lazy">` : "<p>(no image rendering)</p>";
  const links = f.files.map((x) => `<a href="${escapeHtml(x.path)}">${x.format}</a>`).join(" · ");
  const title = f.title ? `<strong>${escapeHtml(f.title)}</strong> ` : "";
  const caption = f.caption ? escapeHtml(f.caption) : "";
  const where = f.cell === null ? "" : `cell ${f.cell} · `;
  return `<figure id="fig-${f.index}">${img}<figcaption>${title}${caption}<div class="files">Figure ${f.index} · ${where}${links}</div></figcaption></figure>`;
}

/** value / control when the value is a number and the control a non-zero number. */
export function controlRatio(c: ManifestCheck): number | undefined {
  return typeof c.value === "number" && c.control !== undefined && c.control.value !== 0 ? c.value / c.control.value : undefined;
}

/** The runs of one notebook: its manifest entries (one, or one per seed), in manifest order. */
interface NotebookGroup {
  name: string;
  runs: Array<{ key: string; entry: NotebookEntry }>;
}

function groups(manifest: Manifest): NotebookGroup[] {
  const byName = new Map<string, NotebookGroup>();
  for (const [key, entry] of Object.entries(manifest.notebooks)) {
    const name = notebookOf(key, entry);
    let g = byName.get(name);
    if (g === undefined) byName.set(name, (g = { name, runs: [] }));
    g.runs.push({ key, entry });
  }
  return [...byName.values()];
}

const seedText = (e: NotebookEntry): string => (e.seed === undefined ? "" : String(e.seed));

/** One row per check per run: the claim's value and condition beside its control and the ratio. */
function checksHtml(g: NotebookGroup): string {
  const rows = g.runs.flatMap(({ entry: e }) =>
    e.checks.map((c) => {
      const q = controlRatio(c);
      return (
        `<tr class="${c.passed ? "pass" : "fail"}"><td>${escapeHtml(c.name)}</td><td class="num">${escapeHtml(seedText(e))}</td>` +
        `<td class="num">${escapeHtml(formatValue(c.value))}</td><td>${escapeHtml(describeCondition(c.condition))}</td>` +
        `<td class="control">${c.control ? escapeHtml(c.control.name) : "—"}</td>` +
        `<td class="num control">${c.control ? escapeHtml(formatValue(c.control.value)) : ""}</td>` +
        `<td class="num control">${q === undefined ? "" : escapeHtml(formatValue(q))}</td>` +
        `<td class="result">${c.passed ? "pass" : "FAIL"}</td><td>${c.cell ?? ""}</td></tr>`
      );
    }),
  );
  if (rows.length === 0) return '<p class="meta">No checks.</p>';
  return (
    "<table><thead><tr><th>check</th><th>seed</th><th>value</th><th>condition</th><th>control</th><th>control value</th>" +
    `<th>value / control</th><th>result</th><th>cell</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

const isOk = (e: NotebookEntry): boolean => e.status === "ok";

/** The meta line, failure and figures of one run. */
function runHtml(e: NotebookEntry): string {
  const params = Object.entries(e.parameters).map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(JSON.stringify(v))}`).join(", ");
  const failure = e.failure ? `<p class="failure">${e.failure.cell === null ? "" : `cell ${e.failure.cell}: `}${escapeHtml(e.failure.reason)}</p>` : "";
  const kernel = e.kernel ? ` · kernel ${escapeHtml(e.kernel.implementation ?? e.kernel.name)} ${escapeHtml(e.kernel.implementation_version ?? "")}` : "";
  return [
    `<p class="meta"><a href="${escapeHtml(e.executed)}">executed notebook</a> · source ${escapeHtml(e.source)} · ` +
      `${e.durationSeconds.toFixed(1)} s · ${e.cells.run}/${e.cells.total} cells · started ${escapeHtml(e.started)}${kernel}` +
      `${params ? ` · ${params}` : ""}</p>`,
    failure,
    e.figures.length > 0 ? `<div class="figures">${e.figures.map(figureHtml).join("\n")}</div>` : "",
  ].join("\n");
}

function notebookHtml(g: NotebookGroup): string {
  const entries = g.runs.map((r) => r.entry);
  const ok = entries.every(isOk);
  const status = entries.length === 1 ? entries[0].status : `${entries.filter(isOk).length}/${entries.length} runs ok`;
  const provenance = distinctProvenance(entries.flatMap((e) => e.provenance));
  const provenanceHtml =
    provenance.length === 0
      ? ""
      : `<details><summary>Provenance (${provenance.length})</summary>${provenance.map((p) => `<pre>${escapeHtml(JSON.stringify(p, null, 2))}</pre>`).join("")}</details>`;
  // A single run shows as before; a sweep shows each seed's run under its own heading.
  const runs =
    g.runs.length === 1
      ? runHtml(entries[0])
      : g.runs
          .map(
            ({ key, entry: e }) =>
              `<h3 id="run-${escapeHtml(key)}">seed ${escapeHtml(seedText(e) || "?")} <span class="status ${isOk(e) ? "ok" : "bad"}">${escapeHtml(e.status)}</span></h3>\n${runHtml(e)}`,
          )
          .join("\n");
  return [
    `<section id="nb-${escapeHtml(g.name)}">`,
    `<h2>${escapeHtml(g.name)} <span class="status ${ok ? "ok" : "bad"}">${escapeHtml(status)}</span></h2>`,
    runs,
    checksHtml(g),
    provenanceHtml,
    "</section>",
  ].join("\n");
}

/** The summary table: a row per notebook, or per seed of a notebook run as a sweep. */
function summaryHtml(gs: NotebookGroup[]): string {
  const rows = gs.flatMap((g) =>
    g.runs.map(({ entry: e }, i) => {
      const passed = e.checks.filter((c) => c.passed).length;
      const name = i > 0 ? "" : `<td rowspan="${g.runs.length}"><a href="#nb-${escapeHtml(g.name)}">${escapeHtml(g.name)}</a></td>`;
      return (
        `<tr>${name}<td class="num">${escapeHtml(seedText(e))}</td><td><span class="status ${isOk(e) ? "ok" : "bad"}">${escapeHtml(e.status)}</span></td>` +
        `<td>${passed}/${e.checks.length}</td><td>${e.figures.length}</td><td>${e.durationSeconds.toFixed(1)} s</td></tr>`
      );
    }),
  );
  return `<table><thead><tr><th>notebook</th><th>seed</th><th>status</th><th>checks passed</th><th>figures</th><th>duration</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The gallery page for `manifest` (a complete HTML document). */
export function renderGallery(manifest: Manifest): string {
  const gs = groups(manifest);
  const runs = Object.keys(manifest.notebooks).length;
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Kazami — notebook gallery</title>",
    `<style>${STYLE}</style></head><body>`,
    "<h1>Kazami — notebook gallery</h1>",
    `<p class="meta">kazami ${escapeHtml(manifest.kazami)} · updated ${escapeHtml(manifest.updated)} · ${gs.length} notebook(s)${runs === gs.length ? "" : `, ${runs} runs`}</p>`,
    summaryHtml(gs),
    ...gs.map(notebookHtml),
    "</body></html>",
    "",
  ].join("\n");
}
