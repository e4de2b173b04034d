/**
 * D2Q9 lattice Boltzmann with the BGK collision (Bhatnagar, Gross & Krook 1954; Qian et al. 1992),
 * Guo forcing for a uniform body force and an optional linear friction −ργu (Guo, Zheng & Shi 2002,
 * Phys. Rev. E 65, 046308; the friction enters the half-force velocity implicitly), halfway
 * bounce-back on obstacle cells, periodic y, and in x either periodic or a Zou–He velocity inlet at
 * x = 0 (Zou & He 1997, Phys. Fluids 9, 1591) with a zero-gradient outlet at x = nx − 1.
 *
 * Everything is in lattice units: cell spacing 1, time step 1, reference density 1. Node (x, y) has
 * flat index y·nx + x; fields are row-major [ny, nx] Float64Arrays. Populations are stored
 * structure-of-arrays: f[q·n + cell] with n = nx·ny. A step is a fused collide-and-push-stream
 * through a precomputed destination table, so periodic wrap and bounce-back cost nothing extra.
 */
import { checkFinite, checkInteger } from "../validate";
import { CX, CY, OPPOSITE, Q, W, equilibrium, viscosityFromTau } from "./d2q9";

/** x boundary: periodic, or a velocity inlet at x = 0 (uniform, or a profile [ny]) and an outlet. */
export type XBoundary = "periodic" | { inletVelocity: number | Float64Array };

export interface LatticeConfig {
  /** Nodes along x and y (each ≥ 3). */
  nx: number;
  ny: number;
  /** BGK relaxation time τ > 1/2; kinematic viscosity ν = (τ − 1/2)/3. */
  tau: number;
  /** Obstacle mask [ny, nx], 1 = solid (halfway bounce-back: walls lie midway between nodes). */
  solid?: Uint8Array;
  /** Uniform body force per unit volume (Fx, Fy), Guo forcing. Default (0, 0). */
  bodyForce?: readonly [number, number];
  /**
   * Linear (Rayleigh) friction rate γ ∈ [0, 1) per step: an extra force −ργu, e.g. ground drag of a
   * plan-view canopy flow. With a body force F and no obstacles the steady velocity is F/(ργ).
   * Default 0.
   */
  friction?: number;
  /** Default "periodic". */
  xBoundary?: XBoundary;
  /** Largest Mach number |u|/c_s tolerated (inlet and, every `checkEvery` steps, the flow). Default 0.3. */
  maxMach?: number;
  /** Steps between divergence/Mach checks of the running flow. Default 100. */
  checkEvery?: number;
}

/** Density and velocity fields, each [ny, nx]; solid nodes hold ρ = 1, u = 0. */
export interface Macroscopic {
  rho: Float64Array;
  ux: Float64Array;
  uy: Float64Array;
}

const SQRT3 = Math.sqrt(3);

export class Lattice2d {
  readonly nx: number;
  readonly ny: number;
  readonly n: number;
  readonly tau: number;
  /** ν = (τ − 1/2)/3 in lattice units. */
  readonly viscosity: number;
  readonly solid: Uint8Array;
  readonly bodyForce: readonly [number, number];
  readonly friction: number;
  readonly xBoundary: XBoundary;
  readonly maxMach: number;
  readonly checkEvery: number;
  /** Populations f[q·n + cell], plus one trailing scratch slot that absorbs populations leaving the domain. */
  private f: Float64Array;
  /** Steps taken since the last initialize(). */
  time = 0;
  /** Momentum-exchange force (Fx, Fy) the fluid exerted on all solid nodes during the last step. */
  readonly obstacleForce: [number, number] = [0, 0];
  private fNext: Float64Array;
  /** Destination of post-collision population (q, cell) in fNext (Q·n = scratch: leaves the domain). */
  private readonly dest: Int32Array;
  /** Indices q·n + cell of the links that hit a solid node and bounce back. */
  private readonly wallLinks: Int32Array;
  private readonly inlet: Float64Array | undefined;

