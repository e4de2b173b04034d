import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { BarotropicModel, gaussianMountains, jetVorticity, randomVorticity, rossbyWave, simulate, srdaJet } from "../../src/sim/barotropic";

/** Phase φ of ζ ∝ cos(kx·x + φ)·Y(y), projected on the wave's own y-structure. */
function phase(model: BarotropicModel, zeta: Float64Array, kx: number, Y: (y: number) => number): number {
  const d = model.domain;
  let a = 0, b = 0;
  for (let j = 0; j < d.ny; j++) for (let i = 0; i < d.nx; i++) {
    const w = zeta[j * d.nx + i] * Y(j * d.dy);
    a += w * Math.cos(kx * i * d.dx); b += w * Math.sin(kx * i * d.dx);
  }
  return Math.atan2(b, -a); // ζ = −K²ψ: the vorticity carries the opposite sign of ψ
}

describe("BarotropicModel", () => {
  it.each([
    ["periodic", 32, 32, 0, 2, 1],
    ["periodic", 32, 32, 0.5, 1, 2],
    ["channel", 32, 17, 0.2, 1, 1],
  ] as const)("a Rossby wave (%s, %i×%i, U = %f, m = %i, l = %i) travels at c = U − β/K² (error relative to β/K²)", (domain, nx, ny, U, m, l) => {
    const beta = 1.5;
    const model = new BarotropicModel({ domain, nx, ny, beta, uniformFlow: U });
    const { zeta, kx, ky } = rossbyWave(model.domain, { amplitude: 0.05, m, l });
    const c = U - beta / (kx * kx + ky * ky), T = 0.5;
    const run = simulate(model, zeta, { dt: 0.005, steps: 100 });
    const Y = (y: number) => (domain === "channel" ? Math.sin(ky * y) : Math.cos(ky * y));
    const measured = -phase(model, run.vorticity[1], kx, Y) / (kx * T); // |kx·c·T| < π here
    const relErr = Math.abs(measured - c) / (beta / (kx * kx + ky * ky));
    console.log(`Rossby wave ${domain} m=${m} l=${l} U=${U}: c = ${measured.toFixed(8)} vs ${c.toFixed(8)} (relative error ${relErr.toExponential(2)})`);
    expect(relErr).toBeLessThan(1e-8);
    expect(measured).toBeLessThan(U); // westward relative to the flow
  });

  it("conserves energy with β and topography when inviscid (to RK4 accuracy)", () => {
    const n = 32, eta = new Float64Array(n * n), h = (2 * Math.PI) / n;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      const x = i * h - Math.PI, y = j * h - Math.PI;
      eta[j * n + i] = 2 * Math.exp(-(x * x + y * y) / 0.5);
    }
    const model = new BarotropicModel({ nx: n, ny: n, beta: 1, topography: eta });
    const z0 = rossbyWave(model.domain, { amplitude: 0.5, m: 1, l: 1 }).zeta;
    const z1 = rossbyWave(model.domain, { amplitude: 0.3, m: 3, l: 2, phase: 1 }).zeta;
    const start = model.toSpectral(z0.map((v, q) => v + z1[q]));
    const run = simulate(model, model.toGrid(start), { dt: 0.005, steps: 400 });
    const drift = Math.abs(model.energy(run.spectrum) / model.energy(start) - 1);
    console.log(`barotropic inviscid energy drift over T=2 with topography: ${drift.toExponential(2)}`);
    expect(drift).toBeLessThan(1e-8);
    expect(run.vorticity[1].some((v, q) => Math.abs(v - run.vorticity[0][q]) > 0.1)).toBe(true);
  });

  it("flow over a ridge reaches the exact steady response; upslope flow gains anticyclonic vorticity", () => {
    const nx = 32, ny = 16, eta0 = 0.1, U = 0.5, mu = 1;
    const eta = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) eta[j * nx + i] = eta0 * Math.cos((2 * Math.PI * i) / nx);
    const model = new BarotropicModel({ nx, ny, beta: 0, drag: mu, uniformFlow: U, topography: eta });
    const run = simulate(model, new Float64Array(nx * ny), { dt: 0.01, steps: 1500 });
    // (μ + iUk)Z = −iUkη0 with k = 1  →  ζ = Re(Z e^{ix})
    const den = mu * mu + U * U, zr = (-U * eta0 * U) / den, zi = (-U * eta0 * mu) / den;
    let err = 0;
    for (let i = 0; i < nx; i++) {
      const x = (2 * Math.PI * i) / nx, exact = zr * Math.cos(x) - zi * Math.sin(x);
      err = Math.max(err, Math.abs(run.vorticity[1][i] - exact));
    }
    expect(err).toBeLessThan(1e-6);
    // η = η0·cos x rises on (π, 2π): at x = 3π/2 the eastward flow climbs, squashing columns → ζ < 0
    expect(run.vorticity[1][(3 * nx) / 4]).toBeLessThan(0);
  });

  it("runs the SRDA low-resolution jet: walls stay free-slip, the jet persists", () => {
    const preset = srdaJet("low");
    const model = new BarotropicModel(preset.config);
    expect(model.domain.nyFull).toBe(32);
    const zeta0 = jetVorticity(model.domain, preset.initialJet);
    const run = simulate(model, zeta0, { dt: 2e-3, steps: 500, scheme: "etdrk4" });
    const { u } = model.flow(run.spectrum);
    const d = model.domain, mid = (d.ny - 1) / 2;
    const uMid = u.slice(mid * d.nx, (mid + 1) * d.nx).reduce((a, b) => a + b, 0) / d.nx;
    expect(uMid).toBeGreaterThan(1.5); // ~3 minus the mean flow removed by the channel
    const zMax = run.vorticity[1].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    for (let i = 0; i < d.nx; i++) {
      expect(Math.abs(run.vorticity[1][i])).toBeLessThan(1e-14 * zMax);
      expect(Math.abs(run.vorticity[1][(d.ny - 1) * d.nx + i])).toBeLessThan(1e-14 * zMax);
    }
  });

  it("refuses meaningless settings with the parameter and the allowed range", () => {
    expect(() => new BarotropicModel({ domain: "channel", nx: 32, ny: 16, beta: 0.1 })).toThrow(/ny counts both wall rows and must be 2\^m \+ 1/);
    expect(() => new BarotropicModel({ nx: 32, ny: 32, beta: 0.1, drag: -1 })).toThrow(/drag must be ≥ 0, got -1/);
    const bump = new Float64Array(32 * 17).fill(0);
    bump[32 + 5] = 1;
    expect(() => new BarotropicModel({ domain: "channel", nx: 32, ny: 17, beta: 0.1, topography: bump })).toThrow(/flat next to the walls/);
    const stiff = new BarotropicModel({ nx: 64, ny: 64, beta: 0.1, hyperviscosity: 1e-2 });
    const w = rossbyWave(stiff.domain, { amplitude: 0.1, m: 1, l: 1 }).zeta;
    expect(() => simulate(stiff, w, { dt: 0.01, steps: 1 })).toThrow(/unstable for rk4 .* dt ≤/);
    expect(() => simulate(stiff, w, { dt: 0.01, steps: 1, scheme: "etdrk4" })).not.toThrow();
    const channel = new BarotropicModel({ domain: "channel", nx: 32, ny: 17, beta: 0.1 });
    expect(() => channel.toSpectral(new Float64Array(32 * 17).fill(1))).toThrow(/must vanish on the walls/);
  });

  it("random vorticity and Gaussian mountains are seeded and respect the channel walls", () => {
    const channel = new BarotropicModel({ domain: "channel", nx: 64, ny: 33, beta: 0.1 });
    const z = randomVorticity(channel.domain, { rng: new Rng(4), rms: 0.01 });
    const rms = Math.sqrt(z.reduce((a, v) => a + v * v, 0) / z.length);
    expect(rms).toBeCloseTo(0.01, 12);
    for (let i = 0; i < 64; i++) expect(Math.abs(z[i]) + Math.abs(z[32 * 64 + i])).toBeLessThan(1e-15);
    expect(() => channel.toSpectral(z)).not.toThrow();
    const { mountains, field } = gaussianMountains(channel.domain, { rng: new Rng(9), count: 5, minHeight: 0.5, maxHeight: 1, width: 0.15 });
    expect(mountains).toHaveLength(5);
    expect(gaussianMountains(channel.domain, { rng: new Rng(9), count: 5, minHeight: 0.5, maxHeight: 1, width: 0.15 }).mountains).toEqual(mountains);
    expect(() => new BarotropicModel({ domain: "channel", nx: 64, ny: 33, beta: 0.1, topography: field })).not.toThrow();
    const periodic = new BarotropicModel({ nx: 32, ny: 32, beta: 0 });
    const p = gaussianMountains(periodic.domain, { rng: new Rng(2), count: 3, minHeight: 1, maxHeight: 1, width: 0.8 }).field;
    // periodic images: the field wraps smoothly (row 0 is as close to row 31 as row 1 is to row 0)
    let jumpWrap = 0, jumpIn = 0;
    for (let i = 0; i < 32; i++) { jumpWrap = Math.max(jumpWrap, Math.abs(p[i] - p[31 * 32 + i])); jumpIn = Math.max(jumpIn, Math.abs(p[i] - p[32 + i])); }
    expect(jumpWrap).toBeLessThan(3 * jumpIn + 1e-12);
  });
});
