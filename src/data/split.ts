/**
 * Train/test splits by seed, and row gathering along the first axis.
 */
import { Rng } from "../core/random";
import { checkNamedArray, sameKind } from "./arrays";
import type { NamedArray, TypedArray } from "./types";

export interface SplitOptions {
  /** Fraction of samples in the test set, in (0, 1) (default 0.2); at least one sample each side. */
  testFraction?: number;
  /** Seed of the permutation (same seed → same split). */
  seed: number;
}

/**
 * Random split of indices 0..n−1 into train and test (each sorted ascending), the test set holding
 * round(n·testFraction) samples, clamped to [1, n − 1].
 */
export function trainTestSplit(n: number, opts: SplitOptions): { train: Int32Array; test: Int32Array } {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`trainTestSplit: n must be an integer ≥ 2, got ${n}`);
  const fraction = opts.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`trainTestSplit: testFraction must be in (0, 1), got ${fraction}`);
  const order = new Rng(opts.seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * fraction)));
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(order.slice(nTest)), test: sorted(order.slice(0, nTest)) };
}

/** Rows `indices` of x along axis 0: [N, ...] → [indices.length, ...], same dtype. */
export function takeRows<T extends TypedArray>(x: NamedArray<T>, indices: ArrayLike<number>): NamedArray<T> {
  checkNamedArray("takeRows", "x", x);
  const n = x.shape[0], row = x.data.length / n;
  const out = sameKind(x.data, indices.length * row);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`takeRows: index ${i} at position ${k} is outside [0, ${n})`);
    out.set(x.data.subarray(i * row, (i + 1) * row), k * row);
  }
  return { data: out, shape: [indices.length, ...x.shape.slice(1)] };
}
