/**
 * The SRDA ocean-jet experiment's assimilation cycles (Yasuda & Onishi 2024, arXiv:2308.03351):
 * a low-resolution barotropic model (32 × 17 channel grid) forecasts over one assimilation window;
 * sparse, noisy observations of the high-resolution truth (128 × 65) are assimilated there, either
 *
 *   SR-DA  an SrdaNet maps (forecast, observations) to the high-resolution analysis, or
 *   EnKF   an ensemble of low-resolution forecasts, bicubic-interpolated to the fine grid, is
 *          updated by the stochastic EnKF (localised, inflated) — the paper's baseline;
 *
 * and the analysis, low-pass filtered onto the coarse grid, starts the next forecast. Fields are
 * row-major Float64Array [ny, nx], rows y from wall to wall, ζ in the model's units (1/time).
 */
import * as tf from "@tensorflow/tfjs";
import { bicubicWeights } from "../baselines/bicubic";
import { checkFinite, checkInt, checkObject, checkPositive } from "../core/checks";
import type { Rng } from "../core/random";
import type { NamedArray } from "../data/types";
import { simulateSpectral, type BarotropicModel } from "../sim/barotropic";
import { enkfAnalysis, ensembleMean } from "./enkf";
import type { ObservationOperator } from "./observation";
import { srdaInput, type SrdaNet } from "./srda-net";

/** The fixed parts of one experiment. */
export interface JetSetup {
  /** The low-resolution model (channel, ny = (fine rows − 1)/factor + 1). */
  model: BarotropicModel;
  /** Its time step and steps per assimilation window (ETDRK4). */
  dt: number;
  steps: number;
  /** Fine grid [rows, columns] including both walls (128 × 65: [65, 128]). */
  fine: readonly [number, number];
  /** Point observations on the fine grid (none on the far wall row). */
  observe: ObservationOperator;
  /** Observation-error standard deviation (model units). */
  obsStd: number;
  /** Vorticity scale the network's inputs and outputs are divided by. */
  scale: number;
  /**
   * Low-pass filter of a fine field [rows, columns] onto the coarse grid (the paper's Fourier
   * truncation; data.catalog's channelLowPass).
   */
  lowPass: (fine: Float64Array) => Float64Array;
}

const WHERE = "assimilation.jet";

/** Coarse grid [rows, columns] and refinement factor of a setup. */
export function coarseGrid(setup: JetSetup): { ny: number; nx: number; factor: number } {
  const d = setup.model.domain, factor = setup.fine[1] / d.nx;
  if (!Number.isInteger(factor) || (d.ny - 1) * factor + 1 !== setup.fine[0]) {
    throw new RangeError(`${WHERE}: the fine grid [${setup.fine.join(", ")}] must refine the model's [${d.ny}, ${d.nx}] by an integer factor (rows (ny − 1)·r + 1)`);
  }
  return { ny: d.ny, nx: d.nx, factor };
}

/**
 * The low-resolution forecast [ny, nx] over one window from ζ [ny, nx]. When the CFL guard refuses
 * setup.dt (a fast state, e.g. a member of a diverging ensemble), the window is run again with dt
 * halved, down to dt/16; beyond that the guard's RangeError is thrown.
 */
export function forecastWindow(setup: JetSetup, zeta: Float64Array): Float64Array {
  const m = setup.model, spec = m.toSpectral(zeta);
  for (let k = 1; ; k *= 2) {
    try {
      return m.toGrid(simulateSpectral(m, spec, { dt: setup.dt / k, steps: setup.steps * k, scheme: "etdrk4" }).spectrum);
    } catch (e) {
      if (!(e instanceof RangeError) || !e.message.includes("CFL number") || k >= 16) throw e;
    }
  }
}

/** Observations y [m] of the fine truth [rows·columns]: H·x plus Gaussian noise of std obsStd. */
export function observeTruth(setup: JetSetup, truth: Float64Array, rng: Rng): Float64Array {
  const y = setup.observe.apply(truth);
  for (let k = 0; k < y.length; k++) y[k] += setup.obsStd * rng.normal();
  return y;
}

let cachedWeights: { key: string; wy: Float64Array; wx: Float64Array } | undefined;

