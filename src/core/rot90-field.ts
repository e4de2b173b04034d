/**
 * Quarter-turn rotations of plain row-major grids (Float64Array, for simulators and tests of
 * rotation equivariance), with the convention of `rot90` in rot90.ts: x = column index i, y = row
 * index j pointing up; one counterclockwise quarter turn maps (x, y) → (−y, x), so
 * out[j·ny + i] = in[(ny−1−i)·nx + j] and the grid becomes [nx, ny].
 */
import { quarterTurns } from "./rot90";

function checkGrid(fn: string, data: ArrayLike<number>, ny: number, nx: number): void {
  if (!Number.isInteger(ny) || !Number.isInteger(nx) || ny < 1 || nx < 1) {
    throw new RangeError(`${fn}: ny and nx must be positive integers, got ny=${ny}, nx=${nx}`);
  }
  if (data.length !== ny * nx) throw new RangeError(`${fn}: data must have ny·nx = ${ny * nx} values [${ny}, ${nx}], got ${data.length}`);
}

/**
 * A scalar field [ny, nx] (row-major, value at (x = i, y = j) in data[j·nx + i]) turned by k
 * counterclockwise quarter turns: a new Float64Array, [nx, ny] for odd k, [ny, nx] for even k.
 */
export function rot90Field(data: ArrayLike<number>, ny: number, nx: number, k: number): Float64Array {
  checkGrid("rot90Field", data, ny, nx);
  const q = quarterTurns("rot90Field", k);
  const out = new Float64Array(ny * nx);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const v = data[j * nx + i];
    // where the point (i, j) lands after q turns, on the output grid
    if (q === 0) out[j * nx + i] = v;
    else if (q === 1) out[i * ny + (ny - 1 - j)] = v; // output [nx, ny]: row i, column ny−1−j
    else if (q === 2) out[(ny - 1 - j) * nx + (nx - 1 - i)] = v;
    else out[(nx - 1 - i) * ny + j] = v;
  }
  return out;
}

/**
 * A vector field (u along x, v along y), each [ny, nx] row-major, turned by k counterclockwise
 * quarter turns: the grid as in `rot90Field` and the components as (u, v) → (−v, u) per turn.
 */
export function rot90VectorField(
  u: ArrayLike<number>, v: ArrayLike<number>, ny: number, nx: number, k: number,
): { u: Float64Array; v: Float64Array } {
  checkGrid("rot90VectorField", u, ny, nx);
  checkGrid("rot90VectorField", v, ny, nx);
  const q = quarterTurns("rot90VectorField", k);
  const ru = rot90Field(u, ny, nx, q), rv = rot90Field(v, ny, nx, q);
  if (q === 0) return { u: ru, v: rv };
  if (q === 2) return { u: ru.map((a) => -a), v: rv.map((a) => -a) };
  return q === 1 ? { u: rv.map((a) => -a), v: ru } : { u: rv, v: ru.map((a) => -a) };
}
