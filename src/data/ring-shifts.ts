/**
 * The translation symmetry of a homogeneous ring (Lorenz-96 with a uniform forcing: every site is
 * statistically alike) as data: each member together with its cyclic shifts. A periodic U-Net with
 * d halvings is equivariant to shifts by multiples of 2^d only, so the shifts 0 … 2^d − 1 give it
 * every translation.
 */
import { checkInt } from "../core/checks";

/**
 * Each member of x [n, K] (flat, row-major) followed by its cyclic shifts by 1 … copies − 1 sites:
 * [n·copies, K], row b·copies + s holding x[b, (k + s) mod K] at site k. copies in [1, K].
 */
export function ringShifts(x: Float64Array, K: number, copies: number): Float64Array {
  const where = "data.ringShifts";
  checkInt(where, "K", K, 1);
  checkInt(where, "copies", copies, 1, K);
  if (!(x instanceof Float64Array) || x.length === 0 || x.length % K !== 0) {
    throw new RangeError(`${where}: x must be a non-empty Float64Array [n, ${K}], got ${x instanceof Float64Array ? `length ${x.length}` : typeof x}`);
  }
  const n = x.length / K, out = new Float64Array(n * copies * K);
  for (let b = 0; b < n; b++) {
    for (let s = 0; s < copies; s++) {
      const o = (b * copies + s) * K;
      for (let k = 0; k < K; k++) out[o + k] = x[b * K + ((k + s) % K)];
    }
  }
  return out;
}
