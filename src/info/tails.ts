/**
 * Tail probabilities from ensembles: how often a statistic exceeds a threshold, with the Wilson score
 * interval of a binomial proportion (Wilson 1927, J. Am. Stat. Assoc. 22, 209) — the reference
 * interval of an ensemble of independent members, well behaved for counts of a few events, where
 * the normal-approximation interval p̂ ± z√(p̂(1 − p̂)/n) collapses to zero width at p̂ = 0; the
 * standard normal's upper tail Q(z) for a Gaussian fit; and the ring maximum, the per-member
 * statistic of "an extreme somewhere on the ring".
 */
import { checkFinite, checkInt } from "../core/checks";

/** z of a two-sided 95% interval: Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/** A frequency k/n with its interval. */
export interface Frequency {
  /** Number of members where the event happened. */
  count: number;
  /** Number of members. */
  n: number;
  /** k/n. */
  estimate: number;
  /** Lower end of the Wilson interval (0 when k = 0). */
  lo: number;
  /** Upper end of the Wilson interval (> 0 even when k = 0). */
  hi: number;
}

/**
 * The Wilson score interval of a binomial proportion with `count` successes in `n` independent
 * trials at z (default Z95, i.e. 95%): (p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
 */
export function wilsonInterval(count: number, n: number, z = Z95): Frequency {
  const where = "info.wilsonInterval";
  checkInt(where, "n", n, 1);
  checkInt(where, "count", count, 0, n);
  checkFinite(where, "z", z, 0);
  const p = count / n, z2 = (z * z) / n, centre = p + z2 / 2, half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n));
  return { count, n, estimate: p, lo: count === 0 ? 0 : Math.max(0, (centre - half) / (1 + z2)), hi: count === n ? 1 : Math.min(1, (centre + half) / (1 + z2)) };
}

/** The frequency of values > threshold among `values` (one per independent member) with its Wilson interval. */
export function exceedance(values: ArrayLike<number>, threshold: number, z = Z95): Frequency {
  const where = "info.exceedance";
  if (values === null || typeof values !== "object" || typeof values.length !== "number" || values.length === 0) {
    throw new TypeError(`${where}: values must be a non-empty array of numbers (one per member)`);
  }
  checkFinite(where, "threshold", threshold);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) throw new RangeError(`${where}: values[${i}] is NaN`);
    if (v > threshold) k++;
  }
  return wilsonInterval(k, values.length, z);
}

/** The maximum over the K sites of each member of x [n, K] (flat, row-major): [n]. */
export function ringMaxima(x: Float64Array, K: number): Float64Array {
  const where = "info.ringMaxima";
  checkInt(where, "K", K, 1);
  if (!(x instanceof Float64Array) || x.length === 0 || x.length % K !== 0) {
    throw new RangeError(`${where}: x must be a non-empty Float64Array [n, ${K}], got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
  }
  const n = x.length / K, out = new Float64Array(n);
  for (let b = 0; b < n; b++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = x[b * K + k];
      if (!Number.isFinite(v)) throw new RangeError(`${where}: x[${b}, ${k}] = ${v} is not finite`);
      if (v > m) m = v;
    }
    out[b] = m;
  }
  return out;
}

/**
 * erfc(x) with a relative error below 1.2e-7 for every x (Chebyshev fit of Press et al., Numerical
 * Recipes, §6.2): accurate deep in the tail, where 1 − erf(x) loses every digit.
 */
function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? y : 2 - y;
}

/** Q(z) = P(Z > z) = ½ erfc(z/√2) of a standard normal Z (relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  checkFinite("info.normalUpperTail", "z", z);
  return 0.5 * erfc(z / Math.SQRT2);
}
