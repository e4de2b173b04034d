import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { draggedTrapMeanWork, draggedTrapWork, histogram, jarzynski } from "../../src/dynamics";
import { DraggedTrap } from "../../src/sim/langevin";

describe("Jarzynski equality for the dragged trap", () => {
  const trap = new DraggedTrap({ stiffness: 2, friction: 1, temperature: 0.5, speed: 0.8 });

  it("ln⟨e^{−βW}⟩ = 0 within 4 standard errors while β⟨W⟩ matches its exact value γv²[τ − (γ/k)(1 − e^{−kτ/γ})] within 2%", () => {
    const W = draggedTrapWork(trap, { members: 40_000, dt: 0.005, steps: 200, rng: new Rng(5) });
    const j = jarzynski(W, trap.T), exact = draggedTrapMeanWork(trap, 1) / trap.T;
    console.log(`dragged trap: ln⟨e^(−βW)⟩ = ${j.logMeanExp.toFixed(4)} ± ${j.stderr.toFixed(4)}, β⟨W⟩ = ${j.meanWorkOverT.toFixed(4)} (exact ${exact.toFixed(4)})`);
    expect(Math.abs(j.logMeanExp)).toBeLessThan(4 * j.stderr);
    expect(Math.abs(j.meanWorkOverT / exact - 1)).toBeLessThan(0.02);
    expect(j.meanWorkOverT).toBeGreaterThan(20 * j.stderr); // the second law alone would say ΔF ≤ ⟨W⟩: far from 0
  });

  it("the estimator is exact on Gaussian works with mean βσ²/2 (log-sum-exp stays finite for huge works)", () => {
    const rng = new Rng(6), s = 0.8, W = rng.fillNormal(new Float64Array(200_000), 0.5 * s * s, s).map((w) => w + 1000);
    const j = jarzynski(W, 1);
    expect(j.logMeanExp + 1000).toBeCloseTo(0, 1);
    expect(Number.isFinite(j.logMeanExp)).toBe(true);
    const h = histogram(W.map((w) => w - 1000), { bins: 40, range: [-3, 4] });
    expect(h.density.reduce((a, b) => a + b, 0) * (7 / 40)).toBeGreaterThan(0.99);
  });
});
