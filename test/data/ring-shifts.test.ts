import { describe, expect, it } from "vitest";
import { ringShifts } from "../../src/data";

describe("ringShifts", () => {
  it("follows each member by its cyclic shifts: row b·copies + s is x[b, (k + s) mod K]", () => {
    const x = Float64Array.of(0, 1, 2, 3, 10, 11, 12, 13);
    expect(Array.from(ringShifts(x, 4, 3))).toEqual([0, 1, 2, 3, 1, 2, 3, 0, 2, 3, 0, 1, 10, 11, 12, 13, 11, 12, 13, 10, 12, 13, 10, 11]);
    expect(Array.from(ringShifts(x, 4, 1))).toEqual(Array.from(x));
  });

  it("refuses copies outside [1, K] and a length not divisible by K", () => {
    expect(() => ringShifts(new Float64Array(8), 4, 5)).toThrow("data.ringShifts: copies must be an integer in [1, 4], got 5");
    expect(() => ringShifts(new Float64Array(7), 4, 2)).toThrow("data.ringShifts: x must be a non-empty Float64Array [n, 4], got length 7");
  });
});
