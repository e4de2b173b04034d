/**
 * Random train/test splits (drawn from a core.Rng), and row gathering along the first axis.
 */
import type { Rng } from "../core/random";
import { checkNamedArray, sameKind } from "./arrays";
import type { NamedArray, TypedArray } from "./types";

export interface SplitOptions {
  /** Fraction of samples in the test set, in (0, 1) (default 0.2); at least one sample each side. */
  testFraction?: number;
  /** Source of the permutation (n − 1 uniform draws); `new Rng(seed)` gives the former `{ seed }` split. */
  rng: Rng;
}

/**
 * Random split of indices 0..n−1 into train and test (each sorted ascending), the test set holding
 * round(n·testFraction) samples, clamped to [1, n − 1].
 */
export function trainTestSplit(n: number, opts: SplitOptions): { train: Int32Array; test: Int32Array } {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`trainTestSplit: n must be an integer ≥ 2, got ${n}`);
  const fraction = opts.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`trainTestSplit: testFraction must be in (0, 1), got ${fraction}`);
  const rng = opts?.rng as Rng | undefined;
  if (rng === null || typeof rng !== "object" || typeof rng.shuffle !== "function") {
    const hint = rng === undefined && (opts as { seed?: unknown })?.seed !== undefined ? "; pass { rng: new core.Rng(seed) } instead of { seed }" : "";
    throw new TypeError(`trainTestSplit: rng must be a core.Rng, got ${rng === null ? "null" : typeof rng}${hint}`);
  }
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
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

/**
 * Concatenation along axis 0: parts [N_i, ...rest] (same trailing shape and dtype) → [Σ N_i, ...rest],
 * same dtype (e.g. pooling two seeds of a dataset).
 */
export function concatRows<T extends TypedArray>(parts: readonly NamedArray<T>[]): NamedArray<T> {
  if (!Array.isArray(parts) || parts.length === 0) throw new RangeError("concatRows: parts must be a non-empty list of { data, shape } arrays");
  parts.forEach((p, i) => checkNamedArray("concatRows", `parts[${i}]`, p));
  const rest = parts[0].shape.slice(1).join(","), kind = parts[0].data.constructor;
  parts.forEach((p, i) => {
    if (p.shape.slice(1).join(",") !== rest) throw new RangeError(`concatRows: parts must share the trailing shape [N, ${rest}]; parts[${i}] has shape [${p.shape}]`);
    if (p.data.constructor !== kind) throw new TypeError(`concatRows: parts must share one dtype; parts[0] is ${kind.name}, parts[${i}] is ${p.data.constructor.name}`);
  });
  const out = sameKind(parts[0].data, parts.reduce((s, p) => s + p.data.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p.data, o); o += p.data.length; }
  return { data: out, shape: [parts.reduce((s, p) => s + p.shape[0], 0), ...parts[0].shape.slice(1)] };
}
