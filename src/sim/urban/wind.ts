/**
 * Wind through the building layout, along +x with speed U at the inlet, periodic in y. Two models,
 * both returned as discretely divergence-free face winds (see projection.ts):
 *
 *   - "potential": the projection of the uniform wind U — discrete potential flow around the
 *     buildings (no wakes; one Poisson solve).
 *   - "lbm": steady viscous flow from the D2Q9 lattice Boltzmann model (one lattice node per cell,
 *     bounce-back buildings, driven by a body force against linear friction; see lbmWind), with
 *     kinematic (eddy) viscosity ν;
 *     wakes and recirculation behind buildings. The lattice starts from rest, runs to a
 *     steady state, and its node velocities are averaged to the faces and projected. Units: the
 *     lattice runs at speed `latticeVelocity` and is scaled back to U.
 */
import { Lattice2d } from "../lbm/lattice";
import { tauFromViscosity } from "../lbm/d2q9";
import { checkFinite, checkInteger, checkPositive } from "../validate";
import type { FaceWind } from "./faces";
import { projectWind } from "./projection";
import type { BuildingMask } from "./raster";

export interface WindInfo {
  /** "potential" or "lbm". */
  model: string;
  /** Lattice steps taken (lbm) and whether the velocity reached a steady state. */
  steps: number;
  converged: boolean;
  /** Largest change of the lattice velocity over the last check interval, relative to the inlet velocity. */
  change: number;
  /** BGK relaxation time (lbm) or NaN. */
  tau: number;
  /** CG iterations of the projection and the largest relative net outflow of a cell afterwards. */
  projectionIterations: number;
  maxDivergence: number;
}

export interface WindResult {
  wind: FaceWind;
  info: WindInfo;
}

/** Discrete potential flow: the divergence-free projection of a uniform wind `speed` (m/s) along x. */
export function potentialWind(mask: BuildingMask, speed: number): WindResult {
  checkPositive("urban.potentialWind", "speed", speed);
  const { nx, ny } = mask.grid;
  const uniform: FaceWind = { grid: mask.grid, u: new Float64Array(ny * (nx + 1)).fill(speed), v: new Float64Array(nx * ny) };
  const p = projectWind(mask, uniform);
  return { wind: p.wind, info: { model: "potential", steps: 0, converged: true, change: 0, tau: Number.NaN, projectionIterations: p.iterations, maxDivergence: p.maxDivergence } };
}

export interface LbmWindOptions {
  /** Free-stream wind speed U (m/s): the speed the forcing sustains with no buildings. */
  speed: number;
  /** Kinematic (eddy) viscosity ν (m²/s). */
  viscosity: number;
  /**
   * Momentum exchange rate γ (1/s) with the wind above the canopy: the canopy air relaxes towards U
   * as −γ(u − U), i.e. a body force γU against a linear friction −γu (default 0.02; wakes decay over
   * about U/γ = 100 m).
   */
  friction?: number;
  /** Lattice free-stream velocity (default 0.1). */
  latticeVelocity?: number;
  /** Largest local Mach number tolerated in the lattice (default 0.5: jets through narrow streets). */
  maxMach?: number;
  /** Smallest relaxation time accepted (default 0.51); coarser grids need a larger viscosity. */
  minTau?: number;
  /** Steady when no lattice velocity changes by more than tolerance·U over one check interval (default 1e-4). */
  tolerance?: number;
  /** Steps between convergence checks (default: a quarter of the friction time 1/γ, at least 20). */
  checkInterval?: number;
  /** Step limit (default 60 friction times). Unconverged flows return the mean of the last interval. */
  maxSteps?: number;
}

/**
 * Steady (or last-interval-mean) lattice Boltzmann wind through the mask; requires square cells.
 *
 * The plan-view canopy flow relaxes towards the wind above the canopy, −γ(u − U) (a body force γU
 * against a linear friction −γu), and feels the buildings' drag; it is periodic in x and y, so a
 * denser layout gets a weaker wind (no velocity inlet forcing all the air through narrow streets). The
 * inlet/outlet margins of the layout separate the periodic images. The face wind at x = 0 is the
 * periodic flux, which the heat equation treats as inflow of air at θ = 0.
 */
