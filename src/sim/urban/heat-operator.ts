/**
 * Finite-volume heat equation of the urban canopy layer in plan view (x along the wind, y across,
 * periodic in y). The unknown is the temperature anomaly θ (K) of the canopy air relative to the
 * inflowing air, one value per air cell of volume V = dx·dy (per unit depth):
 *
 *   V dθ_P/dt = − Σ_f F_f θ_f + Σ_f D_f (θ_N − θ_P) + V q_g + q_w·L_P − λ V θ_P
 *
 *   F_f = u_f·A_f   outward volume flux through face f (A_f = dy on x-faces, dx on y-faces), m²/s;
 *                   the face wind is discretely divergence-free (projection.ts)
 *   θ_f             face temperature: first-order upwind or TVD (MUSCL with the van Leer limiter)
 *   D_f = κ A_f/d   diffusive conductance between air cells (d = dx or dy), m²/s
 *   q_g             ground heating, a source in every air cell (sensible heat flux H/(ρ c_p h)), K/s
 *   q_w·L_P         wall heating: q_w (K·m/s, = H_w/(ρ c_p)) times the building-wall length L_P (m)
 *                   bordering cell P
 *   λ               exchange with the air above the canopy (relaxation to θ = 0), 1/s
 *
 * Boundaries: inlet x = 0 brings air at θ = 0 (advective and diffusive flux with a Dirichlet value on
 * the face); outlet x = lx is zero-gradient (advective outflow only; backflow enters at θ = 0).
 * Building faces carry no advective and no diffusive flux: heat enters the air only through q_w, and
 * building cells are never updated.
 */
import { checkFinite, checkNonNegative } from "../validate";
import type { FaceWind } from "./faces";
import type { BuildingMask } from "./raster";

export interface HeatParameters {
  /** Eddy diffusivity κ (m²/s). */
  diffusivity: number;
  /** Ground heating q_g (K/s). */
  groundHeating: number;
  /** Wall heat flux q_w (K·m/s). */
  wallHeatFlux: number;
  /** Exchange rate λ with the air above the canopy (1/s). */
  exchangeRate: number;
}

/**
 * Defaults: κ = 8 m²/s; q_g = 0.005 K/s (≈ 120 W/m² into a 20 m deep canopy layer, ρc_p = 1200 J/(m³K));
 * q_w = 0.08 K·m/s (≈ 100 W/m² from sunlit walls); λ = 0.005 1/s (exchange velocity 0.1 m/s over 20 m).
 */
export const DEFAULT_HEAT: Readonly<HeatParameters> = Object.freeze({
  diffusivity: 8, groundHeating: 0.005, wallHeatFlux: 0.08, exchangeRate: 0.005,
});

/** Assembled operator: face fluxes, conductances and sources of one layout, wind and parameter set. */
export interface HeatOperator {
  mask: BuildingMask;
  params: HeatParameters;
  /** Volume flux through x-faces [ny, nx + 1] (+x positive) and y-faces [ny, nx] (+y positive), m²/s. */
  fluxX: Float64Array;
  fluxY: Float64Array;
  /** Diffusive conductances of x-faces [ny, nx + 1] and y-faces [ny, nx], m²/s (0 at buildings and the outlet). */
  condX: Float64Array;
  condY: Float64Array;
  /** Heat source V q_g + q_w L_P per cell (K·m²/s); 0 in buildings. */
  source: Float64Array;
  /** Cell volume V = dx·dy (m²). */
  volume: number;
}

/** Validates heat parameters (all finite, κ > 0, the rest ≥ 0), filling gaps from DEFAULT_HEAT. */
export function heatParameters(p: Partial<HeatParameters> = {}, where = "urban.heatParameters"): HeatParameters {
  const out = { ...DEFAULT_HEAT, ...p };
  if (!(checkFinite(where, "diffusivity", out.diffusivity) > 0)) throw new RangeError(`${where}: diffusivity must be in (0, ∞) m²/s, got ${out.diffusivity}`);
  checkNonNegative(where, "groundHeating", out.groundHeating);
  checkNonNegative(where, "wallHeatFlux", out.wallHeatFlux);
  checkNonNegative(where, "exchangeRate", out.exchangeRate);
  return out;
}

