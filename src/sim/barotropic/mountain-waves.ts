/**
 * Stationary Rossby waves behind mountains: an eastward current U over Gaussian mountains on a
 * doubly periodic β-plane (BarotropicModel with uniformFlow U and topography η), started from rest,
 * damped by linear drag so the lee-wave train decays downstream. The response read out is the
 * meridional displacement of the streamlines, δy = ψ'/U (length; northward > 0; the total stream
 * function −Uy + ψ' is constant on a streamline), averaged over a time window after the spin-up.
 * Small mountains give δy linear in η; tall ones (η·w/U ≳ 1) a weaker, nonlinear response.
 */
import type { Rng } from "../../core/random";
import { checkOneOf } from "../../core/checks";
import { checkFinite, checkInteger, checkNonNegative, checkPositive, checkRng } from "../validate";
import { makeDomain, rowY, type Domain } from "./domain";
import { BarotropicModel } from "./model";
import { type Mountain, mountainField } from "./random";
import { simulate } from "./simulate";

export interface MountainWaveSetup {
  /** Grid [ny, nx] (powers of two) on [0, lx) × [0, ly) (default 2π × 2π). */
  nx: number;
  ny: number;
  lx?: number;
  ly?: number;
  /** β (1/(length·time)), drag μ (1/time), hyperviscosity ν_p (length^{2p}/time) of order p. */
  beta: number;
  drag: number;
  hyperviscosity: number;
  order?: number;
  /** The current U (length/time), > 0 (eastward). */
  uniformFlow: number;
  /** Time step (ETDRK4) and end time; δy is averaged over the snapshots in [averageFrom, time]. */
  dt: number;
  time: number;
  averageFrom: number;
  /** Snapshot spacing in the averaging window (time units; default 1). */
  saveInterval?: number;
}

const WHERE = "barotropic.mountainWaveDisplacement";

/** The periodic domain of a setup. */
export function mountainWaveDomain(s: MountainWaveSetup): Domain {
  return makeDomain(WHERE, "periodic", s.nx, s.ny, s.lx ?? 2 * Math.PI, s.ly ?? 2 * Math.PI);
}

/**
 * Time-mean streamline displacement δy = ψ'/U [ny, nx] (length) over [averageFrom, time] of the
 * flow over topographic PV η [ny, nx] (1/time, e.g. from mountainField), started from rest.
 */
export function mountainWaveDisplacement(s: MountainWaveSetup, topography: Float64Array): Float64Array {
  if (s === null || typeof s !== "object") throw new TypeError(`${WHERE}: setup must be an object { nx, ny, beta, drag, … }`);
  const U = checkPositive(WHERE, "uniformFlow", s.uniformFlow);
  const dt = checkPositive(WHERE, "dt", s.dt), time = checkPositive(WHERE, "time", s.time);
  const from = checkFinite(WHERE, "averageFrom", s.averageFrom, 0, time);
  const every = Math.max(1, Math.round((s.saveInterval ?? 1) / dt)), steps = Math.round(time / dt);
  const model = new BarotropicModel({ domain: "periodic", nx: s.nx, ny: s.ny, lx: s.lx, ly: s.ly, beta: s.beta, drag: s.drag,
    hyperviscosity: s.hyperviscosity, order: s.order ?? 2, topography, uniformFlow: U });
  const run = simulate(model, new Float64Array(s.nx * s.ny), { dt, steps, saveEvery: every, scheme: "etdrk4" });
  const out = new Float64Array(s.nx * s.ny);
  let count = 0;
  for (let k = 0; k < run.times.length; k++) {
    if (run.times[k] < from - 1e-9) continue;
    const psi = model.flow(model.toSpectral(run.vorticity[k])).psi;
    for (let q = 0; q < out.length; q++) out[q] += psi[q];
    count++;
  }
  if (count === 0) throw new RangeError(`${WHERE}: no snapshot in [averageFrom, time] = [${from}, ${time}] (snapshots every ${every * dt})`);
  for (let q = 0; q < out.length; q++) out[q] /= count * U;
  return out;
}

/**
 * `count` mountains of half-width `width` with centres uniform in the box [x0, x1] × [y0, y1]
 * (length units) and at least `minSeparation` apart (rejection sampling, restarting a set that
 * leaves no room after 100 draws), heights in [minHeight, maxHeight] (topographic PV, 1/time):
 * uniform (`heights: "uniform"`, the default) or log-uniform (`"logUniform"`: log η0 uniform, so
 * the heights of one set differ by larger factors; needs minHeight > 0). Draws from `rng` until
 * the centres fit.
 */
