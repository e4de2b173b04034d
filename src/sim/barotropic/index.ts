// Barotropic β-plane model with topography (doubly periodic or channel), pseudo-spectral.
export { BarotropicModel } from "./model";
export type { BarotropicConfig } from "./model";
export { makeDomain } from "./domain";
export type { Domain, DomainKind } from "./domain";
export { zonalFlowVorticity, jetForcingField, jetVorticity, rossbyWave } from "./fields";
export type { ZonalJetForcing } from "./fields";
export { simulate, simulateSpectral } from "./simulate";
export type { BarotropicRun } from "./simulate";
export { srdaJet } from "./presets";
export type { SrdaJetPreset } from "./presets";
export { randomVorticity, mountainField, gaussianMountains } from "./random";
export type { Mountain } from "./random";
export { mountainRegions, mountainWaveDisplacement, mountainWaveDomain, nearestMountain, placeMountains, removalEffects, withoutMountain } from "./mountain-waves";
export type { MountainWaveSetup } from "./mountain-waves";
