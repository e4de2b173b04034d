/**
 * Reference manifests: what `kazami verify` compares a run with. One JSON file per notebook and
 * backend, `notebooks/reference/<backend>/<notebook>.json`, built by `kazami verify --update` from
 * a seed sweep (at least two seeds, seed 0 among them; the lead's is seeds 0, 1, 2 at quick scale):
 *
 * - per check: seed 0's value (the reference), every seed's value, their spread (max − min) and the
 *   tolerance derived from it ({@link valueTolerance}); the same for its control; the condition and
 *   whether seed 0 passed it. A check whose name says it measures wall-clock time
 *   ({@link isTimingLabel}) is `kind: "timing"`: load changes it, so it is verified by passing its
 *   condition, not by its value. The kind is kept when a reference is rebuilt, so it can be set by
 *   hand in the file.
 * - per figure: per data series of its Vega-Lite spec (figure-data.ts), seed 0's summary (length,
 *   missing entries, min, max, mean, std, profile of block means) with a tolerance per quantity from
 *   the spread over seeds ({@link figureTolerance}), and the hash of seed 0's exact values.
 * - provenance: the commits, seeds, backend, scale, parameters and date it was built from.
 *
 * Every run must be `ok`, except that a timing check may fail its condition (wall-clock ratios miss
 * their threshold under load; the file's `notes` say which seed and value).
 *
 * The tolerance rule (also written into every file as `rule`):
 *   tolerance = max(3 × spread over seeds, floor)
 * Three times the range of three seeds: a fresh independent draw from the same distribution lands
 * farther than that from seed 0 about 4% of the time (with two seeds, 18%), while a rerun of seed 0
 * on the same backend reproduces the values exactly. Floors, for quantities equal across seeds
 * (exact-zero equivariance errors, grids, closed forms): 8 float32 ulps at the value's scale,
 * 8·2⁻²³·max(|v|, 1), for check values; for figure data, twice the resolution the plot builders
 * store values with (1e-5 of the series' magnitude, src/plot/cells.ts), so equal data reproduces;
 * lengths and missing-entry counts get no floor (equal across seeds → must be equal).
 */
import { ManifestCheck, describeCondition } from "./artifacts";
import { RecordedCondition } from "../core/contract";
import { NotebookEntry } from "./manifest";
import { ParameterValue } from "./parameters";
import { SeriesSummary, SpecSeries, specSeries, summarizeSeries, textHash } from "./figure-data";

export const REFERENCE_FORMAT = 1;
/** Tolerance = SPREAD_FACTOR × (max − min over seeds), at least the floor. */
export const SPREAD_FACTOR = 3;
/** Float32 machine epsilon, 2⁻²³. */
export const FLOAT32_EPS = 2 ** -23;
/** Floor of a check's tolerance in float32 ulps at max(|value|, 1). */
export const CHECK_FLOOR_ULPS = 8;
/** The plot builders store data with a resolution of 1e-5 of its range (src/plot/cells.ts) or 5 significant digits. */
export const FIGURE_RESOLUTION = 1e-5;

export const TOLERANCE_RULE =
  `tolerance = max(${SPREAD_FACTOR} × (max − min over seeds), floor); floor = ${CHECK_FLOOR_ULPS}·2^-23·max(|value|, 1) for checks, ` +
  `${2 * FIGURE_RESOLUTION}·max|series| for figure data, 0 for lengths and missing counts; ` +
  "timing checks (wall-clock) are verified by their condition, not their value";

/** A value with the tolerance it is verified to. */
export type Tolerated = [reference: number, tolerance: number];

export interface ReferenceControl {
  name: string;
  reference: number;
  /** Per seed, in the order of the file's `seeds` (null: that seed's run had no such control). */
  values: Array<number | null>;
  spread: number;
  tolerance: number;
}

export interface ReferenceCheck {
  name: string;
  /** How many checks of the same name come before it in the notebook (0 for a unique name). */
  occurrence: number;
  /** Its 0-based position among the notebook's checks. */
  position: number;
  kind: "value" | "timing";
  condition: RecordedCondition;
  /** Whether seed 0 passed its condition. */
  passed: boolean;
  /** Seed 0's value (a string for a non-finite value). */
  reference: number | string;
  /** Per seed, in the order of `seeds` (null: that seed's run had no such check). */
  values: Array<number | string | null>;
  /** max − min of the numeric values over seeds. */
  spread: number;
  tolerance: number;
  control?: ReferenceControl;
}

