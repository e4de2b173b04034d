import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { BandedLU, arnoldi, eig, sparseFromTriplets, sparseMultiply, sparseToDense } from "../../src/dynamics";

/** max_j ‖A v_j − λ_j v_j‖ over complex pairs, for A [n, n]. */
function worstResidual(A: Float64Array, n: number, e: ReturnType<typeof eig>): number {
  let worst = 0;
  e.re.forEach((lr, j) => {
    const li = e.im[j], vr = e.vectors[j], vi = e.vectorsIm[j];
    let s = 0;
    for (let r = 0; r < n; r++) {
      let ar = 0, ai = 0;
      for (let c = 0; c < n; c++) { ar += A[r * n + c] * vr[c]; ai += A[r * n + c] * vi[c]; }
      s += (ar - lr * vr[r] + li * vi[r]) ** 2 + (ai - lr * vi[r] - li * vr[r]) ** 2;
    }
    worst = Math.max(worst, Math.sqrt(s));
  });
  return worst;
}

describe("eig (dense, non-symmetric)", () => {
  it("companion matrix [4, 4] of (z − 2)(z + 1)(z² + 2z + 5): eigenvalues 2, −1, −1 ± 2i, sorted by real part", () => {
    // z⁴ + z³ + z² + 11z − 10 … expanded: (z² − z − 2)(z² + 2z + 5) = z⁴ + z³ + z² − 9z − 10
    const A = Float64Array.of(0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 10, 9, -1, -1);
    const e = eig(A, 4);
    expect(Array.from(e.re)).toEqual([expect.closeTo(2, 12), expect.closeTo(-1, 12), expect.closeTo(-1, 12), expect.closeTo(-1, 12)]);
    // the pair −1 ± 2i, +im first, after the real −1 (ties in Re broken by larger im first)
    const complex = Array.from(e.im).filter((v) => v !== 0);
    expect(complex[0]).toBeCloseTo(2, 12);
    expect(complex[1]).toBeCloseTo(-2, 12);
    expect(worstResidual(A, 4, e)).toBeLessThan(1e-12);
  });

  it("a random non-normal [30, 30]: ‖Av − λv‖ < 1e-10 for every pair, unit-norm vectors, trace = Σλ", () => {
    const n = 30, A = new Rng(3).fillNormal(new Float64Array(n * n));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[i * n + j] *= 0.1; // strongly non-normal
    const e = eig(A, n, "magnitude");
    expect(worstResidual(A, n, e)).toBeLessThan(1e-10);
    let tr = 0, sum = 0;
    for (let i = 0; i < n; i++) { tr += A[i * n + i]; sum += e.re[i]; }
    expect(sum).toBeCloseTo(tr, 10);
    const norms = e.vectors.map((v, j) => Math.sqrt(v.reduce((a, x, k) => a + x * x + e.vectorsIm[j][k] ** 2, 0)));
    for (const s of norms) expect(s).toBeCloseTo(1, 12);
    for (let j = 1; j < n; j++) expect(Math.hypot(e.re[j], e.im[j])).toBeLessThanOrEqual(Math.hypot(e.re[j - 1], e.im[j - 1]) + 1e-12);
  });

  it("refuses a wrong-length matrix, an unknown order and a non-finite entry", () => {
    expect(() => eig(new Float64Array(5), 2)).toThrow(/A must have length 4 \(shape \[2, 2\]\), got length 5/);
    expect(() => eig(new Float64Array(4), 2, "smallest" as "real")).toThrow(/order must be one of real, magnitude/);
    expect(() => eig(Float64Array.of(1, NaN, 0, 1), 2)).toThrow(/A\[1\] is NaN; all entries must be finite/);
  });
});

describe("arnoldi", () => {
  it("the 6 largest-magnitude eigenpairs of a sparse non-normal [400, 400] operator (eigenvalues 0.9^i) match the exact values and the dense solver", () => {
    // diag(0.9^i) plus a sparse strictly upper triangle: eigenvalues stay 0.9^i, eigenvectors are far from orthogonal
    const n = 400, ti: number[] = [], tj: number[] = [], tv: number[] = [], rng = new Rng(8);
    for (let i = 0; i < n; i++) {
      ti.push(i); tj.push(i); tv.push(0.9 ** i);
      for (let k = 0; k < 3; k++) { const j = rng.integer(i, n); if (j > i) { ti.push(i); tj.push(j); tv.push(rng.normal() * 0.3); } }
    }
    const S = sparseFromTriplets(n, n, ti, tj, tv);
    const res = arnoldi((v, out) => { sparseMultiply(S, v, out); }, n, { count: 6 });
    const dense = eig(sparseToDense(S), n, "magnitude");
    for (let j = 0; j < 6; j++) {
      expect(res.re[j]).toBeCloseTo(0.9 ** j, 9);
      expect(res.re[j]).toBeCloseTo(dense.re[j], 9);
      expect(res.im[j]).toBe(0);
    }
    expect(res.converged).toBe(true);
    expect(Math.max(...res.residuals)).toBeLessThan(1e-10);
  });

  it("shift-invert through BandedLU finds the eigenvalues nearest the shift", () => {
    // diag(1, 2, …, 200) + a superdiagonal: eigenvalues 1 … 200 exactly
    const n = 200, ti: number[] = [], tj: number[] = [], tv: number[] = [];
    for (let i = 0; i < n; i++) { ti.push(i); tj.push(i); tv.push(-(i + 1)); if (i < n - 1) { ti.push(i); tj.push(i + 1); tv.push(0.5); } }
    const S = sparseFromTriplets(n, n, ti, tj, tv), lu = new BandedLU(S, 0.1);
    const res = arnoldi((v, out) => { lu.solve(v, out); }, n, { count: 3 });
    const lambda = Array.from(res.re, (r, j) => 0.1 + r / (r * r + res.im[j] ** 2));
    expect(lambda[0]).toBeCloseTo(-1, 10);
    expect(lambda[1]).toBeCloseTo(-2, 10);
    expect(lambda[2]).toBeCloseTo(-3, 10);
  });

  it("fails loudly when the Krylov space is too small to converge", () => {
    const n = 300, A = new Rng(5).fillNormal(new Float64Array(n * n));
    const apply = (v: Float64Array, out: Float64Array) => { for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < n; j++) s += A[i * n + j] * v[j]; out[i] = s; } };
    expect(() => arnoldi(apply, n, { count: 4, maxDim: 8, restarts: 1, tol: 1e-12 })).toThrow(/did not converge in 2 cycles of dimension 8/);
  });
});
