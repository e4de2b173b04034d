import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { ensembleRelaxation, relaxationRate } from "../../src/dynamics";
import { OrnsteinUhlenbeck } from "../../src/sim/langevin";

describe("ensemble relaxation", () => {
  const gamma = 0.7, ou = new OrnsteinUhlenbeck({ dim: 1, drift: Float64Array.of(-gamma), noise: Float64Array.of(1) });

  it("an OU ensemble from x = 2 relaxes as 2e^{−γt}: the fitted rate is −γ within 2% (Euler–Maruyama's own rate is ln(1 − γΔt)/Δt)", () => {
    const r = ensembleRelaxation(ou, { initial: Float64Array.of(2), members: 4000, dt: 0.01, steps: 800, saveEvery: 10, rng: new Rng(9) });
    const fit = relaxationRate(r, { from: 0.5, snr: 10 });
    console.log(`OU relaxation: rate ${fit.rate.toFixed(4)} ± ${fit.stderr.toFixed(4)} over ${fit.window.map((t) => t.toFixed(1)).join("–")}, vs −γ = ${-gamma}`);
    expect(Math.abs(fit.rate / -gamma - 1)).toBeLessThan(0.02);
    expect(r.mean[0]).toBe(2);
    expect(r.stderr[0]).toBe(0);
  });

  it("needs at least three points above the noise floor", () => {
    const r = ensembleRelaxation(ou, { initial: Float64Array.of(0.01), members: 50, dt: 0.01, steps: 100, saveEvery: 10, rng: new Rng(1) });
    expect(() => relaxationRate(r, { from: 0.05 })).toThrow(/fewer than 3 points/);
  });
});