/** Builds the operator; the wind must be on the mask's grid. */
export function heatOperator(mask: BuildingMask, wind: FaceWind, params: Partial<HeatParameters> = {}): HeatOperator {
  const where = "urban.heatOperator";
  const p = heatParameters(params, where);
  const { nx, ny, dx, dy } = mask.grid;
  if (wind.grid.nx !== nx || wind.grid.ny !== ny) {
    throw new RangeError(`${where}: wind grid ${wind.grid.ny}x${wind.grid.nx} does not match the mask grid ${ny}x${nx}`);
  }
  if (wind.u.length !== ny * (nx + 1) || wind.v.length !== nx * ny) {
    throw new RangeError(`${where}: wind.u must be [${ny}, ${nx + 1}] and wind.v [${ny}, ${nx}], got lengths ${wind.u.length} and ${wind.v.length}`);
  }
  const s = mask.solid, kappa = p.diffusivity;
  const fluxX = new Float64Array(ny * (nx + 1)), condX = new Float64Array(ny * (nx + 1));
  const fluxY = new Float64Array(nx * ny), condY = new Float64Array(nx * ny);
  const source = new Float64Array(nx * ny);
  const volume = dx * dy;
  for (let c = 0; c < nx * ny; c++) if (!s[c]) source[c] = volume * p.groundHeating;
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny;
    for (let i = 0; i <= nx; i++) {
      const f = j * (nx + 1) + i;
      const l = i > 0 ? j * nx + i - 1 : -1, r = i < nx ? j * nx + i : -1;
      const lSolid = l >= 0 && s[l] === 1, rSolid = r >= 0 && s[r] === 1;
      if (lSolid || rSolid) {
        if (lSolid && r >= 0 && !rSolid) source[r] += p.wallHeatFlux * dy;
        if (rSolid && l >= 0 && !lSolid) source[l] += p.wallHeatFlux * dy;
        continue;
      }
      fluxX[f] = wind.u[f] * dy;
      condX[f] = i === 0 ? (kappa * dy) / (dx / 2) : i === nx ? 0 : (kappa * dy) / dx;
    }
    for (let i = 0; i < nx; i++) {
      const c = j * nx + i, b = jm * nx + i;
      if (s[c] || s[b]) {
        if (s[c] && !s[b]) source[b] += p.wallHeatFlux * dx;
        if (s[b] && !s[c]) source[c] += p.wallHeatFlux * dx;
        continue;
      }
      fluxY[c] = wind.v[c] * dx;
      condY[c] = (kappa * dx) / dy;
    }
  }
  return { mask, params: p, fluxX, fluxY, condX, condY, source, volume };
}

export interface HeatBudget {
  /** Ground heating Σ V q_g and wall heating Σ q_w L (K·m²/s). */
  ground: number;
  walls: number;
  /** Loss to the air above the canopy Σ λ V θ. */
  exchange: number;
  /** Net heat carried in through the inlet (advection + diffusion) and out through the outlet. */
  inflow: number;
  outflow: number;
  /** Rate of change of Σ V θ implied by the terms: ground + walls − exchange + inflow − outflow. */
  storage: number;
}

/** Heat budget of the air for the field θ [ny, nx] (K), all terms in K·m²/s per unit depth. */
export function heatBudget(op: HeatOperator, theta: Float64Array): HeatBudget {
  const { nx, ny } = op.mask.grid, s = op.mask.solid;
  let ground = 0, walls = 0, exchange = 0, inflow = 0, outflow = 0;
  const groundPerCell = op.volume * op.params.groundHeating;
  for (let c = 0; c < nx * ny; c++) {
    if (s[c]) continue;
    ground += groundPerCell;
    walls += op.source[c] - groundPerCell;
    exchange += op.params.exchangeRate * op.volume * theta[c];
  }
  for (let j = 0; j < ny; j++) {
    const fin = j * (nx + 1), fout = fin + nx;
    const first = j * nx, last = first + nx - 1;
    if (!s[first]) inflow += Math.min(op.fluxX[fin], 0) * theta[first] - op.condX[fin] * theta[first];
    if (!s[last]) outflow += Math.max(op.fluxX[fout], 0) * theta[last];
  }
  return { ground, walls, exchange, inflow, outflow, storage: ground + walls - exchange + inflow - outflow };
}
