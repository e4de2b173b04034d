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
export { SrdaNet, rollX, srdaInput } from "./srda-net";
export type { SrdaNetConfig } from "./srda-net";
export { srdaLoss } from "./srda-loss";
export {
  bicubicToFine, coarseGrid, cycleEnkf, cycleSrda, forecastWindow, mapCorrelation, observationMask, observationResponse,
  observeTruth, rmse, srdaAnalysis, srdaInputOf, snapshot, srdaTrainingBatch, anomalies, perturbedEnsemble, gaussianKernelMap, nearPoint, anisotropicPart,
} from "./jet";
export type { CycleRun, EnkfCycleOptions, JetSetup } from "./jet";
export { channelLowPass } from "./lowpass";
export { learnedGain, linearGaussianBatch, linearGaussianSamples, relativeFrobenius, ringCovariance } from "./linear-gaussian";
export type { LinearGaussianSamples } from "./linear-gaussian";