export interface ReferenceNumberSeries {
  id: string;
  title?: string;
  kind: "number" | "timing";
  sha256: string;
  n: Tolerated;
  missing: Tolerated;
  /** Absent when seed 0's series has no finite entry. */
  min?: Tolerated;
  max?: Tolerated;
  mean?: Tolerated;
  std?: Tolerated;
  /** Per block of the profile; null where seed 0's block has no finite entry. */
  profile: Array<Tolerated | null>;
}

export interface ReferenceTextSeries {
  id: string;
  title?: string;
  kind: "text";
  sha256: string;
  n: Tolerated;
  /** Whether every seed had the same strings (only then are they verified). */
  stable: boolean;
}

export type ReferenceSeries = ReferenceNumberSeries | ReferenceTextSeries;

export interface ReferenceFigure {
  index: number;
  title?: string;
  /** How many of the seeds had this figure with a readable spec. */
  seeds: number;
  series: ReferenceSeries[];
}

export interface ReferenceFile {
  format: typeof REFERENCE_FORMAT;
  notebook: string;
  /**
   * The backend's provenance record of seed 0 (name, tfjs version, SIMD, threads); `used: false`
   * for a notebook that never starts tfjs (its outputs carry no backend): filed under `name`, it
   * verifies against a run on any backend.
   */
  backend: Record<string, unknown> & { name: string; used?: false };
  scale: string;
  /** Seed 0's effective parameters. */
  parameters: Record<string, ParameterValue>;
  seeds: number[];
  /** Distinct git commits of the runs, with whether the tree was dirty and which seeds ran there. */
  commits: Array<{ commit: string; dirty: boolean; seeds: number[] }>;
  /** ISO 8601 time the reference was built. */
  created: string;
  kazami: string;
  rule: string;
  /** What the builder let through, e.g. a timing check that failed under load in one seed. */
  notes: string[];
  checks: ReferenceCheck[];
  figures: ReferenceFigure[];
}

/** One run of a sweep that goes into a reference: its manifest entry and a reader of its figure specs. */
export interface SweepRun {
  seed: number;
  entry: NotebookEntry;
  /** Where the run came from (for messages). */
  origin: string;
  /** The Vega-Lite spec of figure `index` (1-based), or undefined when it has none on disk. */
  spec: (index: number) => unknown;
}

/** Thrown for a sweep a reference cannot be built from; the message names the notebook. */
export class ReferenceError extends Error {}

const TIMING = /wall[- ]?(clock|time)|speed-?ups?\b|\btime \/|\/ [^/]*\btime\b|\bseconds\b|\((m?s|s\/[\w ]+)\)|\[m?s\]/i;

/**
 * Whether a check name or axis title says it measures wall-clock time ("speed-up", "wall time",
 * "solver time / FNO time", "… (s)"); physical times and rates ("lead time (model time units)",
 * "(1/time)") do not count.
 */
export function isTimingLabel(text: string): boolean {
  return TIMING.test(text);
}

const spreadOf = (xs: number[]): number => (xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs));

/** A check value's tolerance: max(SPREAD_FACTOR × spread, 8 float32 ulps at max(|reference|, 1)). */
export function valueTolerance(values: number[], reference: number): number {
  return Math.max(SPREAD_FACTOR * spreadOf(values), CHECK_FLOOR_ULPS * FLOAT32_EPS * Math.max(Math.abs(reference), 1));
}

/** A figure quantity's tolerance: max(SPREAD_FACTOR × spread, floor). */
export function figureTolerance(values: number[], floor: number): number {
  return Math.max(SPREAD_FACTOR * spreadOf(values), floor);
}

/** A tolerance written with 3 significant digits, rounded up. */
function roundUp(t: number): number {
  if (t === 0 || !Number.isFinite(t)) return t;
  let r = Number(t.toPrecision(3));
  if (r < t * (1 - 1e-9)) r = Number((t * 1.005).toPrecision(3)); // (not for float noise in the last digits)
  return r;
}

/** A reference value written with 7 significant digits (well inside any figure tolerance floor). */
const round7 = (v: number): number => Number(v.toPrecision(7));

/** The backend provenance record of an entry (from its provenance), or undefined. */
export function backendOf(entry: NotebookEntry): (Record<string, unknown> & { name: string }) | undefined {
  for (const p of entry.provenance) {
    const b = p.backend;
    if (typeof b === "object" && b !== null && typeof (b as { name?: unknown }).name === "string") return b as Record<string, unknown> & { name: string };
  }
  return undefined;
}

