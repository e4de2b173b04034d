/**
 * `<run>/verify.html`: the verification as a static page in the gallery's style (no scripts, no
 * external resources; images referenced relative to the run folder). Per notebook: the verdict, the
 * run and reference commits, a table of claims (claim, condition, reference with its seeds' values,
 * now, |Δ|, tolerance, verdict, notes) and of figures; each drifted figure shown side by side — the
 * run's image beside a chart of each drifted series' profile (reference ± tolerance as a band, now
 * as points) and the list of quantities out of tolerance.
 */
import { STYLE, escapeHtml } from "./gallery";
import { FigureRow, NotebookVerification, ProfileComparison, Verdict, Verification, formatNumber } from "./verify";

const EXTRA_STYLE = `
.identical, .within, .timing { color: #116329; font-weight: 600; } .drift, .missing { color: #a40e26; font-weight: 600; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; align-items: start; border: 1px solid #d0d7de; border-radius: .4rem; padding: .6rem; margin: 1rem 0; }
.side img { max-width: 100%; height: auto; } .notes { color: #57606a; font-size: .85rem; } svg.profile { background: #f6f8fa; }
`;

const VERDICT: Record<Verdict, string> = { identical: "identical", within: "within tolerance", timing: "timing: passes its condition", drift: "drift", missing: "missing" };

const esc = (v: number | string | null): string => escapeHtml(formatNumber(v));

/** "seed 0: v, seed 1: v, …" of the reference check behind row `i` (rows follow the reference's checks). */
function seedValues(i: number, nb: NotebookVerification): string {
  const rc = nb.reference.checks[i];
  if (rc === undefined) return "";
  return nb.reference.seeds.map((s, i) => `seed ${s}: ${esc(rc.values[i] ?? null)}`).join(", ");
}

