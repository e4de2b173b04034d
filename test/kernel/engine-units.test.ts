import Module from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { JUPYTER_DISPLAY, encodeDisplay, normalizeBundle, resultBundle, splitDisplayResult } from "../../src/kernel/engine/display";
import { diagnosticsError, thrownError } from "../../src/kernel/engine/errors";
import { isCompleteCode } from "../../src/kernel/engine/is-complete";
import { aliasPackageForTypeScript, findPackageRoot } from "../../src/kernel/engine/modules";
import { OutputCapture } from "../../src/kernel/engine/output";
import { helpTarget } from "../../src/kernel/engine/runner";
import { expandShorthands, restoreDiagnostics } from "../../src/kernel/engine/shorthand";

const ROOT = path.resolve(__dirname, "..", "..");

describe("display bundles", () => {
  it("encodes binary as base64, keeps JSON types as objects", () => {
    expect(normalizeBundle({ "image/png": new Uint8Array([1, 2, 3]), "application/geo+json": { a: 1 }, "text/plain": "x" }, "t")).toEqual({
      "image/png": "AQID",
      "application/geo+json": { a: 1 },
      "text/plain": "x",
    });
  });
  it("refuses non-MIME keys, non-string text values, bad metadata and unserialisable data", () => {
    expect(() => normalizeBundle({ png: "x" }, "display")).toThrow(/"png" is not a MIME type/);
    expect(() => normalizeBundle({ "text/plain": 1 }, "display")).toThrow(TypeError);
    expect(() => normalizeBundle([1], "display")).toThrow(/got an array/);
    expect(() => encodeDisplay({ "text/plain": "x" }, 5, undefined, "display", false)).toThrow(/metadata must be an object/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeDisplay({ "application/json": cyclic }, {}, undefined, "display", false)).toThrow(/not JSON-serialisable/);
    expect(() => encodeDisplay({ "text/plain": "x" }, {}, {}, "updateDisplay", true)).toThrow(/display_id/);
  });
  it("tells the two Jupyter.display forms apart", () => {
    expect(splitDisplayResult({ data: { "text/plain": "a" }, metadata: { m: 1 } })).toEqual({ data: { "text/plain": "a" }, metadata: { m: 1 } });
    expect(splitDisplayResult({ "text/plain": "a" })).toEqual({ data: { "text/plain": "a" }, metadata: undefined });
    // a bundle whose MIME type happens to be "data"-free but which has a `data` key without "/" is a bundle
    expect(splitDisplayResult({ data: { x: 1 } })).toEqual({ data: { data: { x: 1 } }, metadata: undefined });
  });
  it("result bundles: own display method, else util.inspect", () => {
    const fig = { [JUPYTER_DISPLAY]: () => ({ data: { "image/svg+xml": "<svg/>" }, metadata: { kazami: { kind: "figure" } } }) };
    expect(resultBundle(fig)).toEqual({ data: { "image/svg+xml": "<svg/>" }, metadata: { kazami: { kind: "figure" } } });
    expect(resultBundle([1, "a"])).toEqual({ data: { "text/plain": "[ 1, 'a' ]" }, metadata: {} });
    expect(resultBundle(new Map([[1, 2]]))).toEqual({ data: { "text/plain": "Map(1) { 1 => 2 }" }, metadata: {} });
  });
});

describe("errors", () => {
  it("formats diagnostics with cell line:column, source line and caret", () => {
    const code = "let a = 1;\nlet b: string = a;";
    const d = { start: { offset: 15, line: 1, character: 4 }, end: { offset: 16, line: 1, character: 5 }, messageText: "Type 'number' is not assignable to type 'string'.", category: 1, code: 2322 };
    const e = diagnosticsError([d, { ...d, code: 9999 }], code);
    expect(e.ename).toBe("TSError");
    expect(e.evalue).toBe("cell:2:5 - Type 'number' is not assignable to type 'string'. (TS2322) (and 1 more)");
    expect(e.traceback[0]).toBe("cell:2:5 - error TS2322: Type 'number' is not assignable to type 'string'.\n  let b: string = a;\n      ^");
  });
  it("formats thrown values, hiding engine frames", () => {
    const err = new TypeError("bad");
    err.stack = "TypeError: bad\n    at In[3]:2:7\n    at run (/x/dist/kernel/engine/session.js:1:1)\n    at node:internal/foo:1:1";
    expect(thrownError(err, "/x/dist/kernel")).toEqual({ ename: "TypeError", evalue: "bad", traceback: ["TypeError: bad", "    at In[3]:2:7"] });
    // with the cell's source map: its line and column as typed, the source line, the wrapper's frame dropped
    err.stack = "TypeError: bad\n    at f (In[3]:2:7)\n    at In[3]:9:3";
    const locate = (file: string, line: number) => (file !== "In[3]" ? undefined : line === 2 ? { line: 4, column: 5, text: "  g(x);" } : null);
    expect(thrownError(err, "/x", { cell: locate }).traceback).toEqual(["TypeError: bad", "Cell In[3], line 4:", "--> 4 |   g(x);", "            ^", "    at f (Cell In[3], line 4, column 5)"]);
    expect(thrownError("just a string", "/x")).toEqual({ ename: "Uncaught", evalue: "'just a string'", traceback: ["Uncaught 'just a string'"] });
  });
});

