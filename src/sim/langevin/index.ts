// Langevin systems with additive noise, simulated as Euler–Maruyama ensembles, and the linear
// algebra of their stationary statistics.
export { simulateEnsemble, ensembleMoments } from "./sde";
export type { SdeModel, EnsembleOptions, EnsembleRun } from "./sde";
export { OrnsteinUhlenbeck } from "./ornstein-uhlenbeck";
export type { OrnsteinUhlenbeckConfig } from "./ornstein-uhlenbeck";
export { TwoTemperature } from "./two-temperature";
export type { TwoTemperatureConfig } from "./two-temperature";
export { DoubleWell } from "./double-well";
export type { DoubleWellConfig } from "./double-well";
export { solveLyapunov, solveStein, cholesky, logSpectralRadius, MAX_KRONECKER_DIM } from "./matrix";
export { DraggedTrap } from "./dragged-trap";
export type { DraggedTrapConfig } from "./dragged-trap";
