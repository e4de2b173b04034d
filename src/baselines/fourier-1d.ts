/**
 * One-dimensional periodic fields [samples, n] (float64, row-major) between grids: point samples of
 * a finer grid, trigonometric (Fourier) interpolation to a finer grid — the resolution-free
 * upsampling any band-limited output admits, so the control a zero-shot super-resolution claim must
 * beat — and the share of spectral energy above a wavenumber (what a coarse grid cannot carry).
 */
import { RealFft1 } from "../sim/spectral";
import { checkInt } from "../core/checks";

function rowsOf(where: string, x: Float64Array, n: number): number {
  if (!(x instanceof Float64Array) || x.length === 0 || x.length % n !== 0) throw new RangeError(`${where}: fields must be a Float64Array [samples, ${n}], got ${x?.length} values`);
  return x.length / n;
}

/** Every (N/n)-th point of fields [S, N] → [S, n] (n divides N). */
export function pointSamples(x: Float64Array, N: number, n: number): Float64Array {
  const where = "baselines.pointSamples", S = rowsOf(where, x, checkInt(where, "N", N, 1));
  checkInt(where, "n", n, 1, N);
  if (N % n !== 0) throw new RangeError(`${where}: n = ${n} must divide N = ${N}`);
  const f = N / n;
  return Float64Array.from({ length: S * n }, (_, q) => x[Math.floor(q / n) * N + (q % n) * f]);
}

/** The trigonometric interpolant of fields [S, n] evaluated on m ≥ n points (powers of two) → [S, m]. */
export function fourierInterpolate(x: Float64Array, n: number, m: number): Float64Array {
  const where = "baselines.fourierInterpolate", S = rowsOf(where, x, n);
  checkInt(where, "m", m, n);
  const fn = new RealFft1(n), fm = new RealFft1(m), out = new Float64Array(S * m);
  for (let s = 0; s < S; s++) {
    const X = fn.forward(x.slice(s * n, (s + 1) * n)), Y = new Float64Array(m + 2);
    Y.set(X.subarray(0, n)); // modes 0 … n/2 − 1
    Y[n] = X[n] / 2; Y[n + 1] = 0; // the coarse Nyquist mode is split between ±n/2 (a real cosine)
    if (m === n) Y[n] = X[n];
    const y = fm.inverse(Y.map((v) => (v * m) / n));
    out.set(y, s * m);
  }
  return out;
}

/** Share of the spectral energy (summed over samples) of fields [S, N] at wavenumbers |k| > kmax. */
export function spectralTail(x: Float64Array, N: number, kmax: number): number {
  const where = "baselines.spectralTail", S = rowsOf(where, x, N);
  checkInt(where, "kmax", kmax, 0, N / 2);
  const f = new RealFft1(N);
  let tail = 0, all = 0;
  for (let s = 0; s < S; s++) {
    const X = f.forward(x.slice(s * N, (s + 1) * N));
    for (let k = 1; k <= N / 2; k++) { const e = (k === N / 2 ? 1 : 2) * (X[2 * k] ** 2 + X[2 * k + 1] ** 2); all += e; if (k > kmax) tail += e; }
  }
  return all === 0 ? 0 : tail / all;
}
