/**
 * Quadrature rules on [0, 1] for path integrals (captum's approximation methods): Riemann sums with
 * left, right, middle or trapezoid nodes, and Gauss–Legendre. Each returns n nodes α_k and weights
 * w_k with Σ_k w_k g(α_k) ≈ ∫₀¹ g(α) dα (Σ w_k = 1).
 */
import { checkInt, checkOneOf } from "../core";

export const QUADRATURE_METHODS = ["riemann_trapezoid", "riemann_left", "riemann_right", "riemann_middle", "gausslegendre"] as const;
export type QuadratureMethod = (typeof QUADRATURE_METHODS)[number];

export interface Quadrature {
  /** Nodes in [0, 1], increasing. */
  alphas: Float64Array;
  /** Weights, summing to 1. */
  weights: Float64Array;
}

/**
 * n nodes and weights of `method` on [0, 1]. riemann_trapezoid needs n ≥ 2 (its nodes include both
 * ends, α_k = k/(n − 1)); Gauss–Legendre is exact for polynomials of degree ≤ 2n − 1.
 */
export function quadrature(method: QuadratureMethod, n: number, where = "sensitivity.quadrature"): Quadrature {
  checkOneOf(where, "method", method, QUADRATURE_METHODS);
  checkInt(where, "nSteps", n, method === "riemann_trapezoid" ? 2 : 1);
  const alphas = new Float64Array(n), weights = new Float64Array(n);
  if (method === "gausslegendre") return gaussLegendre(n);
  for (let k = 0; k < n; k++) {
    if (method === "riemann_trapezoid") {
      alphas[k] = k / (n - 1);
      weights[k] = (k === 0 || k === n - 1 ? 0.5 : 1) / (n - 1);
    } else {
      alphas[k] = (k + (method === "riemann_left" ? 0 : method === "riemann_right" ? 1 : 0.5)) / n;
      weights[k] = 1 / n;
    }
  }
  return { alphas, weights };
}

/** Gauss–Legendre on [0, 1]: roots of P_n by Newton from Chebyshev guesses, w = 1/((1 − t²) P_n'(t)²). */
function gaussLegendre(n: number): Quadrature {
  const alphas = new Float64Array(n), weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)), dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = t; // P_0, P_1 → P_n by the three-term recurrence
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * t * p1 - (k - 1) * p0) / k];
      dp = (n * (t * p1 - p0)) / (t * t - 1);
      const step = p1 / dp;
      t -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    // t descends with i: store ascending on [0, 1]
    alphas[n - 1 - i] = (1 + t) / 2;
    weights[n - 1 - i] = 1 / ((1 - t * t) * dp * dp);
  }
  return { alphas, weights };
}
