/**
 * Compares a run's manifest with reference files (reference.ts): for each reference notebook, the
 * run's seed-0 entry at the reference's scale and backend; each check's value and its control's
 * against the reference value ± tolerance (a timing check: that it still passes its condition);
 * each figure's data series against the reference summary ± tolerance. Pure: reading files and
 * printing are verify-command.ts's.
 *
 * Verdicts: `identical` (same value, same data hash), `within` (within tolerance), `timing` (a
 * timing check that passes its condition), `drift`, `missing` (no such notebook run, check or
 * figure). Exit code: 2 if anything is missing or not comparable, else 1 on any drift, else 0.
 */
import { describeCondition } from "./artifacts";
import { SpecSeries, specSeries, summarizeSeries, textHash } from "./figure-data";
import { Manifest, NotebookEntry, notebookOf } from "./manifest";
import { ReferenceCheck, ReferenceFile, ReferenceNumberSeries, ReferenceSeries, Tolerated, backendOf, matchChecks, occurrences, scaleOf, seedOf } from "./reference";

export type Verdict = "identical" | "within" | "timing" | "drift" | "missing";

export interface ValueComparison {
  reference: number | string;
  now: number | string | null;
  /** |now − reference| when both are numbers. */
  delta: number | null;
  tolerance: number;
  verdict: Verdict;
}

export interface CheckRow extends ValueComparison {
  claim: string;
  condition: string;
  kind: ReferenceCheck["kind"];
  /** Whether the run's check passed its condition (null when missing). */
  passed: boolean | null;
  notes: string[];
  control?: ValueComparison & { name: string };
}

/** One summary quantity of a series out of tolerance. */
export interface SeriesDrift {
  series: string;
  title?: string;
  quantity: string;
  reference: number;
  now: number | null;
  tolerance: number;
}

/** A drifted series' profile, for the side-by-side chart: reference ± tolerance and now, per block. */
export interface ProfileComparison {
  series: string;
  title?: string;
  reference: Array<Tolerated | null>;
  now: Array<number | null>;
}

export interface FigureRow {
  index: number;
  title?: string;
  verdict: Verdict;
  notes: string[];
  drifts: SeriesDrift[];
  profiles: ProfileComparison[];
  /** The run's image of the figure (PNG, else SVG), relative to the run folder. */
  image?: string;
}

export interface NotebookVerification {
  notebook: string;
  /** The manifest key of the run compared (absent when none could be). */
  runKey?: string;
  /** The run's git commit, when its provenance says. */
  commit?: string;
  /** Why nothing could be compared (no seed-0 run, other parameters, other backend). */
  problem?: string;
  verdict: "reproduced" | "drift" | "missing";
  checks: CheckRow[];
  figures: FigureRow[];
  /** Checks of the run that the reference does not have (not a failure: the reference is older). */
  newChecks: string[];
  /** Differences that do not decide the verdict (e.g. the backend's version or threads). */
  notes: string[];
  reference: ReferenceFile;
}

export interface Verification {
  notebooks: NotebookVerification[];
  /** Notebooks in the run that no reference covers. */
  unreferenced: string[];
  exitCode: 0 | 1 | 2;
}

/** Reads a run's files: the Vega-Lite spec of a figure file path, undefined when unreadable. */
export type SpecReader = (path: string) => unknown;

const numeric = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function compareValue(reference: number | string, now: number | string | null, tolerance: number): ValueComparison {
  if (now === null) return { reference, now, delta: null, tolerance, verdict: "missing" };
  if (now === reference) return { reference, now, delta: numeric(now) ? 0 : null, tolerance, verdict: "identical" };
  if (!numeric(reference) || !numeric(now)) return { reference, now, delta: null, tolerance, verdict: "drift" };
  const delta = Math.abs(now - reference);
  return { reference, now, delta, tolerance, verdict: delta <= tolerance ? "within" : "drift" };
}

