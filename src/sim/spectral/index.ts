// Spectral helpers on Float64Array: real FFTs (fft.js), wavenumbers, 2/3 dealiasing, derivatives,
// isotropic spectra.
export { RealFft1, RealFft2 } from "./fft";
export { spectralGrid1, spectralGrid2 } from "./grid";
export type { SpectralGrid2 } from "./grid";
export { derivative, streamFunction, velocityFromVorticity, vorticityFromVelocity, applyMask } from "./operators";
export { isotropicSpectrum, energySpectrum, parsevalMean } from "./spectrum";
export type { IsotropicSpectrum } from "./spectrum";
