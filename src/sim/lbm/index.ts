// Lattice Boltzmann D2Q9 (BGK, Guo forcing, bounce-back, Zou–He inlet) and the cylinder wake.
export { CX, CY, W, OPPOSITE, Q, CS2, equilibrium, viscosityFromTau, tauFromViscosity } from "./d2q9";
export { Lattice2d } from "./lattice";
export type { LatticeConfig, Macroscopic, XBoundary } from "./lattice";
export { vortexStreet, simulateVortexStreet, vorticity, MIN_VORTEX_STREET_TAU } from "./vortex-street";
export type { VortexStreet, VortexStreetConfig, VortexStreetRun, VortexStreetRunOptions } from "./vortex-street";
export { upwardCrossings, sheddingFrequency, sheddingPhase, strouhalNumber } from "./signal";
export type { SheddingFrequency } from "./signal";