function compareChecks(ref: ReferenceFile, entry: NotebookEntry): { rows: CheckRow[]; newChecks: string[] } {
  const matches = matchChecks(ref.checks, entry.checks);
  const rows = ref.checks.map((rc, k): CheckRow => {
    const m = matches[k];
    const c = m.index >= 0 ? entry.checks[m.index] : undefined;
    const base = {
      claim: rc.name,
      condition: describeCondition(rc.condition),
      kind: rc.kind,
      notes: [] as string[],
    };
    if (c === undefined) {
      return { ...base, ...compareValue(rc.reference, null, rc.tolerance), passed: null, notes: [`the run has no check named "${rc.name}"`] };
    }
    const row: CheckRow = { ...base, ...compareValue(rc.reference, c.value, rc.tolerance), passed: c.passed };
    if (m.byPosition) row.notes.push(`matched by position: the run names it "${c.name}"`);
    // Wall-clock values follow the machine's load: a timing check is verified by its condition, not its value.
    if (rc.kind === "timing") row.verdict = c.passed ? "timing" : "drift";
    if (rc.kind === "timing" && !c.passed) row.notes.push("timing check fails its condition");
    const nowCondition = describeCondition(c.condition);
    if (nowCondition !== row.condition) {
      row.notes.push(`condition changed: reference ${row.condition}, now ${nowCondition}`);
      row.verdict = "drift";
    }
    if (rc.kind !== "timing" && rc.passed && !c.passed) {
      row.notes.push("fails its condition (the reference passed)");
      row.verdict = "drift";
    }
    if (rc.control !== undefined) {
      const now = c.control === undefined ? null : c.control.value;
      const cc = { name: rc.control.name, ...compareValue(rc.control.reference, now, rc.control.tolerance) };
      if (rc.kind === "timing" && cc.verdict !== "missing") cc.verdict = "timing";
      row.control = cc;
      if (cc.verdict === "missing") {
        row.notes.push(`its control "${rc.control.name}" is missing`);
        row.verdict = "drift";
      } else if (cc.verdict === "drift") {
        row.notes.push(`its control "${rc.control.name}" drifted`);
        row.verdict = "drift";
      }
    }
    return row;
  });
  const matched = new Set(matches.map((m) => m.index));
  const occ = occurrences(entry.checks);
  const newChecks = entry.checks.flatMap((c, i) => (matched.has(i) ? [] : [occ[i] > 0 ? `${c.name} (#${occ[i] + 1})` : c.name]));
  return { rows, newChecks };
}

function quantityDrifts(rs: ReferenceNumberSeries, now: SpecSeries): { drifts: SeriesDrift[]; profile?: ProfileComparison } {
  const s = summarizeSeries(now.values as Array<number | null>);
  const drifts: SeriesDrift[] = [];
  const check = (quantity: string, t: Tolerated | null | undefined, v: number | null) => {
    if (t === undefined || t === null) return;
    if (v === null || Math.abs(v - t[0]) > t[1]) drifts.push({ series: rs.id, ...(rs.title ? { title: rs.title } : {}), quantity, reference: t[0], now: v, tolerance: t[1] });
  };
  check("length", rs.n, s.n);
  if (rs.kind === "timing") return { drifts };
  check("missing entries", rs.missing, s.missing);
  for (const q of ["min", "max", "mean", "std"] as const) check(q, rs[q], s[q]);
  rs.profile.forEach((t, b) => check(`block ${b + 1}/${rs.profile.length}`, t, s.profile.length === rs.profile.length ? s.profile[b] : null));
  const profile = drifts.length > 0 ? { series: rs.id, ...(rs.title ? { title: rs.title } : {}), reference: rs.profile, now: s.profile } : undefined;
  return { drifts, profile };
}

function compareSeries(rs: ReferenceSeries, now: SpecSeries | undefined, row: FigureRow): boolean {
  if (now === undefined || now.kind !== (rs.kind === "text" ? "text" : "number")) {
    row.notes.push(`series ${rs.id}${rs.title ? ` (${rs.title})` : ""} ${now === undefined ? "is missing" : `is now ${now.kind}`}`);
    return false;
  }
  if (rs.kind === "text") {
    if (textHash(now.values as string[]) === rs.sha256) return true;
    // Labels that differ between seeds (e.g. one per epoch of an early-stopped curve): only their count is verified.
    if (rs.stable) row.notes.push(`series ${rs.id}: its labels changed`);
    else if (Math.abs(now.values.length - rs.n[0]) > rs.n[1]) row.notes.push(`series ${rs.id}: ${now.values.length} labels, reference ${rs.n[0]} ± ${rs.n[1]}`);
    return false;
  }
  if (summarizeSeries(now.values as Array<number | null>).sha256 === rs.sha256) return true;
  const { drifts, profile } = quantityDrifts(rs, now);
  row.drifts.push(...drifts);
  if (profile) row.profiles.push(profile);
  return false;
}