export function placeMountains(opts: {
  rng: Rng; count: number; box: [number, number, number, number]; minSeparation: number; minHeight: number; maxHeight: number; width: number;
  heights?: "uniform" | "logUniform";
}): Mountain[] {
  const where = "barotropic.placeMountains";
  const rng = checkRng(where, opts);
  const count = checkInteger(where, "count", opts.count, 1, 100);
  const [x0, x1, y0, y1] = opts.box;
  if (!(x1 > x0 && y1 > y0)) throw new RangeError(`${where}: box must be [x0, x1, y0, y1] with x1 > x0 and y1 > y0, got [${opts.box.join(", ")}]`);
  const sep = checkNonNegative(where, "minSeparation", opts.minSeparation);
  const lo = checkFinite(where, "minHeight", opts.minHeight), hi = checkFinite(where, "maxHeight", opts.maxHeight, lo);
  const width = checkPositive(where, "width", opts.width);
  const law = checkOneOf(where, "heights", opts.heights ?? "uniform", ["uniform", "logUniform"] as const);
  if (law === "logUniform" && !(lo > 0)) throw new RangeError(`${where}: log-uniform heights need minHeight > 0, got ${lo}`);
  let out: Mountain[] = [];
  for (let tries = 0; out.length < count; tries++) {
    if (tries > 100000) throw new RangeError(`${where}: could not place ${count} mountains ${sep} apart in the box [${opts.box.join(", ")}]`);
    if (tries % 100 === 99) out = []; // the first centres left no room: start the set afresh
    const x = x0 + rng.uniform() * (x1 - x0), y = y0 + rng.uniform() * (y1 - y0);
    if (out.every((m) => Math.hypot(m.x - x, m.y - y) >= sep)) out.push({ x, y, height: 0, width });
  }
  for (const m of out) m.height = law === "uniform" ? lo + rng.uniform() * (hi - lo) : lo * Math.pow(hi / lo, rng.uniform());
  return out;
}

/** Index of the mountain whose centre is nearest (periodic distance on the domain) to (x, y). */
export function nearestMountain(d: Domain, mountains: readonly Mountain[], x: number, y: number): number {
  if (mountains.length === 0) throw new RangeError("barotropic.nearestMountain: no mountains");
  const wrap = (a: number, l: number) => { const r = ((a % l) + l) % l; return Math.min(r, l - r); };
  let best = 0, bestD = Infinity;
  mountains.forEach((m, i) => {
    const dd = Math.hypot(wrap(m.x - x, d.lx), d.kind === "periodic" ? wrap(m.y - y, d.ly) : m.y - y);
    if (dd < bestD) { bestD = dd; best = i; }
  });
  return best;
}

/**
 * The footprint of each mountain: per grid cell [ny, nx] (row-major), the index of the nearest
 * mountain centre (nearestMountain at the cell's (x, y); a Voronoi partition of the domain).
 */
export function mountainRegions(d: Domain, mountains: readonly Mountain[]): Int32Array {
  const out = new Int32Array(d.nx * d.ny);
  for (let j = 0; j < d.ny; j++) for (let i = 0; i < d.nx; i++) out[j * d.nx + i] = nearestMountain(d, mountains, i * d.dx, rowY(d, j));
  return out;
}

/** The topography of all mountains but `skip` (brute-force removal), [ny, nx]. */
export function withoutMountain(d: Domain, mountains: readonly Mountain[], skip: number): Float64Array {
  return mountainField(d, mountains.filter((_, i) => i !== skip));
}

/**
 * Brute-force importance of each mountain: ΔF_m = F(all) − F(all but m), F = readout(δy) of the
 * time-mean displacement δy [ny, nx] (mountainWaveDisplacement), one re-simulation per mountain.
 * `full`, the δy of all mountains, is simulated too unless given. Returns one ΔF per mountain.
 */
export function removalEffects(s: MountainWaveSetup, mountains: readonly Mountain[], readout: (dy: Float64Array) => number, full?: Float64Array): number[] {
  const where = "barotropic.removalEffects";
  if (typeof readout !== "function") throw new TypeError(`${where}: readout must be a function (δy [ny, nx]) => number, got ${typeof readout}`);
  if (!Array.isArray(mountains) || mountains.length === 0) throw new RangeError(`${where}: mountains must be a non-empty list of { x, y, height, width }`);
  const d = mountainWaveDomain(s);
  if (full !== undefined && !(full instanceof Float64Array && full.length === s.nx * s.ny)) {
    throw new RangeError(`${where}: full must be the δy of all mountains, a Float64Array of ${s.nx}·${s.ny} = ${s.nx * s.ny} values`);
  }
  const f = checkFinite(where, "readout(full)", readout(full ?? mountainWaveDisplacement(s, mountainField(d, mountains))));
  return mountains.map((_, m) => f - checkFinite(where, `readout(without mountain ${m})`, readout(mountainWaveDisplacement(s, withoutMountain(d, mountains, m)))));
}
