// Ctrl-C leaves no orphans: spawn the real CLI (dist/cli.js) running two notebooks at once whose
// second cell sleeps for minutes, send SIGINT while both cells run, then check that the CLI exits
// with 130, that every kernel process (and its process group) is gone, and that both partial
// notebooks and the manifest were written, marked "interrupted", with the outputs so far.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-sigint-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Live processes from /proc: pid, parent pid, process group (zombies left out). */
function processTable(): Array<{ pid: number; ppid: number; pgrp: number }> {
  const rows: Array<{ pid: number; ppid: number; pgrp: number }> = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state !== "Z") rows.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp) });
    } catch {
      // the process ended while we looked
    }
  }
  return rows;
}

/** Every live descendant of `pid`. */
function descendants(pid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = table.filter((p) => frontier.includes(p.ppid)).map((p) => p.pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("SIGINT during a run", () => {
  it("stops every kernel it started and writes what ran, marked interrupted", async () => {
    expect(fs.existsSync(path.join(root, "dist", "cli.js")), "run `npm run build` first").toBe(true);
    const fixture = path.join(root, "test/fixtures/notebooks/timeout.ipynb");
    const nbs = ["a", "b"].map((n) => path.join(tmp, `${n}.ipynb`));
    for (const nb of nbs) fs.copyFileSync(fixture, nb);
    const out = path.join(tmp, "out");
    const child = spawn(process.execPath, [path.join(root, "dist/cli.js"), "run", ...nbs, "--jobs", "2", "--timeout", "0", "--out", out], {
      cwd: root,
      env: { ...process.env, JUPYTER_PATH: root },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const bothSleeping = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the cells did not start within 90 s:\n${stderr}`)), 90_000);
      void exit.then((code) => reject(new Error(`the CLI exited (code ${code}) before the cells started:\n${stderr}`)));
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("[a] cell 2/3") && stderr.includes("[b] cell 2/3")) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      await bothSleeping;
      await sleep(1500); // let "waiting" reach the runner
      const kernels = [...stderr.matchAll(/kernel kazami started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
      expect(kernels).toHaveLength(2);
      for (const pid of kernels) expect(alive(pid)).toBe(true);
      // The kernels and everything they started (the Kazami kernel runs cells in a child engine).
      const started = [...kernels, ...kernels.flatMap(descendants)];

      child.kill("SIGINT");
      const code = await Promise.race([exit, new Promise<"hung">((r) => setTimeout(() => r("hung"), 30_000))]);
      expect(code, stderr).toBe(130);
      // Bounded wait: a helper process may take a moment to notice its kernel is gone.
      for (let i = 0; i < 50 && started.some(alive); i++) await sleep(100);
      expect(started.filter(alive), `processes left from kernels ${kernels.join(", ")} (started: ${started.join(", ")})`).toEqual([]);
      expect(processTable().filter((p) => kernels.includes(p.pgrp)), "members left in the kernels' process groups").toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    expect(stderr).toContain("SIGINT: stopping 2 kernel(s)");
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    for (const name of ["a", "b"]) {
      expect(manifest.notebooks[name]).toMatchObject({ status: "interrupted", failure: { cell: 2 }, cells: { total: 3, run: 1 } });
      const nb = JSON.parse(fs.readFileSync(path.join(out, "notebooks", `${name}.ipynb`), "utf8"));
      expect(nb.metadata.kazami.run.status).toBe("interrupted");
      const sleeping = nb.cells[2];
      expect([].concat(sleeping.outputs[0].text).join("")).toBe("waiting\n");
      expect(sleeping.outputs.at(-1)).toMatchObject({ output_type: "error", ename: "KeyboardInterrupt" });
    }
    expect(fs.readdirSync(path.join(out, "notebooks")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