function compareFigures(ref: ReferenceFile, entry: NotebookEntry, readSpec: SpecReader): FigureRow[] {
  return ref.figures.map((rf): FigureRow => {
    const row: FigureRow = { index: rf.index, verdict: "identical", notes: [], drifts: [], profiles: [] };
    if (rf.title !== undefined) row.title = rf.title;
    const fig = entry.figures.find((f) => f.index === rf.index);
    const image = fig?.files.find((f) => f.format === "png") ?? fig?.files.find((f) => f.format === "svg");
    if (image) row.image = image.path;
    const json = fig?.files.find((f) => f.format === "json");
    const spec = json === undefined ? undefined : readSpec(json.path);
    if (fig === undefined || spec === undefined) {
      row.verdict = "missing";
      row.notes.push(fig === undefined ? `the run has no figure ${rf.index}` : `figure ${rf.index} has no readable Vega-Lite spec (${json?.path ?? "no .json file"})`);
      return row;
    }
    const series = specSeries(spec);
    let identical = true;
    for (const rs of rf.series) identical = compareSeries(rs, series.find((s) => s.id === rs.id), row) && identical;
    for (const s of series) {
      if (!rf.series.some((rs) => rs.id === s.id)) {
        row.notes.push(`new series ${s.id}`);
        identical = false;
      }
    }
    const structural = row.notes.some((n) => /is missing|is now|new series|labels changed|labels, reference/.test(n));
    row.verdict = identical ? "identical" : row.drifts.length > 0 || structural ? "drift" : "within";
    return row;
  });
}

/** The run of `ref`'s notebook to compare: seed 0 at the reference's scale, or why there is none. */
function pickRun(ref: ReferenceFile, manifest: Manifest): { key: string; entry: NotebookEntry } | { problem: string } {
  const runs = Object.entries(manifest.notebooks).filter(([k, e]) => notebookOf(k, e) === ref.notebook);
  if (runs.length === 0) return { problem: `the run has no notebook ${ref.notebook}` };
  const seed0 = runs.filter(([, e]) => seedOf(e) === 0);
  if (seed0.length === 0) {
    return { problem: `${ref.notebook}: the run has seeds ${runs.map(([, e]) => String(seedOf(e) ?? "?")).join(", ")}, the reference is seed 0` };
  }
  const [key, entry] = seed0[0];
  if (scaleOf(entry) !== ref.scale) return { problem: `${ref.notebook}: the run is at scale ${scaleOf(entry)}, the reference at ${ref.scale}` };
  const backend = backendOf(entry)?.name ?? (ref.backend.used === false ? ref.backend.name : undefined);
  if (ref.backend.used !== false && backend !== ref.backend.name) return { problem: `${ref.notebook}: the run used backend ${backend ?? "(unknown)"}, the reference is for ${ref.backend.name}` };
  const { seed: _a, ...p } = entry.parameters;
  const { seed: _b, ...p0 } = ref.parameters;
  if (JSON.stringify(p) !== JSON.stringify(p0)) return { problem: `${ref.notebook}: the run's parameters ${JSON.stringify(p)} differ from the reference's ${JSON.stringify(p0)}` };
  return { key, entry };
}

function commitOf(entry: NotebookEntry): string | undefined {
  for (const p of entry.provenance) {
    const g = p.git as { commit?: unknown } | undefined;
    if (g !== undefined && typeof g.commit === "string") return g.commit;
  }
  return undefined;
}

/** Verifies one notebook's run against its reference. */
export function verifyNotebook(ref: ReferenceFile, manifest: Manifest, readSpec: SpecReader): NotebookVerification {
  const picked = pickRun(ref, manifest);
  if ("problem" in picked) return { notebook: ref.notebook, problem: picked.problem, verdict: "missing", checks: [], figures: [], newChecks: [], notes: [], reference: ref };
  const { rows, newChecks } = compareChecks(ref, picked.entry);
  const figures = compareFigures(ref, picked.entry, readSpec);
  const verdicts = [...rows.map((r) => r.verdict), ...figures.map((f) => f.verdict)];
  const commit = commitOf(picked.entry);
  const backend = backendOf(picked.entry) ?? { name: "" };
  const notes = (ref.backend.used === false ? [] : Object.keys({ ...ref.backend, ...backend }))
    .filter((k) => JSON.stringify(ref.backend[k]) !== JSON.stringify(backend[k]))
    .map((k) => `backend ${k}: reference ${JSON.stringify(ref.backend[k]) ?? "—"}, now ${JSON.stringify(backend[k]) ?? "—"}`);
  return {
    notebook: ref.notebook,
    runKey: picked.key,
    ...(commit === undefined ? {} : { commit }),
    verdict: verdicts.includes("missing") ? "missing" : verdicts.includes("drift") ? "drift" : "reproduced",
    checks: rows,
    figures,
    newChecks,
    notes,
    reference: ref,
  };
}

