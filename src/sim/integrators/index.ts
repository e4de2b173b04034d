// Time integrators: steppers for dy/dt = f(t, y), for split systems L∘y + N(y), and for SDEs.
export type { Rhs, Stepper, OnProgress } from "./types";
export { Euler, Rk3Ssp, Rk4 } from "./runge-kutta";
export { IfRk4, Etdrk4, perComponent } from "./exponential";
export { EulerMaruyama } from "./euler-maruyama";
export type { EulerMaruyamaOptions } from "./euler-maruyama";
export { integrate } from "./integrate";
export type { IntegrateOptions } from "./integrate";
