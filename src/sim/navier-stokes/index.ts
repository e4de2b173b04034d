// 2D incompressible Navier–Stokes (vorticity form, doubly periodic, pseudo-spectral).
export { NavierStokes2d, checkZeroMean } from "./model";
export type { NavierStokesConfig, KolmogorovForcing, FieldForcing } from "./model";
export { simulate, simulateSpectral } from "./simulate";
export type { NavierStokesRun } from "./simulate";
export { taylorGreen, taylorGreenDecay, randomVorticity } from "./initial-conditions";
