import { describe, expect, it } from "vitest";
import {
  Lorenz96, Lorenz96TwoScale, climatology, fitPolynomialClosure, forecastRmse, freeRunClimatology, polynomialClosure, simulate, simulateEnsemble,
  type Closure,
} from "../../src/sim/lorenz96";
import { Rng } from "../../src/core/random";

const K = 8;
/** Ensemble x0 [members, K] of uniform draws in [−5, 5). */
const initial = (members: number, seed: number) => new Rng(seed).fillUniform(new Float64Array(members * K), -5, 5);

/** A nonlinear, local closure (depends on X_{k−1}, X_k, X_{k+1} of the same member only). */
const localClosure: Closure = (X, members, out) => {
  for (let b = 0; b < members; b++) {
    const o = b * K;
    for (let k = 0; k < K; k++) out[o + k] = -0.3 * X[o + k] + 0.01 * X[o + ((k + 1) % K)] * X[o + ((k + K - 1) % K)] - 0.002 * X[o + k] ** 3;
  }
};

describe("Lorenz-96 with a closure, batched ensembles", () => {
  it("[members=3, K=8] without closure: the ensemble equals single runs exactly, states [T, members, K]", () => {
    const model = new Lorenz96({ sites: K, forcing: 20 }), x0 = initial(3, 1);
    const ens = simulateEnsemble(model, x0, { dt: 0.005, steps: 200, saveEvery: 50 });
    expect(Array.from(ens.times)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ens.states.length).toBe(5 * 3 * K);
    expect([ens.members, ens.sites]).toEqual([3, K]);
    for (let b = 0; b < 3; b++) {
      const single = simulate(model, x0.slice(b * K, (b + 1) * K), { dt: 0.005, steps: 200, saveEvery: 50 });
      for (let s = 0; s < 5; s++) {
        expect(Array.from(ens.states.subarray((s * 3 + b) * K, (s * 3 + b + 1) * K))).toEqual(Array.from(single.states.subarray(s * K, (s + 1) * K)));
      }
    }
    // the same with a closure: the batched closure and the one-member closure give identical runs
    const hybrid = new Lorenz96({ sites: K, forcing: 20, closure: localClosure });
    const batched = simulateEnsemble(hybrid, x0, { dt: 0.005, steps: 200 });
    const single = simulate(hybrid, x0.slice(2 * K), { dt: 0.005, steps: 200 });
    expect(Array.from(batched.final.subarray(2 * K))).toEqual(Array.from(single.final));
  });

  it("a linear closure U = a + b·X is Lorenz-96 with forcing F + a and damping (1 − b), written out", () => {
    const a = 1.5, bb = -0.4, F = 20, dt = 0.01, steps = 200;
    const hybrid = new Lorenz96({ sites: K, forcing: F, closure: polynomialClosure([a, bb]) });
    const x0 = initial(2, 2);
    const run = simulateEnsemble(hybrid, x0, { dt, steps });
    // the explicit model and RK4, independent of the library
    const f = (x: Float64Array, out: Float64Array) => {
      for (let m = 0; m < 2; m++) for (let k = 0; k < K; k++) {
        const o = m * K;
        out[o + k] = x[o + ((k + K - 1) % K)] * (x[o + ((k + 1) % K)] - x[o + ((k + K - 2) % K)]) - (1 - bb) * x[o + k] + (F + a);
      }
    };
    const x = x0.slice(), n = x.length, k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n), y = new Float64Array(n);
    for (let s = 0; s < steps; s++) {
      f(x, k1); for (let i = 0; i < n; i++) y[i] = x[i] + 0.5 * dt * k1[i];
      f(y, k2); for (let i = 0; i < n; i++) y[i] = x[i] + 0.5 * dt * k2[i];
      f(y, k3); for (let i = 0; i < n; i++) y[i] = x[i] + dt * k3[i];
      f(y, k4); for (let i = 0; i < n; i++) x[i] += (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(run.final[i] - x[i]));
    expect(d).toBeLessThan(1e-9);
    // and it is not the model without the closure
    const bare = simulateEnsemble(new Lorenz96({ sites: K, forcing: F }), x0, { dt, steps });
    expect(Math.abs(bare.final[0] - x[0])).toBeGreaterThan(1e-3);
  });

  it("members are independent: changing member 1's start leaves members 0 and 2 bit-identical", () => {
    const hybrid = new Lorenz96({ sites: K, forcing: 20, closure: localClosure });
    const x0 = initial(3, 3), x1 = x0.slice();
    for (let k = 0; k < K; k++) x1[K + k] += 0.7;
    const a = simulateEnsemble(hybrid, x0, { dt: 0.01, steps: 300 }), b = simulateEnsemble(hybrid, x1, { dt: 0.01, steps: 300 });
    expect(Array.from(b.final.subarray(0, K))).toEqual(Array.from(a.final.subarray(0, K)));
    expect(Array.from(b.final.subarray(2 * K))).toEqual(Array.from(a.final.subarray(2 * K)));
    expect(Math.abs(b.final[K] - a.final[K])).toBeGreaterThan(1e-3);
  });

  it("the closure is called once per RK stage for all members, with a zeroed output", () => {
    const calls: number[] = [];
    let zeroed = true;
    const counting: Closure = (X, members, out) => {
      calls.push(members);
      expect(X.length).toBe(members * K);
      if (out.some((v) => v !== 0)) zeroed = false;
      localClosure(X, members, out);
    };
    const hybrid = new Lorenz96({ sites: K, forcing: 20, closure: counting });
    simulateEnsemble(hybrid, initial(5, 4), { dt: 0.01, steps: 25, scheme: "rk4" });
    expect(calls.length).toBe(4 * 25);
    expect(calls.every((m) => m === 5)).toBe(true);
    expect(zeroed).toBe(true);
    calls.length = 0;
    simulateEnsemble(hybrid, initial(5, 4), { dt: 0.01, steps: 25, scheme: "rk3-ssp" });
    expect(calls.length).toBe(3 * 25);
  });

  it("a blown-up member is an error naming the member and the time, not NaN", () => {
    const unstable: Closure = (X, members, out) => { for (let k = 0; k < K; k++) out[K + k] = 40 * X[K + k]; }; // member 1 only
    const hybrid = new Lorenz96({ sites: K, forcing: 20, closure: unstable });
    expect(() => simulateEnsemble(hybrid, initial(3, 5), { dt: 0.01, steps: 2000 })).toThrow(/simulateEnsemble: member 1 .* at t = \d/);
    expect(() => freeRunClimatology(hybrid, initial(3, 5), { dt: 0.01, steps: 2000 })).toThrow(/freeRunClimatology: member 1 .* at t = \d/);
    const nan: Closure = (_X, _members, out) => { out[2 * K + 3] = Number.NaN; };
    expect(() => simulateEnsemble(new Lorenz96({ sites: K, closure: nan }), initial(3, 5), { dt: 0.01, steps: 10 }))
      .toThrow(/closure returned NaN for member 2 \(site 3\) at t = 0/);
    expect(() => new Lorenz96({ sites: K, closure: 3 as unknown as Closure })).toThrow(TypeError);
    expect(() => simulateEnsemble(hybrid, new Float64Array(K + 1), { dt: 0.01, steps: 1 })).toThrow(/x0 must have length members·8/);
    expect(() => hybrid.jvp(new Float64Array(K), new Float64Array(K), new Float64Array(K))).toThrow(/not available for a model with a closure/);
  });

  it("forecastRmse: 0 at every lead for the model that made the truth, growing for a wrong model", () => {
    const model = new Lorenz96({ sites: K, forcing: 20 }), dt = 0.005;
    const truth = simulate(model, initial(1, 6), { dt, steps: 2000, saveEvery: 2 }).states; // rows every 0.01
    const starts = [0, 150, 400, 700];
    const perfect = forecastRmse(model, truth, { starts, leads: 100, sampleDt: 0.01, dt });
    expect(perfect.rmse.length).toBe(101);
    expect(perfect.leadTimes[100]).toBeCloseTo(1, 12);
    expect(Math.max(...perfect.rmse)).toBe(0);
    const wrong = forecastRmse(new Lorenz96({ sites: K, forcing: 19 }), truth, { starts, leads: 100, sampleDt: 0.01, dt });
    expect(wrong.rmse[0]).toBe(0);
    expect(wrong.rmse[100]).toBeGreaterThan(wrong.rmse[10]);
    // lead 50 by hand
    const ens = simulateEnsemble(new Lorenz96({ sites: K, forcing: 19 }), Float64Array.from(starts.flatMap((r) => Array.from(truth.subarray(r * K, (r + 1) * K)))), { dt, steps: 100 });
    let e = 0;
    starts.forEach((r, b) => { for (let k = 0; k < K; k++) e += (ens.final[b * K + k] - truth[(r + 50) * K + k]) ** 2; });
    expect(wrong.rmse[50]).toBeCloseTo(Math.sqrt(e / (4 * K)), 12);
    expect(() => forecastRmse(model, truth, { starts: [995], leads: 10, sampleDt: 0.01, dt })).toThrow(/starts\[0\] must be an integer in \[0, 990\]/);
    expect(() => forecastRmse(model, truth, { starts, leads: 10, sampleDt: 0.01, dt: 0.003 })).toThrow(/whole number of steps/);
  });

  it("freeRunClimatology equals the statistics of the saved states after the burn-in", () => {
    const hybrid = new Lorenz96({ sites: K, forcing: 20, closure: localClosure }), x0 = initial(4, 7);
    const clim = freeRunClimatology(hybrid, x0, { dt: 0.01, steps: 600, burnIn: 100, saveEvery: 1 });
    const after = clim.run.states.subarray(101 * 4 * K);
    const ref = climatology(after);
    expect(clim.count).toBe(500 * 4 * K);
    expect(clim.mean).toBeCloseTo(ref.mean, 12);
    expect(clim.std).toBeCloseTo(ref.std, 12);
    expect(clim.maxAbs).toBe(ref.maxAbs);
    const byHand = Array.from(after), m = byHand.reduce((s, v) => s + v, 0) / byHand.length;
    expect(ref.std).toBeCloseTo(Math.sqrt(byHand.reduce((s, v) => s + (v - m) ** 2, 0) / byHand.length), 10);
  });

  it("fitPolynomialClosure recovers a cubic exactly and the fitted closure evaluates it", () => {
    const a = [0.3, -0.8, 0.05, -0.004], X = new Rng(8).fillUniform(new Float64Array(400), -10, 15), U = new Float64Array(400);
    polynomialClosure(a)(X, 50, U);
    const fit = fitPolynomialClosure(X, U, 3);
    for (let p = 0; p < 4; p++) expect(fit.coefficients[p]).toBeCloseTo(a[p], 10);
    expect(fit.rmse).toBeLessThan(1e-10);
    expect(() => fitPolynomialClosure(new Float64Array(4).fill(2), new Float64Array(4), 3)).toThrow(/singular/);
  });
});

