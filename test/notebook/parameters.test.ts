import { afterEach, describe, expect, it } from "vitest";
import { currentParameters, parameters, provenance, resetParameters } from "../../src/notebook";

afterEach(() => resetParameters());

describe("parameters", () => {
  it("returns the values frozen and records them for provenance", () => {
    const p = parameters({ scale: "paper", seed: 3, snapshots: 16, verbose: false, name: "x" });
    expect(p).toEqual({ scale: "paper", seed: 3, snapshots: 16, verbose: false, name: "x" });
    expect(Object.isFrozen(p)).toBe(true);
    expect(currentParameters()).toEqual(p);
    expect(provenance()).toMatchObject({ seed: 3, parameters: p });
  });

  it("a later call replaces the record", () => {
    parameters({ scale: "quick", seed: 0 });
    parameters({ scale: "quick", seed: 1 });
    expect(currentParameters()!.seed).toBe(1);
  });

  it.each([
    [{ scale: "fast", seed: 0 }, RangeError, /scale must be "quick" or "paper", got "fast"/],
    [{ scale: "quick", seed: -1 }, RangeError, /seed must be a non-negative integer, got -1/],
    [{ scale: "quick", seed: 1.5 }, RangeError, /seed must be a non-negative integer, got 1.5/],
    [{ scale: "quick", seed: "0" }, RangeError, /seed must be a non-negative integer, got "0"/],
    [{ seed: 0 }, TypeError, /declares `scale`/],
    [{ scale: "quick" }, TypeError, /declares `seed`/],
    [{ scale: "quick", seed: 0, lr: NaN }, RangeError, /lr must be a finite number/],
    [{ scale: "quick", seed: 0, sizes: [1, 2] }, TypeError, /sizes must be a number, string or boolean/],
    [{ scale: "quick", seed: 0, x: null }, TypeError, /x must be a number, string or boolean .*got null/],
  ])("rejects %j", (values, type, message) => {
    expect(() => parameters(values as never)).toThrow(type);
    expect(() => parameters(values as never)).toThrow(message);
    expect(currentParameters()).toBeUndefined();
  });

  it("without parameters, provenance has a null seed and no parameters", () => {
    const p = provenance();
    expect(p.seed).toBeNull();
    expect(p.parameters).toBeUndefined();
  });
});
