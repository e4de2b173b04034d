/**
 * Time integration of the canopy heat equation (heat-operator.ts) with explicit finite volumes:
 * face fluxes by first-order upwind or TVD (MUSCL face values with the van Leer limiter
 * ψ(r) = (r + |r|)/(1 + |r|); van Leer 1974), stepped by the two-stage strong-stability-preserving
 * Runge–Kutta scheme (SSP-RK2 / Heun; Shu & Osher 1988). TVD falls back to upwind at faces whose
 * far-upwind cell is a building or outside the domain. Each face flux is computed once and applied
 * with opposite signs to its two cells, so heat is conserved to round-off.
 *
 * Stability (forward-Euler positivity, which SSP-RK2 inherits): per air cell,
 *   dt·(k·Σ_f max(F_f, 0) + Σ_f D_f)/V + λ·dt ≤ 1,   k = 1 (upwind) or 2 (TVD, ψ ≤ 2),
 * i.e. k·CFL + diffusion number + λdt ≤ 1. Larger dt is refused with an error naming the numbers.
 */
import { checkFloat64, checkInteger, checkPositive } from "../validate";
import type { HeatOperator } from "./heat-operator";

export type AdvectionScheme = "upwind" | "tvd";

function schemeFactor(scheme: AdvectionScheme): number {
  if (scheme === "upwind") return 1;
  if (scheme === "tvd") return 2;
  throw new RangeError(`urban: advection scheme must be "upwind" or "tvd", got ${JSON.stringify(scheme)}`);
}

/** Largest stable time step (s) for the operator and scheme (see the module comment). */
export function maxStableDt(op: HeatOperator, scheme: AdvectionScheme = "tvd"): number {
  return 1 / stabilityRate(op, scheme).rate;
}

/** Per-second rates: max over cells of k·outflow/V + ΣD/V + λ, and its CFL and diffusion parts. */
function stabilityRate(op: HeatOperator, scheme: AdvectionScheme): { rate: number; cfl: number; diffusion: number } {
  const k = schemeFactor(scheme);
  const { nx, ny } = op.mask.grid, s = op.mask.solid, V = op.volume;
  let rate = op.params.exchangeRate, cfl = 0, diffusion = 0;
  for (let j = 0; j < ny; j++) {
    const jn = (j + 1) % ny;
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      if (s[c]) continue;
      const fw = j * (nx + 1) + i, fe = fw + 1, fn = jn * nx + i;
      const out = Math.max(-op.fluxX[fw], 0) + Math.max(op.fluxX[fe], 0) + Math.max(-op.fluxY[c], 0) + Math.max(op.fluxY[fn], 0);
      const diff = op.condX[fw] + op.condX[fe] + op.condY[c] + op.condY[fn];
      cfl = Math.max(cfl, out / V);
      diffusion = Math.max(diffusion, diff / V);
      rate = Math.max(rate, (k * out + diff) / V + op.params.exchangeRate);
    }
  }
  return { rate, cfl, diffusion };
}

const vanLeer = (r: number): number => (r + Math.abs(r)) / (1 + Math.abs(r));

/** Face value: upwind θu, limited towards the downwind θd using the far-upwind θuu (if given). */
function faceValue(tvd: boolean, thetaU: number, thetaD: number, thetaUU: number | undefined): number {
  if (!tvd || thetaUU === undefined) return thetaU;
  const delta = thetaD - thetaU;
  if (delta === 0) return thetaU;
  return thetaU + 0.5 * vanLeer((thetaU - thetaUU) / delta) * delta;
}

/**
 * Tendency dθ/dt (K/s) [ny, nx] of the field θ [ny, nx] into `out`; 0 in building cells.
 */