export function lbmWind(mask: BuildingMask, opts: LbmWindOptions): WindResult {
  const where = "urban.lbmWind";
  const { nx, ny, dx, dy } = mask.grid;
  if (Math.abs(dx - dy) > 1e-9 * dx) throw new RangeError(`${where}: the lattice needs square cells, got dx = ${dx} m and dy = ${dy} m`);
  const speed = checkPositive(where, "speed", opts.speed);
  const nu = checkPositive(where, "viscosity", opts.viscosity);
  const gamma = checkPositive(where, "friction", opts.friction ?? 0.02);
  const uLat = checkFinite(where, "latticeVelocity", opts.latticeVelocity ?? 0.1, 1e-4, 0.17);
  const minTau = checkFinite(where, "minTau", opts.minTau ?? 0.51, 0.5000001, 10);
  const maxMach = checkFinite(where, "maxMach", opts.maxMach ?? 0.5, 0.01, 0.7);
  const tol = checkPositive(where, "tolerance", opts.tolerance ?? 1e-4);
  // Lattice units: Δx = dx, Δt = uLat·dx/U; ν_lattice = ν·Δt/Δx², γ_lattice = γ·Δt.
  const dt = (uLat * dx) / speed;
  const nuLat = (nu * dt) / (dx * dx), gammaLat = gamma * dt;
  if (gammaLat >= 0.5) {
    throw new RangeError(`${where}: friction ${gamma} 1/s is too strong for the lattice time step ${dt.toPrecision(3)} s (γ·Δt = ${gammaLat.toPrecision(3)} ≥ 0.5); lower the friction or refine the grid`);
  }
  const tau = tauFromViscosity(nuLat);
  if (tau < minTau) {
    const nuMin = (((minTau - 0.5) / 3) * dx * dx) / dt;
    throw new RangeError(`${where}: viscosity ${nu} m²/s at dx = ${dx} m and U = ${speed} m/s gives lattice tau ${tau.toFixed(4)} < ${minTau} (cell Reynolds number U·dx/ν = ${(speed * dx / nu).toFixed(1)} too high for BGK); use viscosity ≥ ${nuMin.toPrecision(3)} m²/s or a finer grid`);
  }
  const frictionSteps = 1 / gammaLat;
  const checkInterval = checkInteger(where, "checkInterval", opts.checkInterval ?? Math.max(20, Math.ceil(frictionSteps / 4)), 1);
  const maxSteps = checkInteger(where, "maxSteps", opts.maxSteps ?? Math.ceil(60 * frictionSteps), 1);
  const lattice = new Lattice2d({ nx, ny, tau, solid: mask.solid, bodyForce: [gammaLat * uLat, 0], friction: gammaLat, maxMach });
  const n = nx * ny;
  // Start from rest: the forcing spins the flow up smoothly (a potential-flow start makes fast jets
  // through narrow streets that exceed the Mach limit on blocked layouts).
  lattice.initialize(0, 0);
  let prev = lattice.macroscopic(), spare = lattice.macroscopic();
  const sumX = new Float64Array(n), sumY = new Float64Array(n);
  const buffer = { rho: new Float64Array(n), ux: new Float64Array(n), uy: new Float64Array(n) };
  let steps = 0, change = Infinity, samples = 0;
  while (steps < maxSteps) {
    const chunk = Math.min(checkInterval, maxSteps - steps);
    sumX.fill(0); sumY.fill(0); samples = 0;
    const last = steps + chunk >= maxSteps; // average only over the final interval
    for (let s = 0; s < chunk; s++) {
      lattice.step();
      if (last && (s % 5 === 0 || s === chunk - 1)) {
        const m = lattice.macroscopic(buffer);
        for (let c = 0; c < n; c++) { sumX[c] += m.ux[c]; sumY[c] += m.uy[c]; }
        samples++;
      }
    }
    steps += chunk;
    const now = lattice.macroscopic(spare);
    spare = prev;
    change = 0;
    for (let c = 0; c < n; c++) change = Math.max(change, Math.abs(now.ux[c] - prev.ux[c]), Math.abs(now.uy[c] - prev.uy[c]));
    change /= uLat;
    prev = now;
    if (change < tol) break;
  }
  const converged = change < tol;
  // Steady: the final field; otherwise the mean over the last interval.
  const ux = converged ? prev.ux : sumX.map((v) => v / samples);
  const uy = converged ? prev.uy : sumY.map((v) => v / samples);
  const scale = speed / uLat;
  const star: FaceWind = { grid: mask.grid, u: new Float64Array(ny * (nx + 1)), v: new Float64Array(n) };
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny, row = j * nx;
    const periodic = 0.5 * (ux[row + nx - 1] + ux[row]) * scale;
    star.u[j * (nx + 1)] = periodic;
    for (let i = 1; i < nx; i++) star.u[j * (nx + 1) + i] = 0.5 * (ux[row + i - 1] + ux[row + i]) * scale;
    star.u[j * (nx + 1) + nx] = periodic;
    for (let i = 0; i < nx; i++) star.v[row + i] = 0.5 * (uy[jm * nx + i] + uy[row + i]) * scale;
  }
  const p = projectWind(mask, star);
  return { wind: p.wind, info: { model: "lbm", steps, converged, change, tau, projectionIterations: p.iterations, maxDivergence: p.maxDivergence } };
}
