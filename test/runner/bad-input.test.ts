// `kazami run` with bad input: each problem is one clear line, exit code 2, and no kernel starts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCaptured } from "./capture";

const fixtures = path.resolve(__dirname, "../fixtures/notebooks");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-bad-input-"));
const marker = path.join(tmp, "kernel-was-started");
let savedJupyterPath: string | undefined;

beforeAll(() => {
  // A kernelspec named kazami that would leave a marker file if anything started it.
  const spec = path.join(tmp, "jupyter", "kernels", "kazami");
  fs.mkdirSync(spec, { recursive: true });
  fs.writeFileSync(
    path.join(spec, "kernel.json"),
    JSON.stringify({ argv: ["/bin/sh", "-c", `touch ${marker}`, "{connection_file}"], display_name: "marker", language: "typescript" }),
  );
  savedJupyterPath = process.env.JUPYTER_PATH;
  process.env.JUPYTER_PATH = path.join(tmp, "jupyter");
});
afterAll(() => {
  if (savedJupyterPath === undefined) delete process.env.JUPYTER_PATH;
  else process.env.JUPYTER_PATH = savedJupyterPath;
  fs.rmSync(tmp, { recursive: true, force: true });
});

function run(...argv: string[]): ReturnType<typeof runCaptured> {
  return runCaptured([...argv, "--out", path.join(tmp, "out")]);
}

describe("kazami run: bad input", () => {
  const good = path.join(fixtures, "outputs.ipynb");

  it("a missing notebook path", async () => {
    const { code, lines } = await run(good, "notebooks/no-such.ipynb");
    expect(code).toBe(2);
    expect(lines).toEqual(["kazami run: notebooks/no-such.ipynb: no such notebook"]);
  });

  it("a parameter whose value is not of the declared type", async () => {
    const { code, lines } = await run(good, "-p", "seed=abc");
    expect(code).toBe(2);
    expect(lines).toEqual([`kazami run: ${good}: parameter "seed" expects number, got "abc"`]);
    const union = await run(good, "-p", "scale=huge");
    expect(union.code).toBe(2);
    expect(union.lines).toEqual([`kazami run: ${good}: parameter "scale" expects "quick" | "paper", got "huge"`]);
  });

  it("an unknown parameter name, listing the known ones", async () => {
    const { code, lines } = await run(good, "-p", "sede=1");
    expect(code).toBe(2);
    expect(lines).toEqual([`kazami run: ${good}: unknown parameter "sede"; known parameters: scale, seed, label`]);
  });

  it("an invalid --scale, a file that is not a notebook, and several problems at once", async () => {
    expect((await run(good, "--scale", "huge")).lines).toEqual(['kazami run: --scale expects one of quick, paper, got "huge"']);
    const notNotebook = path.join(tmp, "x.ipynb");
    fs.writeFileSync(notNotebook, '{"cells": []}');
    const { code, lines } = await run(notNotebook, "missing.ipynb", good, "-p", "seed=1.5.2");
    expect(code).toBe(2);
    expect(lines).toEqual([
      `kazami run: ${notNotebook}: expected nbformat 4, got undefined`,
      "kazami run: missing.ipynb: no such notebook",
      `kazami run: ${good}: parameter "seed" expects number, got "1.5.2"`,
    ]);
  });

  it("a bad --seeds list, --seeds with -p seed, and --seeds on a notebook without a seed parameter", async () => {
    for (const [list, message] of [
      ["0,x", 'kazami run: --seeds expects non-negative integers or ranges a..b separated by commas (e.g. 0,1,2 or 0..9), got "x" in "0,x"'],
      ["2..1", 'kazami run: --seeds: range "2..1" runs backwards; write 1..2'],
      ["0,1,1", 'kazami run: --seeds lists seed 1 more than once in "0,1,1"'],
      ["", "kazami run: --seeds expects non-negative integers or ranges a..b separated by commas (e.g. 0,1,2 or 0..9), got an empty list"],
    ]) {
      const { code, lines } = await run(good, "--seeds", list);
      expect(code, list).toBe(2);
      expect(lines).toEqual([message]);
    }
    const both = await run(good, "--seeds", "0,1", "-p", "seed=2");
    expect(both.code).toBe(2);
    expect(both.lines).toEqual(["kazami run: --seeds 0,1 and -p seed=2 both set the seed; use --seeds alone (it runs one kernel per seed)"]);
    const noSeed = path.join(fixtures, "error.ipynb");
    const missing = await run(good, noSeed, "--seeds", "0..2");
    expect(missing.code).toBe(2);
    expect(missing.lines).toEqual([`kazami run: ${noSeed}: --seeds sets the parameter "seed", which this notebook does not declare; known parameters: scale`]);
  });

  it("started no kernel and wrote nothing", () => {
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(path.join(tmp, "out"))).toBe(false);
  });
});