/** The git commit an entry's outputs carried, if any. */
function gitOf(entry: NotebookEntry): { commit: string; dirty: boolean } | undefined {
  for (const p of entry.provenance) {
    const g = p.git as { commit?: unknown; dirty?: unknown } | undefined;
    if (g !== undefined && typeof g.commit === "string") return { commit: g.commit, dirty: g.dirty === true };
  }
  return undefined;
}

/** The scale parameter of an entry ("quick" when it declares none). */
export function scaleOf(entry: NotebookEntry): string {
  return typeof entry.parameters.scale === "string" ? entry.parameters.scale : "quick";
}

/** The seed of an entry: `entry.seed`, or its `seed` parameter. */
export function seedOf(entry: NotebookEntry): number | undefined {
  return entry.seed ?? (typeof entry.parameters.seed === "number" ? entry.parameters.seed : undefined);
}

/** Where a reference check is found among a run's checks. */
export interface CheckMatch {
  /** Index into the run's checks, or -1 when the run has no such check. */
  index: number;
  /** Matched by its position because no check of the same name exists (its name changed). */
  byPosition: boolean;
}

/** Occurrence numbers: how many checks of the same name precede each. */
export function occurrences(checks: ReadonlyArray<{ name: string }>): number[] {
  const seen = new Map<string, number>();
  return checks.map((c) => {
    const k = seen.get(c.name) ?? 0;
    seen.set(c.name, k + 1);
    return k;
  });
}

/**
 * Matches reference checks (name, occurrence, position) to a run's checks: by name and occurrence,
 * then — for a check whose name is gone (a name carrying a computed index) — the run's check at the
 * same position, if no reference check claimed it by name.
 */
export function matchChecks(ref: ReadonlyArray<{ name: string; occurrence: number; position: number }>, run: readonly ManifestCheck[]): CheckMatch[] {
  const occ = occurrences(run);
  const taken = new Set<number>();
  const matches: CheckMatch[] = ref.map((r) => {
    const i = run.findIndex((c, j) => c.name === r.name && occ[j] === r.occurrence);
    if (i >= 0) taken.add(i);
    return { index: i, byPosition: false };
  });
  const refNames = new Set(ref.map((r) => r.name));
  ref.forEach((r, k) => {
    if (matches[k].index >= 0) return;
    const j = r.position;
    if (j < run.length && !taken.has(j) && !refNames.has(run[j].name)) {
      taken.add(j);
      matches[k] = { index: j, byPosition: true };
    }
  });
  return matches;
}

