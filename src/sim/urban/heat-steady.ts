/**
 * Steady state of the canopy heat equation (heat-operator.ts) with first-order upwind advection:
 * the linear system a_P θ_P − Σ_nb a_nb θ_nb = b_P with
 *
 *   a_nb = D_f + max(−F_f, 0),   a_P = Σ_f (D_f + max(F_f, 0)) + λV,   b_P = V q_g + q_w L_P,
 *
 * an M-matrix (weakly diagonally dominant because Σ_f F_f = 0), solved iteratively by symmetric
 * successive over-relaxation (SSOR): a forward sweep along the wind, then a backward sweep, until
 * ‖b − Aθ‖₂ ≤ tolerance·‖b‖₂. Upwinding keeps the solution monotone (no over- or undershoots) at the
 * price of numerical diffusion |u|·dx/2, which grows on coarse grids.
 */
import { checkFinite, checkInteger } from "../validate";
import type { HeatOperator } from "./heat-operator";

export interface SteadyOptions {
  /** Relative residual at which to stop (default 1e-8). */
  tolerance?: number;
  /** Over-relaxation factor ω in (0, 2) (default 1.3). */
  omega?: number;
  /** Sweep limit (default 20000); exceeding it throws. */
  maxSweeps?: number;
  /** Starting guess [ny, nx] (default 0). */
  initial?: Float64Array;
}

export interface SteadyResult {
  /** Temperature anomaly θ (K) [ny, nx]; building cells hold 0. */
  theta: Float64Array;
  /** Symmetric sweeps used. */
  sweeps: number;
  /** Final relative residual ‖b − Aθ‖₂/‖b‖₂. */
  residual: number;
}

interface Matrix {
  aP: Float64Array;
  aW: Float64Array;
  aE: Float64Array;
  aS: Float64Array;
  aN: Float64Array;
  b: Float64Array;
}

function assemble(op: HeatOperator): Matrix {
  const { nx, ny } = op.mask.grid, s = op.mask.solid, n = nx * ny;
  const m: Matrix = { aP: new Float64Array(n), aW: new Float64Array(n), aE: new Float64Array(n), aS: new Float64Array(n), aN: new Float64Array(n), b: new Float64Array(n) };
  const lambdaV = op.params.exchangeRate * op.volume;
  for (let j = 0; j < ny; j++) {
    const jn = (j + 1) % ny;
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i;
      if (s[c]) continue;
      const fw = j * (nx + 1) + i, fe = fw + 1, fs = c, fn = jn * nx + i;
      // Outward fluxes through the west, east, south and north faces.
      const outW = -op.fluxX[fw], outE = op.fluxX[fe], outS = -op.fluxY[fs], outN = op.fluxY[fn];
      m.aP[c] = lambdaV
        + op.condX[fw] + Math.max(outW, 0) + op.condX[fe] + Math.max(outE, 0)
        + op.condY[fs] + Math.max(outS, 0) + op.condY[fn] + Math.max(outN, 0);
      if (i > 0) m.aW[c] = op.condX[fw] + Math.max(-outW, 0);
      if (i < nx - 1) m.aE[c] = op.condX[fe] + Math.max(-outE, 0);
      m.aS[c] = op.condY[fs] + Math.max(-outS, 0);
      m.aN[c] = op.condY[fn] + Math.max(-outN, 0);
      m.b[c] = op.source[c];
    }
  }
  return m;
}

/**
 * Throws if the steady problem has no solution. With λ = 0 heat leaves the air only through the
 * inlet (diffusion to the inflow, column 0) and through outlet faces carrying outflow; air that is
 * heated but cannot reach such a cell through air–air faces (a sealed courtyard, or air behind a
 * wall of buildings spanning the domain, which no wind crosses) would warm without bound.
 */
