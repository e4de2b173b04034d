import { describe, expect, it } from "vitest";
import { codePointToUtf16, utf16ToCodePoint } from "../../src/kernel/protocol/codepoints";
import { BadRequest, Content } from "../../src/kernel/protocol/content";
import { CURRENT_SESSION, History } from "../../src/kernel/protocol/history";
import { RateLimitedLog } from "../../src/kernel/protocol/transport";

describe("code points ↔ UTF-16", () => {
  const text = "a😀b é𝄞c"; // two astral characters (surrogate pairs)
  it("round-trips every position and counts astral characters once", () => {
    const cps = [...text].length;
    expect(cps).toBe(7);
    expect(text.length).toBe(9);
    for (let cp = 0; cp <= cps; cp++) expect(utf16ToCodePoint(text, codePointToUtf16(text, cp))).toBe(cp);
    expect(codePointToUtf16(text, 2)).toBe(3); // after "a😀"
    expect(utf16ToCodePoint(text, text.length)).toBe(cps);
  });
  it("clamps positions beyond the end", () => {
    expect(codePointToUtf16(text, 100)).toBe(text.length);
    expect(utf16ToCodePoint(text, 100)).toBe(7);
  });
});

describe("request content", () => {
  const c = new Content("execute_request", { code: "1", silent: "yes", n: 2.5, m: 3, ue: { a: "x" }, bad: { a: 1 } });
  it("returns fields and defaults", () => {
    expect(c.string("code")).toBe("1");
    expect(c.boolean("store_history", true)).toBe(true);
    expect(c.integer("m", undefined, 0)).toBe(3);
    expect(c.integer("absent", undefined)).toBeUndefined();
    expect(c.stringMap("ue")).toEqual({ a: "x" });
    expect(c.stringMap("absent")).toEqual({});
  });
  it("throws BadRequest naming the field, the expectation and what arrived", () => {
    expect(() => c.boolean("silent", false)).toThrow(new BadRequest("execute_request: content.silent must be a boolean, got a string"));
    expect(() => c.integer("n", 0)).toThrow(/content\.n must be an integer/);
    expect(() => c.integer("m", 0, 5)).toThrow(/≥ 5/);
    expect(() => c.string("absent")).toThrow(/content\.absent must be a string, got undefined/);
    expect(() => c.stringMap("bad")).toThrow(/object of strings/);
  });
});

describe("history", () => {
  const h = new History();
  h.add(1, "let a = 1", null);
  h.add(2, "a + 1", "2");
  h.add(3, "a + 1", "2");
  h.add(5, "print(a)", null);
  it("tail returns the last n, with outputs on request", () => {
    expect(h.tail(2, false)).toEqual([[CURRENT_SESSION, 3, "a + 1"], [CURRENT_SESSION, 5, "print(a)"]]);
    expect(h.tail(1, true)).toEqual([[CURRENT_SESSION, 5, ["print(a)", null]]]);
    expect(h.tail(undefined, false)).toHaveLength(4);
  });
  it("range is start ≤ line < stop of the current session (0 means current)", () => {
    expect(h.range(0, 2, 4, true)).toEqual([[CURRENT_SESSION, 2, ["a + 1", "2"]], [CURRENT_SESSION, 3, ["a + 1", "2"]]]);
    expect(h.range(CURRENT_SESSION, 4, undefined, false)).toEqual([[CURRENT_SESSION, 5, "print(a)"]]);
    expect(h.range(7, 0, undefined, false)).toEqual([]);
  });
  it("search matches the whole input with * and ?, unique keeps the latest, n keeps the last", () => {
    expect(h.search("a*", undefined, false, false).map((e) => e[1])).toEqual([2, 3]);
    expect(h.search("a?+?1", undefined, false, false).map((e) => e[1])).toEqual([2, 3]);
    expect(h.search("a*", undefined, true, false).map((e) => e[1])).toEqual([3]);
    expect(h.search("*", 2, false, false).map((e) => e[1])).toEqual([3, 5]);
    expect(h.search("print(a)", undefined, false, false)).toHaveLength(1); // regex characters are literal
  });
});

describe("rate-limited log", () => {
  it("passes a burst, then counts what it suppressed", () => {
    const lines: string[] = [];
    const log = new RateLimitedLog((t) => lines.push(t), 3, 60_000);
    for (let i = 0; i < 10; i++) log.warn(`w${i}`);
    expect(lines).toEqual(["w0", "w1", "w2"]);
  });
});
