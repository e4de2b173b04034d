/**
 * A 2D scalar field on a regular grid, carrying its grid (spacing, origin, axis names, length unit)
 * and its quantity (name, units), so that plots get physical axes without extra arguments.
 *
 * Layout convention (the same as src/sim): row-major `[ny, nx]`, the value in column i (x) and row j
 * (y) is `values[j * nx + i]`, and row j = 0 is the BOTTOM of the picture (y increases with j, "y
 * up", matplotlib's `origin="lower"`). Arrays whose first row is the top (images) pass
 * `origin: "upper"`. Cell (i, j) covers x ∈ [x0 + i·dx, x0 + (i+1)·dx] and the matching y interval.
 */
import { checkFinite as checkFiniteNumber, checkInt, checkPositive, describe } from "../core/checks";

/** A float array holding a field, row-major. */
export type FloatArray = Float64Array | Float32Array;

/** The duck type of a tfjs tensor that plots accept (`tf.Tensor` satisfies it). */
export interface TensorLike {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number>;
}

/** Where the cells of a field sit in physical space. */
export interface Grid {
  /** Cell width along x, in `lengthUnit` (> 0). */
  readonly dx: number;
  /** Cell height along y, in `lengthUnit` (> 0). */
  readonly dy: number;
  /** x of the left edge of column 0. */
  readonly x0: number;
  /** y of the bottom edge of the bottom row. */
  readonly y0: number;
  /** Axis names, e.g. "x", "longitude". */
  readonly xLabel: string;
  readonly yLabel: string;
  /** Unit of x and y, e.g. "m", "km"; empty when the grid is in index units. */
  readonly lengthUnit: string;
}

/** A validated 2D field; build one with `field(...)`. */
export interface Field2D {
  readonly kind: "field2d";
  readonly values: FloatArray;
  readonly ny: number;
  readonly nx: number;
  /** Which array row is drawn at the top: "lower" = row 0 at the bottom (default). */
  readonly origin: "lower" | "upper";
  readonly grid: Grid;
  /** The quantity, e.g. "temperature"; "" when unnamed. */
  readonly name: string;
  /** Units of the values, e.g. "K", "1/s"; "" when dimensionless or unknown. */
  readonly units: string;
}

/** Grid and quantity options of `field(...)`. Spacing defaults to 1 (index units). */
export interface FieldOptions {
  /** Cell width along x; default 1, or derived from `extent`. */
  dx?: number;
  /** Cell height along y; default `dx`, or derived from `extent`. */
  dy?: number;
  /** Left edge of column 0; default 0. */
  x0?: number;
  /** Bottom edge of the bottom row; default 0. */
  y0?: number;
  /** Physical extent `[xmin, xmax, ymin, ymax]`, an alternative to dx/dy/x0/y0. */
  extent?: readonly [number, number, number, number];
  origin?: "lower" | "upper";
  xLabel?: string;
  yLabel?: string;
  lengthUnit?: string;
  name?: string;
  units?: string;
}

/** What plot builders accept as a field. */
export type FieldInput = Field2D | TensorLike;

function isTensorLike(v: unknown): v is TensorLike {
  return typeof v === "object" && v !== null && Array.isArray((v as TensorLike).shape) && typeof (v as TensorLike).dataSync === "function";
}

function isField2D(v: unknown): v is Field2D {
  return typeof v === "object" && v !== null && (v as Field2D).kind === "field2d";
}

/** The [ny, nx] of a tensor shape [ny,nx], [ny,nx,1] or [1,ny,nx,1] (NHWC, one channel, one batch). */
function tensorShape(who: string, shape: readonly number[]): [number, number] {
  const s = [...shape];
  if (s.length === 2) return [s[0], s[1]];
  if (s.length === 3 && s[2] === 1) return [s[0], s[1]];
  if (s.length === 4 && s[0] === 1 && s[3] === 1) return [s[1], s[2]];
  throw new RangeError(
    `${who}: a tensor field must have shape [ny, nx], [ny, nx, 1] or [1, ny, nx, 1] (NHWC, one channel), got [${s.join(",")}]`,
  );
}

/** An optional finite number (> 0 with `positive`). */
function checkFinite(who: string, name: string, v: number | undefined, positive = false): void {
  if (v === undefined) return;
  if (positive) checkPositive(who, name, v); else checkFiniteNumber(who, name, v);
}