function checkSolvable(op: HeatOperator): void {
  if (op.params.exchangeRate > 0) return;
  const { nx, ny } = op.mask.grid, s = op.mask.solid;
  const reached = new Uint8Array(nx * ny), stack: number[] = [];
  // An outflow counts only if it is more than round-off: cell Péclet number above 1e-9.
  const minOutflow = 1e-9 * op.params.diffusivity * (op.mask.grid.dy / op.mask.grid.dx);
  for (let j = 0; j < ny; j++) {
    const first = j * nx, last = first + nx - 1;
    if (!s[first] && !reached[first]) { reached[first] = 1; stack.push(first); }
    if (!s[last] && op.fluxX[j * (nx + 1) + nx] > minOutflow && !reached[last]) { reached[last] = 1; stack.push(last); }
  }
  while (stack.length > 0) {
    const c = stack.pop() as number;
    const i = c % nx, j = (c - i) / nx;
    const next = [i > 0 ? c - 1 : -1, i < nx - 1 ? c + 1 : -1, ((j + 1) % ny) * nx + i, ((j - 1 + ny) % ny) * nx + i];
    for (const d of next) if (d >= 0 && !s[d] && !reached[d]) { reached[d] = 1; stack.push(d); }
  }
  for (let c = 0; c < nx * ny; c++) {
    if (!s[c] && !reached[c] && op.source[c] > 0) {
      throw new RangeError(`urban.solveSteady: heated air cell (${c % nx}, ${Math.floor(c / nx)}) cannot lose heat with exchangeRate 0 (it reaches neither the inlet nor an outflow; e.g. a sealed courtyard or air behind a wall of buildings), so no steady state exists; set exchangeRate > 0`);
    }
  }
}

/** Steady temperature anomaly θ (K) for the operator, by SSOR. Throws if it does not converge. */
export function solveSteady(op: HeatOperator, opts: SteadyOptions = {}): SteadyResult {
  const where = "urban.solveSteady";
  const tol = checkFinite(where, "tolerance", opts.tolerance ?? 1e-8, 1e-15, 1);
  const omega = checkFinite(where, "omega", opts.omega ?? 1.3, 0.01, 1.99);
  const maxSweeps = checkInteger(where, "maxSweeps", opts.maxSweeps ?? 20000, 1);
  checkSolvable(op);
  const { nx, ny } = op.mask.grid, n = nx * ny, s = op.mask.solid;
  const { aP, aW, aE, aS, aN, b } = assemble(op);
  const theta = new Float64Array(n);
  if (opts.initial !== undefined) {
    if (!(opts.initial instanceof Float64Array) || opts.initial.length !== n) throw new RangeError(`${where}: initial must be a Float64Array [${ny}, ${nx}]`);
    for (let c = 0; c < n; c++) theta[c] = s[c] ? 0 : opts.initial[c];
  }
  let bNorm = 0;
  for (let c = 0; c < n; c++) bNorm += b[c] * b[c];
  bNorm = Math.sqrt(bNorm);
  if (bNorm === 0) return { theta: new Float64Array(n), sweeps: 0, residual: 0 };
  const relax = (c: number, i: number, j: number): void => {
    if (s[c]) return;
    const jn = j === ny - 1 ? c - (ny - 1) * nx : c + nx, js = j === 0 ? c + (ny - 1) * nx : c - nx;
    let sum = b[c] + aS[c] * theta[js] + aN[c] * theta[jn];
    if (i > 0) sum += aW[c] * theta[c - 1];
    if (i < nx - 1) sum += aE[c] * theta[c + 1];
    theta[c] += omega * (sum / aP[c] - theta[c]);
  };
  let residual = Infinity, sweeps = 0;
  while (sweeps < maxSweeps) {
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) relax(j * nx + i, i, j);
    for (let j = ny - 1; j >= 0; j--) for (let i = nx - 1; i >= 0; i--) relax(j * nx + i, i, j);
    sweeps++;
    let r2 = 0;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const c = j * nx + i;
        if (s[c]) continue;
        const jn = j === ny - 1 ? c - (ny - 1) * nx : c + nx, js = j === 0 ? c + (ny - 1) * nx : c - nx;
        let r = b[c] - aP[c] * theta[c] + aS[c] * theta[js] + aN[c] * theta[jn];
        if (i > 0) r += aW[c] * theta[c - 1];
        if (i < nx - 1) r += aE[c] * theta[c + 1];
        r2 += r * r;
      }
    }
    residual = Math.sqrt(r2) / bNorm;
    if (!Number.isFinite(residual)) throw new RangeError(`${where}: the iteration diverged (residual ${residual}) after ${sweeps} sweeps; lower omega (was ${omega})`);
    if (residual <= tol) return { theta, sweeps, residual };
  }
  throw new RangeError(`${where}: SSOR did not reach relative residual ${tol} in ${maxSweeps} sweeps (reached ${residual.toExponential(2)}); raise maxSweeps or exchangeRate`);
}
