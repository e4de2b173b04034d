import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { bruteForceResponse, expm, inverse, laggedCovariances, linearResponse, matmul, quasiGaussianResponse, scoreResponse } from "../../src/dynamics";
import { OrnsteinUhlenbeck, cholesky, simulateEnsemble } from "../../src/sim/langevin";

// a non-normal, oscillatory 2D OU
const A = Float64Array.of(-0.5, 2, -1, -0.8), d = 2;
const ou = new OrnsteinUhlenbeck({ dim: d, drift: A, noise: Float64Array.of(1, 0, 0.3, 0.6) });
const C0 = ou.stationaryCovariance();

function stationaryEnsemble(m: number, rng: Rng): Float64Array {
  const L = cholesky(C0, d)!, x = new Float64Array(m * d);
  for (let k = 0; k < m; k++) { const u = rng.normal(), v = rng.normal(); x[2 * k] = L[0] * u; x[2 * k + 1] = L[2] * u + L[3] * v; }
  return x;
}

const maxAbs = (a: Float64Array, b: Float64Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

describe("linear response", () => {
  it("expm: exp of a rotation generator is the rotation; exp(A)·exp(−A) = I", () => {
    const t = 0.7, R = expm(Float64Array.of(0, -t, t, 0), 2);
    expect(maxAbs(R, Float64Array.of(Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t)))).toBeLessThan(1e-15);
    const B = Float64Array.of(3, 1, -4, 2, 0.5, 1, 0, -2, 7).map((v) => v * 0.6);
    const P = matmul(expm(B, 3), expm(B.map((v) => -v), 3), 3, 3, 3);
    expect(maxAbs(P, Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1))).toBeLessThan(1e-11);
  });

  it("quasi-Gaussian FDT is exact for OU: with the exact lagged covariances C(τ) = e^{Aτ}C(0), R(τ) = C(τ)C(0)⁻¹ = e^{Aτ}", () => {
    const taus = [0, 0.3, 1, 2.5], R = linearResponse(A, d, taus), C0inv = inverse(C0, d);
    for (let k = 0; k < taus.length; k++) {
      const Ct = matmul(R[k], C0, d, d, d);
      expect(maxAbs(matmul(Ct, C0inv, d, d, d), R[k])).toBeLessThan(1e-13);
    }
  });

  it("from a simulated OU ensemble, quasi-Gaussian and score-based FDT both recover e^{Aτ} within sampling error; brute force with common noise too", () => {
    const rng = new Rng(1), m = 400, dt = 0.01, every = 10;
    const run = simulateEnsemble(ou, { members: m, initial: stationaryEnsemble(m, rng), dt, steps: 20_000, saveEvery: every, rng });
    const maxLag = 20, lagTimes = Array.from({ length: maxLag + 1 }, (_, k) => k * every * dt);
    const exact = linearResponse(A, d, lagTimes);
    const qg = quasiGaussianResponse(run.states, d, maxLag);
    const P = inverse(C0, d); // Gaussian score s(x) = −C(0)⁻¹ x
    const sb = scoreResponse(run.states, d, maxLag, (x, out) => { out[0] = -(P[0] * x[0] + P[1] * x[1]); out[1] = -(P[2] * x[0] + P[3] * x[1]); });
    const worstQg = Math.max(...qg.map((R, k) => maxAbs(R, exact[k]))), worstSb = Math.max(...sb.map((R, k) => maxAbs(R, exact[k])));
    const bf = bruteForceResponse(ou, stationaryEnsemble(200, rng), { perturbation: Float64Array.of(0.01, 0), dt, steps: 200, saveEvery: every, rng });
    const worstBf = Math.max(...bf.response.map((r, k) => Math.max(Math.abs(r[0] / 0.01 - exact[k][0]), Math.abs(r[1] / 0.01 - exact[k][2]))));
    console.log(`FDT on a 2D OU (τ ≤ 2): max |R − e^{Aτ}| quasi-Gaussian ${worstQg.toExponential(2)}, score-based ${worstSb.toExponential(2)}, brute force ${worstBf.toExponential(2)}`);
    expect(worstQg).toBeLessThan(0.05); // ~1/√(samples) with 8e5 correlated samples
    expect(worstSb).toBeLessThan(0.05);
    expect(worstBf).toBeLessThan(0.02); // linear system + common noise: (I + dtA)^n vs e^{Aτ}, O(dt)
    expect(laggedCovariances(run.states, d, 0)[0][0]).toBeCloseTo(C0[0], 1);
  });

  it("the score-based formula sees a wrong score: a score of the wrong width biases R(0) away from I", () => {
    const rng = new Rng(2), run = simulateEnsemble(ou, { members: 200, initial: stationaryEnsemble(200, rng), dt: 0.01, steps: 2000, saveEvery: 10, rng });
    const P = inverse(C0, d);
    const R0 = scoreResponse(run.states, d, 0, (x, out) => { out[0] = -0.5 * (P[0] * x[0] + P[1] * x[1]); out[1] = -0.5 * (P[2] * x[0] + P[3] * x[1]); })[0];
    expect(Math.abs(R0[0] - 0.5)).toBeLessThan(0.05); // −⟨x sᵀ⟩ = ½ C C⁻¹ = ½ I
  });
});
