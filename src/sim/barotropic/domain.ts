/**
 * The two domains of the barotropic model and how a physical field maps onto the doubly periodic
 * grid the FFT works on.
 *
 * periodic: [0, lx) × [0, ly), grid [ny, nx], y_j = j·ly/ny.
 * channel:  [0, lx) × [0, ly] with free-slip walls at y = 0 and y = ly (ψ = ζ = 0 there), grid
 *           [ny, nx] including both wall rows, y_j = j·ly/(ny − 1). Fields that vanish at the walls
 *           (ζ, ψ, v) are extended oddly to [2(ny−1), nx] on [0, 2ly) — a sine series in y; fields
 *           with zero normal derivative (u, topography) evenly — a cosine series (the treatment of
 *           Yasuda & Onishi 2024's SRDA jet model, arXiv:2308.03351).
 */
import { checkPositive, checkPowerOfTwo } from "../validate";

export type DomainKind = "periodic" | "channel";

export interface Domain {
  readonly kind: DomainKind;
  readonly nx: number;
  /** Physical rows (channel: including both walls). */
  readonly ny: number;
  /** Rows of the periodic FFT grid: ny (periodic) or 2(ny − 1) (channel). */
  readonly nyFull: number;
  readonly lx: number;
  /** Physical extent in y. */
  readonly ly: number;
  /** Period in y of the FFT grid: ly or 2·ly. */
  readonly lyFull: number;
  readonly dx: number;
  readonly dy: number;
}

export function makeDomain(where: string, kind: DomainKind, nx: number, ny: number, lx: number, ly: number): Domain {
  checkPowerOfTwo(where, "nx", nx, 8, 4096);
  checkPositive(where, "lx", lx);
  checkPositive(where, "ly", ly);
  if (kind === "periodic") {
    checkPowerOfTwo(where, "ny", ny, 8, 4096);
    return { kind, nx, ny, nyFull: ny, lx, ly, lyFull: ly, dx: lx / nx, dy: ly / ny };
  }
  if (kind === "channel") {
    if (!Number.isInteger(ny) || ny < 5 || ny > 2049 || ((ny - 1) & (ny - 2)) !== 0) {
      throw new RangeError(`${where}: for a channel ny counts both wall rows and must be 2^m + 1 in [5, 2049] (e.g. 17, 33, 65), got ${ny}`);
    }
    return { kind, nx, ny, nyFull: 2 * (ny - 1), lx, ly, lyFull: 2 * ly, dx: lx / nx, dy: ly / (ny - 1) };
  }
  throw new RangeError(`${where}: domain must be "periodic" or "channel", got ${String(kind)}`);
}

/** y coordinate of physical row j. */
export function rowY(d: Domain, j: number): number {
  return j * d.dy;
}

/**
 * Extends a physical field [ny, nx] to the FFT grid [nyFull, nx]: a copy (periodic), or the odd
 * (sign = −1, wall rows set to 0) / even (sign = +1) reflection about y = ly (channel).
 */
export function extend(d: Domain, field: Float64Array, sign: 1 | -1, out: Float64Array = new Float64Array(d.nyFull * d.nx)): Float64Array {
  const { nx, ny, nyFull } = d;
  if (d.kind === "periodic") { out.set(field); return out; }
  out.set(field.subarray(0, ny * nx));
  for (let j = 1; j < ny - 1; j++) {
    const src = j * nx, dst = (nyFull - j) * nx;
    for (let i = 0; i < nx; i++) out[dst + i] = sign * field[src + i];
  }
  if (sign === -1) { out.fill(0, 0, nx); out.fill(0, (ny - 1) * nx, ny * nx); }
  return out;
}
