// 1D viscous Burgers (periodic, pseudo-spectral, ETDRK4) and its Cole–Hopf exact solution.
export { Burgers1d } from "./model";
export type { BurgersConfig } from "./model";
export { cflSteps, simulate, solveBatch } from "./simulate";
export type { BurgersRun } from "./simulate";
export { coleHopf } from "./exact";
export { randomInitialCondition, randomInitialConditions } from "./initial-conditions";
export type { GrfOptions } from "./initial-conditions";
export type { ColeHopfOptions } from "./exact";
export { finiteVolume } from "./finite-volume";
export type { FiniteVolumeOptions } from "./finite-volume";
export { solverJacobian } from "./jacobian";
export type { SolverJacobianOptions } from "./jacobian";