/** Bicubic interpolation (node-aligned, clamped in y, periodic in x) of a coarse field onto the fine grid. */
export function bicubicToFine(setup: JetSetup, coarse: Float64Array): Float64Array {
  const { ny, nx } = coarseGrid(setup), [Ny, Nx] = setup.fine, key = `${ny},${nx},${Ny},${Nx}`;
  if (cachedWeights?.key !== key) cachedWeights = { key, wy: bicubicWeights(ny, Ny, "clamp", "node"), wx: bicubicWeights(nx, Nx, "periodic", "node") };
  const { wy, wx } = cachedWeights, tmp = new Float64Array(Ny * nx), out = new Float64Array(Ny * Nx);
  for (let J = 0; J < Ny; J++) for (let j = 0; j < ny; j++) {
    const w = wy[J * ny + j];
    if (w !== 0) for (let i = 0; i < nx; i++) tmp[J * nx + i] += w * coarse[j * nx + i];
  }
  for (let J = 0; J < Ny; J++) for (let I = 0; I < Nx; I++) {
    let s = 0;
    for (let i = 0; i < nx; i++) s += wx[I * nx + i] * tmp[J * nx + i];
    out[J * Nx + I] = s;
  }
  return out;
}

/** The 0/1 mask [1, rows − 1, columns, 1] of the observed fine points (far wall row left out). */
export function observationMask(setup: JetSetup): tf.Tensor4D {
  const [Ny, Nx] = setup.fine, idx = setup.observe.indices;
  if (idx === null) throw new TypeError(`${WHERE}: SR-DA needs point observations (assimilation.pointObservations)`);
  const mask = new Float32Array((Ny - 1) * Nx);
  for (const i of idx) {
    if (i >= (Ny - 1) * Nx) throw new RangeError(`${WHERE}: observation at fine index ${i} lies on the far wall row ${Ny - 1}, where ζ = 0; observe rows < ${Ny - 1}`);
    mask[i] = 1;
  }
  return tf.tensor4d(mask, [1, Ny - 1, Nx, 1]);
}

/** The network input [1, ny − 1, nx, 1 + 2r²] for one coarse forecast and its observations y [m]. */
export function srdaInputOf(setup: JetSetup, forecast: Float64Array, y: Float64Array, mask: tf.Tensor4D): tf.Tensor4D {
  const { ny, nx, factor } = coarseGrid(setup), [Ny, Nx] = setup.fine, s = 1 / setup.scale;
  const f = new Float32Array((ny - 1) * nx), o = new Float32Array((Ny - 1) * Nx), idx = setup.observe.indices as Int32Array;
  for (let i = 0; i < f.length; i++) f[i] = forecast[i] * s;
  for (let k = 0; k < idx.length; k++) o[idx[k]] = y[k] * s;
  return tf.tidy(() => srdaInput(tf.tensor4d(f, [1, ny - 1, nx, 1]), tf.tensor4d(o, [1, Ny - 1, Nx, 1]), mask, factor));
}

/** The network's output [1, rows − 1, columns, 1] (scaled) as a fine field [rows·columns] with both walls 0. */
function toFineField(setup: JetSetup, out: tf.Tensor): Float64Array {
  const [Ny, Nx] = setup.fine, v = out.dataSync(), field = new Float64Array(Ny * Nx);
  for (let i = Nx; i < (Ny - 1) * Nx; i++) field[i] = v[i] * setup.scale;
  return field;
}

/** The SR-DA analysis [rows·columns] of one coarse forecast [ny·nx] with observations y [m]. */
export function srdaAnalysis(net: SrdaNet, setup: JetSetup, forecast: Float64Array, y: Float64Array, mask: tf.Tensor4D): Float64Array {
  const x = srdaInputOf(setup, forecast, y, mask);
  const out = tf.tidy(() => net.apply(x));
  const field = toFineField(setup, out);
  x.dispose(); out.dispose();
  return field;
}

/**
 * ∂(analysis)/∂y_k [rows·columns]: the response of the SR-DA analysis to observation k, by central
 * differences with step `delta` (model units; the network is piecewise linear, so any delta small
 * against the field's scale gives its local Jacobian column).
 */
export function observationResponse(net: SrdaNet, setup: JetSetup, forecast: Float64Array, y: Float64Array, k: number, delta: number, mask: tf.Tensor4D): Float64Array {
  checkInt(WHERE, "k (observation)", k, 0, y.length - 1);
  const d = checkPositive(WHERE, "delta", delta);
  const up = y.slice(), dn = y.slice();
  up[k] += d; dn[k] -= d;
  const a = srdaAnalysis(net, setup, forecast, up, mask), b = srdaAnalysis(net, setup, forecast, dn, mask);
  for (let i = 0; i < a.length; i++) a[i] = (a[i] - b[i]) / (2 * d);
  return a;
}

