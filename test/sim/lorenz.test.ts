import { describe, expect, it } from "vitest";
import { Lorenz63, simulate as simulate63 } from "../../src/sim/lorenz63";
import { Lorenz96, Lorenz96TwoScale, simulate as simulate96 } from "../../src/sim/lorenz96";
import { simulateOdeEnsemble, tangentLinear, type OdeModel } from "../../src/sim/ode";
import { Rk4 } from "../../src/sim/integrators";

/** Deterministic pseudo-random vector in [−a, a) (no RNG dependency). */
function vector(n: number, a: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a * (2 * ((Math.sin(12.9898 * (i + 1) + 78.233 * seed) * 43758.5453) % 1 + 1) % 1 - a);
  return out;
}

function jvpMatchesFiniteDifferences(model: OdeModel, x: Float64Array): number {
  const v = vector(model.dim, 1, 7), jv = new Float64Array(model.dim);
  model.jvp(x, v, jv);
  const eps = 1e-6, fp = new Float64Array(model.dim), fm = new Float64Array(model.dim);
  model.rhs(0, x.map((xi, i) => xi + eps * v[i]), fp);
  model.rhs(0, x.map((xi, i) => xi - eps * v[i]), fm);
  let err = 0, scale = 0;
  for (let i = 0; i < model.dim; i++) { err = Math.max(err, Math.abs((fp[i] - fm[i]) / (2 * eps) - jv[i])); scale = Math.max(scale, Math.abs(jv[i])); }
  return err / scale;
}

/** Lyapunov exponents by the tangent-linear model and QR (modified Gram–Schmidt) every `every` steps. */
function lyapunov(model: OdeModel, x0: Float64Array, m: number, dt: number, steps: number, every: number): Float64Array {
  const d = model.dim, tl = tangentLinear(model, m), rk = new Rk4(tl.rhs, tl.size);
  const y = new Float64Array(tl.size);
  y.set(x0);
  for (let k = 0; k < m; k++) y[(k + 1) * d + k] = 1;
  const sums = new Float64Array(m);
  for (let s = 1; s <= steps; s++) {
    rk.step(s * dt, y, dt);
    if (s % every !== 0) continue;
    for (let k = 0; k < m; k++) {
      const vk = y.subarray((k + 1) * d, (k + 2) * d);
      for (let l = 0; l < k; l++) {
        const vl = y.subarray((l + 1) * d, (l + 2) * d);
        let dot = 0;
        for (let i = 0; i < d; i++) dot += vk[i] * vl[i];
        for (let i = 0; i < d; i++) vk[i] -= dot * vl[i];
      }
      let norm = 0;
      for (let i = 0; i < d; i++) norm += vk[i] * vk[i];
      norm = Math.sqrt(norm);
      sums[k] += Math.log(norm);
      for (let i = 0; i < d; i++) vk[i] /= norm;
    }
  }
  return sums.map((s) => s / (steps * dt));
}

describe("Lorenz-63", () => {
  const model = new Lorenz63();
  const onAttractor = simulate63(model, Float64Array.of(1, 1, 1), { dt: 0.01, steps: 2000 }).final;

  it("Jacobian-vector product matches finite differences", () => {
    expect(jvpMatchesFiniteDifferences(model, onAttractor)).toBeLessThan(1e-8);
  });

  it("time means satisfy the exact balances ⟨x²⟩ = ⟨xy⟩ = β⟨z⟩ and ⟨z⟩ ≈ 23.5", () => {
    const run = simulate63(model, onAttractor, { dt: 0.01, steps: 500_000, saveEvery: 1 });
    let x2 = 0, xy = 0, z = 0, x = 0;
    const n = run.times.length;
    for (let s = 0; s < n; s++) {
      const a = run.states[3 * s], b = run.states[3 * s + 1], c = run.states[3 * s + 2];
      x += a; x2 += a * a; xy += a * b; z += c;
    }
    x /= n; x2 /= n; xy /= n; z /= n;
    console.log(`Lorenz-63 T=5000: <z> = ${z.toFixed(3)}, <x²>/(β<z>) = ${(x2 / (model.beta * z)).toFixed(4)}, <xy>/(β<z>) = ${(xy / (model.beta * z)).toFixed(4)}, <x> = ${x.toFixed(3)}`);
    expect(Math.abs(x2 / (model.beta * z) - 1)).toBeLessThan(0.01);
    expect(Math.abs(xy / (model.beta * z) - 1)).toBeLessThan(0.01);
    expect(z).toBeGreaterThan(23.0);
    expect(z).toBeLessThan(24.0);
    expect(Math.abs(x)).toBeLessThan(0.5);
  });

  it("largest Lyapunov exponent ≈ 0.906 and the spectrum sums to −(σ + 1 + β)", () => {
    const lam = lyapunov(model, onAttractor, 3, 0.01, 200_000, 10);
    console.log(`Lorenz-63 Lyapunov spectrum (T=2000): ${Array.from(lam, (l) => l.toFixed(4)).join(", ")}; sum ${(lam[0] + lam[1] + lam[2]).toFixed(5)}`);
    expect(Math.abs(lam[0] - 0.9056) / 0.9056).toBeLessThan(0.02);
    expect(Math.abs(lam[1])).toBeLessThan(0.01);
    expect(Math.abs(lam[0] + lam[1] + lam[2] - model.lyapunovSum) / 13.667).toBeLessThan(1e-4);
  });

  it("refuses a time step beyond RK4 stability and bad parameters", () => {
    expect(() => simulate63(model, onAttractor, { dt: 0.2, steps: 10 })).toThrow(/dt = 0.2 is too large .* use dt ≤ 0\.\d+/);
    expect(() => new Lorenz63({ sigma: -1 })).toThrow(/sigma must be > 0, got -1/);
    expect(() => simulate63(model, new Float64Array(2), { dt: 0.01, steps: 1 })).toThrow(/x0 must have length 3/);
  });
});

