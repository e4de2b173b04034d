import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHECK_MIME, CheckCondition, check, checks, resetChecks } from "../../src/notebook";
import { installKernelDouble } from "./kernel-double";

let k: ReturnType<typeof installKernelDouble>;
beforeEach(() => {
  resetChecks();
  k = installKernelDouble();
});
afterEach(() => k.uninstall());

const last = () => k.calls[k.calls.length - 1];

describe("check: pass and fail", () => {
  const cases: Array<[number, CheckCondition, boolean]> = [
    [1e-6, { below: 1e-5 }, true],
    [1e-5, { below: 1e-5 }, false], // strict
    [0.96, { above: 0.95 }, true],
    [0.95, { above: 0.95 }, false], // strict
    [0.9, { within: [0.9, 1.1] }, true], // inclusive
    [1.1, { within: [0.9, 1.1] }, true],
    [1.2, { within: [0.9, 1.1] }, false],
  ];
  it.each(cases)("value %s with %j passes = %s", (value, condition, passed) => {
    check("c", value, condition);
    expect(checks()).toEqual([{ name: "c", value, condition, passed }]);
    expect((last().data![CHECK_MIME] as { passed: boolean }).passed).toBe(passed);
  });

  it("a failed check does not throw and later checks still run and record", () => {
    expect(() => check("a", 2, { below: 1 })).not.toThrow();
    check("b", 0, { below: 1 });
    expect(checks().map((c) => [c.name, c.passed])).toEqual([["a", false], ["b", true]]);
  });
});

describe("check: the display bundle", () => {
  it("exactly check+json, text/plain and text/html; metadata kind check with provenance", () => {
    check("equivariance error", 3.2e-7, { below: 1e-5 });
    const c = last();
    expect(c.kind).toBe("display");
    expect(Object.keys(c.data!).sort()).toEqual([CHECK_MIME, "text/html", "text/plain"].sort());
    expect(c.data![CHECK_MIME]).toEqual({ name: "equivariance error", value: 3.2e-7, condition: { below: 1e-5 }, passed: true });
    expect(c.data!["text/plain"]).toBe("✓ PASS  equivariance error = 3.2e-7 (below 0.00001)");
    expect(c.data!["text/html"]).toMatch(/^<table class="kazami-check".*✓ PASS.*equivariance error.*3\.2e-7.*below 0\.00001.*<\/table>$/);
    const meta = c.metadata as { kazami: { kind: string; provenance: { packages: Record<string, string> } } };
    expect(meta.kazami.kind).toBe("check");
    expect(meta.kazami.provenance.packages.kazami).toBeDefined();
  });

  it("escapes HTML in names; shows the value in full when rounding would equal the bound", () => {
    check("<script>", 0.99999, { below: 1 });
    expect(last().data!["text/html"]).toContain("&lt;script&gt;");
    expect(last().data!["text/plain"]).toBe("✓ PASS  <script> = 0.99999 (below 1)");
  });
});

describe("check: non-finite values fail with a message", () => {
  it.each([
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
  ])("%s fails whatever the condition, recorded as the string %s", (value, text) => {
    check("loss", value, { below: 1e300 });
    check("loss2", value, { above: -1e300 });
    for (const r of checks()) {
      expect(r.passed).toBe(false);
      expect(r.value).toBe(text);
      expect(r.message).toBe(`value is ${text}, not a finite number`);
    }
    const json = last().data![CHECK_MIME] as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(json))).toEqual({ name: "loss2", value: text, condition: { above: -1e300 }, passed: false, message: `value is ${text}, not a finite number` });
    expect(last().data!["text/plain"]).toBe(`✗ FAIL  loss2 = ${text} (above -1e+300): value is ${text}, not a finite number`);
  });
});

describe("check: invalid use is an error (not a failed check)", () => {
  it.each([
    [{}, /exactly one of below, above, within, got none/],
    [{ below: 1, above: 0 }, /exactly one.*got below and above/],
    [{ bellow: 1 }, /unknown condition key\(s\) bellow/],
    [{ below: NaN }, /below must be a finite number/],
    [{ within: [2, 1] }, /lo ≤ hi/],
    [{ within: [0] }, /within must be \[lo, hi\]/],
    [null, /condition must be/],
  ])("condition %j", (condition, message) => {
    expect(() => check("x", 1, condition as never)).toThrow(message);
    expect(checks()).toEqual([]);
    expect(k.calls).toEqual([]);
  });
  it("a non-number value or an empty name", () => {
    expect(() => check("x", "1" as never, { below: 2 })).toThrow(/value must be a number, got string/);
    expect(() => check("x", { shape: [] } as never, { below: 2 })).toThrow(/for a tensor/);
    expect(() => check("", 1, { below: 2 })).toThrow(/name must be a non-empty string/);
  });
});

describe("checks()", () => {
  it("returns copies in order; resetChecks empties it", () => {
    check("a", 1, { within: [0, 2] });
    const got = checks();
    got[0].condition.within![0] = 99;
    expect(checks()[0].condition.within).toEqual([0, 2]);
    resetChecks();
    expect(checks()).toEqual([]);
  });
});