/** What one cycled run returns. */
export interface CycleRun {
  /** Fine analyses [rows·columns], one per window. */
  analyses: Float64Array[];
  /** The coarse forecasts [ny·nx] they were made from (SR-DA) or the ensemble-mean forecasts (EnKF), one per window. */
  forecasts: Float64Array[];
  /** The observations y [m] of each window. */
  observations: Float64Array[];
  /** Wall-clock seconds of forecasts + analyses (no set-up). */
  seconds: number;
}

/**
 * Cycled SR-DA over `truth.length` windows: forecast the coarse state over a window, observe the
 * truth at its end (observeTruth), analyse with the network, low-pass the analysis to start the
 * next window. `start` is the coarse state one window before truth[0].
 */
export function cycleSrda(net: SrdaNet, setup: JetSetup, opts: { truth: readonly Float64Array[]; start: Float64Array; rng: Rng }): CycleRun {
  checkObject(WHERE, "options", opts);
  const mask = observationMask(setup), analyses: Float64Array[] = [], forecasts: Float64Array[] = [], observations: Float64Array[] = [];
  let state: Float64Array = opts.start.slice(), seconds = 0;
  for (const truth of opts.truth) {
    const y = observeTruth(setup, truth, opts.rng), t0 = performance.now();
    const f = forecastWindow(setup, state), a = srdaAnalysis(net, setup, f, y, mask);
    state = setup.lowPass(a);
    seconds += (performance.now() - t0) / 1000;
    analyses.push(a); forecasts.push(f); observations.push(y);
  }
  mask.dispose();
  return { analyses, forecasts, observations, seconds };
}

export interface EnkfCycleOptions {
  truth: readonly Float64Array[];
  /** Initial coarse ensemble [N, ny·nx], one window before truth[0]. */
  ensemble: Float64Array;
  members: number;
  rng: Rng;
  /** Stream for the observations (the same seed as the SR-DA run's gives the same observations). */
  obsRng: Rng;
  /** Observation-error std the EnKF assumes (default setup.obsStd; EnKFs often inflate it). */
  obsStd?: number;
  /** Multiplicative inflation λ ≥ 1 (default 1). */
  inflation?: number;
  /** Localisation tapers on the fine grid (see enkfAnalysis). */
  localisation?: { stateObs: Float64Array; obsObs: Float64Array };
  /**
   * Additive inflation after each analysis: `amplitude` times a randomly chosen coarse anomaly of
   * `pool` (fields [ny·nx] of zero mean, e.g. climatological anomalies) added to each member.
   */
  additive?: { pool: readonly Float64Array[]; amplitude: number };
  /** Keep the fine background ensemble [N, rows·columns] of this window (for correlation maps). */
  keepBackground?: number;
}

/**
 * Cycled EnKF with the low-resolution model: each member is forecast over the window and
 * bicubic-interpolated to the fine grid, the stochastic EnKF assimilates the observations there,
 * and each analysed member is low-pass filtered back to the coarse grid. Returns the analysis means
 * and, if asked, one window's fine background ensemble.
 */
