import { describe, expect, it } from "vitest";
import { Notebook } from "../../src/runner/notebook";
import {
  ParameterError,
  injectParameters,
  notebookParameters,
  parseParameterDeclarations,
  resolveParameters,
} from "../../src/runner/parameters";

const SOURCE = [
  "// defaults for quick runs",
  'let scale: "quick" | "paper" = "quick";',
  "let seed = 0;",
  "let lr: number = 1e-3; // learning rate",
  "let label = 'it\\'s';",
  "let verbose = false",
  "const derived = seed + 1;",
].join("\n");

function notebook(minor = 5): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: minor,
    metadata: {},
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# title" },
      { cell_type: "code", metadata: { tags: ["parameters"] }, source: SOURCE, execution_count: null, outputs: [] },
      { cell_type: "code", metadata: {}, source: "console.log(scale)", execution_count: null, outputs: [] },
    ],
  };
}

describe("parseParameterDeclarations", () => {
  it("reads let lines with annotations, inferred types and defaults, skipping other statements", () => {
    const d = parseParameterDeclarations(SOURCE);
    expect(d.map((x) => [x.name, x.defaultValue, x.typeText])).toEqual([
      ["scale", "quick", '"quick" | "paper"'],
      ["seed", 0, "number"],
      ["lr", 0.001, "number"],
      ["label", "it's", "string"],
      ["verbose", false, "boolean"],
    ]);
    expect(d[0].type).toEqual([{ literal: "quick" }, { literal: "paper" }]);
  });

  it("rejects a let line it could not override", () => {
    expect(() => parseParameterDeclarations("let sizes = [1, 2];")).toThrow(/line 1: expected "let name = literal;"/);
    expect(() => parseParameterDeclarations("let x: Foo = 1;")).toThrow(ParameterError);
  });
});

describe("resolveParameters", () => {
  const decls = parseParameterDeclarations(SOURCE);
  it("converts command-line strings to the declared types", () => {
    expect(
      resolveParameters(decls, [["scale", "paper"], ["seed", "42"], ["lr", "-2.5e-4"], ["label", "x y"], ["verbose", "true"]], "nb"),
    ).toEqual({ scale: "paper", seed: 42, lr: -2.5e-4, label: "x y", verbose: true });
  });

  it("names the parameter, the expected type and the value for a wrong type", () => {
    expect(() => resolveParameters(decls, [["seed", "abc"]], "nb.ipynb")).toThrow('nb.ipynb: parameter "seed" expects number, got "abc"');
    expect(() => resolveParameters(decls, [["scale", "huge"]], "nb")).toThrow('parameter "scale" expects "quick" | "paper", got "huge"');
    expect(() => resolveParameters(decls, [["verbose", "yes"]], "nb")).toThrow(/expects boolean/);
    expect(() => resolveParameters(decls, [["seed", "Infinity"]], "nb")).toThrow(/expects number/);
    expect(() => resolveParameters(decls, [["seed", ""]], "nb")).toThrow(/expects number/);
  });

  it("lists the known names for an unknown parameter", () => {
    expect(() => resolveParameters(decls, [["sede", "1"]], "nb.ipynb")).toThrow(
      'nb.ipynb: unknown parameter "sede"; known parameters: scale, seed, lr, label, verbose',
    );
    expect(() => resolveParameters([], [["seed", "1"]], "nb")).toThrow(/no cell tagged parameters/);
  });

  it("accepts numeric literal unions by value", () => {
    const d = parseParameterDeclarations("let n: 32 | 64 = 32;");
    expect(resolveParameters(d, [["n", "64.0"]], "nb")).toEqual({ n: 64 });
    expect(() => resolveParameters(d, [["n", "48"]], "nb")).toThrow(/expects 32 \| 64/);
  });
});

describe("injectParameters", () => {
  it("inserts an injected-parameters cell right after the parameters cell", () => {
    const nb = notebook();
    const out = injectParameters(nb, { scale: "paper", seed: 3, label: 'a"b' });
    expect(out.cells).toHaveLength(4);
    expect(nb.cells).toHaveLength(3); // input untouched
    const cell = out.cells[2];
    expect(cell.metadata.tags).toEqual(["injected-parameters"]);
    expect(cell.source).toBe('// Parameters\nscale = "paper";\nseed = 3;\nlabel = "a\\"b";');
    expect(cell.id).toMatch(/^[0-9a-f]{8}$/);
    expect(notebookParameters(out).map((d) => d.name)).toContain("scale");
  });

  it("replaces an injected cell from an earlier run and adds no id before nbformat 4.5", () => {
    const once = injectParameters(notebook(4), { seed: 1 });
    const twice = injectParameters(once, { seed: 2 });
    expect(twice.cells).toHaveLength(4);
    expect(twice.cells[2].source).toBe("// Parameters\nseed = 2;");
    expect(twice.cells[2].id).toBeUndefined();
    expect(injectParameters(once, {}).cells).toHaveLength(3);
  });

  it("shares no cell or metadata with the input: runs of one notebook (a sweep's seeds) fill their own outputs", () => {
    const nb = notebook();
    const a = injectParameters(nb, { seed: 0 });
    const b = injectParameters(nb, { seed: 1 });
    const code = (n: typeof nb, i: number) => n.cells[i] as Extract<(typeof nb.cells)[number], { cell_type: "code" }>;
    code(a, 3).outputs = [{ output_type: "stream", name: "stdout", text: "seed 0" }];
    a.metadata.kazami = { run: { seed: 0 } };
    expect(code(b, 3).outputs).toEqual([]);
    expect(code(nb, 2).outputs).toEqual([]);
    expect(b.metadata.kazami).toBeUndefined();
    expect(nb.metadata.kazami).toBeUndefined();
    expect(injectParameters(nb, {}).cells[0]).not.toBe(nb.cells[0]);
  });

  it("refuses to inject into a notebook without a parameters cell", () => {
    const nb = notebook();
    nb.cells[1].metadata = {};
    expect(() => injectParameters(nb, { seed: 1 })).toThrow(/no code cell tagged parameters/);
  });
});
