/**
 * input_request on stdin as Jupyter front ends expect (`await notebook.input(prompt, {password})`),
 * driven by Debian's jupyter_client; a headless execution (allow_stdin false) fails at once with a
 * clear error instead of a hang; interrupting a cell that waits for input frees the kernel; the
 * runner's headless report says what to do.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notebook } from "../../src";
import { PYTHON, ROOT, hasPythonJupyter, jupyterEnv, requireBuilt, tempDir } from "./harness";

let dir: string;
beforeAll(() => {
  requireBuilt();
  if (!hasPythonJupyter(["jupyter_client"])) throw new Error(`${PYTHON} cannot import jupyter_client: run \`bash scripts/setup-system.sh test\``);
  dir = tempDir("stdin");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("notebook.input through a real Jupyter client", () => {
  it("answers prompts, refuses headless executions at once, and survives an interrupt while waiting", () => {
    const r = spawnSync(PYTHON, [path.join(__dirname, "python", "stdin.py")], { cwd: dir, env: jupyterEnv(dir), encoding: "utf8", timeout: 300_000 });
    const last = r.stdout.trim().split("\n").pop() ?? "";
    let out: Record<string, unknown>;
    try {
      out = JSON.parse(last) as Record<string, unknown>;
    } catch {
      throw new Error(`stdin.py printed no summary (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
    }
    expect(out.reply_status).toBe("ok");
    expect(out.requests).toEqual([{ prompt: "Your name? ", password: false }, { prompt: "Key: ", password: true }]);
    expect(out.result).toEqual(["'Ada/6'"]);
    expect(out.headless).toMatchObject({ status: "error", ename: "StdinNotImplementedError" });
    expect(String((out.headless as { evalue: string }).evalue)).toMatch(/allow_stdin = false.*pass the value as a parameter/);
    expect(out.headless_seconds as number).toBeLessThan(10);
    expect(out.waiting_prompt).toBe("Never answered? ");
    expect(out.interrupted).toMatchObject({ status: "error" });
    expect(out.after).toBe("ok");
  }, 320_000);
});

describe("notebook.input outside a kernel", () => {
  it("fails with a clear error naming the prompt, and refuses bad options", async () => {
    await expect(notebook.input("Seed? ")).rejects.toThrow(/notebook.input\("Seed\? "\): no Jupyter front end.*parameter/);
    await expect(notebook.input("x", { password: "yes" as never })).rejects.toThrow(/options.password must be a boolean/);
  });
});

describe("kazami run (headless)", () => {
  it("fails a cell that asks for input at once, saying to pass a parameter", () => {
    const nbDir = tempDir("stdin-run");
    try {
      const nb = { cells: [{ cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs: [], source: ['import { notebook } from "kazami";\n', 'const name = await notebook.input("Name? ");'] }],
        metadata: { kernelspec: { name: "kazami", display_name: "TypeScript (Kazami)", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 };
      fs.writeFileSync(path.join(nbDir, "ask.ipynb"), JSON.stringify(nb));
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), "run", path.join(nbDir, "ask.ipynb"), "--out", path.join(nbDir, "out")], { encoding: "utf8", timeout: 120_000 });
      expect(r.status).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/StdinNotImplementedError: input "Name\? " was requested, but this execution does not accept input/);
      expect(Date.now() - t0).toBeLessThan(60_000);
    } finally {
      fs.rmSync(nbDir, { recursive: true, force: true });
    }
  }, 150_000);
});
