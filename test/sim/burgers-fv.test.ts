// sim.burgers.finiteVolume and solverJacobian; sensitivity.jacobianDifference.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core";
import { Burgers1d, cflSteps, finiteVolume, randomInitialConditions, simulate, solverJacobian } from "../../src/sim/burgers";
import { jacobianDifference } from "../../src/sensitivity/jacobian";

const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => { let d = 0, s = 0; for (let i = 0; i < a.length; i++) { d += (a[i] - b[i]) ** 2; s += b[i] ** 2; } return Math.sqrt(d / s); };

describe("burgers.finiteVolume", () => {
  it("converges to the spectral solution (second order, smooth case) and conserves the mean to round-off", () => {
    const N = 1024, model = new Burgers1d({ n: N, viscosity: 0.01 });
    const u0 = randomInitialConditions(model, 1, { rng: new Rng(3), sigma: 49, tau: 7, alpha: 2.5 });
    const steps = cflSteps(model, u0, { time: 0.5, cfl: 0.5 }), r = simulate(model, u0, { dt: 0.5 / steps, steps: steps, scheme: "etdrk4" });
    const truth = r.u[r.u.length - 1];
    // cell averages of the initial field on n cells ≈ point values at the cell centres: sample at the centres
    const at = (n: number, a: Float64Array) => Float64Array.from({ length: n }, (_, i) => { const f = N / n; let s = 0; for (let q = 0; q < f; q++) s += a[i * f + q]; return s / f; });
    const errs = [64, 128, 256].map((n) => rel(finiteVolume(at(n, u0), { viscosity: 0.01, time: 0.5 }), at(n, truth)));
    expect(errs[2]).toBeLessThan(2e-3);
    expect(errs[0] / errs[1]).toBeGreaterThan(2.5);
    expect(errs[1] / errs[2]).toBeGreaterThan(2.5);
    const v = at(128, u0), m0 = v.reduce((a, b) => a + b, 0), out = finiteVolume(v, { viscosity: 0.01, time: 0.5 });
    expect(Math.abs(out.reduce((a, b) => a + b, 0) - m0)).toBeLessThan(1e-12 * 128);
  });

  it("refuses bad input", () => {
    expect(() => finiteVolume(new Float64Array(2), { viscosity: 0.01, time: 1 })).toThrow("burgers.finiteVolume: u0 must be a Float64Array of ≥ 4 cells, got 2");
    expect(() => finiteVolume(new Float64Array(8), { viscosity: -1, time: 1 })).toThrow(/viscosity must be ≥ 0, got -1/);
  });
});

describe("burgers.solverJacobian", () => {
  it("at a tiny input equals the heat kernel on zero-mean perturbations; jacobianDifference sees it", () => {
    const N = 256, n = 32, nu = 0.005, T = 0.5, model = new Burgers1d({ n: N, viscosity: nu });
    const u0 = new Float64Array(N).map((_, i) => 1e-7 * Math.sin((2 * Math.PI * i) / N));
    const J = solverJacobian(model, u0, { grid: n, time: T, delta: 1e-4 });
    const heat = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const t = (2 * Math.PI * (i - j)) / n;
      let g = Math.exp(-nu * (Math.PI * n) ** 2 * T) * Math.cos((n / 2) * t);
      for (let k = 1; k < n / 2; k++) g += 2 * Math.exp(-nu * (2 * Math.PI * k) ** 2 * T) * Math.cos(k * t);
      heat[i * n + j] = g / n;
    }
    expect(jacobianDifference(J, heat, n)).toBeLessThan(1e-3);
    // a network Jacobian that also responds to the mean (a constant added to every row) is compared on the zero-mean subspace
    const withMean = heat.map((v) => v + 0.3);
    expect(jacobianDifference(withMean, heat, n)).toBeGreaterThan(1);
    expect(jacobianDifference(withMean, heat, n, { zeroMeanInputs: true })).toBeLessThan(1e-12);
  });
});
