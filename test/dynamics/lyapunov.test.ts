import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { attractorSamples, eig, fitLine, lyapunovSpectrum, twinExperiments } from "../../src/dynamics";
import { Lorenz63 } from "../../src/sim/lorenz63";
import type { OdeModel } from "../../src/sim/ode";

/** dx/dt = A x as an OdeModel (A [d, d]). */
function linear(A: Float64Array, d: number): OdeModel {
  const mv = (x: Float64Array, out: Float64Array) => { for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j < d; j++) s += A[i * d + j] * x[j]; out[i] = s; } };
  let norm = 0;
  for (let i = 0; i < d; i++) norm = Math.max(norm, A.subarray(i * d, (i + 1) * d).reduce((a, v) => a + Math.abs(v), 0));
  return { name: "linear", dim: d, rhs: (_t, x, out) => mv(x, out), jvp: (_x, v, out) => mv(v, out), jacobianNorm: () => norm };
}

describe("lyapunovSpectrum", () => {
  it.each([
    ["upper-triangular, non-normal [3, 3]", Float64Array.of(-1, 4, 0, 0, 0.5, 3, 0, 0, -2), 3],
    ["rotation block (−0.3 ± 2i) and a real −1 [3, 3]", Float64Array.of(-0.3, 2, 0, -2, -0.3, 0, 1, 1, -1), 3],
    ["random [5, 5]", new Rng(11).fillNormal(new Float64Array(25)), 5],
  ] as const)("of a linear system (%s) equal the real parts of A's eigenvalues", (_name, A, d) => {
    const expected = Array.from(eig(A, d).re); // sorted by descending real part
    const s = lyapunovSpectrum(linear(A, d), new Float64Array(d), { dt: 0.01, steps: 40_000, every: 5 });
    const err = Math.max(...expected.map((v, k) => Math.abs(s.exponents[k] - v)));
    console.log(`linear ${_name}: exponents ${Array.from(s.exponents, (v) => v.toFixed(4)).join(", ")} vs Re λ ${expected.map((v) => v.toFixed(4)).join(", ")} (max error ${err.toExponential(2)})`);
    expect(err).toBeLessThan(0.01); // O(1/T) transient of non-normal growth, T = 400
  });

  it("golden: Lorenz-63 λ1 = 0.9056 within 2%, λ2 ≈ 0, sum −(σ + 1 + β) = −13.667 within 0.5%", () => {
    const model = new Lorenz63(), rng = new Rng(0);
    const x0 = Float64Array.of(rng.normal(), rng.normal(), 20 + rng.normal());
    const s = lyapunovSpectrum(model, x0, { dt: 0.01, steps: 200_000, spinUp: 2000 });
    const [l1, l2, l3] = s.exponents, sum = l1 + l2 + l3;
    console.log(`Lorenz-63 (T = 2000): ${l1.toFixed(4)}, ${l2.toFixed(4)}, ${l3.toFixed(4)}; sum ${sum.toFixed(5)}`);
    expect(Math.abs(l1 / 0.9056 - 1)).toBeLessThan(0.02);
    expect(Math.abs(l2)).toBeLessThan(0.01);
    expect(Math.abs(sum / -13.667 - 1)).toBeLessThan(0.005);
    expect(Math.abs(sum - model.lyapunovSum)).toBeLessThan(1e-3); // RK4's Jacobian determinant is e^{tr J·dt} to O(dt⁵)
    expect(s.running.length).toBe(3 * s.times.length);
  });

  it("refuses a wrong state and count", () => {
    const model = new Lorenz63();
    expect(() => lyapunovSpectrum(model, new Float64Array(2), { dt: 0.01, steps: 10 })).toThrow(/x0 must have length 3/);
    expect(() => lyapunovSpectrum(model, Float64Array.of(1, 1, 1), { dt: 0.01, steps: 10, count: 4 })).toThrow(/count must be an integer in \[1, 3\]/);
  });
});

describe("twinExperiments", () => {
  it("Lorenz-63: the mean log error grows at λ1 (within 5%) before saturating", () => {
    const model = new Lorenz63();
    const starts = attractorSamples(model, Float64Array.of(1, 1, 20), { count: 100, dt: 0.01, spinUp: 1000, spacing: 137 });
    const tw = twinExperiments(model, starts, { delta: 1e-8, dt: 0.01, steps: 2500, saveEvery: 10, rng: new Rng(2) });
    const fit = fitLine(tw.times, tw.meanLogGrowth, [2, 15]);
    console.log(`twins: growth rate ${fit.slope.toFixed(4)} ± ${fit.stderr.toFixed(4)}; saturated log growth ${tw.meanLogGrowth[tw.meanLogGrowth.length - 1].toFixed(2)}`);
    expect(Math.abs(fit.slope / 0.9056 - 1)).toBeLessThan(0.05);
    expect(Math.abs(tw.meanLogGrowth[0])).toBeLessThan(1e-6); // round-off of x + δ at |x| ~ 10, δ = 1e-8
    expect(tw.rmsError[tw.rmsError.length - 1]).toBeGreaterThan(5); // saturated at the attractor's size
  });
});

describe("attractorSamples", () => {
  it("returns [count, dim] states, also without spin-up", () => {
    const model = new Lorenz63();
    const s = attractorSamples(model, Float64Array.of(1, 1, 20), { count: 5, dt: 0.01, spinUp: 0, spacing: 10 });
    expect(s.length).toBe(15);
    expect(Array.from(s.subarray(0, 3))).not.toEqual([1, 1, 20]);
  });
});
