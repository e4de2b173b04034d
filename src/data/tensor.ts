/**
 * Dataset arrays → float32 tensors, the one explicit crossing from simulator data (float64, uint8,
 * int32 typed arrays with a row-major shape) to tfjs. Rows (axis 0) are samples; the layout names
 * the tensor's axes in tfjs' channels-last convention:
 *
 *   "NC"    [rows, C]          features per sample      (from [N] or [N, C])
 *   "NWC"   [rows, W, C]       1D fields, C channels    (from [N, W] or [N, W, C])
 *   "NHWC"  [rows, H, W, C]    2D fields, C channels    (from [N, H, W] or [N, H, W, C])
 *
 * An array with one axis fewer than the layout gets a channel axis of 1; an array of the layout's
 * rank is taken as it is. A list of arrays, each [N, ...space] without a channel axis, is stacked as
 * channels (channel c = arrays[c]).
 */
import * as tf from "@tensorflow/tfjs";
import { checkNamedArray } from "./arrays";
import type { NamedArray } from "./types";

/** Tensor layouts of `toTensor` (channels last, as everywhere in Kazami). */
export type TensorLayout = "NC" | "NWC" | "NHWC";
const LAYOUTS: readonly TensorLayout[] = ["NC", "NWC", "NHWC"];

export interface ToTensorOptions {
  /** Rows [from, to) along axis 0 (0 ≤ from < to ≤ N); default all rows. */
  rows?: readonly [number, number];
  /** Layout of the result (see the module comment); default: the array's own shape. */
  layout?: TensorLayout;
}

const WHERE = "data.toTensor";
const shapeText = (s: readonly number[]) => `[${s.join(", ")}]`;

function checkRows(rows: readonly [number, number] | undefined, n: number): [number, number] {
  if (rows === undefined) return [0, n];
  if (!Array.isArray(rows) || rows.length !== 2) throw new TypeError(`${WHERE}: rows must be [from, to], got ${JSON.stringify(rows)}`);
  const [from, to] = rows;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > n || from >= to) {
    throw new RangeError(`${WHERE}: rows must be integers [from, to) with 0 ≤ from < to ≤ ${n} (the array has ${n} rows), got [${from}, ${to}]`);
  }
  return [from, to];
}

function checkLayout(layout: unknown): void {
  if (!LAYOUTS.includes(layout as TensorLayout)) throw new RangeError(`${WHERE}: layout must be one of ${LAYOUTS.map((l) => `"${l}"`).join(", ")}, got ${JSON.stringify(layout)}`);
}

/** Output shape of one array [N, ...rest] under `layout` with `rows` rows. */
function layoutShape(layout: TensorLayout | undefined, shape: readonly number[], rows: number): number[] {
  const rest = shape.slice(1);
  if (layout === undefined) return [rows, ...rest];
  checkLayout(layout);
  const rank = layout.length;
  if (shape.length === rank) return [rows, ...rest];
  if (shape.length === rank - 1) return [rows, ...rest, 1];
  const without = layout.slice(0, -1).split("").join(", "), withC = layout.split("").join(", ");
  throw new RangeError(`${WHERE}: layout "${layout}" needs an array [${without}] or [${withC}], got rank ${shape.length} (shape ${shapeText(shape)})`);
}

/** Copies data[from·row, to·row) into float32, refusing values that overflow float32. */
function toFloat32(data: ArrayLike<number>, start: number, count: number, out: Float32Array, outStart: number, stride: number): void {
  for (let i = 0; i < count; i++) {
    const v = data[start + i];
    out[outStart + i * stride] = v;
    if (!Number.isFinite(Math.fround(v))) {
      throw new RangeError(`${WHERE}: value ${v} at flat index ${start + i} is not finite in float32 (|x| ≤ 3.4e38)`);
    }
  }
}

export function toTensor(x: NamedArray | readonly NamedArray[], opts: ToTensorOptions & { layout: "NC" }): tf.Tensor2D;
export function toTensor(x: NamedArray | readonly NamedArray[], opts: ToTensorOptions & { layout: "NWC" }): tf.Tensor3D;
export function toTensor(x: NamedArray | readonly NamedArray[], opts: ToTensorOptions & { layout: "NHWC" }): tf.Tensor4D;
export function toTensor(x: NamedArray | readonly NamedArray[], opts?: ToTensorOptions): tf.Tensor;
/**
 * A float32 tensor of rows [from, to) of a dataset array x [N, ...] in `layout`, or of several arrays
 * [N, ...space] (same shape) stacked as channels [rows, ...space, k]. Values are converted to float32
 * explicitly (float64 rounds to the nearest float32; integers above 2^24 lose precision; a value
 * beyond the float32 range is a RangeError). The caller owns (disposes) the tensor.
 *
 * @example data.toTensor(ds.arrays.u0, { rows: [0, 400], layout: "NWC" })        // [400, n, 1]
 * @example data.toTensor([theta, air], { layout: "NHWC" })                      // [N, H, W, 2]
 */
export function toTensor(x: NamedArray | readonly NamedArray[], opts: ToTensorOptions = {}): tf.Tensor {
  if (opts === null || typeof opts !== "object") throw new TypeError(`${WHERE}: options must be an object { rows?, layout? }`);
  if (!Array.isArray(x)) {
    const a = checkNamedArray(WHERE, "x", x);
    const n = a.shape[0], [from, to] = checkRows(opts.rows, n), row = a.data.length / n;
    const shape = layoutShape(opts.layout, a.shape, to - from);
    const out = new Float32Array((to - from) * row);
    toFloat32(a.data, from * row, out.length, out, 0, 1);
    return tf.tensor(out, shape, "float32");
  }
  const parts = x as readonly NamedArray[];
  if (parts.length === 0) throw new RangeError(`${WHERE}: a list of arrays to stack as channels must not be empty`);
  parts.forEach((p, c) => checkNamedArray(WHERE, `x[${c}]`, p));
  const first = parts[0].shape;
  parts.forEach((p, c) => {
    if (shapeText(p.shape) !== shapeText(first)) throw new RangeError(`${WHERE}: arrays stacked as channels need one shape; x[0] is ${shapeText(first)}, x[${c}] is ${shapeText(p.shape)}`);
  });
  if (opts.layout !== undefined) checkLayout(opts.layout);
  if (opts.layout !== undefined && first.length !== opts.layout.length - 1) {
    throw new RangeError(`${WHERE}: arrays stacked as channels under layout "${opts.layout}" must be [${opts.layout.slice(0, -1).split("").join(", ")}] (no channel axis), got ${shapeText(first)}`);
  }
  const n = first[0], [from, to] = checkRows(opts.rows, n), row = parts[0].data.length / n, k = parts.length;
  const out = new Float32Array((to - from) * row * k);
  parts.forEach((p, c) => toFloat32(p.data, from * row, (to - from) * row, out, c, k)); // channel c at stride k
  return tf.tensor(out, [to - from, ...first.slice(1), k], "float32");
}
