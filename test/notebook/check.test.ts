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

describe("check: the control (EXPERIMENTS.md, every check has a control)", () => {
  const control = { name: "linear regression", value: 0.071 };

  it("is recorded, copied by checks(), and carried in the JSON record", () => {
    check("rel L2", 0.0042, { below: 0.03, control });
    expect(checks()).toEqual([{ name: "rel L2", value: 0.0042, condition: { below: 0.03 }, passed: true, control }]);
    expect(last().data![CHECK_MIME]).toEqual({ name: "rel L2", value: 0.0042, condition: { below: 0.03 }, passed: true, control });
    const got = checks();
    got[0].control!.value = 99;
    expect(checks()[0].control).toEqual(control);
  });

  it("is shown beside the claim in text/plain and text/html, with value / control", () => {
    check("rel L2", 0.0042, { below: 0.03, control });
    expect(last().data!["text/plain"]).toBe("✓ PASS  rel L2 = 0.0042 (below 0.03) · control linear regression = 0.071, value/control = 0.05915");
    const html = last().data!["text/html"] as string;
    expect(html).toMatch(/rel L2.*0\.0042.*below 0\.03.*control linear regression = <span[^>]*>0\.071<\/span>.*value\/control = <span[^>]*>0\.05915<\/span>.*<\/table>$/);
  });

  it("a zero control or a non-finite value shows no ratio; the control does not change the verdict", () => {
    check("outside receptive field", 0, { within: [0, 0], control: { name: "FNO", value: 0 } });
    expect(last().data!["text/plain"]).toBe("✓ PASS  outside receptive field = 0 (within [0, 0]) · control FNO = 0");
    expect(last().data!["text/html"]).not.toContain("value/control");
    check("loss", NaN, { below: 1, control: { name: "persistence", value: 0.5 } });
    expect(last().data!["text/plain"]).toBe("✗ FAIL  loss = NaN (below 1): value is NaN, not a finite number · control persistence = 0.5");
    // A control that would pass too is still recorded as given; the check's own condition decides.
    check("error", 0.2, { below: 0.1, control: { name: "persistence", value: 0.05 } });
    expect(checks().map((c) => c.passed)).toEqual([true, false, false]);
    expect(last().data!["text/plain"]).toBe("✗ FAIL  error = 0.2 (below 0.1) · control persistence = 0.05, value/control = 4");
  });

  it("escapes HTML in the control's name", () => {
    check("x", 1, { below: 2, control: { name: "<b>CNN</b>", value: 3 } });
    expect(last().data!["text/html"]).toContain("control &lt;b&gt;CNN&lt;/b&gt; = ");
    expect(last().data!["text/html"]).not.toContain("<b>CNN");
  });

  it("without a control the record has no control key (tour/property checks may omit it for now)", () => {
    check("c", 1, { below: 2 });
    expect("control" in (last().data![CHECK_MIME] as object)).toBe(false);
    expect(checks()[0]).not.toHaveProperty("control");
  });

  it.each([
    [null, TypeError, /check\("x"\): control must be \{ name: string, value: number \}.*got null/],
    ["plain CNN", TypeError, /control must be \{ name: string, value: number \}.*got "plain CNN"/],
    [0.07, TypeError, /control must be .*got 0\.07/],
    [[0.07], TypeError, /control must be .*got \[0\.07\]/],
    [undefined, TypeError, /control must be .*got undefined/],
    [{ value: 0.07 }, TypeError, /control\.name must be a non-empty string naming the control, got undefined/],
    [{ name: "", value: 0.07 }, TypeError, /control\.name must be a non-empty string.*got ""/],
    [{ name: "  ", value: 0.07 }, TypeError, /control\.name must be a non-empty string/],
    [{ name: 3, value: 0.07 }, TypeError, /control\.name must be a non-empty string.*got 3/],
    [{ name: "CNN" }, TypeError, /control\.value must be a number, got undefined/],
    [{ name: "CNN", value: "0.07" }, TypeError, /control\.value must be a number, got string/],
    [{ name: "CNN", value: { shape: [1] } }, TypeError, /control\.value must be a number, got object \(for a tensor/],
    [{ name: "CNN", value: NaN }, RangeError, /control\.value must be a finite number, got NaN \(control "CNN"\)/],
    [{ name: "CNN", value: -Infinity }, RangeError, /control\.value must be a finite number, got -Infinity/],
    [{ name: "CNN", value: 1, baseline: 2 }, TypeError, /unknown control key\(s\) baseline/],
  ])("control %j is a %O naming what was wrong", (bad, type, message) => {
    const call = () => check("x", 1, { below: 2, control: bad } as never);
    expect(call).toThrow(type);
    expect(call).toThrow(message);
    expect(checks()).toEqual([]);
    expect(k.calls).toEqual([]);
  });

  it("a control does not count as a condition key", () => {
    expect(() => check("x", 1, { control } as never)).toThrow(/exactly one of below, above, within, got none/);
  });
});

describe("notebook.time", () => {
  it("reports the fastest and the median of the timed calls after the warm-up", async () => {
    const { time } = await import("../../src/notebook");
    let n = 0;
    const t = time(() => { n++; const t0 = performance.now(); while (performance.now() - t0 < (n === 3 ? 8 : 2)); }, { repeats: 3, warmup: 1 });
    expect(n).toBe(4);
    expect(t.calls.length).toBe(3);
    expect(t.ms).toBeLessThan(t.calls[1]); // the third call (n = 3) was the slow one
    expect(t.ms).toBeGreaterThanOrEqual(1.9);
    expect(() => time(() => 0, { repeats: 0 })).toThrow("notebook.time: repeats must be an integer ≥ 1, got 0");
  });
});

describe("check display of small numbers", () => {
  it("keeps the exponent's zeros: 3.898e-10 is not shown as 3.898e-1; trailing mantissa zeros go", () => {
    check("tiny", 3.898e-10, { below: 1e-5, control: { name: "plain CNN", value: 0.1 } });
    expect(last().data!["text/plain"]).toBe("✓ PASS  tiny = 3.898e-10 (below 0.00001) · control plain CNN = 0.1, value/control = 3.898e-9");
    check("round", 2.5, { below: 3, control: { name: "plain", value: 1.25 } });
    expect(last().data!["text/plain"]).toBe("✓ PASS  round = 2.5 (below 3) · control plain = 1.25, value/control = 2");
  });
});
