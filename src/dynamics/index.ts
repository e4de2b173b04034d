// Public API of src/dynamics: predictability and the thermodynamics of stochastic systems, on
// float64 arrays from src/sim. One concept per module; internals are not re-exported.
//
//   eigen           eig (dense, non-symmetric; ml-matrix) and arnoldi (a few eigenpairs of an operator)
//   sparse          CSR matrices and the banded LU of shift-invert solves
//   lyapunov        Lyapunov spectrum by tangent-linear runs and QR re-orthonormalisation
//   twins           twin experiments (error growth), attractor samples, least-squares lines
//   fokker-planck   finite-volume Fokker–Planck operators (1D/2D) and their leading eigenmodes
//   ulam            Ulam transfer matrices from sampled transitions and their eigenmodes
//   relaxation      ensemble relaxation of an observable and its rate
//   fdt             linear response: quasi-Gaussian and score-based FDT, brute-force ensembles
//   fdt-ode         brute-force response of ODE ensembles, quasi-Gaussian FDT on a homogeneous ring,
//                   step responses, pattern correlation
//   score-model     a learned score (denoising score matching) for score-based FDT
//   flows           Loos–Klapp heat and information flows (closed form, from a covariance, Lyapunov)
//   flows-ensemble  the same flows estimated from Euler–Maruyama trajectories
//   jarzynski       dragged-trap work and the Jarzynski estimator
//   linalg          small dense matrices: product, inverse, exponential
export { eig, arnoldi, type Eigenpairs, type EigenOrder, type ArnoldiOptions, type ArnoldiResult } from "./eigen";
export { sparseFromTriplets, sparseMultiply, sparseMultiplyTranspose, sparseToDense, BandedLU, type SparseMatrix } from "./sparse";
export { lyapunovSpectrum, type LyapunovOptions, type LyapunovSpectrum } from "./lyapunov";
export { twinExperiments, attractorSamples, fitLine, type TwinOptions, type TwinRun } from "./twins";
export {
  fokkerPlanck, generatorModes, observableModes, bernoulli,
  type DriftDiffusion, type GridAxis, type FokkerPlanckOperator, type GeneratorModes, type GeneratorModesOptions,
} from "./fokker-planck";
export { ulamMatrix, lagPairs, transferModes, type UlamMatrix, type TransferModes } from "./ulam";
export { ensembleRelaxation, relaxationRate, type Relaxation, type RelaxationOptions } from "./relaxation";
export { laggedCovariances, quasiGaussianResponse, scoreResponse, bruteForceResponse, linearResponse, type BruteForceOptions } from "./fdt";
export {
  bruteForceOdeResponse, ringQuasiGaussianResponse, stepResponse, patternCorrelation,
  type BatchedOde, type OdeResponse, type OdeResponseOptions,
} from "./fdt-ode";
export { fitScoreModel, tabulatedScore, type LearnedScore, type ScoreModelOptions } from "./score-model";
export { loosKlappFlows, covarianceFlows, lyapunovFlows, driftMatrix, type Flows, type TwoTemperatureParameters } from "./flows";
export { ensembleFlows, type EnsembleFlows, type EnsembleFlowOptions, type Estimate } from "./flows-ensemble";
export { draggedTrapWork, draggedTrapMeanWork, jarzynski, histogram, type DraggedTrapWorkOptions, type JarzynskiEstimate } from "./jarzynski";
export { expm, inverse, matmul, transpose, identity } from "./linalg";