/** Verifies a run against every given reference; the exit code is 2 on anything missing, else 1 on drift. */
export function verifyRun(refs: ReferenceFile[], manifest: Manifest, readSpec: SpecReader): Verification {
  const notebooks = refs.map((r) => verifyNotebook(r, manifest, readSpec));
  const covered = new Set(refs.map((r) => r.notebook));
  const unreferenced = [...new Set(Object.entries(manifest.notebooks).map(([k, e]) => notebookOf(k, e)))].filter((n) => !covered.has(n));
  const exitCode = notebooks.some((n) => n.verdict === "missing") ? 2 : notebooks.some((n) => n.verdict === "drift") ? 1 : 0;
  return { notebooks, unreferenced, exitCode };
}

/** Numbers with 4 significant digits for tables. */
export function formatNumber(v: number | string | null): string {
  if (v === null) return "—";
  if (typeof v === "string") return v;
  if (v === 0) return "0";
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

const VERDICT_TEXT: Record<Verdict, string> = {
  identical: "identical",
  within: "within tol.",
  timing: "timing: passes",
  drift: "DRIFT",
  missing: "MISSING",
};

/** The drift table (plain text, one line per check and per figure) and a summary line per notebook. */
export function driftTable(v: Verification): string {
  const lines: string[] = [];
  const clip = (s: string, n: number) => (s.length <= n ? s.padEnd(n) : `${s.slice(0, n - 1)}…`);
  lines.push(`${clip("notebook / claim", 64)}  ${"reference".padStart(11)}  ${"now".padStart(11)}  ${"tolerance".padStart(10)}  verdict`);
  for (const nb of v.notebooks) {
    lines.push(`${nb.notebook}: ${nb.verdict === "reproduced" ? "reproduced" : nb.verdict.toUpperCase()}${nb.runKey ? ` (run ${nb.runKey}${nb.commit ? ` at ${nb.commit.slice(0, 7)}` : ""}; reference at ${nb.reference.commits.map((c) => c.commit.slice(0, 7)).join(", ")})` : ""}`);
    if (nb.problem !== undefined) lines.push(`  ${nb.problem}`);
    for (const n of nb.notes) lines.push(`  (${n})`);
    for (const r of nb.checks) {
      const tol = r.kind === "timing" ? "condition" : formatNumber(r.tolerance);
      lines.push(`  ${clip(r.claim, 62)}  ${formatNumber(r.reference).padStart(11)}  ${formatNumber(r.now).padStart(11)}  ${tol.padStart(10)}  ${VERDICT_TEXT[r.verdict]}`);
      for (const n of r.notes) lines.push(`      ${n}`);
    }
    for (const f of nb.figures) {
      lines.push(`  ${clip(`figure ${f.index}${f.title ? `: ${f.title}` : ""}`, 62)}  ${"data".padStart(11)}  ${"".padStart(11)}  ${"".padStart(10)}  ${VERDICT_TEXT[f.verdict]}`);
      for (const n of f.notes) lines.push(`      ${n}`);
      for (const d of f.drifts.slice(0, 5)) {
        lines.push(`      ${d.series}${d.title ? ` (${d.title})` : ""} ${d.quantity}: ${formatNumber(d.reference)} ± ${formatNumber(d.tolerance)}, now ${formatNumber(d.now)}`);
      }
      if (f.drifts.length > 5) lines.push(`      … and ${f.drifts.length - 5} more quantities`);
    }
    if (nb.newChecks.length > 0) lines.push(`  not in the reference (rebuild it with kazami verify --update): ${nb.newChecks.join("; ")}`);
  }
  if (v.unreferenced.length > 0) lines.push(`no reference for: ${v.unreferenced.join(", ")}`);
  return lines.join("\n") + "\n";
}
