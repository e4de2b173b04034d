/**
 * Projection of a face wind onto discretely divergence-free winds (Chorin 1968): solve the Poisson
 * problem M φ = −div(u*) on the open air cells and set u = u* − ∇φ on the free faces, so that every
 * cell's net outflow vanishes (to the solver tolerance). Boundary conditions of φ:
 *
 *   - building faces, faces of enclosed air, and inlet faces: normal velocity prescribed
 *     (0, 0 and the inflow), so ∂φ/∂n = 0;
 *   - outlet faces: φ = 0 half a cell beyond the last column (a pressure outlet), which makes M
 *     symmetric positive definite.
 *
 * M is the standard 5-point finite-volume Laplacian (coefficients A/d per free face), solved by
 * conjugate gradients with a Jacobi preconditioner.
 */
import { closeBuildingFaces, type FaceWind, netOutflow, openCells } from "./faces";
import type { BuildingMask } from "./raster";

export interface ProjectionOptions {
  /** Relative residual ‖Mφ + div‖₂ / ‖div‖₂ at which CG stops (default 1e-10). */
  tolerance?: number;
  /** CG iteration limit (default 20·cells). */
  maxIterations?: number;
}

export interface ProjectionResult {
  wind: FaceWind;
  /** CG iterations used. */
  iterations: number;
  /** Largest |net outflow| of a cell after projection, relative to inflow·ly (dimensionless). */
  maxDivergence: number;
}

/**
 * Projects `wind` (not modified) onto the divergence-free winds with the same inflow and no flow
 * through building faces or into enclosed air. Throws if CG fails to converge.
 */
export function projectWind(mask: BuildingMask, wind: FaceWind, opts: ProjectionOptions = {}): ProjectionResult {
  const { nx, ny, dx, dy } = mask.grid;
  const n = nx * ny;
  const open = openCells(mask);
  const out: FaceWind = { grid: mask.grid, u: wind.u.slice(), v: wind.v.slice() };
  closeBuildingFaces(out, mask);
  // Faces of enclosed air carry nothing.
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny;
    for (let i = 0; i <= nx; i++) {
      const l = i > 0 ? open[j * nx + i - 1] : 1, r = i < nx ? open[j * nx + i] : 1;
      if (!l || !r) out.u[j * (nx + 1) + i] = 0;
    }
    for (let i = 0; i < nx; i++) if (!open[j * nx + i] || !open[jm * nx + i]) out.v[j * nx + i] = 0;
  }
  const ax = dy / dx, ay = dx / dy;
  // rhs = −div(u*), diagonal of M.
  const rhs = new Float64Array(n), diag = new Float64Array(n), div = netOutflow(out, mask);
  let inflow = 0;
  for (let j = 0; j < ny; j++) inflow += Math.abs(out.u[j * (nx + 1)]) * dy;
  for (let j = 0; j < ny; j++) {
    const jn = (j + 1) % ny, jm = (j - 1 + ny) % ny;
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      if (!open[c]) continue;
      rhs[c] = -div[c];
      let d = 0;
      if (i > 0 && open[c - 1]) d += ax;
      if (i < nx - 1 && open[c + 1]) d += ax;
      if (i === nx - 1) d += 2 * ax;
      if (open[jn * nx + i]) d += ay;
      if (open[jm * nx + i]) d += ay;
      diag[c] = d;
    }
  }
  const apply = (p: Float64Array, q: Float64Array): void => {
    for (let j = 0; j < ny; j++) {
      const jn = (j + 1) % ny, jm = (j - 1 + ny) % ny;
      for (let i = 0; i < nx; i++) {
        const c = j * nx + i;
        if (!open[c]) { q[c] = 0; continue; }
        let s = diag[c] * p[c];
        if (i > 0 && open[c - 1]) s -= ax * p[c - 1];
        if (i < nx - 1 && open[c + 1]) s -= ax * p[c + 1];
        const cn = jn * nx + i, cs = jm * nx + i;
        if (open[cn]) s -= ay * p[cn];
        if (open[cs]) s -= ay * p[cs];
        q[c] = s;
      }
    }
  };
  const tol = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 20 * n;
  const phi = new Float64Array(n), r = rhs.slice(), z = new Float64Array(n), p = new Float64Array(n), q = new Float64Array(n);
  const dot = (x: Float64Array, y: Float64Array): number => {
    let sum = 0;
    for (let c = 0; c < n; c++) sum += x[c] * y[c];
    return sum;
  };
  const norm = (x: Float64Array) => Math.sqrt(dot(x, x));
  const bNorm = norm(rhs);
  let iterations = 0;
  if (bNorm > 0) {
    for (let c = 0; c < n; c++) z[c] = open[c] ? r[c] / diag[c] : 0;
    p.set(z);
    let rz = dot(r, z);
    while (norm(r) > tol * bNorm) {
      if (iterations >= maxIterations) {
        throw new RangeError(`urban.projectWind: conjugate gradients did not converge in ${maxIterations} iterations (relative residual ${(norm(r) / bNorm).toExponential(2)} > ${tol})`);
      }
      apply(p, q);
      const alpha = rz / dot(p, q);
      for (let c = 0; c < n; c++) { phi[c] += alpha * p[c]; r[c] -= alpha * q[c]; }
      for (let c = 0; c < n; c++) z[c] = open[c] ? r[c] / diag[c] : 0;
      const rzNew = dot(r, z);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let c = 0; c < n; c++) p[c] = z[c] + beta * p[c];
      iterations++;
    }
  }
  // u = u* − ∇φ on free faces.
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny;
    for (let i = 1; i < nx; i++) {
      const c = j * nx + i;
      if (open[c] && open[c - 1]) out.u[j * (nx + 1) + i] -= (phi[c] - phi[c - 1]) / dx;
    }
    const last = j * nx + nx - 1;
    if (open[last]) out.u[j * (nx + 1) + nx] -= (0 - phi[last]) / (dx / 2);
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i, s = jm * nx + i;
      if (open[c] && open[s]) out.v[c] -= (phi[c] - phi[s]) / dy;
    }
  }
  let maxDiv = 0;
  for (const d of netOutflow(out, mask)) maxDiv = Math.max(maxDiv, Math.abs(d));
  return { wind: out, iterations, maxDivergence: inflow > 0 ? maxDiv / inflow : maxDiv };
}
