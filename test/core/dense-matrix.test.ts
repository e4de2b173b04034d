import { describe, expect, it } from "vitest";
import { choleskyFactor, matmul, transpose } from "../../src/core/dense-matrix";

describe("core dense-matrix", () => {
  it("matmul and transpose of small matrices; the Cholesky factor reproduces S = L·Lᵀ", () => {
    const A = Float64Array.from([1, 2, 3, 4, 5, 6]), B = Float64Array.from([1, 0, -1, 2, 0.5, 1]); // [2, 3], [3, 2]
    expect(Array.from(matmul(A, B, 2, 3, 2))).toEqual([0.5, 7, 2, 16]);
    expect(Array.from(transpose(A, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    const S = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const f = choleskyFactor(S, 3);
    if ("row" in f) throw new Error("expected a factor");
    const LLt = matmul(f.L, transpose(f.L, 3, 3), 3, 3, 3);
    LLt.forEach((v, i) => expect(v).toBeCloseTo(S[i], 12));
    expect([f.L[1], f.L[2], f.L[5]]).toEqual([0, 0, 0]); // lower triangular
  });

  it("names the first row whose pivot is not above the margin", () => {
    expect(choleskyFactor(Float64Array.from([1, 2, 2, 1]), 2)).toEqual({ row: 1, pivot: -3 });
    expect(choleskyFactor(Float64Array.from([1, 0, 0, 1e-20]), 2, 1e-14)).toEqual({ row: 1, pivot: 1e-20 });
    expect("L" in choleskyFactor(Float64Array.from([1, 0, 0, 1e-20]), 2)).toBe(true);
  });
});
