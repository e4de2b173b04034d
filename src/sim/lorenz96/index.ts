// Lorenz (1996) models on a ring: the one-scale model with an optional closure (hybrid models),
// the two-scale model (the truth of closure experiments), ensembles stepped in one batch, forecast
// skill, free-run climatology and polynomial closures.
import type { OdeRun, OdeRunOptions } from "../ode";
import { simulateOde } from "../ode";
import type { Lorenz96 } from "./one-scale";
import type { Lorenz96TwoScale } from "./two-scale";

export { Lorenz96 } from "./one-scale";
export type { Closure, Lorenz96Config } from "./one-scale";
export { Lorenz96TwoScale } from "./two-scale";
export type { Lorenz96TwoScaleConfig } from "./two-scale";
export { simulateEnsemble, freeRunClimatology, climatology } from "./ensemble";
export type { EnsembleRun, EnsembleRunOptions, FreeRunOptions, Climatology } from "./ensemble";
export { forecastRmse } from "./forecast";
export type { ForecastOptions, ForecastSkill } from "./forecast";
export { polynomialClosure, fitPolynomialClosure } from "./closures";

/** Trajectory of either Lorenz-96 model from one state x0 [dim] (RK4 by default); states [T, dim]. */
export function simulate(model: Lorenz96 | Lorenz96TwoScale, x0: Float64Array, opts: OdeRunOptions): OdeRun {
  return simulateOde(model, x0, opts);
}
