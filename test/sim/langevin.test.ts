import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { DoubleWell, DraggedTrap, OrnsteinUhlenbeck, TwoTemperature, ensembleMoments, simulateEnsemble, solveLyapunov } from "../../src/sim/langevin";

const A = Float64Array.of(-1, 0.5, 0, -0.5, -1.5, 0.3, 0.2, 0, -0.8); // non-normal, Hurwitz
const B = Float64Array.of(1, 0, 0.5, 0.8, 0, 0.6); // [3, 2]

function residual(A: Float64Array, C: Float64Array, Q: Float64Array, n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = Q[i * n + j];
    for (let k = 0; k < n; k++) s += A[i * n + k] * C[k * n + j] + C[i * n + k] * A[j * n + k];
    r = Math.max(r, Math.abs(s));
  }
  return r;
}

describe("Ornstein–Uhlenbeck", () => {
  const ou = new OrnsteinUhlenbeck({ dim: 3, drift: A, noise: B });

  it("stationary covariance solves A C + C Aᵀ + B Bᵀ = 0", () => {
    const C = ou.stationaryCovariance();
    const BBt = Float64Array.of(1, 0.5, 0, 0.5, 0.89, 0.48, 0, 0.48, 0.36);
    expect(residual(A, C, BBt, 3)).toBeLessThan(1e-13);
    expect(C[1]).toBe(C[3]); // symmetric
  });

  it("Euler–Maruyama ensemble covariance matches the Lyapunov solution within sampling error", () => {
    // Bound: for m independent Gaussian samples the sample covariance has standard error
    // se_ij = √((C_ii·C_jj + C_ij²)/m). We compare against the exact stationary covariance of the
    // EM chain (Stein equation), so there is no O(dt) bias, and require every entry within 4·se
    // (a correct implementation fails this for a random seed with probability < 6·6e-5 ≈ 4e-4).
    const m = 20000, dt = 0.01;
    const run = simulateEnsemble(ou, { members: m, initial: new Float64Array(3), dt, steps: 1000, rng: new Rng(42) });
    const { mean, covariance } = ensembleMoments(run.states[1], 3);
    const Cem = ou.eulerMaruyamaCovariance(dt), C = ou.stationaryCovariance();
    let worst = 0, relMax = 0;
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(mean[i])).toBeLessThan(4 * Math.sqrt(Cem[i * 4] / m));
      for (let j = 0; j <= i; j++) {
        const se = Math.sqrt((Cem[i * 4] * Cem[j * 4] + Cem[i * 3 + j] ** 2) / m);
        worst = Math.max(worst, Math.abs(covariance[i * 3 + j] - Cem[i * 3 + j]) / se);
        relMax = Math.max(relMax, Math.abs(covariance[i * 3 + j] - C[i * 3 + j]) / Math.sqrt(C[i * 4] * C[j * 4]));
      }
    }
    console.log(`OU d=3, m=${m}: max |Ĉ − C_EM|/se = ${worst.toFixed(2)}; max |Ĉ − C|/√(C_ii C_jj) = ${relMax.toExponential(2)}`);
    expect(worst).toBeLessThan(4);
    // the EM chain's own stationary covariance is O(dt) away from the continuous one
    const bias = (h: number) => { const E = ou.eulerMaruyamaCovariance(h); return Math.max(...E.map((v, k) => Math.abs(v - C[k]))); };
    expect(bias(0.01) / bias(0.005)).toBeGreaterThan(1.8);
    expect(bias(0.01) / bias(0.005)).toBeLessThan(2.2);
  });

  it("same seed, same ensemble; different seed, different ensemble", () => {
    const opts = { members: 5, initial: Float64Array.of(1, 0, -1), dt: 0.01, steps: 10 };
    const a = simulateEnsemble(ou, { ...opts, rng: new Rng(7) }).states[1], b = simulateEnsemble(ou, { ...opts, rng: new Rng(7) }).states[1];
    const c = simulateEnsemble(ou, { ...opts, rng: new Rng(8) }).states[1];
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it("refuses unstable time steps and non-stationary drifts with the allowed range", () => {
    expect(() => simulateEnsemble(ou, { members: 2, initial: new Float64Array(3), dt: 2, steps: 1, rng: new Rng(1) }))
      .toThrow(/dt = 2 makes Euler–Maruyama unstable.* use dt < 1\.\d+/);
    const unstable = new OrnsteinUhlenbeck({ dim: 1, drift: Float64Array.of(0.5), noise: Float64Array.of(1) });
    expect(() => unstable.stationaryCovariance()).toThrow(/not stable/);
    // a growing mode is legitimate dynamics (no stationary law, but EM follows it) …
    expect(() => simulateEnsemble(unstable, { members: 1, initial: new Float64Array(1), dt: 0.1, steps: 1, rng: new Rng(1) })).not.toThrow();
    // … while a stiff decaying mode that EM would amplify is refused, with the largest accepted dt
    const stiff = new OrnsteinUhlenbeck({ dim: 2, drift: Float64Array.of(0.5, 0, 0, -100), noise: Float64Array.of(1, 0, 0, 1) });
    expect(() => simulateEnsemble(stiff, { members: 1, initial: new Float64Array(2), dt: 0.05, steps: 1, rng: new Rng(1) })).toThrow(/use dt < 0\.020\d/);
    expect(() => new OrnsteinUhlenbeck({ dim: 2, drift: new Float64Array(3), noise: new Float64Array(2) })).toThrow(/drift must have length 4 \(shape \[2, 2\]\)/);
  });
});

