import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { eig, fokkerPlanck, generatorModes, lagPairs, observableModes, sparseToDense, transferModes, ulamMatrix } from "../../src/dynamics";
import { DoubleWell, OrnsteinUhlenbeck, simulateEnsemble } from "../../src/sim/langevin";

const gamma = 1.5, D = 0.5, sd = Math.sqrt(D / gamma);
const ou1 = new OrnsteinUhlenbeck({ dim: 1, drift: Float64Array.of(-gamma), noise: Float64Array.of(Math.sqrt(2 * D)) });

/** max_n |λ_n/(−nγ) − 1| over n = 1 … count−1. */
function ouError(cells: number, count: number): { worst: number; re: Float64Array } {
  const m = generatorModes(fokkerPlanck(ou1, [{ lo: -8 * sd, hi: 8 * sd, cells }]), { count });
  let worst = 0;
  for (let n = 1; n < count; n++) worst = Math.max(worst, Math.abs(m.re[n] / (-n * gamma) - 1));
  return { worst, re: m.re };
}

describe("fokkerPlanck (finite volumes, Scharfetter–Gummel fluxes)", () => {
  it("1D OU (γ = 1.5, D = 0.5): eigenvalues −nγ, n = 1…5, with relative error (n + 1)(h/σ)²/12 (±3%), i.e. second order", () => {
    for (const cells of [200, 400]) {
      const h = (16 * sd) / cells, m = ouError(cells, 6);
      const ratios = Array.from({ length: 5 }, (_, k) => Math.abs(m.re[k + 1] / (-(k + 1) * gamma) - 1) / (((k + 2) * (h / sd) ** 2) / 12));
      console.log(`OU spectrum, ${cells} cells (h = ${(h / sd).toFixed(3)}σ): ${Array.from(m.re, (v) => v.toFixed(5)).join(", ")}; worst relative error ${m.worst.toExponential(2)}; error / ((n+1)(h/σ)²/12) = ${ratios.map((r) => r.toFixed(3)).join(", ")}`);
      expect(Math.abs(m.re[0])).toBeLessThan(1e-10);
      for (const r of ratios) { expect(r).toBeGreaterThan(0.97); expect(r).toBeLessThan(1.03); }
    }
    expect(ouError(200, 6).worst).toBeLessThan(3.5e-3); // the 2% of notebook 12 has a wide margin
  });

  it("conserves mass (columns sum to 0), has non-negative off-diagonals, and its null vector is the Gaussian N(0, D/γ)", () => {
    const fp = fokkerPlanck(ou1, [{ lo: -8 * sd, hi: 8 * sd, cells: 200 }]);
    const L = sparseToDense(fp.matrix), N = fp.size;
    let worstColumn = 0, minOff = Infinity;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let i = 0; i < N; i++) { s += L[i * N + j]; if (i !== j) minOff = Math.min(minOff, L[i * N + j]); }
      worstColumn = Math.max(worstColumn, Math.abs(s));
    }
    expect(worstColumn).toBeLessThan(1e-9);
    expect(minOff).toBeGreaterThanOrEqual(0);
    const ps = generatorModes(fp, { count: 1 }).stationary;
    let err = 0;
    fp.centers[0].forEach((x, i) => { err = Math.max(err, Math.abs(ps[i] - Math.exp(-(x * x) / (2 * sd * sd)) / Math.sqrt(2 * Math.PI * sd * sd))); });
    expect(err * sd).toBeLessThan(2e-4); // relative to the peak density ~0.4/σ
  });

  it("2D non-normal OU (A = [[−1, 1.5], [0, −1.6]]): the 8 slowest eigenvalues are n₁(−1) + n₂(−1.6) within 1% at 96² cells", () => {
    const ou2 = new OrnsteinUhlenbeck({ dim: 2, drift: Float64Array.of(-1, 1.5, 0, -1.6), noise: Float64Array.of(1, 0, 0, 1) });
    const m = generatorModes(fokkerPlanck(ou2, [{ lo: -5, hi: 5, cells: 96 }, { lo: -4, hi: 4, cells: 96 }]), { count: 8 });
    const exact: number[] = [];
    for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) exact.push(-a - 1.6 * b);
    exact.sort((x, y) => y - x);
    const worst = Math.max(...exact.slice(1, 8).map((v, n) => Math.abs(m.re[n + 1] / v - 1)));
    console.log(`2D OU: ${Array.from(m.re, (v) => v.toFixed(4)).join(", ")} vs ${exact.slice(0, 8).join(", ")}; worst ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-2);
    expect(Math.max(...Array.from(m.im, Math.abs))).toBeLessThan(1e-8);
  });

  it("shift-invert Arnoldi agrees with the dense solver on the double well, and the slowest observable mode is odd (a smoothed sign)", () => {
    const fp = fokkerPlanck(new DoubleWell({ sigma: 0.6 }), [{ lo: -2.5, hi: 2.5, cells: 160 }]);
    const m = generatorModes(fp, { count: 4 }), dense = eig(sparseToDense(fp.matrix), fp.size);
    for (let n = 0; n < 4; n++) expect(m.re[n]).toBeCloseTo(dense.re[n], 9);
    const phi = observableModes(fp, m).modes[1], k = phi.length;
    expect(phi[0] * phi[k - 1]).toBeLessThan(0);
    expect(Math.abs(phi[0] + phi[k - 1]) / Math.abs(phi[0])).toBeLessThan(1e-6);
  });

  it("refuses a non-diagonal diffusion and a grid that does not match the dimension", () => {
    const mixed = new OrnsteinUhlenbeck({ dim: 2, drift: Float64Array.of(-1, 0, 0, -1), noise: Float64Array.of(1, 1, 0, 1) });
    expect(() => fokkerPlanck(mixed, [{ lo: -1, hi: 1, cells: 8 }, { lo: -1, hi: 1, cells: 8 }])).toThrow(/must be diagonal/);
    expect(() => fokkerPlanck(ou1, [{ lo: -1, hi: 1, cells: 8 }, { lo: -1, hi: 1, cells: 8 }])).toThrow(/axes must list 1 axis/);
  });
});

describe("Ulam transfer matrices", () => {
  it("OU from 200 sampled trajectories: the slowest rate within 5% of −γ, the second within 10% of −2γ", () => {
    const rng = new Rng(4), members = 200, dt = 0.01, lagTime = 0.5;
    const run = simulateEnsemble(ou1, { members, initial: rng.fillNormal(new Float64Array(members), 0, sd), dt, steps: 20_000, saveEvery: 5, rng });
    const pairs = lagPairs(run.states, Math.round(lagTime / (5 * dt)));
    const ulam = ulamMatrix(pairs.from, pairs.to, [{ lo: -4 * sd, hi: 4 * sd, cells: 40 }]);
    const tm = transferModes(ulam, { count: 3, lag: lagTime });
    console.log(`Ulam OU: rates ${Array.from(tm.rates.re, (v) => v.toFixed(4)).join(", ")} vs 0, ${-gamma}, ${-2 * gamma}; ${ulam.used} transitions, ${ulam.dropped} dropped`);
    expect(tm.re[0]).toBeCloseTo(1, 10); // row-stochastic
    expect(Math.abs(tm.rates.re[1] / -gamma - 1)).toBeLessThan(0.05);
    expect(Math.abs(tm.rates.re[2] / (-2 * gamma) - 1)).toBeLessThan(0.1);
    const mass = tm.modes[0].reduce((a, b) => a + b, 0);
    expect(mass).toBeCloseTo(1, 12);
  });

  it("rows are stochastic, out-of-grid transitions are dropped and counted", () => {
    const from = Float64Array.of(0.1, 0.1, 0.6, 0.6, 5), to = Float64Array.of(0.6, 0.1, 0.1, 0.6, 0.1);
    const u = ulamMatrix(from, to, [{ lo: 0, hi: 1, cells: 2 }]);
    expect(Array.from(u.matrix)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(u.dropped).toBe(1);
  });
});
