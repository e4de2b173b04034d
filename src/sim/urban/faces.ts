/**
 * Wind on the faces of the finite-volume grid (a staggered "C-grid"), and which air cells are open
 * to the outflow. Face velocities are normal components in m/s:
 *
 *   u [ny, nx + 1]: x-face i of row j (flat j·(nx+1) + i) lies at x = i·dx between cells i − 1 and i;
 *                   face 0 is the inlet, face nx the outlet.
 *   v [ny, nx]:     y-face j of column i (flat j·nx + i) lies at y = j·dy between rows j − 1 and j;
 *                   y is periodic, so face 0 joins row ny − 1 to row 0.
 *
 * Faces touching a building carry no flow (impermeable walls).
 */
import type { BuildingMask, UrbanGrid } from "./raster";

export interface FaceWind {
  grid: UrbanGrid;
  /** Normal velocity on x-faces [ny, nx + 1], m/s. */
  u: Float64Array;
  /** Normal velocity on y-faces [ny, nx], m/s. */
  v: Float64Array;
}

/**
 * Air cells connected, through faces between air cells (periodic in y), to any air cell of the
 * given columns: 1 = connected, 0 = building or unreachable air. [ny, nx].
 */
export function connectedToColumns(mask: BuildingMask, columns: readonly number[]): Uint8Array {
  const { nx, ny } = mask.grid, solid = mask.solid;
  const open = new Uint8Array(nx * ny);
  const stack: number[] = [];
  for (const i of columns) {
    for (let j = 0; j < ny; j++) {
      const c = j * nx + i;
      if (!solid[c] && !open[c]) { open[c] = 1; stack.push(c); }
    }
  }
  while (stack.length > 0) {
    const c = stack.pop() as number;
    const i = c % nx, j = (c - i) / nx;
    const neighbours = [
      i > 0 ? c - 1 : -1,
      i < nx - 1 ? c + 1 : -1,
      ((j + 1) % ny) * nx + i,
      ((j - 1 + ny) % ny) * nx + i,
    ];
    for (const d of neighbours) if (d >= 0 && !solid[d] && !open[d]) { open[d] = 1; stack.push(d); }
  }
  return open;
}

/**
 * Air cells open to the outflow: connected to the outlet column x = nx − 1 (1), or building or
 * enclosed air such as a courtyard the wind cannot reach (0). [ny, nx].
 */
export function openCells(mask: BuildingMask): Uint8Array {
  return connectedToColumns(mask, [mask.grid.nx - 1]);
}

/**
 * Net volume outflow of every cell per unit depth, Σ_faces u_n·A (m²/s), [ny, nx]; zero for a
 * discretely divergence-free wind. Building cells get 0.
 */
export function netOutflow(wind: FaceWind, mask: BuildingMask): Float64Array {
  const { nx, ny, dx, dy } = wind.grid;
  const out = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const jn = (j + 1) % ny;
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      if (mask.solid[c]) continue;
      const fu = j * (nx + 1) + i;
      out[c] = (wind.u[fu + 1] - wind.u[fu]) * dy + (wind.v[jn * nx + i] - wind.v[c]) * dx;
    }
  }
  return out;
}

/** Cell-centred velocity (ux, uy) [ny, nx] in m/s: the mean of the two opposite face values. */
export function cellVelocity(wind: FaceWind): { ux: Float64Array; uy: Float64Array } {
  const { nx, ny } = wind.grid;
  const ux = new Float64Array(nx * ny), uy = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const jn = (j + 1) % ny;
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i, fu = j * (nx + 1) + i;
      ux[c] = 0.5 * (wind.u[fu] + wind.u[fu + 1]);
      uy[c] = 0.5 * (wind.v[c] + wind.v[jn * nx + i]);
    }
  }
  return { ux, uy };
}

/** Sets to zero every face that touches a building (in place) and returns the wind. */
export function closeBuildingFaces(wind: FaceWind, mask: BuildingMask): FaceWind {
  const { nx, ny } = wind.grid, s = mask.solid;
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny;
    for (let i = 0; i <= nx; i++) {
      const left = i > 0 && s[j * nx + i - 1] === 1, right = i < nx && s[j * nx + i] === 1;
      if (left || right) wind.u[j * (nx + 1) + i] = 0;
    }
    for (let i = 0; i < nx; i++) if (s[j * nx + i] || s[jm * nx + i]) wind.v[j * nx + i] = 0;
  }
  return wind;
}