describe("TwoTemperature (Loos & Klapp 2020)", () => {
  it("stationary covariance equals the closed form", () => {
    const p = { rx: 1.2, ry: 0.7, a: 0.4, b: -0.9, Tx: 1.0, Ty: 0.3 };
    const C = new TwoTemperature(p).stationaryCovariance();
    const tr = p.rx + p.ry, det = p.rx * p.ry - p.a * p.b;
    const sxx = ((p.ry ** 2 + det) * p.Tx + p.a ** 2 * p.Ty) / (tr * det);
    const sxy = (p.a * p.Ty * p.rx + p.b * p.Tx * p.ry) / (tr * det);
    const syy = ((p.rx ** 2 + det) * p.Ty + p.b ** 2 * p.Tx) / (tr * det);
    expect(Math.abs(C[0] - sxx)).toBeLessThan(1e-12);
    expect(Math.abs(C[1] - sxy)).toBeLessThan(1e-12);
    expect(Math.abs(C[3] - syy)).toBeLessThan(1e-12);
    expect(() => new TwoTemperature({ ...p, a: 2, b: 1 })).toThrow(/rx·ry − a·b must be > 0/);
    expect(() => new TwoTemperature({ ...p, Tx: -1 })).toThrow(/Tx must be ≥ 0, got -1/);
  });
});

describe("DoubleWell", () => {
  it("ensemble ⟨x²⟩ matches the stationary density exp(−2V/σ²) within sampling error", () => {
    const dw = new DoubleWell({ a: 1, b: 1, sigma: 0.6 }), m = 20000;
    const init = new Float64Array(m).map((_, k) => (k % 2 === 0 ? 1 : -1));
    const run = simulateEnsemble(dw, { members: m, initial: init, dt: 0.005, steps: 1600, rng: new Rng(3) });
    const x = run.states[1];
    let s2 = 0, s4 = 0;
    for (const v of x) { s2 += v * v; s4 += v ** 4; }
    s2 /= m; s4 /= m;
    const { x: grid, p } = dw.stationaryDensity();
    let e2 = 0;
    const h = grid[1] - grid[0];
    for (let i = 0; i < grid.length; i++) e2 += grid[i] ** 2 * p[i] * h;
    const se = Math.sqrt((s4 - s2 * s2) / m);
    console.log(`double well: <x²> = ${s2.toFixed(4)} vs ${e2.toFixed(4)} (${(Math.abs(s2 - e2) / se).toFixed(2)} se)`);
    expect(Math.abs(s2 - e2)).toBeLessThan(4 * se + 0.005 * e2); // 4 se + an allowance for the O(dt) EM bias
    expect(() => simulateEnsemble(dw, { members: 1, initial: Float64Array.of(1), dt: 0.5, steps: 1, rng: new Rng(1) })).toThrow(/dt ≤ 0.25/);
  });

  it("solveLyapunov handles the scalar case exactly", () => {
    expect(solveLyapunov(Float64Array.of(-2), Float64Array.of(3), 1)[0]).toBeCloseTo(0.75, 15);
  });
});

describe("DraggedTrap", () => {
  it("satisfies the Jarzynski equality ⟨e^{−W/T}⟩ = 1 within sampling error, with ⟨W⟩ > 0", () => {
    const trap = new DraggedTrap({ stiffness: 1, friction: 1, temperature: 1, speed: 0.5 }), m = 20000;
    // start in equilibrium in the trap at λ(0) = 0: x ~ N(0, T/k), W = 0
    const eq = simulateEnsemble(new OrnsteinUhlenbeck({ dim: 1, drift: Float64Array.of(-1), noise: Float64Array.of(Math.SQRT2) }),
      { members: m, initial: new Float64Array(1), dt: 0.01, steps: 800, rng: new Rng(21) }).states[1];
    const init = new Float64Array(2 * m);
    for (let k = 0; k < m; k++) init[2 * k] = eq[k];
    const run = simulateEnsemble(trap, { members: m, initial: init, dt: 0.005, steps: 400, rng: new Rng(22) });
    let meanW = 0, s = 0, s2 = 0;
    for (let k = 0; k < m; k++) { const w = run.states[1][2 * k + 1]; meanW += w / m; const e = Math.exp(-w); s += e; s2 += e * e; }
    const mean = s / m, sd = Math.sqrt(s2 / m - mean * mean), se = sd / (mean * Math.sqrt(m)); // delta method for ln
    console.log(`Jarzynski: ln<e^-W> = ${Math.log(mean).toFixed(4)} (se ${se.toFixed(4)}), <W> = ${meanW.toFixed(3)}`);
    expect(Math.abs(Math.log(mean))).toBeLessThan(4 * se + 0.005); // + allowance for the O(dt) EM bias
    expect(meanW).toBeGreaterThan(0.2); // dissipated work: second law on average
    expect(() => simulateEnsemble(trap, { members: 1, initial: new Float64Array(2), dt: 0.5, steps: 1, rng: new Rng(1) })).toThrow(/dt ≤ 0.1/);
  });
});
