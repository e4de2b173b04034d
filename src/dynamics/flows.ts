/**
 * Heat and information flows of two linearly coupled stochastic variables held at two
 * temperatures (Loos & Klapp 2020, New J. Phys. 22, 123051; the boundary-current synchronisation
 * model of Yasuda & Kohyama 2025, J. Climate, arXiv:2408.01133):
 *
 *   dx = (−r_x x + a y) dt + √(2T_x) dW_x,    dy = (b x − r_y y) dt + √(2T_y) dW_y,
 *
 * i.e. dz = A z dt + B dW with A = [[−r_x, a], [b, −r_y]], D = ½BBᵀ = diag(T_x, T_y) (friction 1,
 * k_B = 1). Stationary iff s = r_x + r_y > 0 and Δ = r_x r_y − ab > 0.
 *
 * Sign conventions (all rates per unit time, in the stationary state):
 * - Heat Q̇_x = ⟨F_x ∘ ẋ⟩ with F_x = −r_x x + a y the deterministic force on x (Stratonovich
 *   product; Sekimoto 1998): the heat that subsystem x releases INTO its bath. Q̇_x < 0: x takes heat
 *   from its bath. Q̇_y likewise.
 * - Information flow İ_x = ∫ J_x ∂_x ln[p(x,y)/(p(x)p(y))] dx dy (Horowitz & Esposito 2014): the rate
 *   at which the motion of x increases the mutual information I(x;y). İ_x > 0: x "measures" y;
 *   İ_x < 0: x consumes the information (is controlled by y). Stationarity gives İ_x + İ_y = 0.
 * - Second law of each subsystem (its entropy production, nats/time):
 *   σ_x = Q̇_x/T_x − İ_x ≥ 0 and σ_y = Q̇_y/T_y − İ_y ≥ 0 (the marginal entropies are constant).
 *   A Maxwell demon: Q̇_x < 0 (heat drawn from x's bath) is allowed because İ_x ≤ Q̇_x/T_x < 0.
 *
 * Closed forms (κ = a T_y − b T_x): Q̇_x = aκ/s, Q̇_y = −bκ/s,
 *   İ_x = −İ_y = (a T_y r_x + b T_x r_y)·κ / (T_x T_y s² + κ²)   (Loos & Klapp 2020),
 *   Σ = [[(r_y² + Δ)T_x + a²T_y, a T_y r_x + b T_x r_y], [·, (r_x² + Δ)T_y + b²T_x]] / (sΔ).
 * From any covariance Σ (`covarianceFlows`, general A and D = diag T):
 *   Q̇_x = (AΣAᵀ)_xx + T_x A_xx,   İ_x = Σ_xy (A_xy detΣ − T_x Σ_xy) / (Σ_xx detΣ), and x ↔ y.
 */
import type { TwoTemperatureConfig } from "../sim/langevin";
import { checkFinite, checkPositive } from "../core/checks";
import { solveLyapunov } from "../sim/langevin";
import { checkFiniteFloat64 } from "./validate";

/** Parameters of the two-temperature system: those of `sim.langevin.TwoTemperature` (rates, couplings, temperatures). */
export type TwoTemperatureParameters = TwoTemperatureConfig;

/** Stationary heat and information flows of a two-variable linear system. */
export interface Flows {
  /** Stationary covariance Σ [2, 2] (state²). */
  covariance: Float64Array;
  /** Heat released into bath x / bath y per unit time (state²/time², i.e. energy/time with friction 1). */
  heatX: number;
  heatY: number;
  /** Information flows İ_x, İ_y (nats/time). */
  infoX: number;
  infoY: number;
  /** Subsystem entropy production σ_x = Q̇_x/T_x − İ_x, σ_y = Q̇_y/T_y − İ_y (nats/time, ≥ 0). */
  entropyX: number;
  entropyY: number;
  /** Mutual information I(x; y) = −½ ln(1 − ρ²) (nats). */
  mutualInformation: number;
}

