import { describe, expect, it } from "vitest";
import { quadrature, QUADRATURE_METHODS } from "../../src/sensitivity";

describe("sensitivity.quadrature", () => {
  it("every rule's weights sum to 1 and its nodes lie in [0, 1], increasing", () => {
    for (const m of QUADRATURE_METHODS) for (const n of [2, 5, 50]) {
      const { alphas, weights } = quadrature(m, n);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let k = 0; k < n; k++) { expect(alphas[k]).toBeGreaterThanOrEqual(0); expect(alphas[k]).toBeLessThanOrEqual(1); }
      for (let k = 1; k < n; k++) expect(alphas[k]).toBeGreaterThan(alphas[k - 1]);
    }
  });

  it("Gauss–Legendre with n nodes integrates α^(2n−1) exactly; trapezoid has the ends and O(n⁻²) error", () => {
    for (const n of [1, 2, 3, 8, 20]) {
      const { alphas, weights } = quadrature("gausslegendre", n), p = 2 * n - 1;
      expect(alphas.reduce((s, a, k) => s + weights[k] * a ** p, 0)).toBeCloseTo(1 / (p + 1), 12);
    }
    const t = quadrature("riemann_trapezoid", 11);
    expect([t.alphas[0], t.alphas[10]]).toEqual([0, 1]);
    const err = (n: number) => { const q = quadrature("riemann_trapezoid", n); return Math.abs(q.alphas.reduce((s, a, k) => s + q.weights[k] * Math.exp(a), 0) - (Math.E - 1)); };
    expect(err(21) / err(41)).toBeGreaterThan(3.8);
  });

  it("bad n and unknown methods are named", () => {
    expect(() => quadrature("riemann_trapezoid", 1)).toThrow(/nSteps must be an integer ≥ 2, got 1/);
    expect(() => quadrature("gausslegendre", 0)).toThrow(/nSteps must be an integer ≥ 1, got 0/);
    expect(() => quadrature("gausslegendre", 2.5)).toThrow(/nSteps/);
    expect(() => quadrature("simpson" as never, 4)).toThrow(/method must be one of riemann_trapezoid, .*gausslegendre, got "simpson"/);
  });
});
