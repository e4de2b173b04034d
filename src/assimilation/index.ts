// Public API of src/assimilation: data assimilation — the Kalman filter of a linear-Gaussian
// system, the stochastic ensemble Kalman filter with perturbed observations and Gaspari–Cohn
// localisation, observation operators, and the super-resolution data-assimilation (SR-DA) network
// with its helpers (Yasuda & Onishi 2024, arXiv:2308.03351).
export { kalmanAnalysis, kalmanForecast, kalmanGain } from "./kalman";
export type { GaussianState } from "./kalman";
export { enkfAnalysis, ensembleCorrelation, ensembleMean } from "./enkf";
export type { EnkfAnalysis, EnkfOptions } from "./enkf";
export { gridObservationIndices, matrixObservations, pointObservations } from "./observation";
export type { ObservationOperator } from "./observation";
export { gaspariCohn, gridCoordinates, localisationTaper } from "./localisation";
export { cholesky, solveSpd } from "./dense";
