/**
 * Low-pass filtering of a channel field onto a coarser channel grid (the paper's LowPassFilter):
 * a field that vanishes on both walls is a sine series in y; its odd extension about the far wall
 * is doubly periodic, and the Fourier truncation of that extension (data.spectralCut, modes
 * |k| < N/2 of the coarse grid) evaluated on the coarse nodes is the filtered field.
 */
import { checkInt } from "../core/checks";
import { spectralCut } from "../data/coarse";
import { checkMatrix } from "./dense";

/** Odd reflection of a channel field [ny, nx] about the far wall onto the doubly periodic [2(ny − 1), nx] grid. */
function oddExtension(f: Float64Array, ny: number, nx: number): Float64Array {
  const rows = 2 * (ny - 1), out = new Float64Array(rows * nx);
  out.set(f.subarray(0, ny * nx));
  for (let j = 1; j < ny - 1; j++) for (let i = 0; i < nx; i++) out[(rows - j) * nx + i] = -f[j * nx + i];
  out.fill(0, 0, nx); out.fill(0, (ny - 1) * nx, ny * nx);
  return out;
}

/**
 * The channel field ζ [ny, nx] (rows wall to wall, ζ = 0 on the walls) low-pass filtered onto the
 * grid [(ny − 1)/r + 1, nx/r]; walls exactly 0. ny − 1 and nx must be powers of two divisible by r.
 */
export function channelLowPass(f: Float64Array, ny: number, nx: number, r: number): Float64Array {
  const where = "assimilation.channelLowPass";
  checkInt(where, "ny", ny, 3); checkInt(where, "nx", nx, 1); checkInt(where, "r", r, 1);
  checkMatrix(where, "field", f, ny * nx, `[${ny}, ${nx}]`);
  if ((ny - 1) % r !== 0 || nx % r !== 0) throw new RangeError(`${where}: ny − 1 = ${ny - 1} and nx = ${nx} must be divisible by r = ${r}`);
  const rows = 2 * (ny - 1), cut = spectralCut({ data: oddExtension(f, ny, nx), shape: [rows, nx] }, r).data;
  const nyc = (ny - 1) / r + 1, nxc = nx / r, out = cut.slice(0, nyc * nxc);
  out.fill(0, 0, nxc); out.fill(0, (nyc - 1) * nxc);
  return out;
}