describe("two-scale Lorenz-96 in the chaotic regime of Arnold et al. 2013 (F = 20)", () => {
  const model = new Lorenz96TwoScale({ sites: 8, fastPerSite: 32, forcing: 20, coupling: 1, b: 10, c: 10 });
  const x0 = new Float64Array(model.dim), rng = new Rng(3);
  for (let i = 0; i < model.dim; i++) x0[i] = i < 8 ? rng.uniform() * 10 - 5 : 0.2 * rng.normal();
  const spun = simulate(model, x0, { dt: 0.001, steps: 5000 }).final;

  it("RK4 with dt = 0.001 stays well inside the stability limit (dt·‖J‖∞ < 1 over 20 units) and converges at 4th order", () => {
    const run = simulate(model, spun, { dt: 0.001, steps: 20_000, saveEvery: 10 });
    let worst = 0;
    for (let s = 0; s < run.times.length; s++) worst = Math.max(worst, 0.001 * model.jacobianNorm(run.states.subarray(s * model.dim, (s + 1) * model.dim)));
    const at = (dt: number) => simulate(model, spun, { dt, steps: Math.round(0.2 / dt) }).final;
    const ref = at(0.000125), err = (dt: number) => { const y = at(dt); let e = 0; for (let k = 0; k < 8; k++) e = Math.max(e, Math.abs(y[k] - ref[k])); return e; };
    const e2 = err(0.002), e1 = err(0.001);
    console.log(`Arnold regime, RK4 dt = 0.001: max dt·‖J‖∞ = ${worst.toFixed(3)} (limit 2.5); X error at T = 0.2: ${e2.toExponential(2)} (dt 0.002), ${e1.toExponential(2)} (dt 0.001)`);
    expect(worst).toBeLessThan(1);
    expect(e1).toBeLessThan(1e-4); // |X| ~ 10: 1e-5 relative
    expect(e2 / e1).toBeGreaterThan(8);
  });
});
