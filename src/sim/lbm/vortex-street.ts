/**
 * Flow past a circular cylinder (the Kármán vortex street) on a D2Q9 BGK lattice: uniform velocity
 * inlet at x = 0, zero-gradient outlet, periodic in y (a row of cylinders one domain width apart),
 * cylinder as bounce-back nodes. Lattice units throughout: lengths in nodes, time in steps.
 *
 * Reference values for an unconfined cylinder: shedding starts near Re ≈ 47 and St ≈ 0.164 at
 * Re = 100, 0.18 at Re = 150 (Williamson 1996, Annu. Rev. Fluid Mech. 28, 477); confinement (the
 * blockage D/width) raises St slightly.
 */
import { checkFinite, checkInteger } from "../validate";
import { tauFromViscosity } from "./d2q9";
import { Lattice2d } from "./lattice";

export interface VortexStreetConfig {
  /** Reynolds number Re = U·D/ν (> 0). */
  reynolds: number;
  /** Cylinder diameter D in nodes (≥ 4). */
  diameter: number;
  /** Inlet velocity U in lattice units (default 0.1; Mach U·√3 must stay below 0.3). */
  velocity?: number;
  /** Domain length in diameters (default 20). */
  length?: number;
  /** Domain width (y period) in diameters (default 8, blockage 1/8). */
  width?: number;
  /** Distance of the cylinder centre from the inlet, in diameters (default 4). */
  upstream?: number;
  /** Probe distance downstream of the cylinder centre, in diameters (default 3). */
  probeDistance?: number;
}

export interface VortexStreet {
  readonly lattice: Lattice2d;
  readonly reynolds: number;
  readonly diameter: number;
  readonly velocity: number;
  /** Cylinder centre (x, y) in node coordinates; y is offset by 0.3 node to break the symmetry. */
  readonly center: readonly [number, number];
  /** Probe node (x, y) on the wake centre line, where the transverse velocity oscillates. */
  readonly probe: readonly [number, number];
}

/**
 * Minimum relaxation time accepted by vortexStreet. Measured: D = 10, Re = 100 (τ = 0.53) diverges
 * within 2000 steps; D = 12 (τ = 0.536) and D = 14 (τ = 0.542) shed regularly.
 */
export const MIN_VORTEX_STREET_TAU = 0.535;

/** Builds the lattice for flow past a cylinder; refuses τ < MIN_VORTEX_STREET_TAU (BGK unstable). */
export function vortexStreet(config: VortexStreetConfig): VortexStreet {
  const where = "lbm.vortexStreet";
  const reynolds = checkFinite(where, "reynolds", config.reynolds, 1e-6);
  const diameter = checkInteger(where, "diameter", config.diameter, 4);
  const velocity = checkFinite(where, "velocity", config.velocity ?? 0.1, 1e-6, 0.17);
  const length = checkFinite(where, "length", config.length ?? 20, 4);
  const width = checkFinite(where, "width", config.width ?? 8, 2);
  const upstream = checkFinite(where, "upstream", config.upstream ?? 4, 1, length - 2);
  const probeDistance = checkFinite(where, "probeDistance", config.probeDistance ?? 3, 0.75, length - upstream - 1);
  const viscosity = (velocity * diameter) / reynolds;
  const tau = tauFromViscosity(viscosity);
  if (tau < MIN_VORTEX_STREET_TAU) {
    const dMin = Math.ceil(((MIN_VORTEX_STREET_TAU - 0.5) * reynolds) / (3 * velocity));
    throw new RangeError(`${where}: Re = ${reynolds} with U = ${velocity} and D = ${diameter} nodes gives viscosity ${viscosity.toPrecision(3)} and tau ${tau.toFixed(4)} < ${MIN_VORTEX_STREET_TAU} (BGK diverges); use a diameter ≥ ${dMin} nodes or a larger velocity`);
  }
  const nx = Math.round(length * diameter), ny = Math.round(width * diameter);
  const cx = upstream * diameter, cy = ny / 2 + 0.3, r = diameter / 2;
  const solid = new Uint8Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) solid[y * nx + x] = 1;
  }
  const lattice = new Lattice2d({ nx, ny, tau, solid, xBoundary: { inletVelocity: velocity } });
  return { lattice, reynolds, diameter, velocity, center: [cx, cy], probe: [Math.round(cx + probeDistance * diameter), Math.round(cy)] };
}