export function heatTendency(op: HeatOperator, theta: Float64Array, scheme: AdvectionScheme = "tvd", out?: Float64Array): Float64Array {
  const tvd = schemeFactor(scheme) === 2;
  const { nx, ny } = op.mask.grid, s = op.mask.solid, n = nx * ny;
  const acc = out ?? new Float64Array(n);
  acc.set(op.source);
  for (let j = 0; j < ny; j++) {
    const row = j * nx;
    for (let i = 0; i <= nx; i++) {
      const f = j * (nx + 1) + i, F = op.fluxX[f], D = op.condX[f];
      if (F === 0 && D === 0) continue;
      const l = row + i - 1, r = row + i;
      if (i === 0) { acc[r] += (F > 0 ? 0 : F * theta[r]) - D * theta[r]; continue; }
      if (i === nx) { acc[l] -= F > 0 ? F * theta[l] : 0; continue; }
      let tf: number;
      if (F > 0) tf = faceValue(tvd, theta[l], theta[r], i >= 2 && !s[l - 1] ? theta[l - 1] : undefined);
      else tf = faceValue(tvd, theta[r], theta[l], i <= nx - 2 && !s[r + 1] ? theta[r + 1] : undefined);
      const phi = F * tf - D * (theta[r] - theta[l]);
      acc[l] -= phi; acc[r] += phi;
    }
  }
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny, jmm = (j - 2 + 2 * ny) % ny, jp = (j + 1) % ny;
    for (let i = 0; i < nx; i++) {
      const f = j * nx + i, F = op.fluxY[f], D = op.condY[f];
      if (F === 0 && D === 0) continue;
      const b = jm * nx + i, t = f;
      let tf: number;
      if (F > 0) tf = faceValue(tvd, theta[b], theta[t], !s[jmm * nx + i] ? theta[jmm * nx + i] : undefined);
      else tf = faceValue(tvd, theta[t], theta[b], !s[jp * nx + i] ? theta[jp * nx + i] : undefined);
      const phi = F * tf - D * (theta[t] - theta[b]);
      acc[b] -= phi; acc[t] += phi;
    }
  }
  const V = op.volume, lambda = op.params.exchangeRate;
  for (let c = 0; c < n; c++) acc[c] = s[c] ? 0 : acc[c] / V - lambda * theta[c];
  return acc;
}

export interface HeatRunOptions {
  /** Time step (s); default 0.8·maxStableDt. A larger-than-stable dt throws. */
  dt?: number;
  /** Number of steps (≥ 0). */
  steps: number;
  /** Default "tvd". */
  scheme?: AdvectionScheme;
  /** Keep θ every this many steps (default: only the final state). */
  saveEvery?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface HeatRun {
  /** Times (s) of the snapshots. */
  times: number[];
  /** Snapshots θ [ny, nx] (K); building cells keep their initial value. */
  theta: Float64Array[];
  /** The time step used (s). */
  dt: number;
}

/** Integrates from θ0 [ny, nx] (K) by SSP-RK2; refuses an unstable dt with the CFL/diffusion numbers. */
export function simulateHeat(op: HeatOperator, theta0: Float64Array, opts: HeatRunOptions): HeatRun {
  const where = "urban.simulateHeat";
  const { nx, ny } = op.mask.grid, n = nx * ny;
  checkFloat64(where, "theta0", theta0, n, `[${ny}, ${nx}]`);
  const steps = checkInteger(where, "steps", opts.steps, 0);
  const scheme = opts.scheme ?? "tvd";
  const { rate, cfl, diffusion } = stabilityRate(op, scheme);
  const dtMax = 1 / rate;
  const dt = opts.dt === undefined ? 0.8 * dtMax : checkPositive(where, "dt", opts.dt);
  if (dt * rate > 1 + 1e-12) {
    throw new RangeError(`${where}: dt = ${dt} s is unstable for the ${scheme} scheme: CFL number ${(cfl * dt).toFixed(3)}, diffusion number ${(diffusion * dt).toFixed(3)}, λ·dt ${(op.params.exchangeRate * dt).toFixed(3)} give ${scheme === "tvd" ? "2·CFL" : "CFL"} + diffusion + λdt = ${(dt * rate).toFixed(3)} > 1; use dt ≤ ${dtMax.toPrecision(4)} s`);
  }
  const saveEvery = opts.saveEvery === undefined ? Math.max(steps, 1) : checkInteger(where, "saveEvery", opts.saveEvery, 1);
  const theta = theta0.slice(), stage = new Float64Array(n), k1 = new Float64Array(n), k2 = new Float64Array(n);
  const run: HeatRun = { times: [0], theta: [theta.slice()], dt };
  for (let step = 1; step <= steps; step++) {
    heatTendency(op, theta, scheme, k1);
    for (let c = 0; c < n; c++) stage[c] = theta[c] + dt * k1[c];
    heatTendency(op, stage, scheme, k2);
    for (let c = 0; c < n; c++) theta[c] = 0.5 * theta[c] + 0.5 * (stage[c] + dt * k2[c]);
    if (step % saveEvery === 0 || step === steps) { run.times.push(step * dt); run.theta.push(theta.slice()); }
    if (opts.onProgress && (step % 100 === 0 || step === steps)) opts.onProgress(step, steps);
  }
  for (let c = 0; c < n; c++) {
    if (!Number.isFinite(theta[c])) throw new RangeError(`${where}: non-finite temperature at cell (${c % nx}, ${Math.floor(c / nx)}) after ${steps} steps`);
  }
  return run;
}
