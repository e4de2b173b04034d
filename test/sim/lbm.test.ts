import { describe, expect, it } from "vitest";
import {
  Lattice2d, sheddingFrequency, sheddingPhase, simulateVortexStreet, strouhalNumber, viscosityFromTau, vortexStreet, vorticity,
} from "../../src/sim/lbm";

/** Channel [ny, nx] periodic in x with solid rows y = 0 and y = ny − 1 (walls at y = 0.5, ny − 1.5). */
function channel(nx: number, ny: number): Uint8Array {
  const solid = new Uint8Array(nx * ny);
  for (let x = 0; x < nx; x++) { solid[x] = 1; solid[(ny - 1) * nx + x] = 1; }
  return solid;
}

function poiseuille(tau: number, ny: number, force: number) {
  const nx = 4, lattice = new Lattice2d({ nx, ny, tau, solid: channel(nx, ny), bodyForce: [force, 0] });
  const h = ny - 2, nu = lattice.viscosity;
  lattice.step(Math.ceil((8 * h * h) / nu)); // 8 viscous times h²/ν: transient decayed below 1e-12
  const { ux, uy } = lattice.macroscopic();
  let err = 0, umax = 0, maxUy = 0;
  for (let y = 1; y < ny - 1; y++) {
    const s = y - 0.5, exact = (force / (2 * nu)) * s * (h - s);
    for (let x = 0; x < nx; x++) {
      err = Math.max(err, Math.abs(ux[y * nx + x] - exact));
      maxUy = Math.max(maxUy, Math.abs(uy[y * nx + x]));
    }
    umax = Math.max(umax, exact);
  }
  return { lattice, relError: err / umax, maxUy, umax, fluidNodes: nx * h };
}