describe("output capture", () => {
  it("keeps stream interleaving, flushes on demand, truncates with one note per stream", () => {
    const sent: Array<[string, string]> = [];
    const cap = new OutputCapture((n, t) => sent.push([n, t]), 10);
    cap.beginCell();
    cap.write("stdout", "abc");
    cap.write("stderr", "de");
    cap.write("stdout", "fgh\nij\nkl\n");
    cap.endCell();
    expect(sent[0]).toEqual(["stdout", "abc"]);
    expect(sent[1]).toEqual(["stderr", "de"]);
    expect(sent[2]).toEqual(["stdout", "fgh\ni"]);
    expect(sent[3][0]).toBe("stdout");
    expect(sent[3][1]).toContain("5 more characters (2 lines) of stdout");
    sent.length = 0;
    cap.beginCell();
    cap.write("stdout", "0123456789");
    cap.endCell();
    expect(sent).toEqual([["stdout", "0123456789"]]);
  });
  it("refuses a bad limit", () => {
    expect(() => new OutputCapture(() => undefined, -1)).toThrow(RangeError);
  });
});

describe("is_complete", () => {
  const ts = Module.createRequire(require.resolve("tslab/package.json"))("@tslab/typescript-for-tslab");
  it("classifies complete, incomplete (with indent) and invalid code", () => {
    expect(isCompleteCode(ts, "const a = 1")).toEqual({ status: "complete" });
    expect(isCompleteCode(ts, "function f() {")).toEqual({ status: "incomplete", indent: "  " });
    expect(isCompleteCode(ts, "  foo(1,")).toEqual({ status: "incomplete", indent: "  " });
    expect(isCompleteCode(ts, "const s = `multi")).toMatchObject({ status: "incomplete" });
    expect(isCompleteCode(ts, "let = ;")).toEqual({ status: "invalid" });
    expect(isCompleteCode(ts, "if (x) {\n\n")).toEqual({ status: "complete" }); // blank line: run it
  });
});

describe("help requests", () => {
  it("recognises `name?` and `?name` for dotted names only", () => {
    expect(helpTarget("Math.max?")).toBe("Math.max");
    expect(helpTarget(" ?sim.burgers ")).toBe("sim.burgers");
    for (const code of ["a ? b : c", "x = 1 // why?", "f()?", "x?.y", "a??"]) expect(helpTarget(code)).toBeUndefined();
  });
});

describe("module resolution", () => {
  it("finds this package's root from anywhere inside it", () => {
    expect(findPackageRoot(path.join(ROOT, "src", "kernel", "engine"))).toBe(ROOT);
    expect(() => findPackageRoot(os.tmpdir())).toThrow(/cannot find the "kazami" package root/);
  });
  it("aliases <cwd>/node_modules/kazami to the package root in TypeScript's file system view", () => {
    const calls: string[] = [];
    const sys = {
      fileExists: (p: string) => (calls.push(p), fs.existsSync(p)),
      directoryExists: (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory(),
      readFile: (p: string) => (fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined),
      realpath: (p: string) => fs.realpathSync(p),
      getDirectories: (p: string) => fs.readdirSync(p),
    };
    const cwd = path.join(os.tmpdir(), "somewhere-else");
    aliasPackageForTypeScript(sys, cwd, "kazami", ROOT);
    const alias = path.join(cwd, "node_modules", "kazami");
    expect(sys.fileExists(path.join(alias, "package.json"))).toBe(true);
    expect(calls.pop()).toBe(path.join(ROOT, "package.json"));
    expect(JSON.parse(sys.readFile(path.join(alias, "package.json")) as string).name).toBe("kazami");
    expect(sys.realpath(path.join(alias, "package.json"))).toBe(path.join(ROOT, "package.json"));
    expect(sys.directoryExists(path.join(cwd, "node_modules"))).toBe(true);
    expect(sys.fileExists(path.join(cwd, "node_modules", "other", "package.json"))).toBe(false);
  });
});

describe("shorthand properties (tslab workaround)", () => {
  const ts = Module.createRequire(require.resolve("tslab/package.json"))("@tslab/typescript-for-tslab");
  it("expands { x } to { x: x } everywhere an object literal has one, and nothing else", () => {
    expect(expandShorthands(ts, "f({ seed, label: 1 }, { a });").code).toBe("f({ seed: seed, label: 1 }, { a: a });");
    expect(expandShorthands(ts, "({ u, v = 2 } = o);").code).toBe("({ u: u, v: v = 2 } = o);");
    expect(expandShorthands(ts, "const { a, b } = o; const c = { ...o };").code).toBe("const { a, b } = o; const c = { ...o };");
    expect(expandShorthands(ts, "'{ s }' + `{ s }`").inserts).toEqual([]);
  });
  it("maps diagnostic columns back to the original code", () => {
    const code = "const q = { seed };\nconst r = { seed, more }; const bad: number = 'x';";
    const exp = expandShorthands(ts, code);
    const at = exp.code.indexOf("bad");
    const line1 = exp.code.indexOf("\n") + 1;
    const d = { start: { offset: at, line: 1, character: at - line1 }, end: { offset: at + 3, line: 1, character: at + 3 - line1 }, messageText: "m", category: 1, code: 2322 };
    const [back] = restoreDiagnostics([d], exp, code);
    const want = code.indexOf("bad");
    expect(back.start).toEqual({ offset: want, line: 1, character: want - (code.indexOf("\n") + 1) });
    expect(back.end.offset).toBe(want + 3);
  });
});