export interface VortexStreetRunOptions {
  /** Time steps to run (≥ 1). */
  steps: number;
  /** Record the probe and the forces every this many steps (default 10). */
  sampleEvery?: number;
  /** Keep a velocity snapshot every this many steps, from `snapshotAfter` on (default: none). */
  snapshotEvery?: number;
  /** First step eligible for snapshots (default 0). */
  snapshotAfter?: number;
  /**
   * Receives each snapshot (lattice step, velocity fields [ny, nx]) instead of it being kept in the
   * run (the run's ux/uy stay empty): for long runs whose snapshots are reduced on the fly.
   */
  onSnapshot?: (step: number, ux: Float64Array, uy: Float64Array) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface VortexStreetRun {
  /** Step index of each probe/force sample. */
  sampleSteps: Float64Array;
  /** Transverse velocity u_y at the probe (lattice units), one per sample. */
  probe: Float64Array;
  /** Drag and lift coefficients F/(½ρU²D) from momentum exchange, one per sample. */
  drag: Float64Array;
  lift: Float64Array;
  /** Step index of each snapshot. */
  snapshotSteps: number[];
  /** Velocity snapshots, each [ny, nx] (lattice units); empty when `onSnapshot` consumed them. */
  ux: Float64Array[];
  uy: Float64Array[];
}

/** Advances the vortex street by `steps` steps, recording the probe, forces and snapshots. */
export function simulateVortexStreet(street: VortexStreet, opts: VortexStreetRunOptions): VortexStreetRun {
  const where = "lbm.simulateVortexStreet";
  const steps = checkInteger(where, "steps", opts.steps, 1);
  const sampleEvery = checkInteger(where, "sampleEvery", opts.sampleEvery ?? 10, 1);
  const snapshotEvery = opts.snapshotEvery === undefined ? 0 : checkInteger(where, "snapshotEvery", opts.snapshotEvery, 1);
  const snapshotAfter = checkInteger(where, "snapshotAfter", opts.snapshotAfter ?? 0, 0);
  const { lattice, velocity, diameter } = street;
  const [px, py] = street.probe;
  const samples = Math.floor(steps / sampleEvery);
  const run: VortexStreetRun = {
    sampleSteps: new Float64Array(samples), probe: new Float64Array(samples),
    drag: new Float64Array(samples), lift: new Float64Array(samples), snapshotSteps: [], ux: [], uy: [],
  };
  const scale = 1 / (0.5 * velocity * velocity * diameter);
  const start = lattice.time;
  let k = 0;
  for (let s = 1; s <= steps; s++) {
    lattice.step();
    if (s % sampleEvery === 0 && k < samples) {
      run.sampleSteps[k] = start + s;
      run.probe[k] = lattice.velocityAt(px, py)[1];
      run.drag[k] = lattice.obstacleForce[0] * scale;
      run.lift[k] = lattice.obstacleForce[1] * scale;
      k++;
    }
    if (snapshotEvery > 0 && s >= snapshotAfter && (s - snapshotAfter) % snapshotEvery === 0) {
      const m = lattice.macroscopic();
      run.snapshotSteps.push(start + s);
      if (opts.onSnapshot) opts.onSnapshot(start + s, m.ux, m.uy);
      else { run.ux.push(m.ux); run.uy.push(m.uy); }
    }
    if (opts.onProgress && (s % 1000 === 0 || s === steps)) opts.onProgress(s, steps);
  }
  return run;
}

/**
 * Vorticity ω = ∂u_y/∂x − ∂u_x/∂y [ny, nx] of a velocity field on a unit-spaced grid, periodic in y,
 * central differences inside and one-sided at x = 0 and x = nx − 1.
 */
export function vorticity(ux: Float64Array, uy: Float64Array, nx: number, ny: number): Float64Array {
  checkInteger("lbm.vorticity", "nx", nx, 2);
  checkInteger("lbm.vorticity", "ny", ny, 2);
  if (!(ux instanceof Float64Array) || !(uy instanceof Float64Array) || ux.length !== nx * ny || uy.length !== nx * ny) {
    throw new RangeError(`lbm.vorticity: ux and uy must be Float64Arrays [${ny}, ${nx}]`);
  }
  const w = new Float64Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    const up = ((y + 1) % ny) * nx, down = ((y - 1 + ny) % ny) * nx, row = y * nx;
    for (let x = 0; x < nx; x++) {
      const xl = Math.max(x - 1, 0), xr = Math.min(x + 1, nx - 1);
      const dvdx = (uy[row + xr] - uy[row + xl]) / (xr - xl);
      const dudy = (ux[up + x] - ux[down + x]) / 2;
      w[row + x] = dvdx - dudy;
    }
  }
  return w;
}