describe("Lorenz-96", () => {
  it("one scale: Jacobian-vector product and the energy budget d(½Σx²)/dt = −Σx² + ΣF·x", () => {
    const model = new Lorenz96({ sites: 40, forcing: 8 });
    const x = vector(40, 5, 3), f = new Float64Array(40);
    expect(jvpMatchesFiniteDifferences(model, x)).toBeLessThan(1e-8);
    model.rhs(0, x, f);
    let dE = 0, budget = 0;
    for (let k = 0; k < 40; k++) { dE += x[k] * f[k]; budget += -x[k] * x[k] + 8 * x[k]; }
    expect(dE).toBeCloseTo(budget, 10);
  });

  it("two scales (K=8, J=32, F=10, h=1, b=c=10): JVP, exact energy budget, bounded run", () => {
    const model = new Lorenz96TwoScale();
    expect(model.dim).toBe(8 + 8 * 32);
    const s = vector(model.dim, 1, 5);
    for (let k = 0; k < 8; k++) s[k] *= 8;
    expect(jvpMatchesFiniteDifferences(model, s)).toBeLessThan(1e-7);
    const f = new Float64Array(model.dim);
    model.rhs(0, s, f);
    // the coupling exchanges energy: d(½ΣX² + ½ΣY²)/dt = −ΣX² − cΣY² + ΣF·X exactly
    let dE = 0, budget = 0;
    for (let i = 0; i < model.dim; i++) dE += s[i] * f[i];
    for (let k = 0; k < 8; k++) budget += -s[k] * s[k] + 10 * s[k];
    for (let i = 8; i < model.dim; i++) budget += -10 * s[i] * s[i];
    expect(dE).toBeCloseTo(budget, 8);
    const run = simulate96(model, s, { dt: 0.001, steps: 5000, saveEvery: 1000 });
    const X = run.final.subarray(0, 8);
    expect(X.every((v) => Math.abs(v) < 20)).toBe(true);
    const couplingMean = model.coupling(run.final).reduce((a, b) => a + b, 0) / 8;
    expect(Number.isFinite(couplingMean)).toBe(true);
    expect(() => simulate96(model, s, { dt: 0.05, steps: 10 })).toThrow(/lorenz96TwoScale: dt = 0.05 is too large/);
  });

  it("one-scale F=8, K=40 climatology: mean ≈ 2.3, std ≈ 3.6 (Lorenz & Emanuel 1998)", () => {
    const model = new Lorenz96({ sites: 40, forcing: 8 });
    const x0 = new Float64Array(40).fill(8); x0[19] += 0.01;
    const spin = simulate96(model, x0, { dt: 0.05, steps: 2000 }).final;
    const run = simulate96(model, spin, { dt: 0.05, steps: 20_000, saveEvery: 1 });
    let m = 0, m2 = 0;
    for (const v of run.states) { m += v; m2 += v * v; }
    m /= run.states.length; const sd = Math.sqrt(m2 / run.states.length - m * m);
    console.log(`Lorenz-96 K=40 F=8: mean ${m.toFixed(3)}, std ${sd.toFixed(3)}`);
    expect(m).toBeGreaterThan(2.2); expect(m).toBeLessThan(2.5);
    expect(sd).toBeGreaterThan(3.4); expect(sd).toBeLessThan(3.8);
  });
});

describe("simulateOdeEnsemble", () => {
  it("gathers members as [members, dim] snapshots equal to single runs, with progress per member", () => {
    const model = new Lorenz96({ sites: 8, forcing: 8 });
    const x0 = vector(3 * 8, 2, 9), done: number[] = [];
    const ens = simulateOdeEnsemble(model, x0, { dt: 0.01, steps: 50, saveEvery: 25, onProgress: (d) => done.push(d) });
    expect(Array.from(ens.times)).toEqual([0, 0.25, 0.5]);
    expect(done).toEqual([1, 2, 3]);
    const single = simulate96(model, x0.slice(16, 24), { dt: 0.01, steps: 50 }).final;
    expect(Array.from(ens.states[2].subarray(16, 24))).toEqual(Array.from(single));
  });
});
