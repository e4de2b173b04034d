/**
 * Initial vorticity fields for NavierStokes2d, on the [n, n] grid (rows = y).
 */
import { checkFinite, checkInteger } from "../validate";
import type { NavierStokes2d } from "./model";

/**
 * Taylor–Green vortex u = U·sin(kx)·cos(ky), v = −U·cos(kx)·sin(ky), whose vorticity
 * ζ = 2Uk·sin(kx)·sin(ky) is an exact steady solution of the Euler equations that decays as
 * exp(−(2νk² + μ)t) under viscosity and drag. k = 2π·m/L for integer m ≥ 1.
 */
export function taylorGreen(model: NavierStokes2d, opts: { amplitude?: number; wavenumber?: number } = {}): Float64Array {
  const U = checkFinite("taylorGreen", "amplitude", opts.amplitude ?? 1);
  const m = checkInteger("taylorGreen", "wavenumber", opts.wavenumber ?? 1, 1, model.n / 3);
  const n = model.n, k = (2 * Math.PI * m) / model.length, dx = model.length / n;
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) out[j * n + i] = 2 * U * k * Math.sin(k * i * dx) * Math.sin(k * j * dx);
  }
  return out;
}

/** Exact decay factor of the Taylor–Green vortex over time t: exp(−(2νk² + μ)t). */
export function taylorGreenDecay(model: NavierStokes2d, t: number, wavenumber = 1): number {
  const k = (2 * Math.PI * wavenumber) / model.length;
  return Math.exp(-(2 * model.viscosity * k * k + model.drag) * t);
}
