import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/core/atomic-write";
import { parseNotebook, serializeNotebook, sourceCellNumbers, splitLines } from "../../src/runner/notebook";
import { parseRunArgs } from "../../src/runner/args";

describe("notebook I/O", () => {
  it("splits lines keeping newlines, as nbformat stores multi-line strings", () => {
    expect(splitLines("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(splitLines("a\nb")).toEqual(["a\n", "b"]);
    expect(splitLines("")).toEqual([]);
  });

  it("round-trips through Jupyter's layout: list-of-lines text, JSON MIME values kept as objects", () => {
    const text = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "kazami" } },
      cells: [
        {
          cell_type: "code",
          id: "abc",
          metadata: {},
          source: ["let a = 1;\n", "a"],
          execution_count: null,
          outputs: [{ output_type: "display_data", data: { "text/html": "<b>\nx</b>", "application/vnd.vegalite.v5+json": { mark: "bar" } }, metadata: {} }],
        },
        { cell_type: "markdown", metadata: {}, source: "# t" },
      ],
    });
    const nb = parseNotebook(text, "x.ipynb");
    const saved = serializeNotebook(nb);
    expect(saved.endsWith("}\n")).toBe(true);
    const again = JSON.parse(saved);
    expect(again.cells[0].source).toEqual(["let a = 1;\n", "a"]);
    expect(again.cells[0].outputs[0].data["text/html"]).toEqual(["<b>\n", "x</b>"]);
    expect(again.cells[0].outputs[0].data["application/vnd.vegalite.v5+json"]).toEqual({ mark: "bar" });
    expect(Object.keys(again)).toEqual(["cells", "metadata", "nbformat", "nbformat_minor"]);
    expect(serializeNotebook(parseNotebook(saved, "y"))).toBe(saved);
  });

  it("rejects what is not an nbformat 4 notebook, naming the file and the problem", () => {
    expect(() => parseNotebook("{", "a.ipynb")).toThrow(/^a\.ipynb: not a notebook \(invalid JSON/);
    expect(() => parseNotebook('{"nbformat": 3, "cells": []}', "b.ipynb")).toThrow("b.ipynb: expected nbformat 4, got 3");
    expect(() => parseNotebook('{"nbformat": 4, "cells": [{"cell_type": "heading", "source": ""}]}', "c")).toThrow(
      'c: cell 1 has cell_type "heading", expected code, markdown or raw',
    );
  });

  it("numbers cells as in the source notebook, skipping cells the runner added", () => {
    const nb = parseNotebook(
      JSON.stringify({
        nbformat: 4,
        cells: [
          { cell_type: "markdown", source: "", metadata: { tags: ["kazami-run-status"] } },
          { cell_type: "code", source: "", metadata: { tags: ["parameters"] } },
          { cell_type: "code", source: "", metadata: { tags: ["injected-parameters"] } },
          { cell_type: "code", source: "", metadata: {} },
        ],
      }),
      "x",
    );
    expect(sourceCellNumbers(nb)).toEqual([null, 1, null, 2]);
  });
});

describe("writeFileAtomic", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-atomic-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it("creates parent folders, replaces the file whole and leaves no temporary file", async () => {
    const file = path.join(dir, "a", "b.json");
    await writeFileAtomic(file, "one");
    await writeFileAtomic(file, "two");
    expect(fs.readFileSync(file, "utf8")).toBe("two");
    expect(fs.readdirSync(path.dirname(file))).toEqual(["b.json"]);
  });
});

describe("parseRunArgs", () => {
  it("parses notebooks, --scale as a parameter, repeated -p, jobs, timeout and out", () => {
    expect(parseRunArgs(["a.ipynb", "b.ipynb", "--scale", "paper", "-p", "seed=3", "-p", "label=x=y", "--jobs", "2", "--timeout", "30", "--out", "o"])).toEqual({
      notebooks: ["a.ipynb", "b.ipynb"],
      parameters: [["scale", "paper"], ["seed", "3"], ["label", "x=y"]],
      jobs: 2,
      timeoutSeconds: 30,
      outDir: "o",
      kernelName: "kazami",
      executor: "local",
    });
    expect(parseRunArgs(["-h"])).toBe("help");
  });

  it("rejects bad command lines with one-line messages", () => {
    const bad: Array<[string[], RegExp]> = [
      [[], /no notebooks given/],
      [["a", "--scale", "huge"], /--scale expects one of quick, paper, got "huge"/],
      [["a", "-p", "seed"], /-p expects NAME=VALUE/],
      [["a", "--jobs", "0"], /--jobs expects a positive integer, got "0"/],
      [["a", "--timeout=-1"], /--timeout expects seconds/],
      [["a", "--timeout", "soon"], /--timeout expects seconds/],
      [["a", "--frobnicate"], /Unknown option '--frobnicate'/],
      [["a", "--scale", "quick", "-p", "scale=paper"], /scale given twice/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseRunArgs(argv)).toThrow(message);
      try {
        parseRunArgs(argv);
      } catch (err) {
        expect((err as Error).message).not.toContain("\n");
      }
    }
  });
});