function makeGrid(who: string, ny: number, nx: number, o: FieldOptions): Grid {
  checkFinite(who, "dx", o.dx, true);
  checkFinite(who, "dy", o.dy, true);
  checkFinite(who, "x0", o.x0);
  checkFinite(who, "y0", o.y0);
  let { dx, dy, x0, y0 } = o;
  if (o.extent !== undefined) {
    const e = o.extent;
    if (!Array.isArray(e) || e.length !== 4 || !e.every((v) => typeof v === "number" && Number.isFinite(v)) || e[1] <= e[0] || e[3] <= e[2]) {
      throw new RangeError(`${who}: extent must be [xmin, xmax, ymin, ymax] with xmin < xmax and ymin < ymax, got ${JSON.stringify(e)}`);
    }
    if (dx !== undefined || dy !== undefined || x0 !== undefined || y0 !== undefined) {
      throw new TypeError(`${who}: give either extent or dx/dy/x0/y0, not both`);
    }
    [x0, dx, y0, dy] = [e[0], (e[1] - e[0]) / nx, e[2], (e[3] - e[2]) / ny];
  }
  dx ??= 1;
  return {
    dx,
    dy: dy ?? dx,
    x0: x0 ?? 0,
    y0: y0 ?? 0,
    xLabel: o.xLabel ?? "x",
    yLabel: o.yLabel ?? "y",
    lengthUnit: o.lengthUnit ?? "",
  };
}

/**
 * Makes a field from values + shape, or from a tfjs tensor (its shape; float32 values are copied).
 *
 * @param data Float64Array/Float32Array of length ny·nx (row-major, see the module comment), or a
 *   tensor of shape [ny, nx], [ny, nx, 1] or [1, ny, nx, 1].
 * @param shape `[ny, nx]` — required for arrays, omitted for tensors.
 * @param options grid (spacing or extent, axis names, length unit) and quantity (name, units).
 * @example field(w, [128, 128], { extent: [0, 2 * Math.PI, 0, 2 * Math.PI], name: "vorticity", units: "1/s" })
 */
export function field(data: FloatArray, shape: readonly [number, number], options?: FieldOptions): Field2D;
export function field(data: TensorLike, options?: FieldOptions): Field2D;
export function field(
  data: FloatArray | TensorLike,
  shapeOrOptions?: readonly [number, number] | FieldOptions,
  maybeOptions?: FieldOptions,
): Field2D {
  const who = "plot.field";
  let values: FloatArray;
  let ny: number, nx: number;
  let options: FieldOptions;
  if (data instanceof Float64Array || data instanceof Float32Array) {
    const shape = shapeOrOptions;
    if (!Array.isArray(shape) || shape.length !== 2) {
      throw new TypeError(`${who}: an array field needs its shape [ny, nx] as second argument, got ${describe(shape)}`);
    }
    [ny, nx] = shape as [number, number];
    checkInt(who, "ny", ny, 1);
    checkInt(who, "nx", nx, 1);
    if (data.length !== ny * nx) {
      throw new RangeError(`${who}: values must have ny·nx = ${ny}·${nx} = ${ny * nx} elements for shape [${ny}, ${nx}], got ${data.length}`);
    }
    values = data;
    options = maybeOptions ?? {};
  } else if (isTensorLike(data)) {
    [ny, nx] = tensorShape(who, data.shape);
    const d = data.dataSync();
    values = d instanceof Float32Array || d instanceof Float64Array ? d : Float64Array.from(d);
    options = (shapeOrOptions as FieldOptions | undefined) ?? {};
  } else {
    throw new TypeError(`${who}: data must be a Float64Array, a Float32Array or a tfjs tensor, got ${describe(data)}`);
  }
  const origin = options.origin ?? "lower";
  if (origin !== "lower" && origin !== "upper") throw new RangeError(`${who}: origin must be "lower" or "upper", got ${String(origin)}`);
  return {
    kind: "field2d",
    values,
    ny,
    nx,
    origin,
    grid: makeGrid(who, ny, nx, options),
    name: options.name ?? "",
    units: options.units ?? "",
  };
}

/** A Field2D from a builder's input: fields pass through, tensors get a unit grid. */
export function asField(who: string, input: FieldInput): Field2D {
  if (isField2D(input)) return input;
  if (isTensorLike(input)) return field(input);
  throw new TypeError(
    `${who}: expected a field (plot.field(values, [ny, nx], {...})) or a tfjs tensor [ny, nx], got ${describe(input)}` +
      (ArrayBuffer.isView(input) ? " — wrap typed arrays with plot.field(values, [ny, nx]) so the shape is explicit" : ""),
  );
}

/** A field with other values on the same grid (for derived quantities: magnitude, error, ...). */
export function withValues(f: Field2D, values: FloatArray, name = f.name, units = f.units): Field2D {
  if (values.length !== f.values.length) {
    throw new RangeError(`withValues: expected ${f.values.length} values for [${f.ny}, ${f.nx}], got ${values.length}`);
  }
  return { ...f, values, name, units };
}

/** "name [units]", "name" or "" — an axis or legend title. */
export function quantityLabel(name: string, units: string): string {
  if (units === "") return name;
  return `${name === "" ? "value" : name} [${units}]`;
}

/** Physical extent [xmin, xmax, ymin, ymax] of a field. */
export function extentOf(f: Field2D): [number, number, number, number] {
  const g = f.grid;
  return [g.x0, g.x0 + f.nx * g.dx, g.y0, g.y0 + f.ny * g.dy];
}
