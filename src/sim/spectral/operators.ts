/**
 * Linear operators applied mode by mode to spectra in RealFft2's layout ([ny, nx/2+1] complex
 * interleaved). Stream-function convention (geophysical): ζ = ∇²ψ, u = −∂ψ/∂y, v = ∂ψ/∂x, so that
 * ζ = ∂v/∂x − ∂u/∂y.
 */
import type { SpectralGrid2 } from "./grid";

/** out = i·k·X for the wavenumber table `k` (use grid.kxDeriv or grid.kyDeriv): ∂/∂x or ∂/∂y. */
export function derivative(X: Float64Array, k: Float64Array, out: Float64Array): Float64Array {
  for (let p = 0; p < k.length; p++) {
    const re = X[2 * p], im = X[2 * p + 1];
    out[2 * p] = -k[p] * im;
    out[2 * p + 1] = k[p] * re;
  }
  return out;
}

/** ψ̂ = −ζ̂/|k|² (inverse Laplacian; the k = 0 mode, the arbitrary mean of ψ, is set to 0). */
export function streamFunction(grid: SpectralGrid2, zeta: Float64Array, psi: Float64Array): Float64Array {
  const k2 = grid.k2;
  for (let p = 0; p < k2.length; p++) {
    const s = k2[p] > 0 ? -1 / k2[p] : 0;
    psi[2 * p] = s * zeta[2 * p];
    psi[2 * p + 1] = s * zeta[2 * p + 1];
  }
  return psi;
}

/**
 * Velocity spectra from the vorticity spectrum: û = −i·ky·ψ̂, v̂ = i·kx·ψ̂ with ψ̂ = −ζ̂/|k|²
 * (the mean flow, k = 0, is zero).
 */
export function velocityFromVorticity(grid: SpectralGrid2, zeta: Float64Array, u: Float64Array, v: Float64Array): void {
  const { k2, kxDeriv, kyDeriv } = grid;
  for (let p = 0; p < k2.length; p++) {
    const s = k2[p] > 0 ? -1 / k2[p] : 0;
    const pr = s * zeta[2 * p], pi = s * zeta[2 * p + 1];
    u[2 * p] = kyDeriv[p] * pi; // −i·ky·(pr + i·pi) = ky·pi − i·ky·pr
    u[2 * p + 1] = -kyDeriv[p] * pr;
    v[2 * p] = -kxDeriv[p] * pi;
    v[2 * p + 1] = kxDeriv[p] * pr;
  }
}

/** Vorticity spectrum ζ̂ = i·kx·v̂ − i·ky·û from velocity spectra. */
export function vorticityFromVelocity(grid: SpectralGrid2, u: Float64Array, v: Float64Array, zeta: Float64Array): Float64Array {
  const { kxDeriv, kyDeriv } = grid;
  for (let p = 0; p < kxDeriv.length; p++) {
    zeta[2 * p] = -kxDeriv[p] * v[2 * p + 1] + kyDeriv[p] * u[2 * p + 1];
    zeta[2 * p + 1] = kxDeriv[p] * v[2 * p] - kyDeriv[p] * u[2 * p];
  }
  return zeta;
}

/** out = mask·X mode by mode (e.g. grid.dealias for the 2/3 rule). */
export function applyMask(X: Float64Array, mask: Float64Array, out: Float64Array): Float64Array {
  for (let p = 0; p < mask.length; p++) {
    out[2 * p] = mask[p] * X[2 * p];
    out[2 * p + 1] = mask[p] * X[2 * p + 1];
  }
  return out;
}