export function cycleEnkf(setup: JetSetup, opts: EnkfCycleOptions): CycleRun & { background?: Float64Array } {
  checkObject(WHERE, "options", opts);
  const { ny, nx } = coarseGrid(setup), nc = ny * nx, [Ny, Nx] = setup.fine, nf = Ny * Nx;
  const N = checkInt(WHERE, "members", opts.members, 2);
  if (opts.ensemble.length !== N * nc) throw new RangeError(`${WHERE}: ensemble must be [${N}, ${nc}], got ${opts.ensemble.length} numbers`);
  const amp = opts.additive === undefined ? 0 : checkFinite(WHERE, "additive.amplitude", opts.additive.amplitude, 0);
  let members: Float64Array[] = Array.from({ length: N }, (_, k) => opts.ensemble.slice(k * nc, (k + 1) * nc));
  const analyses: Float64Array[] = [], forecasts: Float64Array[] = [], observations: Float64Array[] = [];
  let seconds = 0, background: Float64Array | undefined;
  opts.truth.forEach((truth, w) => {
    const y = observeTruth(setup, truth, opts.obsRng), t0 = performance.now();
    const X = new Float64Array(N * nf), fm = new Float64Array(nc);
    members.forEach((m, k) => {
      const f = forecastWindow(setup, m);
      for (let i = 0; i < nc; i++) fm[i] += f[i] / N;
      X.set(bicubicToFine(setup, f), k * nf);
    });
    forecasts.push(fm); observations.push(y);
    if (opts.keepBackground === w) background = X.slice();
    const { analysis } = enkfAnalysis(X, N, y, setup.observe, { rng: opts.rng, obsStd: opts.obsStd ?? setup.obsStd, inflation: opts.inflation, localisation: opts.localisation });
    analyses.push(ensembleMean(analysis, N));
    members = members.map((_, k) => {
      const c = setup.lowPass(analysis.slice(k * nf, (k + 1) * nf));
      if (amp > 0) {
        const pool = opts.additive!.pool, p = pool[opts.rng.integer(0, pool.length)];
        for (let i = 0; i < nc; i++) c[i] += amp * p[i];
        c.fill(0, 0, nx); c.fill(0, (ny - 1) * nx);
      }
      return c;
    });
    seconds += (performance.now() - t0) / 1000;
  });
  return { analyses, forecasts, observations, seconds, background };
}

