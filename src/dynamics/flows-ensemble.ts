/**
 * Ensemble (Monte Carlo) estimates of the heat and information flows of `flows.ts` from
 * Euler–Maruyama trajectories of the two-temperature system, as one would estimate them from data.
 *
 * Along each trajectory the Stratonovich time averages G_uv = (1/T) Σ_n ū_n Δv_n (ū_n the midpoint
 * of u over step n; u, v ∈ {x, y}) are accumulated; then
 *   Q̇_x = A_xx G_xx + A_xy G_yx,                 Q̇_y = A_yx G_xy + A_yy G_yy,
 *   İ_x = −c_x (Σ̂_xy G_xx − Σ̂_xx G_yx),          İ_y = −c_y (Σ̂_xy G_yy − Σ̂_yy G_xy),
 * with c_x = Σ̂_xy/(Σ̂_xx det Σ̂), c_y = Σ̂_xy/(Σ̂_yy det Σ̂) from the ensemble's own sample covariance
 * Σ̂ (∂_x ln[p/(p_x p_y)] is linear in (x, y) for a Gaussian density, so İ_x = ⟨∂_x i ∘ ẋ⟩ is a
 * combination of the G's). Each member gives one estimate; the value is their mean and the error
 * their standard error. The members start from the exact stationary law N(0, Σ), so no spin-up is
 * needed; Euler–Maruyama's bias is O(dt·rate).
 */
import type { Rng } from "../core/random";
import { checkInt, checkPositive } from "../core/checks";
import { EulerMaruyama } from "../sim/integrators";
import { TwoTemperature, cholesky } from "../sim/langevin";
import type { TwoTemperatureParameters } from "./flows";
import { loosKlappFlows } from "./flows";
import { checkRng } from "./validate";

/** A Monte Carlo estimate and its standard error. */
export interface Estimate {
  value: number;
  stderr: number;
}

/** Options of `ensembleFlows`. */
export interface EnsembleFlowOptions {
  /** Independent trajectories m. */
  members: number;
  /** Euler–Maruyama step and number of steps per trajectory. */
  dt: number;
  steps: number;
  rng: Rng;
  onProgress?: (done: number, total: number) => void;
}

/** Flows estimated from an ensemble. */
export interface EnsembleFlows {
  heatX: Estimate;
  heatY: Estimate;
  infoX: Estimate;
  infoY: Estimate;
  /** Subsystem entropy production σ_x = Q̇_x/T_x − İ_x, σ_y (per-member estimates, averaged). */
  entropyX: Estimate;
  entropyY: Estimate;
  /** Pooled sample covariance Σ̂ [2, 2]. */
  covariance: Float64Array;
  members: number;
  /** Duration of each trajectory. */
  duration: number;
}

function estimate(v: Float64Array): Estimate {
  const m = v.length;
  let s = 0, s2 = 0;
  for (const x of v) { s += x; s2 += x * x; }
  const mean = s / m;
  return { value: mean, stderr: Math.sqrt(Math.max(0, s2 / m - mean * mean) / (m - 1)) };
}

/**
 * Heat and information flows of the two-temperature system `p` estimated from `members`
 * Euler–Maruyama trajectories of `steps` steps. Progress counts steps.
 */
export function ensembleFlows(p: TwoTemperatureParameters, options: EnsembleFlowOptions): EnsembleFlows {
  const where = "dynamics.ensembleFlows";
  const m = checkInt(where, "members", options.members, 2);
  const dt = checkPositive(where, "dt", options.dt), steps = checkInt(where, "steps", options.steps, 1);
  const rng = checkRng(where, options.rng);
  const model = new TwoTemperature(p);
  model.checkTimeStep(dt);
  const A = model.A, { Tx, Ty } = model.params;
  // start in the stationary law: z = L ξ with Σ = L Lᵀ
  const L = cholesky(loosKlappFlows(p).covariance, 2);
  if (L === null) throw new RangeError(`${where}: the stationary covariance is not positive definite`);
  const z = new Float64Array(2 * m), prev = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) {
    const u = rng.normal(), v = rng.normal();
    z[2 * k] = L[0] * u;
    z[2 * k + 1] = L[2] * u + L[3] * v;
  }
  const stepper = new EulerMaruyama({ dim: 2, members: m, drift: model.drift, noise: model.noise, rng });
  const gxx = new Float64Array(m), gyx = new Float64Array(m), gxy = new Float64Array(m), gyy = new Float64Array(m);
  let sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
  const report = Math.max(1, Math.floor(steps / 100));
  for (let s = 1; s <= steps; s++) {
    prev.set(z);
    stepper.step((s - 1) * dt, z, dt);
    for (let k = 0; k < m; k++) {
      const x0 = prev[2 * k], y0 = prev[2 * k + 1], x1 = z[2 * k], y1 = z[2 * k + 1];
      const xm = 0.5 * (x0 + x1), ym = 0.5 * (y0 + y1), dx = x1 - x0, dy = y1 - y0;
      gxx[k] += xm * dx; gyx[k] += ym * dx; gxy[k] += xm * dy; gyy[k] += ym * dy;
      sx += x1; sy += y1; sxx += x1 * x1; sxy += x1 * y1; syy += y1 * y1;
    }
    if (s % report === 0 && !Number.isFinite(z[0])) throw new RangeError(`${where}: the ensemble became non-finite by step ${s}; reduce dt (was ${dt})`);
    if (options.onProgress && (s % report === 0 || s === steps)) options.onProgress(s, steps);
  }
  const n = steps * m, mx = sx / n, my = sy / n;
  const cxx = sxx / n - mx * mx, cxy = sxy / n - mx * my, cyy = syy / n - my * my, det = cxx * cyy - cxy * cxy;
  const T = steps * dt, ax = cxy / (cxx * det), ay = cxy / (cyy * det);
  const qx = new Float64Array(m), qy = new Float64Array(m), ix = new Float64Array(m), iy = new Float64Array(m), ex = new Float64Array(m), ey = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    qx[k] = (A[0] * gxx[k] + A[1] * gyx[k]) / T;
    qy[k] = (A[2] * gxy[k] + A[3] * gyy[k]) / T;
    ix[k] = (-ax * (cxy * gxx[k] - cxx * gyx[k])) / T;
    iy[k] = (-ay * (cxy * gyy[k] - cyy * gxy[k])) / T;
    ex[k] = qx[k] / Tx - ix[k];
    ey[k] = qy[k] / Ty - iy[k];
  }
  return {
    heatX: estimate(qx), heatY: estimate(qy), infoX: estimate(ix), infoY: estimate(iy), entropyX: estimate(ex), entropyY: estimate(ey),
    covariance: Float64Array.of(cxx, cxy, cxy, cyy), members: m, duration: T,
  };
}
