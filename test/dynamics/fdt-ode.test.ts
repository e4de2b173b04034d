// Brute-force ODE responses, the ring quasi-Gaussian FDT, step responses and pattern correlation,
// against linear systems whose responses are known exactly.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import {
  bruteForceOdeResponse, expm, inverse, linearResponse, matmul, patternCorrelation, quasiGaussianResponse, ringQuasiGaussianResponse, stepResponse,
} from "../../src/dynamics";
import { Lorenz96 } from "../../src/sim/lorenz96";
import { OrnsteinUhlenbeck, simulateEnsemble } from "../../src/sim/langevin";

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
const apply = (M: Float64Array, v: Float64Array, d: number) => Float64Array.from({ length: d }, (_, i) => { let s = 0; for (let j = 0; j < d; j++) s += M[i * d + j] * v[j]; return s; });

// dx/dt = A x for an ensemble [m, 3]
const A = Float64Array.of(-0.5, 2, 0, -1, -0.8, 0.3, 0.2, 0, -1.5), d = 3;
const linear = {
  name: "linear", dim: d,
  rhs: (_t: number, x: Float64Array, out: Float64Array) => { for (let o = 0; o < x.length; o += d) out.set(apply(A, x.subarray(o, o + d), d), o); },
};

describe("bruteForceOdeResponse", () => {
  it("linear ODE [m = 7, d = 3]: an impulse δ responds as e^{At}δ and a constant forcing δf as A⁻¹(e^{At} − I)δf (RK4, < 1e-8); no spread between members", () => {
    const initial = new Rng(1).fillNormal(new Float64Array(7 * d)), delta = Float64Array.of(0.1, -0.2, 0.05), force = Float64Array.of(0, 0.3, -0.1);
    const kick = bruteForceOdeResponse(linear, initial, { perturbation: delta, dt: 0.01, steps: 200, saveEvery: 50 });
    const forced = bruteForceOdeResponse(linear, initial, { forcing: force, dt: 0.01, steps: 200, saveEvery: 50 });
    expect(Array.from(kick.times)).toEqual([0, 0.5, 1, 1.5, 2]);
    const Ainv = inverse(A, d), I = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    kick.times.forEach((t, k) => {
      const E = expm(A.map((a) => a * t), d);
      expect(maxAbs(kick.response[k], apply(E, delta, d))).toBeLessThan(1e-8);
      expect(maxAbs(forced.response[k], apply(matmul(Ainv, E.map((e, i) => e - I[i]), d, d, d), force, d))).toBeLessThan(1e-8);
      expect(Math.max(...kick.stderr[k])).toBeLessThan(1e-8); // round-off only
    });
  });

  it("Lorenz-96 [m = 4, K = 8] in one batch: the response at t = 0 is the impulse; a forcing alone starts from zero; bad options are refused", () => {
    const model = new Lorenz96({ sites: 8 }), x0 = new Rng(2).fillNormal(new Float64Array(32), 8, 1), e = new Float64Array(8); e[3] = 0.01;
    const r = bruteForceOdeResponse(model, x0, { perturbation: e, forcing: e, dt: 0.01, steps: 20, saveEvery: 10 });
    expect(maxAbs(r.response[0], e)).toBeLessThan(1e-15);
    expect(r.members).toBe(4);
    expect(Math.max(...bruteForceOdeResponse(model, x0, { forcing: e, dt: 0.01, steps: 10, saveEvery: 10 }).response[0].map(Math.abs))).toBe(0);
    expect(() => bruteForceOdeResponse(model, x0, { dt: 0.01, steps: 10, saveEvery: 5 })).toThrow(/perturbation .*forcing/);
    expect(() => bruteForceOdeResponse(model, x0.slice(0, 30), { forcing: e, dt: 0.01, steps: 10, saveEvery: 5 })).toThrow(/\[m, 8\]/);
  });
});

describe("stepResponse and patternCorrelation", () => {
  it("∫₀ᵗ e^{As} ds·δf by the trapezoid rule on lags Δ = 0.05 matches A⁻¹(e^{At} − I)δf to O(Δ²) (< 2e-3)", () => {
    const lag = 0.05, times = Array.from({ length: 61 }, (_, k) => k * lag), force = Float64Array.of(1, 0, -0.5);
    const steps = stepResponse(linearResponse(A, d, times), d, lag, force), Ainv = inverse(A, d);
    times.forEach((t, k) => {
      const E = expm(A.map((a) => a * t), d);
      expect(maxAbs(steps[k], apply(Ainv, apply(E, force, d).map((v, i) => v - force[i]), d))).toBeLessThan(2e-3);
    });
  });

  it("patternCorrelation: 1 for a scaled copy, −1 for its negative, refuses maps of different shapes", () => {
    const a = [Float64Array.of(1, 2, 3), Float64Array.of(0, -1, 4)], b = a.map((r) => r.map((v) => 3 * v + 1));
    expect(patternCorrelation(a, b)).toBeCloseTo(1, 14);
    expect(patternCorrelation(a, b.map((r) => r.map((v) => -v)))).toBeCloseTo(-1, 14);
    expect(() => patternCorrelation(a, [Float64Array.of(1, 2)])).toThrow(RangeError);
  });
});

describe("ringQuasiGaussianResponse", () => {
  it.each([8, 7])("OU with a circulant drift on a ring of K = %i (damping, advection, diffusion): R(τ) is circulant, R(0) = I, and within 0.03 of e^{Aτ}; it agrees with the general C(τ)C(0)⁻¹ on the same record", (K) => {
    const drift = new Float64Array(K * K);
    for (let i = 0; i < K; i++) { drift[i * K + i] = -1.2; drift[i * K + ((i + 1) % K)] += 0.3; drift[i * K + ((i - 1 + K) % K)] += -0.5 + 0.3; } // −1.2 + 0.3(x₊ + x₋) − 0.5x₋
    const noise = new Float64Array(K * K);
    for (let i = 0; i < K; i++) noise[i * K + i] = 1;
    const ou = new OrnsteinUhlenbeck({ dim: K, drift, noise });
    const run = simulateEnsemble(ou, { members: 100, initial: new Float64Array(K), dt: 0.01, steps: 12_000, saveEvery: 10, rng: new Rng(3) });
    const record = run.states.slice(200), maxLag = 15, lagTimes = Array.from({ length: maxLag + 1 }, (_, k) => k * 0.1);
    const ring = ringQuasiGaussianResponse(record, K, maxLag), general = quasiGaussianResponse(record, K, maxLag), exact = linearResponse(drift, K, lagTimes);
    expect(maxAbs(ring[0], Float64Array.from({ length: K * K }, (_, k) => (Math.floor(k / K) === k % K ? 1 : 0)))).toBeLessThan(1e-12);
    for (let k = 0; k <= maxLag; k++) {
      for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) expect(ring[k][i * K + j]).toBeCloseTo(ring[k][((i + 1) % K) * K + ((j + 1) % K)], 12);
    }
    const errRing = Math.max(...ring.map((R, k) => maxAbs(R, exact[k]))), errGeneral = Math.max(...general.map((R, k) => maxAbs(R, exact[k])));
    console.log(`ring OU (K = ${K}, τ ≤ 1.5): max |R − e^{Aτ}| ring ${errRing.toExponential(2)}, general ${errGeneral.toExponential(2)}`);
    expect(errRing).toBeLessThan(0.03);
    expect(Math.max(...ring.map((R, k) => maxAbs(R, general[k])))).toBeLessThan(0.05);
  });
});
