/**
 * Initial vorticity fields for NavierStokes2d, on the [n, n] grid (rows = y).
 */
import type { Rng } from "../../core/random";
import { filteredNoise } from "../../core/random-field";
import { applyMask } from "../spectral/operators";
import { checkFinite, checkInteger, checkRng } from "../validate";
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

/**
 * Random vorticity [n, n] for decaying-turbulence runs: a Gaussian field whose energy spectrum has
 * the shape E(k) (default E ∝ (k/k0)⁴·exp(−2(k/k0)²), peaked at k0 = `peakWavenumber`·2π/L),
 * restricted to the 2/3-rule band and scaled to mean kinetic energy `energy` (default 0.5).
 * Draws n² normals from `rng` (row-major white noise, then filtered): the same stream state gives the
 * same field, and `new Rng(seed)` reproduces the former `{ seed }` fields exactly.
 */
export function randomVorticity(model: NavierStokes2d, opts: { rng: Rng; peakWavenumber?: number; energy?: number; spectrum?: (k: number) => number }): Float64Array {
  const where = "navierStokes.randomVorticity";
  const rng = checkRng(where, opts);
  const k0 = (checkFinite(where, "peakWavenumber", opts.peakWavenumber ?? 4, 1, model.n / 3) * 2 * Math.PI) / model.length;
  const energy = checkFinite(where, "energy", opts.energy ?? 0.5, 0);
  const E = opts.spectrum ?? ((k: number) => (k / k0) ** 4 * Math.exp(-2 * (k / k0) ** 2));
  if (typeof E !== "function") throw new TypeError(`${where}: spectrum must be a function k ↦ E(k)`);
  // |ζ̂(k)|² ∝ k²·E(k)/k (energy per shell spread over its circumference)
  const zeta = filteredNoise([model.n, model.n], rng, (k) => Math.sqrt(Math.max(k * E(k), 0)), { length: model.length });
  const spec = applyMask(model.fft.forward(zeta), model.grid.dealias, new Float64Array(model.size));
  spec[0] = 0; spec[1] = 0;
  const e = model.energy(spec);
  if (!(e > 0)) throw new RangeError(`${where}: the spectrum has no energy inside the resolved band (k ≤ ${((model.n / 3) * 2 * Math.PI / model.length).toPrecision(3)})`);
  const s = Math.sqrt(energy / e);
  for (let i = 0; i < spec.length; i++) spec[i] *= s;
  return model.toGrid(spec);
}
