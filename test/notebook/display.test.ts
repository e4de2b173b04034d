import { afterEach, describe, expect, it, vi } from "vitest";
import { clearOutput, display, toDisplayData, updateDisplay } from "../../src/notebook";
import { installKernelDouble } from "./kernel-double";

const JD = Symbol.for("Jupyter.display");

describe("toDisplayData", () => {
  it("uses [Symbol.for('Jupyter.display')]() in both forms: a bare bundle, or { data, metadata }", () => {
    const bare = { [JD]: () => ({ "text/plain": "hi", "application/json": { a: 1 } }) };
    expect(toDisplayData(bare)).toEqual({ data: { "text/plain": "hi", "application/json": { a: 1 } }, metadata: {} });
    const full = { [JD]: () => ({ data: { "text/html": "<b>x</b>" }, metadata: { kazami: { kind: "x" } } }) };
    expect(toDisplayData(full)).toEqual({ data: { "text/html": "<b>x</b>" }, metadata: { kazami: { kind: "x" } } });
  });
  it("a bundle with a 'data' key that is not a bundle stays a bundle", () => {
    const v = { [JD]: () => ({ data: { n: 1 }, "text/plain": "t" }) };
    expect(toDisplayData(v).data).toEqual({ data: { n: 1 }, "text/plain": "t" });
  });
  it("other values become text/plain (strings verbatim, objects inspected)", () => {
    expect(toDisplayData("plain")).toEqual({ data: { "text/plain": "plain" }, metadata: {} });
    expect(toDisplayData({ a: [1, 2] }).data["text/plain"]).toBe("{ a: [ 1, 2 ] }");
  });
  it("a display method returning a non-object is a TypeError", () => {
    expect(() => toDisplayData({ [JD]: () => "x" })).toThrow(/must return a MIME bundle object, got string/);
  });
});

describe("display in the kernel", () => {
  let k: ReturnType<typeof installKernelDouble> | undefined;
  afterEach(() => k?.uninstall());

  it("sends the bundle and metadata; a displayId goes in transient; updateDisplay targets it", () => {
    k = installKernelDouble();
    const v = { [JD]: () => ({ data: { "text/plain": "v1" }, metadata: { m: 1 } }) };
    display(v, { displayId: "d1" });
    updateDisplay("v2", { displayId: "d1" });
    display("no id");
    clearOutput({ wait: true });
    expect(k.calls).toEqual([
      { kind: "display", data: { "text/plain": "v1" }, metadata: { m: 1 }, transient: { display_id: "d1" } },
      { kind: "update", data: { "text/plain": "v2" }, metadata: {}, transient: { display_id: "d1" } },
      { kind: "display", data: { "text/plain": "no id" }, metadata: {}, transient: {} },
      { kind: "clear", wait: true },
    ]);
  });

  it("rejects an empty or missing displayId", () => {
    k = installKernelDouble();
    expect(() => display("x", { displayId: "" })).toThrow(/non-empty string/);
    expect(() => updateDisplay("x", {} as never)).toThrow(/displayId must be a non-empty string/);
  });
});

describe("display outside the kernel", () => {
  it("prints text/plain to stdout", () => {
    const spy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      display({ [JD]: () => ({ "text/plain": "a figure", "image/png": "AAAA" }) });
      updateDisplay("updated", { displayId: "x" });
      clearOutput();
      expect(spy.mock.calls.map((c) => c[0])).toEqual(["a figure\n", "updated\n"]);
    } finally {
      spy.mockRestore();
    }
  });
});