/** Root-mean-square difference of two fields. */
export function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`${WHERE}.rmse: fields must have the same non-zero length, got ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

/** Pearson correlation of two maps over the entries where `where` (if given) is true. */
export function mapCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, where?: (i: number) => boolean): number {
  if (a.length !== b.length) throw new RangeError(`${WHERE}.mapCorrelation: maps must have the same length, got ${a.length} and ${b.length}`);
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) if (!where || where(i)) { sa += a[i]; sb += b[i]; n++; }
  if (n < 2) throw new RangeError(`${WHERE}.mapCorrelation: fewer than 2 entries selected`);
  const ma = sa / n, mb = sb / n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) if (!where || where(i)) { const x = a[i] - ma, y = b[i] - mb; ab += x * y; aa += x * x; bb += y * y; }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Snapshot [rows·columns] (float64) of an array [trajectories, cycles, rows, columns] at (trajectory, cycle). */
export function snapshot(a: NamedArray, trajectory: number, cycle: number): Float64Array {
  if (a.shape.length !== 4) throw new RangeError(`${WHERE}.snapshot: expected an array [trajectories, cycles, rows, columns], got [${a.shape.join(", ")}]`);
  const [T, C, ny, nx] = a.shape;
  checkInt(`${WHERE}.snapshot`, "trajectory", trajectory, 0, T - 1); checkInt(`${WHERE}.snapshot`, "cycle", cycle, 0, C - 1);
  const n = ny * nx, o = (trajectory * C + cycle) * n;
  return Float64Array.from(a.data.subarray(o, o + n));
}

/**
 * Training tensors for srdaLoss from the dataset's `low` (forecasts [T, C, ny, nx]) and `high`
 * (truth [T, C, rows, columns]) at the (trajectory, cycle) pairs: { forecast [S, ny − 1, nx, 1],
 * truth [S, rows − 1, columns, 1] }, far wall rows dropped, divided by setup.scale.
 */
export function srdaTrainingBatch(setup: JetSetup, low: NamedArray, high: NamedArray, samples: readonly (readonly [number, number])[]): { forecast: tf.Tensor4D; truth: tf.Tensor4D } {
  const { ny, nx } = coarseGrid(setup), [Ny, Nx] = setup.fine, S = samples.length, s = 1 / setup.scale;
  if (S === 0) throw new RangeError(`${WHERE}.srdaTrainingBatch: no samples`);
  const F = new Float32Array(S * (ny - 1) * nx), T = new Float32Array(S * (Ny - 1) * Nx);
  samples.forEach(([t, c], k) => {
    const f = snapshot(low, t, c), h = snapshot(high, t, c);
    for (let i = 0; i < (ny - 1) * nx; i++) F[k * (ny - 1) * nx + i] = f[i] * s;
    for (let i = 0; i < (Ny - 1) * Nx; i++) T[k * (Ny - 1) * Nx + i] = h[i] * s;
  });
  return { forecast: tf.tensor4d(F, [S, ny - 1, nx, 1]), truth: tf.tensor4d(T, [S, Ny - 1, Nx, 1]) };
}

/** Anomalies (fields minus their mean) of the given coarse snapshots of `lowTruth` [T, C, ny, nx]. */
export function anomalies(a: NamedArray, samples: readonly (readonly [number, number])[]): Float64Array[] {
  const fields = samples.map(([t, c]) => snapshot(a, t, c)), n = fields[0].length, mean = new Float64Array(n);
  for (const f of fields) for (let i = 0; i < n; i++) mean[i] += f[i] / fields.length;
  return fields.map((f) => f.map((v, i) => v - mean[i]));
}

/** N members [N, n]: `start` plus `amplitude` times an anomaly of `pool` drawn at random for each member. */
export function perturbedEnsemble(start: Float64Array, pool: readonly Float64Array[], members: number, amplitude: number, rng: Rng): Float64Array {
  const N = checkInt(WHERE, "members", members, 2), n = start.length, out = new Float64Array(N * n);
  const a = checkFinite(WHERE, "amplitude", amplitude, 0);
  for (let k = 0; k < N; k++) {
    const p = pool[rng.integer(0, pool.length)];
    for (let i = 0; i < n; i++) out[k * n + i] = start[i] + a * p[i];
  }
  return out;
}

/**
 * The isotropic Gaussian exp(−r²/(2·length²)) [rows·columns] around fine point `index` (r in model
 * length units, periodic in x) — the attribution map a reviewer would guess.
 */
export function gaussianKernelMap(setup: JetSetup, index: number, length: number): Float64Array {
  const [Ny, Nx] = setup.fine, d = setup.model.domain, dy = d.ly / (Ny - 1), dx = d.lx / Nx;
  checkInt(WHERE, "index", index, 0, Ny * Nx - 1);
  const L = checkPositive(WHERE, "length", length), j0 = Math.floor(index / Nx), i0 = index % Nx, out = new Float64Array(Ny * Nx);
  for (let j = 0; j < Ny; j++) for (let i = 0; i < Nx; i++) {
    const di = Math.min(Math.abs(i - i0), Nx - Math.abs(i - i0)) * dx, dj = (j - j0) * dy;
    out[j * Nx + i] = Math.exp(-(di * di + dj * dj) / (2 * L * L));
  }
  return out;
}

/** Whether fine point i lies within `radius` grid points (in both y and x, x periodic) of point `index`. */
export function nearPoint(setup: JetSetup, index: number, radius: number): (i: number) => boolean {
  const Nx = setup.fine[1], j0 = Math.floor(index / Nx), i0 = index % Nx;
  return (i) => {
    const j = Math.floor(i / Nx), x = i % Nx;
    return Math.abs(j - j0) <= radius && Math.min(Math.abs(x - i0), Nx - Math.abs(x - i0)) <= radius;
  };
}

/**
 * The flow-dependent part of a map [rows·columns] around fine point `index`: the map minus its
 * mean over rings of equal distance from the point (bins of half a grid spacing, x periodic), within `radius`
 * grid points (0 outside). An isotropic kernel has none; what remains is the anisotropy a
 * flow-dependent covariance carries.
 */
export function anisotropicPart(setup: JetSetup, map: ArrayLike<number>, index: number, radius: number): Float64Array {
  const [Ny, Nx] = setup.fine, n = Ny * Nx;
  if (map.length !== n) throw new RangeError(`${WHERE}.anisotropicPart: map must be [${Ny}, ${Nx}], got ${map.length} values`);
  checkInt(WHERE, "index", index, 0, n - 1);
  const R = checkInt(WHERE, "radius", radius, 1, Math.min(Ny, Nx));
  const j0 = Math.floor(index / Nx), i0 = index % Nx, bins = Math.ceil(2 * Math.SQRT2 * R) + 1;
  const sum = new Float64Array(bins), count = new Float64Array(bins), bin = new Int32Array(n).fill(-1);
  for (let j = Math.max(0, j0 - R); j <= Math.min(Ny - 1, j0 + R); j++) for (let di = -R; di <= R; di++) {
    const i = (((i0 + di) % Nx) + Nx) % Nx, p = j * Nx + i, b = Math.round(2 * Math.hypot(j - j0, di));
    bin[p] = b; sum[b] += map[p]; count[b]++;
  }
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) if (bin[p] >= 0) out[p] = map[p] - sum[bin[p]] / count[bin[p]];
  return out;
}
