/**
 * Argument checks of src/info beyond core/checks: flat float64 arrays of rows [n, d] whose entries
 * are all finite (an estimator fed a NaN must fail at once, not return NaN nats), and square
 * matrices.
 */
import { describe } from "../core/checks";

/** Throws unless `x` is a Float64Array [n, width] (n ≥ minRows) with finite entries; returns n. */
export function checkRowsFinite(where: string, name: string, x: unknown, width: number, minRows = 1): number {
  if (!(x instanceof Float64Array)) throw new TypeError(`${where}: ${name} must be a Float64Array [n, ${width}], got ${describe(x)}`);
  if (x.length % width !== 0 || x.length / width < minRows) {
    throw new RangeError(`${where}: ${name} must be a Float64Array [n, ${width}] with n ≥ ${minRows} (length a multiple of ${width}), got length ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`${where}: ${name}[${i}] (row ${Math.floor(i / width)}, column ${i % width}) is ${x[i]}; all entries must be finite`);
  }
  return x.length / width;
}

/** Throws unless `S` is a Float64Array [d, d] with finite entries. */
export function checkSquare(where: string, name: string, S: unknown, d: number): Float64Array {
  if (!(S instanceof Float64Array)) throw new TypeError(`${where}: ${name} must be a Float64Array [${d}, ${d}], got ${describe(S)}`);
  if (S.length !== d * d) throw new RangeError(`${where}: ${name} must have length ${d * d} ([${d}, ${d}]), got length ${S.length}`);
  for (let i = 0; i < S.length; i++) if (!Number.isFinite(S[i])) throw new RangeError(`${where}: ${name}[${i}] is ${S[i]}; all entries must be finite`);
  return S;
}

/** Throws unless x and y hold the same number of rows. */
export function checkSameRows(where: string, nx: number, ny: number): number {
  if (nx !== ny) throw new RangeError(`${where}: x and y must have the same number of rows (samples), got ${nx} and ${ny}`);
  return nx;
}
