import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { Burgers1d, cflSteps, coleHopf, randomInitialConditions, simulate, solveBatch } from "../../src/sim/burgers";

function initial(n: number, mean = 0.2): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i / n;
    u[i] = mean + Math.sin(2 * Math.PI * x) + 0.5 * Math.cos(4 * Math.PI * x + 1) - 0.3 * Math.sin(6 * Math.PI * x + 0.4);
  }
  return u;
}

const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe("Burgers1d", () => {
  it.each([
    [0.1, 128, 1e-3, 1e-10],
    [0.02, 512, 5e-4, 1e-10],
  ])("matches the Cole–Hopf solution at T = 1 (ν = %f, n = %i, dt = %f)", (nu, n, dt, tol) => {
    const model = new Burgers1d({ n, viscosity: nu });
    const u0 = initial(n);
    const run = simulate(model, u0, { dt, steps: Math.round(1 / dt) });
    expect(run.times[1]).toBeCloseTo(1, 12);
    const exact = coleHopf(u0, { viscosity: nu, time: 1 });
    const err = maxAbsDiff(run.u[1], exact) / maxAbsDiff(exact, new Float64Array(n));
    console.log(`Burgers ν=${nu} n=${n}: max error vs Cole–Hopf relative to max|u| = ${err.toExponential(2)}; tail fraction ${run.tailFraction.toExponential(1)}`);
    expect(err).toBeLessThan(tol);
    expect(run.tailFraction).toBeLessThan(1e-10);
  });

  it("Cole–Hopf at t = 0 returns u0 and conserves the mean", () => {
    const u0 = initial(64);
    expect(maxAbsDiff(coleHopf(u0, { viscosity: 0.05, time: 0 }), u0)).toBeLessThan(1e-12);
    const u1 = coleHopf(u0, { viscosity: 0.05, time: 0.7 });
    expect(u1.reduce((a, b) => a + b, 0) / 64).toBeCloseTo(0.2, 12);
  });

  it("solveBatch maps [batch, n] to u(T) and equals single runs", () => {
    const model = new Burgers1d({ n: 64, viscosity: 0.1 });
    const a = initial(64, 0), b = initial(64, 0.5), batch = new Float64Array(128);
    batch.set(a, 0); batch.set(b, 64);
    const calls: number[] = [];
    const out = solveBatch(model, batch, { dt: 0.005, steps: 40, onProgress: (d) => calls.push(d) });
    expect(calls).toEqual([1, 2]);
    const single = simulate(model, b, { dt: 0.005, steps: 40 }).u[1];
    expect(maxAbsDiff(out.subarray(64), single)).toBe(0);
  });

  it("refuses meaningless settings", () => {
    expect(() => new Burgers1d({ n: 64, viscosity: 0 })).toThrow(/viscosity must be > 0, got 0/);
    expect(() => new Burgers1d({ n: 100, viscosity: 0.1 })).toThrow(/n must be a power of two in \[16, 65536\], got 100/);
    const model = new Burgers1d({ n: 64, viscosity: 0.1 });
    expect(() => simulate(model, initial(64), { dt: 0.05, steps: 2 })).toThrow(/CFL number .* exceeds the limit 1; reduce dt \(was 0.05\)/);
    expect(() => simulate(model, initial(32), { dt: 0.01, steps: 2 })).toThrow(/u must have length 64/);
    expect(() => coleHopf(initial(64), { viscosity: 1e-3, time: 1 })).toThrow(/exceeds 30; .* use a larger viscosity/);
    expect(() => solveBatch(model, new Float64Array(100), { dt: 0.01, steps: 1 })).toThrow(/length batch·n with n = 64/);
  });

  it("random initial fields follow N(0, 625(−Δ + 25)^−2): pointwise variance within sampling error", () => {
    const n = 64, model = new Burgers1d({ n, viscosity: 0.1 }), count = 4000;
    const u = randomInitialConditions(model, count, { rng: new Rng(5) });
    // E u(x)² = Σ_{m≠0, |m|<n/2} 625·((2πm)² + 25)^−2 (+ half the Nyquist term)
    let expected = 0;
    for (let m = 1; m < n / 2; m++) expected += 2 * 625 * ((2 * Math.PI * m) ** 2 + 25) ** -2;
    expected += 625 * ((Math.PI * n) ** 2 + 25) ** -2;
    const perField = new Float64Array(count);
    for (let b = 0; b < count; b++) { let s = 0; for (let i = 0; i < n; i++) s += u[b * n + i] ** 2; perField[b] = s / n; }
    const mean = perField.reduce((a, b) => a + b, 0) / count;
    const sd = Math.sqrt(perField.reduce((a, b) => a + (b - mean) ** 2, 0) / (count - 1));
    console.log(`Burgers GRF: E u² = ${mean.toFixed(4)} vs ${expected.toFixed(4)} (${(Math.abs(mean - expected) / (sd / Math.sqrt(count))).toFixed(2)} se)`);
    expect(Math.abs(mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(count)); // fields are independent: se = sd/√count
    const again = randomInitialConditions(model, 2, { rng: new Rng(5) });
    expect(Array.from(again)).toEqual(Array.from(u.subarray(0, 2 * n)));
    for (let b = 0; b < 3; b++) expect(Math.abs(u.subarray(b * n, (b + 1) * n).reduce((x, y) => x + y, 0))).toBeLessThan(1e-12);
  });

  it("neuraloperator's GRF (σ = 49, τ = 7, γ = 2.5): E|û_m|²/n² = σ²((2πm)² + τ²)^−γ mode by mode", () => {
    // u = Σ a_m cos(2πmx) + b_m sin(2πmx), a_m, b_m ~ N(0, 2σ²λ_m^−γ) (GRF1 of neuraloperator) has DFT
    // coefficients û_m = n(a_m − i b_m)/2, so E|û_m|² = n²σ²λ_m^−γ; |û_m|²/E is Exp(1): se = 1/√count.
    const n = 256, count = 3000, model = new Burgers1d({ n, viscosity: 0.01 });
    const u = randomInitialConditions(model, count, { rng: new Rng(21), sigma: 49, tau: 7, alpha: 2.5 });
    for (const m of [1, 2, 3, 7, 20]) {
      let power = 0;
      for (let b = 0; b < count; b++) {
        let re = 0, im = 0;
        for (let i = 0; i < n; i++) { const t = (2 * Math.PI * m * i) / n; re += u[b * n + i] * Math.cos(t); im -= u[b * n + i] * Math.sin(t); }
        power += (re * re + im * im) / (n * n);
      }
      power /= count;
      const expected = 49 ** 2 * ((2 * Math.PI * m) ** 2 + 49) ** -2.5;
      expect(Math.abs(power / expected - 1)).toBeLessThan(4 / Math.sqrt(count));
    }
  });

  it("cflSteps: ceil(T·max|u0|·n/(L·cfl)) steps keep the run's CFL number ≤ cfl (maximum principle)", () => {
    const n = 64, model = new Burgers1d({ n, viscosity: 0.05 });
    const u0 = Float64Array.from({ length: n }, (_, i) => 1.5 * Math.sin((2 * Math.PI * i) / n));
    const steps = cflSteps(model, u0, { time: 1, cfl: 0.5 });
    expect(steps).toBe(Math.ceil((1.5 * 64) / 0.5));
    expect(() => simulate(model, u0, { dt: 1 / steps, steps, scheme: "etdrk4", cflLimit: 0.5 })).not.toThrow();
    expect(() => cflSteps(model, u0, { time: 1, cfl: 1.5 })).toThrow(/cfl must be in \[0.001, 1\], got 1.5/);
  });
});