function checkRows(nb: NotebookVerification): string {
  const rows = nb.checks.map((r, i) => {
    const tol = r.kind === "timing" ? "its condition" : `± ${esc(r.tolerance)}`;
    const control = r.control
      ? `<tr class="control"><td class="control">control: ${escapeHtml(r.control.name)}</td><td></td><td class="num control">${esc(r.control.reference)}</td>` +
        `<td class="num control">${esc(r.control.now)}</td><td class="num control">${esc(r.control.delta)}</td><td class="num control">${r.kind === "timing" ? "—" : `± ${esc(r.control.tolerance)}`}</td>` +
        `<td class="${r.control.verdict}">${VERDICT[r.control.verdict]}</td><td></td></tr>`
      : "";
    return (
      `<tr><td>${escapeHtml(r.claim)}</td><td>${escapeHtml(r.condition)}</td><td class="num" title="${escapeHtml(seedValues(i, nb))}">${esc(r.reference)}</td>` +
      `<td class="num">${esc(r.now)}</td><td class="num">${esc(r.delta)}</td><td class="num">${tol}</td><td class="${r.verdict}">${VERDICT[r.verdict]}</td>` +
      `<td class="notes">${r.notes.map(escapeHtml).join("<br>")}<br>${escapeHtml(seedValues(i, nb))}</td></tr>${control}`
    );
  });
  if (rows.length === 0) return '<p class="meta">No checks in the reference.</p>';
  return (
    "<table><thead><tr><th>claim</th><th>condition</th><th>reference (seed 0)</th><th>now</th><th>|Δ|</th><th>tolerance</th><th>verdict</th><th>notes · the seeds the tolerance came from</th></tr></thead>" +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

/** An inline SVG of a profile: the reference ± tolerance band (grey) and the run's blocks (red). */
export function profileSvg(p: ProfileComparison): string {
  const W = 400;
  const H = 130;
  const pad = 24;
  const n = Math.max(p.reference.length, p.now.length);
  const ys: number[] = [];
  for (const t of p.reference) if (t) ys.push(t[0] - t[1], t[0] + t[1]);
  for (const v of p.now) if (v !== null) ys.push(v);
  if (n === 0 || ys.length === 0) return "";
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi === lo) (lo -= 1), (hi += 1);
  const x = (i: number) => pad + (n === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (n - 1));
  const y = (v: number) => H - pad - ((v - lo) * (H - 2 * pad)) / (hi - lo);
  const band = p.reference.map((t, i) => (t ? [i, t] as const : null)).filter((e) => e !== null) as Array<readonly [number, [number, number]]>;
  const upper = band.map(([i, t]) => `${x(i).toFixed(1)},${y(t[0] + t[1]).toFixed(1)}`);
  const lower = band.map(([i, t]) => `${x(i).toFixed(1)},${y(t[0] - t[1]).toFixed(1)}`).reverse();
  const refLine = band.map(([i, t]) => `${x(i).toFixed(1)},${y(t[0]).toFixed(1)}`).join(" ");
  const dots = p.now.map((v, i) => (v === null ? "" : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="#cf222e"/>`)).join("");
  const label = escapeHtml(`${p.series}${p.title ? ` (${p.title})` : ""}`);
  return (
    `<svg class="profile" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">` +
    `<polygon points="${[...upper, ...lower].join(" ")}" fill="#d0d7de"/><polyline points="${refLine}" fill="none" stroke="#57606a" stroke-width="1"/>${dots}` +
    `<text x="${pad}" y="14" font-size="10" fill="#1b1f24">block means in data order: reference ± tolerance (grey), now (red)</text>` +
    `<text x="2" y="${(pad + 4).toFixed(0)}" font-size="9" fill="#57606a">${escapeHtml(formatNumber(hi))}</text>` +
    `<text x="2" y="${(H - pad + 4).toFixed(0)}" font-size="9" fill="#57606a">${escapeHtml(formatNumber(lo))}</text></svg>`
  );
}

function figureRows(nb: NotebookVerification): string {
  if (nb.figures.length === 0) return "";
  const rows = nb.figures.map(
    (f) =>
      `<tr><td>${f.index}</td><td>${escapeHtml(f.title ?? "")}</td><td class="${f.verdict}">${VERDICT[f.verdict]}</td>` +
      `<td class="notes">${[...f.notes, ...(f.drifts.length > 0 ? [`${f.drifts.length} quantities out of tolerance`] : [])].map(escapeHtml).join("<br>")}</td></tr>`,
  );
  return `<table><thead><tr><th>figure</th><th>title</th><th>data</th><th>notes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function driftedFigure(f: FigureRow): string {
  const img = f.image ? `<img src="${escapeHtml(f.image)}" alt="${escapeHtml(f.title ?? `figure ${f.index}`)}" loading="lazy">` : "<p>(no image in the run)</p>";
  const shown = 12;
  const more = f.drifts.length > shown ? `<li>… and ${f.drifts.length - shown} more</li>` : "";
  const quantities = f.drifts
    .slice(0, shown)
    .map((d) => `<li>${escapeHtml(d.series)}${d.title ? ` (${escapeHtml(d.title)})` : ""} ${escapeHtml(d.quantity)}: reference ${esc(d.reference)} ± ${esc(d.tolerance)}, now ${esc(d.now)}</li>`)
    .join("");
  return (
    `<div class="side" id="drift-${f.index}"><div><strong>now: figure ${f.index}${f.title ? ` — ${escapeHtml(f.title)}` : ""}</strong>${img}</div>` +
    `<div><strong>its data against the reference</strong><br>${f.profiles.map((p) => `<span class="notes">${escapeHtml(p.series)}${p.title ? ` (${escapeHtml(p.title)})` : ""}</span><br>${profileSvg(p)}`).join("<br>")}` +
    `${f.notes.length > 0 ? `<p class="notes">${f.notes.map(escapeHtml).join("<br>")}</p>` : ""}<ul class="notes">${quantities}${more}</ul></div></div>`
  );
}

function notebookHtml(nb: NotebookVerification): string {
  const ok = nb.verdict === "reproduced";
  const ref = nb.reference;
  const commits = ref.commits.map((c) => `${escapeHtml(c.commit.slice(0, 10))}${c.dirty ? " (dirty)" : ""} (seeds ${c.seeds.join(", ")})`).join("; ");
  return [
    `<section id="nb-${escapeHtml(nb.notebook)}">`,
    `<h2>${escapeHtml(nb.notebook)} <span class="status ${ok ? "ok" : "bad"}">${escapeHtml(nb.verdict)}</span></h2>`,
    `<p class="meta">run ${escapeHtml(nb.runKey ?? "—")}${nb.commit ? ` at ${escapeHtml(nb.commit.slice(0, 10))}` : ""} · reference: backend ${escapeHtml(ref.backend.name)}, scale ${escapeHtml(ref.scale)}, ` +
      `seeds ${ref.seeds.join(", ")}, commit ${commits}, built ${escapeHtml(ref.created)}</p>`,
    nb.problem ? `<p class="failure">${escapeHtml(nb.problem)}</p>` : "",
    nb.notes.length > 0 ? `<p class="notes">${nb.notes.map(escapeHtml).join("<br>")}</p>` : "",
    nb.problem ? "" : checkRows(nb),
    figureRows(nb),
    ...nb.figures.filter((f) => f.verdict === "drift").map(driftedFigure),
    nb.newChecks.length > 0 ? `<p class="notes">Checks not in the reference (rebuild it with kazami verify --update): ${nb.newChecks.map(escapeHtml).join("; ")}</p>` : "",
    "</section>",
  ].join("\n");
}

/** The verification page (a complete HTML document). */
export function renderVerification(v: Verification, runDir: string, referenceDir: string): string {
  const count = (k: NotebookVerification["verdict"]) => v.notebooks.filter((n) => n.verdict === k).length;
  const summary = v.notebooks
    .map(
      (n) =>
        `<tr><td><a href="#nb-${escapeHtml(n.notebook)}">${escapeHtml(n.notebook)}</a></td><td><span class="status ${n.verdict === "reproduced" ? "ok" : "bad"}">${escapeHtml(n.verdict)}</span></td>` +
        `<td>${n.checks.filter((c) => c.verdict !== "drift" && c.verdict !== "missing").length}/${n.checks.length}</td><td>${n.figures.filter((f) => f.verdict !== "drift" && f.verdict !== "missing").length}/${n.figures.length}</td></tr>`,
    )
    .join("");
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Kazami — verification against the reference</title>",
    `<style>${STYLE}${EXTRA_STYLE}</style></head><body>`,
    "<h1>Kazami — verification against the reference</h1>",
    `<p class="meta">run ${escapeHtml(runDir)} · reference ${escapeHtml(referenceDir)} · ${count("reproduced")} reproduced, ${count("drift")} drifted, ${count("missing")} missing · exit code ${v.exitCode}</p>`,
    `<p class="meta">Rule: ${escapeHtml(v.notebooks[0]?.reference.rule ?? "")}</p>`,
    `<table><thead><tr><th>notebook</th><th>verdict</th><th>checks reproduced</th><th>figures reproduced</th></tr></thead><tbody>${summary}</tbody></table>`,
    v.unreferenced.length > 0 ? `<p class="meta">No reference for: ${v.unreferenced.map(escapeHtml).join(", ")}</p>` : "",
    ...v.notebooks.map(notebookHtml),
    "</body></html>",
    "",
  ].join("\n");
}