describe("lattice Boltzmann D2Q9", () => {
  it("body-force-driven channel: the profile matches the Poiseuille parabola (τ = 0.8, ny = 34)", () => {
    const r = poiseuille(0.8, 34, 1e-6);
    console.log(`Poiseuille τ=0.8, 32 fluid rows: max |u − parabola| / u_max = ${r.relError.toExponential(2)}`);
    expect(r.relError).toBeLessThan(1e-3);
    expect(r.maxUy / r.umax).toBeLessThan(1e-9);
    // Force balance: the walls take up exactly the body force on the fluid (momentum exchange).
    const wallForce = r.lattice.obstacleForce[0];
    expect(Math.abs(wallForce - 1e-6 * r.fluidNodes) / (1e-6 * r.fluidNodes)).toBeLessThan(1e-8);
  });

  it("BGK + halfway bounce-back is exact for Poiseuille at τ = 1/2 + √(3/16)", () => {
    const r = poiseuille(0.5 + Math.sqrt(3 / 16), 18, 1e-6);
    console.log(`Poiseuille at the exact τ: max relative error ${r.relError.toExponential(2)}`);
    expect(r.relError).toBeLessThan(1e-9);
  });

  it("linear friction balances the body force at u = F/(ργ) exactly", () => {
    const lattice = new Lattice2d({ nx: 8, ny: 8, tau: 0.6, bodyForce: [2e-3, -1e-3], friction: 0.02 });
    lattice.step(2000); // 40 friction times
    const { ux, uy } = lattice.macroscopic();
    expect(Math.abs(ux[10] - 0.1) / 0.1).toBeLessThan(1e-12);
    expect(Math.abs(uy[10] + 0.05) / 0.05).toBeLessThan(1e-12);
  });

  it("conserves mass to round-off in a periodic box with obstacles", () => {
    const nx = 24, ny = 16, solid = new Uint8Array(nx * ny);
    for (let y = 5; y < 10; y++) for (let x = 8; x < 12; x++) solid[y * nx + x] = 1;
    const lattice = new Lattice2d({ nx, ny, tau: 0.7, solid, bodyForce: [2e-5, 1e-5] });
    const mass = () => lattice.macroscopic().rho.reduce((s, r, c) => s + (solid[c] ? 0 : r), 0);
    const m0 = mass();
    lattice.step(2000);
    expect(Math.abs(mass() - m0) / m0).toBeLessThan(1e-12);
  });

  it("cylinder wake at Re = 100 sheds vortices with Strouhal number 0.15–0.21", () => {
    const street = vortexStreet({ reynolds: 100, diameter: 14, velocity: 0.1 });
    expect(street.lattice.tau).toBeCloseTo(0.542, 3);
    const run = simulateVortexStreet(street, { steps: 10000, sampleEvery: 5 });
    const tail = run.probe.subarray(run.probe.length / 2); // steps 5000–10000
    const shedding = sheddingFrequency(tail, 5);
    const st = strouhalNumber(shedding.frequency, street.diameter, street.velocity);
    const liftAmp = Math.max(...run.lift.subarray(run.lift.length / 2).map(Math.abs));
    console.log(`vortex street Re=100, D=14, grid ${street.lattice.nx}x${street.lattice.ny}: St = ${st.toFixed(4)} over ${shedding.periods} periods (spread ${(100 * shedding.periodSpread).toFixed(2)}%), lift amplitude C_L = ${liftAmp.toFixed(3)}`);
    expect(st).toBeGreaterThan(0.15);
    expect(st).toBeLessThan(0.21);
    expect(shedding.periods).toBeGreaterThanOrEqual(5);
    expect(shedding.periodSpread).toBeLessThan(0.02);
    // The lift oscillates at the same frequency as the transverse velocity on the wake axis.
    const liftShedding = sheddingFrequency(run.lift.subarray(run.lift.length / 2), 5);
    expect(Math.abs(liftShedding.period - shedding.period) / shedding.period).toBeLessThan(0.02);
  });

  it("signal analysis recovers the period and phase of a sampled sine", () => {
    // 16 whole periods, so the sample mean is exactly the offset 0.2.
    const period = 37.5, x = new Float64Array(600).map((_, i) => 0.2 + Math.sin((2 * Math.PI * i) / period + 0.4));
    const s = sheddingFrequency(x, 0.5);
    expect(Math.abs(s.period / 0.5 - period)).toBeLessThan(1e-3);
    const phase = sheddingPhase(x);
    for (const i of [100, 250, 400]) {
      const expected = (((2 * Math.PI * i) / period + 0.4) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI);
      const d = Math.abs(phase[i] - expected);
      expect(Math.min(d, 2 * Math.PI - d)).toBeLessThan(1e-3);
    }
  });

  it("vorticity of solid rotation u = (−y, x)·Ω is 2Ω in the interior", () => {
    const nx = 8, ny = 8, om = 0.01, ux = new Float64Array(64), uy = new Float64Array(64);
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) { ux[y * nx + x] = -om * y; uy[y * nx + x] = om * x; }
    const w = vorticity(ux, uy, nx, ny);
    expect(w[3 * nx + 4]).toBeCloseTo(2 * om, 12);
  });

  it("refuses unstable or meaningless settings with clear errors", () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => new Lattice2d({ nx: 8, ny: 8, tau: 0.5 }), /tau must be > 0.5 .*got 0.5/],
      [() => new Lattice2d({ nx: 8, ny: 8, tau: 0.4 }), /tau must be > 0.5/],
      [() => new Lattice2d({ nx: 8, ny: 8, tau: 1, xBoundary: { inletVelocity: 0.3 } }), /inlet Mach number .* exceeds maxMach 0.3/],
      [() => new Lattice2d({ nx: 8, ny: 8, tau: 1, solid: new Uint8Array(10) }), /solid must have length ny·nx = 64 \(\[8, 8\]\), got length 10/],
      [() => new Lattice2d({ nx: 2, ny: 8, tau: 1 }), /nx must be an integer ≥ 3/],
      [() => new Lattice2d({ nx: 8, ny: 8, tau: Number.NaN }), /tau must be finite/],
      [() => vortexStreet({ reynolds: 100, diameter: 10, velocity: 0.1 }), /tau 0.5300 < 0.535 .*diameter ≥ 12 nodes/],
      [() => vortexStreet({ reynolds: 100, diameter: 14, velocity: 0.2 }), /velocity must be in \[0.000001, 0.17\], got 0.2/],
      [() => sheddingFrequency(new Float64Array(50).fill(1), 1), /need at least 3 full periods .* found 0/],
      [() => {
        const lattice = new Lattice2d({ nx: 4, ny: 34, tau: 0.8, solid: channel(4, 34), bodyForce: [1e-3, 0] });
        lattice.step(5000); // u_max would be F h²/(8ν) ≈ 1.28: far beyond Mach 0.3
      }, /Mach number .* exceeds maxMach 0.3 at step \d+; lower the velocity or body force/],
    ];
    for (const [f, msg] of bad) expect(f).toThrow(msg);
    console.log(`lbm: ${bad.length} bad inputs tried, all refused`);
    expect(viscosityFromTau(0.8)).toBeCloseTo(0.1, 15);
  });
});