function checkParameters(where: string, p: TwoTemperatureParameters): TwoTemperatureParameters {
  const rx = checkFinite(where, "rx", p?.rx), ry = checkFinite(where, "ry", p?.ry), a = checkFinite(where, "a", p?.a), b = checkFinite(where, "b", p?.b);
  const Tx = checkPositive(where, "Tx", p?.Tx), Ty = checkPositive(where, "Ty", p?.Ty);
  if (!(rx + ry > 0)) throw new RangeError(`${where}: rx + ry must be > 0 for a stationary state, got ${rx + ry}`);
  if (!(rx * ry - a * b > 0)) throw new RangeError(`${where}: rx·ry − a·b must be > 0 for a stationary state, got ${rx * ry - a * b}`);
  return { rx, ry, a, b, Tx, Ty };
}

/** The drift matrix A = [[−r_x, a], [b, −r_y]] [2, 2]. */
export function driftMatrix(p: TwoTemperatureParameters): Float64Array {
  return Float64Array.of(-p.rx, p.a, p.b, -p.ry);
}

function finish(covariance: Float64Array, heatX: number, heatY: number, infoX: number, infoY: number, Tx: number, Ty: number): Flows {
  const rho2 = (covariance[1] * covariance[1]) / (covariance[0] * covariance[3]);
  return { covariance, heatX, heatY, infoX, infoY, entropyX: heatX / Tx - infoX, entropyY: heatY / Ty - infoY, mutualInformation: -0.5 * Math.log(1 - rho2) };
}

/** The closed-form flows (Loos & Klapp 2020) of the two-temperature system. */
export function loosKlappFlows(p: TwoTemperatureParameters): Flows {
  const { rx, ry, a, b, Tx, Ty } = checkParameters("dynamics.loosKlappFlows", p);
  const s = rx + ry, det = rx * ry - a * b, kappa = a * Ty - b * Tx, cross = a * Ty * rx + b * Tx * ry;
  const covariance = Float64Array.of(((ry * ry + det) * Tx + a * a * Ty) / (s * det), cross / (s * det), cross / (s * det), ((rx * rx + det) * Ty + b * b * Tx) / (s * det));
  const info = (cross * kappa) / (Tx * Ty * s * s + kappa * kappa);
  return finish(covariance, (a * kappa) / s, (-b * kappa) / s, info, -info, Tx, Ty);
}

/**
 * Flows of dz = A z dt + B dW with D = diag(T_x, T_y) in the Gaussian state of covariance Σ
 * (A, Σ [2, 2]); the stationary flows when Σ solves A Σ + Σ Aᵀ + 2D = 0.
 */
export function covarianceFlows(A: Float64Array, temperatures: readonly [number, number], covariance: Float64Array): Flows {
  const where = "dynamics.covarianceFlows";
  checkFiniteFloat64(where, "A", A, 4, "[2, 2]");
  const S = checkFiniteFloat64(where, "covariance", covariance, 4, "[2, 2]");
  const Tx = checkPositive(where, "Tx", temperatures?.[0]), Ty = checkPositive(where, "Ty", temperatures?.[1]);
  const sxx = S[0], sxy = 0.5 * (S[1] + S[2]), syy = S[3], det = sxx * syy - sxy * sxy;
  if (!(sxx > 0 && syy > 0 && det > 0)) throw new RangeError(`${where}: the covariance must be positive definite, got [[${sxx}, ${sxy}], [${sxy}, ${syy}]]`);
  const axx = A[0], axy = A[1], ayx = A[2], ayy = A[3];
  // (AΣAᵀ)_xx = ⟨F_x²⟩, F = A z
  const ffx = axx * axx * sxx + 2 * axx * axy * sxy + axy * axy * syy;
  const ffy = ayx * ayx * sxx + 2 * ayx * ayy * sxy + ayy * ayy * syy;
  const infoX = (sxy * (axy * det - Tx * sxy)) / (sxx * det);
  const infoY = (sxy * (ayx * det - Ty * sxy)) / (syy * det);
  return finish(Float64Array.of(sxx, sxy, sxy, syy), ffx + Tx * axx, ffy + Ty * ayy, infoX, infoY, Tx, Ty);
}

/** The flows from the Lyapunov-equation solution A Σ + Σ Aᵀ + 2 diag(T) = 0 (`sim.langevin.solveLyapunov`). */
export function lyapunovFlows(p: TwoTemperatureParameters): Flows {
  const q = checkParameters("dynamics.lyapunovFlows", p), A = driftMatrix(q);
  const covariance = solveLyapunov(A, Float64Array.of(2 * q.Tx, 0, 0, 2 * q.Ty), 2);
  return covarianceFlows(A, [q.Tx, q.Ty], covariance);
}
