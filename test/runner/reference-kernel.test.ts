// The runner's client against Jupyter's reference kernel (Debian's ipykernel, kernelspec python3):
// streams, display updates by display_id, clear_output(wait), execute_result, a check bundle, and a
// cell timeout that interrupts the kernel (SIGINT) and keeps the outputs so far.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCaptured } from "./capture";
import { KernelManager, liveKernels } from "../../src/runner/kernel-manager";
import { findKernelSpec } from "../../src/runner/kernelspec";


const source = path.resolve(__dirname, "../fixtures/notebooks/python-reference.ipynb");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-ref-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
const text = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);

describe("kazami run --kernel python3 (ipykernel)", () => {
  it("collects outputs like nbclient and stops at a timed-out cell", async () => {
    const { code, lines } = await runCaptured([source, "--kernel", "python3", "--timeout", "3", "--out", out]);
    expect(code, lines.join("\n")).toBe(1);
    expect(lines.filter((l) => l.includes("FAILED"))).toEqual([`kazami run: FAILED ${source}: cell 6: timed out after 3 s`]);
    const nb = JSON.parse(fs.readFileSync(path.join(out, "notebooks/python-reference.ipynb"), "utf8"));
    const cells = nb.cells.slice(1); // after the status banner
    expect(cells[1].outputs.map((o: any) => [o.name, text(o.text)])).toEqual([
      ["stdout", "one\ntwo\n"],
      ["stderr", "err\n"],
    ]);
    expect(cells[2].outputs).toHaveLength(1);
    expect(text(cells[2].outputs[0].data["text/plain"])).toBe("progress 100%");
    expect(cells[3].outputs.map((o: any) => text(o.text))).toEqual(["after clear\n"]);
    expect(cells[4].outputs[1]).toMatchObject({ output_type: "execute_result", execution_count: 4 });
    expect(text(cells[4].outputs[1].data["text/plain"])).toBe("42");
    const slow = cells[5].outputs;
    expect(text(slow[0].text)).toBe("sleeping\n");
    expect(slow.map((o: any) => o.ename).filter(Boolean)).toEqual(["KeyboardInterrupt", "CellTimeoutError"]);
    expect(cells[6].outputs).toEqual([]);
    const entry = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).notebooks["python-reference"];
    expect(entry).toMatchObject({ status: "timeout", cells: { total: 6, run: 4 }, kernel: { name: "python3", implementation: "ipython" } });
    expect(entry.checks).toEqual([{ name: "sum", value: 3, condition: { within: [2, 4] }, passed: true, cell: 5 }]);
  });
});

describe("KernelManager with ipykernel", () => {
  it("starts from the kernelspec, answers the heartbeat, and shuts down leaving nothing behind", async () => {
    const runtimeDir = path.join(out, "runtime");
    const km = await KernelManager.start(findKernelSpec("python3"), { cwd: out, startupTimeoutMs: 60_000, runtimeDir });
    try {
      expect(liveKernels.has(km)).toBe(true);
      expect(fs.statSync(km.connectionFile).mode & 0o777).toBe(0o600);
      expect(km.info).toMatchObject({ status: "ok", implementation: "ipython", language_info: { name: "python" } });
      expect(await km.client.heartbeat(5000)).toBe(true);
    } finally {
      const exit = await km.shutdown();
      expect(exit).toEqual({ code: 0, signal: null });
    }
    expect(liveKernels.has(km)).toBe(false);
    expect(fs.readdirSync(runtimeDir)).toEqual([]);
    expect(await km.client.heartbeat(100)).toBe(false);
  });

  it("fails fast, quoting the kernel's stderr, when the kernel exits before it is ready", async () => {
    const spec = { ...findKernelSpec("python3"), argv: ["/usr/bin/python3", "-c", "import sys; sys.stderr.write('no such thing\\n'); sys.exit(3)", "{connection_file}"] };
    await expect(KernelManager.start(spec, { cwd: out, startupTimeoutMs: 30_000 })).rejects.toThrow(
      'kernel "python3" exited with code 3 before it was ready; its last output: no such thing',
    );
    expect(liveKernels.size).toBe(0);
  });
});