function numeric(v: number | string | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function referenceChecks(runs: SweepRun[], previous: ReferenceFile | undefined): ReferenceCheck[] {
  const base = runs[0].entry.checks;
  const occ = occurrences(base);
  const keys = base.map((c, i) => ({ name: c.name, occurrence: occ[i], position: i }));
  const matched = runs.map((r) => matchChecks(keys, r.entry.checks));
  return base.map((c, i) => {
    const inRun = runs.map((r, s) => (matched[s][i].index >= 0 ? r.entry.checks[matched[s][i].index] : undefined));
    const values = inRun.map((x) => (x === undefined ? null : x.value));
    const nums = values.filter(numeric);
    const kept = previous?.checks.find((p) => p.name === c.name && p.occurrence === occ[i]);
    const check: ReferenceCheck = {
      name: c.name,
      occurrence: occ[i],
      position: i,
      kind: kept?.kind ?? (isTimingLabel(c.name) ? "timing" : "value"),
      condition: c.condition,
      passed: c.passed,
      reference: c.value,
      values,
      spread: spreadOf(nums),
      tolerance: numeric(c.value) ? roundUp(valueTolerance(nums, c.value)) : 0,
    };
    if (c.control !== undefined) {
      const cv = inRun.map((x) => (x?.control === undefined ? null : x.control.value));
      const cn = cv.filter(numeric);
      check.control = {
        name: c.control.name,
        reference: c.control.value,
        values: cv,
        spread: spreadOf(cn),
        tolerance: roundUp(valueTolerance(cn, c.control.value)),
      };
    }
    return check;
  });
}

function tolerated(values: number[], reference: number, floor: number): Tolerated {
  return [round7(reference), roundUp(figureTolerance(values, floor))];
}

/** The reference of one series of figure `index` from its summary per seed (seed 0 first). */
function referenceSeries(
  id: string,
  title: string | undefined,
  perSeed: Array<{ kind: "number" | "text"; summary?: SeriesSummary; text?: string[] }>,
  kept: ReferenceSeries | undefined,
): ReferenceSeries {
  const first = perSeed[0];
  const ns = perSeed.map((s) => (s.summary?.n ?? s.text?.length ?? 0));
  const withTitle = <T extends ReferenceSeries>(s: T): T => (title === undefined ? s : { ...s, title });
  if (first.kind === "text") {
    const hashes = perSeed.filter((s) => s.kind === "text").map((s) => textHash(s.text ?? []));
    return withTitle({ id, kind: "text", sha256: hashes[0], n: tolerated(ns, ns[0], 0), stable: hashes.every((h) => h === hashes[0]) });
  }
  const sums = perSeed.filter((s) => s.summary !== undefined).map((s) => s.summary as SeriesSummary);
  const s0 = sums[0];
  const magnitude = Math.max(Math.abs(s0.min ?? 0), Math.abs(s0.max ?? 0));
  const floor = 2 * FIGURE_RESOLUTION * magnitude;
  const kind = kept?.kind === "timing" || kept?.kind === "number" ? kept.kind : isTimingLabel(title ?? "") ? "timing" : "number";
  const out: ReferenceNumberSeries = {
    id,
    kind,
    sha256: s0.sha256,
    n: tolerated(sums.map((s) => s.n), s0.n, 0),
    missing: tolerated(sums.map((s) => s.missing), s0.missing, 0),
    profile: s0.profile.map((p, b) => (p === null ? null : tolerated(sums.map((s) => s.profile[b]).filter(numeric), p, floor))),
  };
  for (const q of ["min", "max", "mean", "std"] as const) {
    const v0 = s0[q];
    if (v0 !== null) out[q] = tolerated(sums.map((s) => s[q]).filter(numeric), v0, floor);
  }
  return withTitle(out);
}

function referenceFigures(runs: SweepRun[], previous: ReferenceFile | undefined): ReferenceFigure[] {
  const figures: ReferenceFigure[] = [];
  for (const fig of runs[0].entry.figures) {
    const specs = runs.map((r) => (r.entry.figures.some((f) => f.index === fig.index) ? r.spec(fig.index) : undefined));
    if (specs[0] === undefined) continue;
    const present = specs.filter((s) => s !== undefined).map((s) => specSeries(s));
    const keptFig = previous?.figures.find((f) => f.index === fig.index);
    const series = present[0].map((s0) => {
      const perSeed = present
        .map((list) => list.find((x) => x.id === s0.id && x.kind === s0.kind))
        .filter((x): x is SpecSeries => x !== undefined)
        .map((x) => (x.kind === "number" ? { kind: x.kind, summary: summarizeSeries(x.values as Array<number | null>) } : { kind: x.kind, text: x.values as string[] }));
      return referenceSeries(s0.id, s0.title, perSeed, keptFig?.series.find((k) => k.id === s0.id));
    });
    const rf: ReferenceFigure = { index: fig.index, seeds: present.length, series };
    if (fig.title !== undefined) rf.title = fig.title;
    figures.push(rf);
  }
  return figures;
}

export interface BuildOptions {
  /** The notebook's current reference: the check and series kinds it records (e.g. a check marked timing by hand) are kept. */
  previous?: ReferenceFile;
  /** The folder's backend, for a notebook whose runs never started tfjs (no backend provenance). */
  backend?: string;
  now?: Date;
}

/**
 * The reference of one notebook from its runs over seeds (any order; seed 0 and at least one more
 * required, each run `ok` but for timing checks, one backend and one scale).
 */
export function buildReference(notebook: string, runs: SweepRun[], kazami: string, options: BuildOptions = {}): ReferenceFile {
  const previous = options.previous;
  const where = (r: SweepRun) => `seed ${r.seed} (${r.origin})`;
  const bySeed = new Map<number, SweepRun>();
  for (const r of runs) {
    const other = bySeed.get(r.seed);
    if (other !== undefined) throw new ReferenceError(`${notebook}: seed ${r.seed} appears twice (${other.origin} and ${r.origin}); give each seed once`);
    bySeed.set(r.seed, r);
  }
  const seeds = [...bySeed.keys()].sort((a, b) => a - b);
  if (!bySeed.has(0)) throw new ReferenceError(`${notebook}: no run with seed 0 (found seeds ${seeds.join(", ") || "none"}); the reference is seed 0's values`);
  if (seeds.length < 2) {
    throw new ReferenceError(`${notebook}: only seed ${seeds.join(", ")} found; tolerances come from the spread over seeds, so at least 2 seeds are needed (run kazami run ${notebook} --seeds 0,1,2)`);
  }
  const ordered = [bySeed.get(0) as SweepRun, ...seeds.filter((s) => s !== 0).map((s) => bySeed.get(s) as SweepRun)];
  const isTiming = (name: string): boolean => (previous?.checks.find((p) => p.name === name)?.kind ?? (isTimingLabel(name) ? "timing" : "value")) === "timing";
  const notes: string[] = [];
  for (const r of ordered) {
    const failed = r.entry.checks.filter((c) => !c.passed);
    // A wall-clock check may miss its threshold under load; that run's other values still count.
    if (r.entry.status === "check-failed" && failed.length > 0 && failed.every((c) => isTiming(c.name))) {
      for (const c of failed) notes.push(`${where(r)}: timing check "${c.name}" = ${c.value} failed its condition (${describeCondition(c.condition)}); its values kept`);
    } else if (r.entry.status !== "ok") {
      const which = failed.length > 0 ? ` (${failed.map((c) => `"${c.name}" = ${c.value}`).join(", ")})` : "";
      throw new ReferenceError(`${notebook}: the run of ${where(r)} ended ${r.entry.status}${which}; a reference is built only from runs whose every check passed, timing checks excepted`);
    }
  }
  const recorded = backendOf(ordered[0].entry);
  if (recorded === undefined && options.backend === undefined) {
    throw new ReferenceError(`${notebook}: seed 0's outputs carry no backend provenance (the notebook never starts tfjs) and no other run names a backend; pass --backend NAME`);
  }
  const backend: ReferenceFile["backend"] = recorded ?? { name: options.backend as string, used: false };
  const backendName = (e: NotebookEntry): string | undefined => backendOf(e)?.name ?? (recorded === undefined ? backend.name : undefined);
  const scale = scaleOf(ordered[0].entry);
  for (const r of ordered) {
    const b = backendName(r.entry);
    if (b !== backend.name) throw new ReferenceError(`${notebook}: ${where(r)} ran on backend ${b ?? "(unknown)"}, seed 0 on ${backend.name}; one reference per backend`);
    if (scaleOf(r.entry) !== scale) throw new ReferenceError(`${notebook}: ${where(r)} ran at scale ${scaleOf(r.entry)}, seed 0 at ${scale}`);
    const { seed: _a, ...p0 } = ordered[0].entry.parameters;
    const { seed: _b, ...p } = r.entry.parameters;
    if (JSON.stringify(p) !== JSON.stringify(p0)) throw new ReferenceError(`${notebook}: ${where(r)} ran with parameters ${JSON.stringify(p)}, seed 0 with ${JSON.stringify(p0)}; only the seed may differ`);
  }
  const commits: ReferenceFile["commits"] = [];
  for (const r of ordered) {
    const g = gitOf(r.entry) ?? { commit: "(unknown)", dirty: false };
    const c = commits.find((x) => x.commit === g.commit && x.dirty === g.dirty);
    if (c === undefined) commits.push({ ...g, seeds: [r.seed] });
    else c.seeds.push(r.seed);
  }
  for (const c of commits) c.seeds.sort((a, b) => a - b);
  // Values per seed are stored in seed order; seed 0 comes first in `ordered` and in `seeds`.
  return {
    format: REFERENCE_FORMAT,
    notebook,
    backend,
    scale,
    parameters: ordered[0].entry.parameters,
    seeds: ordered.map((r) => r.seed),
    commits,
    created: (options.now ?? new Date()).toISOString(),
    kazami,
    rule: TOLERANCE_RULE,
    notes,
    checks: referenceChecks(ordered, previous),
    figures: referenceFigures(ordered, previous),
  };
}

/** Reads a reference file's JSON, or says what is wrong with it. */
export function parseReference(text: string, file: string): ReferenceFile {
  let r: ReferenceFile;
  try {
    r = JSON.parse(text) as ReferenceFile;
  } catch (err) {
    throw new ReferenceError(`${file} is not valid JSON (${(err as Error).message})`);
  }
  if (typeof r !== "object" || r === null || r.format !== REFERENCE_FORMAT || typeof r.notebook !== "string" || !Array.isArray(r.checks) || !Array.isArray(r.figures)) {
    throw new ReferenceError(`${file} is not a kazami reference (format ${REFERENCE_FORMAT} with notebook, checks, figures); rebuild it with kazami verify --update`);
  }
  return r;
}
