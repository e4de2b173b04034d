import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { NavierStokes2d, randomVorticity, simulate, simulateSpectral, taylorGreen, taylorGreenDecay } from "../../src/sim/navier-stokes";
import { energySpectrum } from "../../src/sim/spectral";

/** A deterministic band-limited, non-symmetric vorticity field with zero mean (no RNG needed). */
function testVorticity(n: number): Float64Array {
  const out = new Float64Array(n * n), h = (2 * Math.PI) / n;
  const modes = [[1, 2, 0.3, 1.0], [3, -1, 1.1, 0.7], [2, 4, 2.0, 0.4], [5, 3, 0.7, 0.25], [-4, 1, 1.7, 0.5]];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    let s = 0;
    for (const [kx, ky, ph, a] of modes) s += a * Math.cos(kx * i * h + ky * j * h + ph);
    out[j * n + i] = s;
  }
  return out;
}

/** Rotation by +90° about the origin on an [n, n] periodic grid: w'(x, y) = w(y, −x). */
function rot90(w: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[j * n + i] = w[((n - i) % n) * n + j];
  return out;
}

const maxAbs = (a: Float64Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe("NavierStokes2d", () => {
  it("Taylor–Green vortex decays at exactly the viscous rate 2νk²", () => {
    const model = new NavierStokes2d({ n: 32, viscosity: 0.05 });
    const w0 = taylorGreen(model);
    const T = 1, steps = 100;
    const run = simulate(model, w0, { dt: T / steps, steps });
    const ratio = maxAbs(run.vorticity[1]) / maxAbs(w0);
    const rate = -Math.log(ratio) / T, exact = 2 * 0.05 * 1 ** 2; // 2νk², k = 1
    const relErr = Math.abs(rate - exact) / exact;
    console.log(`Taylor–Green decay-rate relative error: ${relErr.toExponential(2)}`);
    expect(relErr).toBeLessThan(1e-10);
    expect(ratio).toBeCloseTo(taylorGreenDecay(model, T), 12);
  });

  it("conserves energy and enstrophy without viscosity, to RK4 accuracy (error ∝ dt⁴)", () => {
    const model = new NavierStokes2d({ n: 32, viscosity: 0 });
    const w0 = testVorticity(32);
    const z0 = model.toSpectral(w0), E0 = model.energy(z0), Z0 = model.enstrophy(z0);
    const errs = [0.02, 0.01].map((dt) => {
      const run = simulateSpectral(model, z0, { dt, steps: Math.round(2 / dt) });
      return [Math.abs(model.energy(run.spectrum) / E0 - 1), Math.abs(model.enstrophy(run.spectrum) / Z0 - 1)];
    });
    console.log(`inviscid T=2: energy rel. error ${errs[0][0].toExponential(2)} (dt=0.02), ${errs[1][0].toExponential(2)} (dt=0.01); ` +
      `enstrophy ${errs[0][1].toExponential(2)}, ${errs[1][1].toExponential(2)}`);
    expect(errs[1][0]).toBeLessThan(1e-8);
    expect(errs[1][1]).toBeLessThan(1e-8);
    expect(errs[0][1] / errs[1][1]).toBeGreaterThan(10); // 4th order: ideally 16
  });

  it("one step is exactly equivariant under a 90° rotation of the grid (to round-off)", () => {
    const n = 32, model = new NavierStokes2d({ n, viscosity: 1e-2, drag: 0.1 });
    const w = testVorticity(n);
    const step = (f: Float64Array) => simulate(model, f, { dt: 0.05, steps: 1 }).vorticity[1];
    const a = step(rot90(w, n)), b = rot90(step(w), n);
    let err = 0;
    for (let q = 0; q < a.length; q++) err = Math.max(err, Math.abs(a[q] - b[q]));
    const rel = err / maxAbs(b);
    console.log(`rotation equivariance error of one step: ${rel.toExponential(2)}`);
    expect(rel).toBeLessThan(1e-13);
    expect(maxAbs(b.map((x, q) => x - w[q]))).toBeGreaterThan(1e-3); // the step did something
  });

  it("Kolmogorov forcing drives the laminar state ζ = −A·k·cos(ky)/(νk² + μ) at the exact rate", () => {
    const n = 32, nu = 0.05, mu = 0.1, A = 0.5, kf = 4;
    const model = new NavierStokes2d({ n, viscosity: nu, drag: mu, forcing: { kind: "kolmogorov", amplitude: A, wavenumber: kf } });
    const T = 2, run = simulate(model, new Float64Array(n * n), { dt: 0.01, steps: 200 });
    const r = nu * kf * kf + mu, w = run.vorticity[1];
    let err = 0;
    for (let j = 0; j < n; j++) {
      const exact = (-A * kf * Math.cos((kf * 2 * Math.PI * j) / n) / r) * (1 - Math.exp(-r * T));
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(w[j * n + i] - exact));
    }
    expect(err).toBeLessThan(1e-10);
  });

  it("refuses meaningless settings with the parameter and the allowed range", () => {
    expect(() => new NavierStokes2d({ n: 32, viscosity: -1e-3 })).toThrow(/viscosity must be ≥ 0, got -0.001/);
    expect(() => new NavierStokes2d({ n: 48, viscosity: 1e-3 })).toThrow(/n must be a power of two in \[8, 4096\], got 48/);
    expect(() => new NavierStokes2d({ n: 32, viscosity: 1e-3, forcing: { kind: "kolmogorov", amplitude: 1, wavenumber: 20 } }))
      .toThrow(/forcing.wavenumber must be an integer in \[1, 10.6/);
    const model = new NavierStokes2d({ n: 32, viscosity: 1 });
    expect(() => simulate(model, taylorGreen(model), { dt: 0.02, steps: 1 })).toThrow(/dt = 0.02 is unstable for rk4 .* dt ≤ 0.005439/);
    expect(() => simulate(model, taylorGreen(model), { dt: 0.02, steps: 1, scheme: "etdrk4" })).not.toThrow();
    const inviscid = new NavierStokes2d({ n: 32, viscosity: 0 });
    expect(() => simulate(inviscid, taylorGreen(inviscid, { amplitude: 10 }), { dt: 0.2, steps: 1 })).toThrow(/CFL number .* exceeds the limit 1/);
    const withMean = taylorGreen(model).map((x) => x + 1);
    expect(() => simulate(model, withMean, { dt: 0.001, steps: 1 })).toThrow(/must have zero mean/);
  });

  it("random initial vorticity: seeded, band-limited to the 2/3 rule, scaled energy, spectrum peaked at k0", () => {
    const n = 64, model = new NavierStokes2d({ n, viscosity: 1e-3 });
    const a = randomVorticity(model, { rng: new Rng(11), peakWavenumber: 5, energy: 0.3 });
    const b = randomVorticity(model, { rng: new Rng(11), peakWavenumber: 5, energy: 0.3 });
    const c = randomVorticity(model, { rng: new Rng(12), peakWavenumber: 5, energy: 0.3 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(maxAbs(a.map((x, q) => x - c[q]))).toBeGreaterThan(0.1);
    const spec = model.toSpectral(a);
    expect(model.energy(spec)).toBeCloseTo(0.3, 12);
    for (let p = 0; p < model.grid.dealias.length; p++) if (model.grid.dealias[p] === 0) expect(Math.hypot(spec[2 * p], spec[2 * p + 1])).toBeLessThan(1e-9);
    const E = energySpectrum(model.grid, spec).values;
    const peak = E.indexOf(Math.max(...E));
    expect(peak).toBeGreaterThanOrEqual(4);
    expect(peak).toBeLessThanOrEqual(6);
    expect(() => randomVorticity(model, { seed: 1 } as never)).toThrow(/rng must be a core.Rng, got undefined; random functions take \{ rng \}/);
  });

  it("keeps snapshots every saveEvery steps, reports progress, and returns the final time and spectrum", () => {
    const model = new NavierStokes2d({ n: 16, viscosity: 0.01 });
    const calls: [number, number][] = [];
    const run = simulate(model, taylorGreen(model), { dt: 0.01, steps: 7, saveEvery: 3, onProgress: (d, t) => calls.push([d, t]) });
    expect(run.times.map((t) => +t.toFixed(12))).toEqual([0, 0.03, 0.06]);
    expect(run.t).toBeCloseTo(0.07, 14);
    expect(calls[0]).toEqual([0, 7]);
    expect(calls[calls.length - 1]).toEqual([7, 7]);
    const more = simulateSpectral(model, run.spectrum, { dt: 0.01, steps: 3, t0: run.t });
    expect(more.t).toBeCloseTo(0.1, 14);
    expect(maxAbs(more.vorticity[1])).toBeCloseTo(maxAbs(taylorGreen(model)) * taylorGreenDecay(model, 0.1), 12);
  });
});
