/**
 * Exact solution of the periodic viscous Burgers equation by the Cole–Hopf transformation
 * (Hopf 1950; Cole 1951): with u = c + w, c the (conserved) mean of u0, w(x, t) = −2ν ∂ₓ ln φ(x − ct, t)
 * where φ solves the heat equation φ_t = ν φ_xx from φ0 = exp(−∫₀ˣ w0 dx' / 2ν). The heat equation
 * is solved exactly in Fourier space, so the only errors are the spectral representation of φ0 on
 * the (refined) grid and round-off.
 */
import { RealFft1 } from "../spectral/fft";
import { checkFinite, checkFloat64, checkInteger, checkNonNegative, checkPositive, checkPowerOfTwo } from "../validate";

export interface ColeHopfOptions {
  /** Period L (default 1). */
  length?: number;
  /** Viscosity ν > 0. */
  viscosity: number;
  /** Time t ≥ 0. */
  time: number;
  /** Evaluate on a grid `refine` times finer (spectral interpolation of u0), then sample back (default 4). */
  refine?: number;
}

/** Largest accepted (max − min of ∫w0)/(2ν): beyond it φ0 spans more than e^30 and φ_x/φ loses digits. */
const MAX_EXPONENT_RANGE = 30;

/**
 * u(x, t) [n] on the grid of u0 [n] (n a power of two ≥ 4), u0 assumed band-limited (its spectrum
 * is zero-padded when refining). Throws when ν is too small for the transform to be evaluated in
 * float64 (the exponent range of φ0 exceeds 30).
 */
export function coleHopf(u0: Float64Array, opts: ColeHopfOptions): Float64Array {
  const where = "burgers.coleHopf";
  if (!(u0 instanceof Float64Array)) throw new TypeError(`${where}: u0 must be a Float64Array [n]`);
  const n = checkPowerOfTwo(where, "u0.length", u0.length, 4);
  checkFloat64(where, "u0", u0, n);
  const L = opts.length === undefined ? 1 : checkPositive(where, "length", opts.length);
  const nu = checkPositive(where, "viscosity", opts.viscosity);
  const t = checkNonNegative(where, "time", opts.time);
  const refine = checkInteger(where, "refine", opts.refine ?? 4, 1, 64);
  checkPowerOfTwo(where, "refine", refine, 1);
  for (let i = 0; i < n; i++) checkFinite(where, `u0[${i}]`, u0[i]);

  const N = n * refine, fine = new RealFft1(N), nh = N / 2 + 1;
  // zero-padded spectrum of w0 = u0 − c, rescaled for the finer grid
  const coarse = new RealFft1(n).forward(u0);
  const c = coarse[0] / n;
  const W = new Float64Array(2 * nh);
  for (let m = 1; m <= n / 2; m++) {
    const s = m === n / 2 && refine > 1 ? 0.5 : 1; // split the coarse Nyquist mode between ±n/2
    W[2 * m] = s * refine * coarse[2 * m];
    W[2 * m + 1] = m === n / 2 ? 0 : s * refine * coarse[2 * m + 1];
  }
  // Φ = ∫ w0 dx (periodic since ⟨w0⟩ = 0): Φ̂ = ŵ/(ik)
  const P = new Float64Array(2 * nh);
  for (let m = 1; m < nh; m++) {
    const k = (2 * Math.PI * m) / L;
    if (m === N / 2) continue;
    P[2 * m] = W[2 * m + 1] / k;
    P[2 * m + 1] = -W[2 * m] / k;
  }
  const Phi = fine.inverse(P);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < N; i++) { lo = Math.min(lo, Phi[i]); hi = Math.max(hi, Phi[i]); }
  const range = (hi - lo) / (2 * nu);
  if (range > MAX_EXPONENT_RANGE) {
    throw new RangeError(`${where}: (max − min of ∫u0 dx)/(2ν) = ${range.toPrecision(4)} exceeds ${MAX_EXPONENT_RANGE}; ` +
      `the Cole–Hopf field φ0 = exp(−∫u0/2ν) cannot be resolved in float64 — use a larger viscosity (≥ ${((hi - lo) / (2 * MAX_EXPONENT_RANGE)).toPrecision(3)}) or a smaller u0`);
  }
  const phi0 = new Float64Array(N);
  for (let i = 0; i < N; i++) phi0[i] = Math.exp(-(Phi[i] - lo) / (2 * nu)); // in [e^{-range}, 1]
  // heat equation in Fourier space, with the Galilean shift x → x − ct as a phase
  const F = fine.forward(phi0), Fx = new Float64Array(2 * nh);
  for (let m = 0; m < nh; m++) {
    const k = (2 * Math.PI * m) / L, decay = Math.exp(-nu * k * k * t);
    const cs = Math.cos(k * c * t), sn = -Math.sin(k * c * t);
    const re = decay * (F[2 * m] * cs - F[2 * m + 1] * sn), im = decay * (F[2 * m] * sn + F[2 * m + 1] * cs);
    F[2 * m] = re; F[2 * m + 1] = im;
    const kd = m === N / 2 ? 0 : k;
    Fx[2 * m] = -kd * im; Fx[2 * m + 1] = kd * re;
  }
  const phi = fine.inverse(F), phix = fine.inverse(Fx);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = c - (2 * nu * phix[i * refine]) / phi[i * refine];
  return out;
}
