/**
 * Masks: cells to draw in a flat colour instead of the colour scale — buildings in an urban canopy,
 * land in an ocean basin. A mask has the field's layout ([ny, nx], row-major, same `origin`); a cell
 * is masked where the mask is nonzero / true. Masked cells are left out of the colour domain.
 */
import { Field2D } from "./field";

/** A mask: one entry per cell, nonzero or true = masked; or a Field2D of 0/1 on the same grid. */
export type MaskInput = Uint8Array | Float64Array | Float32Array | Int32Array | readonly boolean[] | readonly number[] | Field2D;

/** Default colour of masked cells. */
export const MASK_COLOR = "#9e9e9e";

/** The mask as one byte per cell (1 = masked), checked against the field's size; undefined if none. */
export function maskBytes(who: string, f: Field2D, mask: MaskInput | undefined): Uint8Array | undefined {
  if (mask === undefined) return undefined;
  let values: ArrayLike<number | boolean>;
  if (typeof mask === "object" && mask !== null && (mask as Field2D).kind === "field2d") {
    const m = mask as Field2D;
    if (m.ny !== f.ny || m.nx !== f.nx) throw new RangeError(`${who}: mask must have the field's shape [${f.ny}, ${f.nx}], got [${m.ny}, ${m.nx}]`);
    if (m.origin !== f.origin) throw new RangeError(`${who}: mask has origin "${m.origin}" but the field has "${f.origin}"`);
    values = m.values;
  } else if (Array.isArray(mask) || ArrayBuffer.isView(mask)) {
    values = mask as ArrayLike<number | boolean>;
  } else {
    throw new TypeError(`${who}: mask must be a Uint8Array, a number/boolean array or a field with one entry per cell, got ${typeof mask}`);
  }
  if (values.length !== f.ny * f.nx) {
    throw new RangeError(`${who}: mask must have ny·nx = ${f.ny * f.nx} entries for the field [${f.ny}, ${f.nx}], got ${values.length}`);
  }
  const out = new Uint8Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v === "number" && Number.isNaN(v)) throw new RangeError(`${who}: mask entry ${k} is NaN; use 0 (open) or 1 (masked)`);
    out[k] = v ? 1 : 0;
  }
  return out;
}

/** Indices k = j·nx + i of the masked cells. */
export function maskedIndices(mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < mask.length; k++) if (mask[k] !== 0) out.push(k);
  return out;
}
