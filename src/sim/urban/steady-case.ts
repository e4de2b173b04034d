/**
 * One urban case end to end: rasterize a layout at nx × ny, compute the wind (lattice Boltzmann or
 * potential flow), assemble the heat operator and solve for the steady temperature anomaly. Wall
 * clock times of each stage are reported, for surrogate-vs-solver speed comparisons.
 */
import { checkInteger, checkPositive } from "../validate";
import type { FaceWind } from "./faces";
import { type HeatParameters, heatOperator } from "./heat-operator";
import { type SteadyOptions, solveSteady } from "./heat-steady";
import type { BuildingLayout } from "./layout";
import { type BuildingMask, rasterize } from "./raster";
import { type LbmWindOptions, type WindInfo, lbmWind, potentialWind } from "./wind";

export type WindModel = "lbm" | "potential";

export interface WindOptions extends Partial<Omit<LbmWindOptions, "speed" | "viscosity">> {
  /** Default "lbm". */
  model?: WindModel;
  /** Inlet wind speed U (m/s), default 2. */
  speed?: number;
  /** Eddy viscosity ν (m²/s) of the lbm model, default 8. */
  viscosity?: number;
}

/** Defaults of the wind: lattice Boltzmann, U = 2 m/s, ν = 8 m²/s. */
export const DEFAULT_WIND = Object.freeze({ model: "lbm" as WindModel, speed: 2, viscosity: 8 });

export interface UrbanCaseOptions {
  /** Grid cells along x and y (ny defaults to nx). */
  nx: number;
  ny?: number;
  wind?: WindOptions;
  heat?: Partial<HeatParameters>;
  steady?: SteadyOptions;
}

export interface UrbanSteadyCase {
  mask: BuildingMask;
  wind: FaceWind;
  windInfo: WindInfo;
  /** Steady temperature anomaly θ (K) [ny, nx]; 0 in building cells. */
  theta: Float64Array;
  /** SSOR sweeps and final relative residual of the heat solve. */
  sweeps: number;
  residual: number;
  /** Wall-clock seconds: wind, heat (assembly + solve), total (including rasterization). */
  seconds: { wind: number; heat: number; total: number };
}

/** Computes the wind field for a mask with the given wind options. */
export function computeWind(mask: BuildingMask, opts: WindOptions = {}): { wind: FaceWind; info: WindInfo } {
  const { model = DEFAULT_WIND.model, speed = DEFAULT_WIND.speed, viscosity = DEFAULT_WIND.viscosity, ...lbm } = opts;
  checkPositive("urban.computeWind", "speed", speed);
  if (model === "potential") return potentialWind(mask, speed);
  if (model === "lbm") return lbmWind(mask, { ...lbm, speed, viscosity });
  throw new RangeError(`urban.computeWind: wind model must be "lbm" or "potential", got ${JSON.stringify(model)}`);
}

/** Layout → steady temperature anomaly on an nx × ny grid (see module comment). */
export function solveUrbanSteady(layout: BuildingLayout, opts: UrbanCaseOptions): UrbanSteadyCase {
  const t0 = performance.now();
  const nx = checkInteger("urban.solveUrbanSteady", "nx", opts.nx, 2);
  const ny = checkInteger("urban.solveUrbanSteady", "ny", opts.ny ?? nx, 1);
  const mask = rasterize(layout, nx, ny);
  const t1 = performance.now();
  const { wind, info } = computeWind(mask, opts.wind);
  const t2 = performance.now();
  const op = heatOperator(mask, wind, opts.heat);
  const steady = solveSteady(op, opts.steady);
  const t3 = performance.now();
  return {
    mask, wind, windInfo: info, theta: steady.theta, sweeps: steady.sweeps, residual: steady.residual,
    seconds: { wind: (t2 - t1) / 1000, heat: (t3 - t2) / 1000, total: (t3 - t0) / 1000 },
  };
}
