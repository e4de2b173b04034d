/**
 * Real Python Jupyter clients (Debian's jupyter_client, jupyter_kernel_test, nbclient under
 * /usr/bin/python3) against the kernelspec committed in kernels/kazami (found through
 * JUPYTER_PATH=<repository root>). Jupyter state stays in a temporary folder.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PYTHON, ROOT, hasPythonJupyter, jupyterEnv, requireBuilt, tempDir } from "./harness";

let dir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  requireBuilt();
  if (!hasPythonJupyter()) throw new Error(`${PYTHON} cannot import jupyter_client, nbclient and jupyter_kernel_test: run \`bash scripts/setup-system.sh\``);
  dir = tempDir("jupyter");
  env = jupyterEnv(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function python(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(PYTHON, args, { cwd, env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("jupyter_kernel_test conformance suite", () => {
  it("passes every test, with every sample filled (none skipped, none expected to fail)", () => {
    const r = python([path.join(__dirname, "python", "conformance.py")], dir);
    const last = r.stdout.trim().split("\n").pop() ?? "";
    let summary: { run: number; failures: string[]; errors: string[]; skipped: string[]; expectedFailures: string[]; details: string[] };
    try {
      summary = JSON.parse(last);
    } catch {
      throw new Error(`conformance.py printed no summary (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
    }
    console.log(`jupyter_kernel_test: ${summary.run} tests, ${summary.failures.length} failures, ${summary.errors.length} errors, skipped ${JSON.stringify(summary.skipped)}`);
    expect(summary.details).toEqual([]);
    expect(summary.failures).toEqual([]);
    expect(summary.errors).toEqual([]);
    expect(summary.expectedFailures).toEqual([]);
    expect(summary.skipped).toEqual([]);
    expect(summary.run).toBe(12);
    expect(r.status).toBe(0);
  });
});

describe("nbclient", () => {
  it("executes a notebook with failing cells (allow_errors): every later cell still runs", () => {
    const nbDir = path.join(dir, "nb");
    fs.mkdirSync(nbDir, { recursive: true });
    const sources = [
      "let total = 1;",
      'throw new Error("runtime failure");',
      "total += 1;\ntotal",
      "const wrong: number = 'text';",
      'import { version } from "kazami";\nconsole.log("version", typeof version);\ntotal * 10',
      'globalThis[Symbol.for("kazami.kernel")].display({ "text/html": "<b>end</b>", "text/plain": "end" })',
    ];
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "kazami", display_name: "TypeScript (Kazami)", language: "typescript" } },
      cells: sources.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
    };
    const src = path.join(nbDir, "errors.ipynb");
    const dst = path.join(nbDir, "errors.out.ipynb");
    fs.writeFileSync(src, JSON.stringify(nb));
    const r = python([path.join(__dirname, "python", "nbclient_run.py"), src, dst], nbDir);
    expect(r.stderr.includes("Traceback") ? r.stderr : "").toBe("");
    expect(r.status).toBe(0);
    // nbformat stores multi-line strings as lists of lines; join them back
    const joined = (_key: string, v: unknown): unknown => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string") && _key !== "traceback" ? v.join("") : v);
    const out = JSON.parse(fs.readFileSync(dst, "utf8"), joined) as { cells: Array<{ execution_count: number; outputs: Array<Record<string, any>> }> };
    expect(out.cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5, 6]);
    const [c0, c1, c2, c3, c4, c5] = out.cells.map((c) => c.outputs);
    expect(c0).toEqual([]);
    expect(c1[0]).toMatchObject({ output_type: "error", ename: "Error", evalue: "runtime failure" });
    expect(c2[0]).toMatchObject({ output_type: "execute_result", data: { "text/plain": "2" } });
    expect(c3[0]).toMatchObject({ output_type: "error", ename: "TSError" });
    expect(c4.map((o) => o.output_type)).toEqual(["stream", "execute_result"]);
    expect(c4[0].text).toBe("version string\n");
    expect(c4[1].data).toEqual({ "text/plain": "20" });
    expect(c5[0]).toMatchObject({ output_type: "display_data", data: { "text/html": "<b>end</b>" } });
  });
});

describe("kernelspec", () => {
  it("the committed kernels/kazami is relocatable and found through JUPYTER_PATH=<repository root>", () => {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, "kernels", "kazami", "kernel.json"), "utf8")) as { argv: string[]; interrupt_mode: string };
    expect(spec.argv[1]).toBe("{resource_dir}/../../dist/cli.js");
    expect(spec.argv).toContain("{connection_file}");
    expect(spec.interrupt_mode).toBe("message");
    const r = python(["-c", "from jupyter_client.kernelspec import KernelSpecManager as M; s = M().get_kernel_spec('kazami'); print(s.resource_dir); print(s.language)"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([path.join(ROOT, "kernels", "kazami"), "typescript"]);
  });

  it("`kazami kernel install --prefix DIR` writes absolute paths and logos, and Jupyter finds it", () => {
    const prefix = path.join(dir, "prefix");
    const cli = path.join(ROOT, "dist", "cli.js");
    const r = spawnSync(process.execPath, [cli, "kernel", "install", "--prefix", prefix, "--name", "kazami-test"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const kdir = path.join(prefix, "share", "jupyter", "kernels", "kazami-test");
    const spec = JSON.parse(fs.readFileSync(path.join(kdir, "kernel.json"), "utf8")) as { argv: string[] };
    expect(spec.argv).toEqual([process.execPath, cli, "kernel", "start", "{connection_file}"]);
    expect(fs.existsSync(path.join(kdir, "logo-64x64.png"))).toBe(true);
    const found = python(["-c", "from jupyter_client.kernelspec import KernelSpecManager as M; print(M().get_kernel_spec('kazami-test').argv[0])"], dir, {
      JUPYTER_PATH: path.join(prefix, "share", "jupyter"),
    });
    expect(found.stdout.trim()).toBe(process.execPath);
  });

  it("`kazami kernel install --user` honours JUPYTER_DATA_DIR; bad options are refused", () => {
    const cli = path.join(ROOT, "dist", "cli.js");
    const r = spawnSync(process.execPath, [cli, "kernel", "install", "--user"], { encoding: "utf8", env });
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(env.JUPYTER_DATA_DIR as string, "kernels", "kazami", "kernel.json"))).toBe(true);
    const bad = spawnSync(process.execPath, [cli, "kernel", "install", "--name", "no spaces"], { encoding: "utf8", env });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--name must use letters");
    const both = spawnSync(process.execPath, [cli, "kernel", "install", "--user", "--prefix", "/tmp/x"], { encoding: "utf8", env });
    expect(both.stderr).toContain("exclude each other");
  });
});
