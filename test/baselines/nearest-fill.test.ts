// baselines.nearestFill: holes take the value of the nearest valid cell (Euclidean, row-major ties),
// valid cells untouched, samples independent; bad input.
import { describe, expect, it } from "vitest";
import { nearestFill } from "../../src/baselines";

describe("nearestFill", () => {
  it("fills each hole from its nearest valid cell and leaves valid cells alone", () => {
    // 3 x 4, valid: the corners (0,0)=1, (0,3)=2, (2,0)=3, (2,3)=4 and (1,1)=5
    const v = [1, 0, 0, 2, 0, 5, 0, 0, 3, 0, 0, 4];
    const m = [1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1];
    expect(Array.from(nearestFill(v, m, 3, 4))).toEqual([1, 1, 2, 2, 1, 5, 5, 2, 3, 5, 4, 4]);
    // (0,1): distance² 1 to (0,0) and to (1,1), the first wins → 1; (1,2): 1 to (1,1), 2 to the right corners → 5; (2,2): 1 to (2,3) → 4
  });

  it("treats samples independently and returns a copy", () => {
    const v = Float32Array.from([7, 0, 0, 0, 0, 0, 0, 9]), m = [1, 0, 0, 0, 0, 0, 0, 1];
    const out = nearestFill(v, m, 2, 2);
    expect(Array.from(out)).toEqual([7, 7, 7, 7, 9, 9, 9, 9]);
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(v)).toEqual([7, 0, 0, 0, 0, 0, 0, 9]);
  });

  it("is the identity on a field without holes", () => {
    const v = [1.5, -2, 3, 4];
    expect(Array.from(nearestFill(v, [1, 1, 1, 1], 2, 2))).toEqual(v);
  });

  it("bad input fails naming what was expected", () => {
    expect(() => nearestFill([1, 2, 3], [1, 1, 1], 2, 2)).toThrow("baselines.nearestFill: values must hold [samples, 2, 2] (a multiple of 4) values, got 3");
    expect(() => nearestFill([1, 2, 3, 4], [1, 1], 2, 2)).toThrow("baselines.nearestFill: valid must match values (4 cells), got 2");
    expect(() => nearestFill([1, 2, 3, 4], [0, 0, 0, 0], 2, 2)).toThrow("baselines.nearestFill: sample 0 has no valid cell to fill from");
    expect(() => nearestFill([1], [1], 0, 1)).toThrow(RangeError);
  });
});