  constructor(config: LatticeConfig) {
    const where = "lbm.Lattice2d";
    const nx = checkInteger(where, "nx", config.nx, 3);
    const ny = checkInteger(where, "ny", config.ny, 3);
    const tau = checkFinite(where, "tau", config.tau);
    if (tau <= 0.5) {
      throw new RangeError(`${where}: tau must be > 0.5 (BGK viscosity (tau − 1/2)/3 must be positive), got ${tau}`);
    }
    this.maxMach = checkFinite(where, "maxMach", config.maxMach ?? 0.3, 1e-6, 1);
    this.checkEvery = checkInteger(where, "checkEvery", config.checkEvery ?? 100, 1);
    this.nx = nx; this.ny = ny; this.n = nx * ny; this.tau = tau;
    this.viscosity = viscosityFromTau(tau);
    const force = config.bodyForce ?? [0, 0];
    if (!Array.isArray(force) || force.length !== 2) throw new TypeError(`${where}: bodyForce must be [Fx, Fy]`);
    this.bodyForce = [checkFinite(where, "bodyForce[0]", force[0]), checkFinite(where, "bodyForce[1]", force[1])];
    this.friction = checkFinite(where, "friction", config.friction ?? 0, 0, 0.999);
    if (config.solid !== undefined) {
      if (!(config.solid instanceof Uint8Array)) throw new TypeError(`${where}: solid must be a Uint8Array [ny, nx]`);
      if (config.solid.length !== this.n) {
        throw new RangeError(`${where}: solid must have length ny·nx = ${this.n} ([${ny}, ${nx}]), got length ${config.solid.length}`);
      }
    }
    this.solid = config.solid ? Uint8Array.from(config.solid, (s) => (s ? 1 : 0)) : new Uint8Array(this.n);
    this.xBoundary = config.xBoundary ?? "periodic";
    this.inlet = this.xBoundary === "periodic" ? undefined : this.inletProfile(this.xBoundary.inletVelocity);
    this.f = new Float64Array(Q * this.n + 1);
    this.fNext = new Float64Array(Q * this.n + 1);
    this.dest = new Int32Array(Q * this.n);
    this.wallLinks = this.buildDestinations();
    this.initialize();
  }

  private inletProfile(v: number | Float64Array): Float64Array {
    const where = "lbm.Lattice2d";
    const profile = typeof v === "number" ? new Float64Array(this.ny).fill(checkFinite(where, "inletVelocity", v)) : v;
    if (!(profile instanceof Float64Array) || profile.length !== this.ny) {
      throw new TypeError(`${where}: inletVelocity must be a number or a Float64Array [ny = ${this.ny}]`);
    }
    for (let y = 0; y < this.ny; y++) {
      const mach = Math.abs(profile[y]) * SQRT3;
      if (!(mach <= this.maxMach)) {
        throw new RangeError(`${where}: inlet Mach number |u|·√3 = ${mach.toPrecision(3)} at y = ${y} exceeds maxMach ${this.maxMach} (inlet velocity ${profile[y]}); lower the lattice velocity (≤ ${(this.maxMach / SQRT3).toPrecision(3)})`);
      }
    }
    for (let y = 0; y < this.ny; y++) {
      const last = y * this.nx + this.nx - 1;
      if (!this.solid[last] && this.solid[last - 1]) {
        throw new RangeError(`${where}: the outlet node (${this.nx - 1}, ${y}) is fluid but its upstream neighbour is solid; keep obstacles out of the last two columns`);
      }
    }
    return profile;
  }

  private buildDestinations(): Int32Array {
    const { nx, ny, n, solid } = this;
    const links: number[] = [];
    const periodicX = this.xBoundary === "periodic";
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++) {
        const c = y * nx + x;
        for (let q = 0; q < Q; q++) {
          let tx = x + CX[q];
          const ty = (y + CY[q] + ny) % ny;
          if (periodicX) tx = (tx + nx) % nx;
          let d = Q * n;
          if (tx >= 0 && tx < nx) {
            const t = ty * nx + tx;
            if (solid[t]) {
              d = OPPOSITE[q] * n + c;
              if (!solid[c]) links.push(q * n + c);
            } else d = q * n + t;
          }
          this.dest[q * n + c] = d;
        }
      }
    }
    return Int32Array.from(links);
  }

  /** View of the populations f[q·n + cell], length 9·n (read or write, e.g. to restore a state). */
  get populations(): Float64Array {
    return this.f.subarray(0, Q * this.n);
  }

  /**
   * Sets every fluid node to equilibrium at density `rho` (default 1) and velocity (ux, uy), each a
   * number or a field [ny, nx]; default: the inlet profile (if any) everywhere, else rest. Resets time.
   */
  initialize(ux?: number | Float64Array, uy: number | Float64Array = 0, rho: number | Float64Array = 1): void {
    const { nx, n } = this;
    const at = (v: number | Float64Array, c: number, name: string): number => {
      if (typeof v === "number") return v;
      if (!(v instanceof Float64Array) || v.length !== n) throw new TypeError(`lbm.initialize: ${name} must be a number or a Float64Array [${this.ny}, ${nx}]`);
      return v[c];
    };
    this.f.fill(0);
    for (let c = 0; c < n; c++) {
      if (this.solid[c]) continue;
      const u = ux === undefined ? (this.inlet ? this.inlet[Math.floor(c / nx)] : 0) : at(ux, c, "ux");
      const v = at(uy, c, "uy"), r = at(rho, c, "rho");
      for (let q = 0; q < Q; q++) this.f[q * n + c] = equilibrium(q, r, u, v);
    }
    this.time = 0;
  }

  /** Advances `steps` time steps (collide, stream, boundaries). Throws if the flow diverges. */
  step(steps = 1): void {
    checkInteger("lbm.step", "steps", steps, 0);
    for (let s = 0; s < steps; s++) {
      this.collideStream();
      if (this.inlet) this.applyInletOutlet(this.inlet);
      const t = this.f; this.f = this.fNext; this.fNext = t;
      this.time += 1;
      if (this.time % this.checkEvery === 0) this.checkFlow();
    }
  }

  private collideStream(): void {
    const { n, f, fNext, dest } = this;
    const solid = this.solid;
    const omega = 1 / this.tau, keep = 1 - omega;
    const f0x = this.bodyForce[0], f0y = this.bodyForce[1], gamma = this.friction;
    const uScale = 1 / (1 + 0.5 * gamma);
    const pf = 1 - 0.5 * omega;
    const w0 = 4 / 9, w1 = 1 / 9, w5 = 1 / 36;
    const n2 = 2 * n, n3 = 3 * n, n4 = 4 * n, n5 = 5 * n, n6 = 6 * n, n7 = 7 * n, n8 = 8 * n;
    for (let c = 0; c < n; c++) {
      if (solid[c]) continue;
      const f0 = f[c], f1 = f[n + c], f2 = f[n2 + c], f3 = f[n3 + c], f4 = f[n4 + c];
      const f5 = f[n5 + c], f6 = f[n6 + c], f7 = f[n7 + c], f8 = f[n8 + c];
      const rho = f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7 + f8;
      // Total force F = F0 − ργu with u = (j + F/2)/ρ, solved for u: u = (j + F0/2)/(ρ(1 + γ/2)).
      const ux = ((f1 - f3 + f5 - f6 - f7 + f8 + 0.5 * f0x) / rho) * uScale;
      const uy = ((f2 - f4 + f5 + f6 - f7 - f8 + 0.5 * f0y) / rho) * uScale;
      const fx = f0x - rho * gamma * ux, fy = f0y - rho * gamma * uy;
      // Guo source w_q (1 − ω/2)[3 c·F − 3 u·F + 9 (c·u)(c·F)], with 3 c·F per direction.
      const a1 = 3 * fx, a2 = 3 * fy, a5 = 3 * (fx + fy), a6 = 3 * (fy - fx);
      const usq = 1.5 * (ux * ux + uy * uy);
      const uf = 3 * (ux * fx + uy * fy);
      const r0 = omega * rho * w0, r1 = omega * rho * w1, r5 = omega * rho * w5;
      const s0 = pf * w0, s1 = pf * w1, s5 = pf * w5;
      const cu5 = ux + uy, cu6 = uy - ux;
      fNext[dest[c]] = keep * f0 + r0 * (1 - usq) - s0 * uf;
      fNext[dest[n + c]] = keep * f1 + r1 * (1 + 3 * ux + 4.5 * ux * ux - usq) + s1 * (a1 - uf + 3 * ux * a1);
      fNext[dest[n2 + c]] = keep * f2 + r1 * (1 + 3 * uy + 4.5 * uy * uy - usq) + s1 * (a2 - uf + 3 * uy * a2);
      fNext[dest[n3 + c]] = keep * f3 + r1 * (1 - 3 * ux + 4.5 * ux * ux - usq) + s1 * (-a1 - uf + 3 * ux * a1);
      fNext[dest[n4 + c]] = keep * f4 + r1 * (1 - 3 * uy + 4.5 * uy * uy - usq) + s1 * (-a2 - uf + 3 * uy * a2);
      fNext[dest[n5 + c]] = keep * f5 + r5 * (1 + 3 * cu5 + 4.5 * cu5 * cu5 - usq) + s5 * (a5 - uf + 3 * cu5 * a5);
      fNext[dest[n6 + c]] = keep * f6 + r5 * (1 + 3 * cu6 + 4.5 * cu6 * cu6 - usq) + s5 * (a6 - uf + 3 * cu6 * a6);
      fNext[dest[n7 + c]] = keep * f7 + r5 * (1 - 3 * cu5 + 4.5 * cu5 * cu5 - usq) + s5 * (-a5 - uf + 3 * cu5 * a5);
      fNext[dest[n8 + c]] = keep * f8 + r5 * (1 - 3 * cu6 + 4.5 * cu6 * cu6 - usq) + s5 * (-a6 - uf + 3 * cu6 * a6);
    }
    // Momentum exchange: each bounced population carries 2·f*·c_q into the obstacle.
    let obstacleFx = 0, obstacleFy = 0;
    const links = this.wallLinks;
    for (let k = 0; k < links.length; k++) {
      const i = links[k], q = (i / n) | 0, post = fNext[dest[i]];
      obstacleFx += 2 * post * CX[q]; obstacleFy += 2 * post * CY[q];
    }
    this.obstacleForce[0] = obstacleFx;
    this.obstacleForce[1] = obstacleFy;
  }

  /** Zou–He velocity inlet on column 0, zero-gradient outlet on column nx − 1 (on fNext). */
  private applyInletOutlet(inlet: Float64Array): void {
    const { nx, ny, n, solid } = this;
    const g = this.fNext;
    for (let y = 0; y < ny; y++) {
      const c = y * nx;
      if (!solid[c]) {
        const u = inlet[y];
        const f0 = g[c], f2 = g[2 * n + c], f3 = g[3 * n + c], f4 = g[4 * n + c], f6 = g[6 * n + c], f7 = g[7 * n + c];
        const rho = (f0 + f2 + f4 + 2 * (f3 + f6 + f7)) / (1 - u);
        g[n + c] = f3 + (2 / 3) * rho * u;
        g[5 * n + c] = f7 - 0.5 * (f2 - f4) + (1 / 6) * rho * u;
        g[8 * n + c] = f6 + 0.5 * (f2 - f4) + (1 / 6) * rho * u;
      }
      const e = c + nx - 1;
      if (solid[e]) continue;
      for (const q of [3, 6, 7]) g[q * n + e] = g[q * n + e - 1];
    }
  }

  private checkFlow(): void {
    const { n, f, solid } = this;
    let maxU2 = 0, worst = -1;
    for (let c = 0; c < n; c++) {
      if (solid[c]) continue;
      let rho = 0, jx = 0, jy = 0;
      for (let q = 0; q < Q; q++) { const v = f[q * n + c]; rho += v; jx += CX[q] * v; jy += CY[q] * v; }
      const u2 = (jx * jx + jy * jy) / (rho * rho);
      if (!(rho > 0) || !Number.isFinite(u2)) {
        throw new RangeError(`lbm: the flow diverged at step ${this.time} (density ${rho} at node (${c % this.nx}, ${Math.floor(c / this.nx)})); raise tau (was ${this.tau}), lower the velocity, or refine the grid`);
      }
      if (u2 > maxU2) { maxU2 = u2; worst = c; }
    }
    const mach = Math.sqrt(maxU2) * SQRT3;
    if (mach > this.maxMach) {
      throw new RangeError(`lbm: Mach number ${mach.toPrecision(3)} at node (${worst % this.nx}, ${Math.floor(worst / this.nx)}) exceeds maxMach ${this.maxMach} at step ${this.time}; lower the velocity or body force`);
    }
  }

  /** Density and velocity (with the half-force correction of Guo forcing, friction included), each [ny, nx]. */
  macroscopic(out?: Macroscopic): Macroscopic {
    const { n, f, solid } = this;
    const m = out ?? { rho: new Float64Array(n), ux: new Float64Array(n), uy: new Float64Array(n) };
    const [fx, fy] = this.bodyForce, uScale = 1 / (1 + 0.5 * this.friction);
    for (let c = 0; c < n; c++) {
      if (solid[c]) { m.rho[c] = 1; m.ux[c] = 0; m.uy[c] = 0; continue; }
      let rho = 0, jx = 0, jy = 0;
      for (let q = 0; q < Q; q++) { const v = f[q * n + c]; rho += v; jx += CX[q] * v; jy += CY[q] * v; }
      m.rho[c] = rho; m.ux[c] = ((jx + 0.5 * fx) / rho) * uScale; m.uy[c] = ((jy + 0.5 * fy) / rho) * uScale;
    }
    return m;
  }

  /** Velocity (ux, uy) at node (x, y), lattice units. */
  velocityAt(x: number, y: number): [number, number] {
    checkInteger("lbm.velocityAt", "x", x, 0, this.nx - 1);
    checkInteger("lbm.velocityAt", "y", y, 0, this.ny - 1);
    const c = y * this.nx + x, n = this.n;
    if (this.solid[c]) return [0, 0];
    let rho = 0, jx = 0, jy = 0;
    for (let q = 0; q < Q; q++) { const v = this.f[q * n + c]; rho += v; jx += CX[q] * v; jy += CY[q] * v; }
    const uScale = 1 / (1 + 0.5 * this.friction);
    return [((jx + 0.5 * this.bodyForce[0]) / rho) * uScale, ((jy + 0.5 * this.bodyForce[1]) / rho) * uScale];
  }
}
