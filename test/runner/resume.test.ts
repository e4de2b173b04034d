// `kazami run --resume DIR` of a local run: the runner is killed with SIGKILL (and its kernels)
// mid-suite, after the first of two notebooks finished; --resume keeps that one (its record and
// executed notebook untouched: not run again) and runs the other, and the manifest has the same
// entries as a fresh run's. Then: a tampered output, and a changed notebook, each run their task
// again with the reason printed, the other task kept; a folder a live runner holds is refused.
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRunArgs } from "../../src/runner/args";
import { NotebookEntry } from "../../src/runner/manifest";
import { runCaptured } from "./capture";

const root = path.resolve(__dirname, "../..");
const fixtures = path.join(root, "test/fixtures/notebooks");
const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, "utf8"));
let dir: string;
let a: string, b: string, out: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-resume-"));
  a = path.join(dir, "resume-a.ipynb");
  b = path.join(dir, "resume-b.ipynb");
  fs.copyFileSync(path.join(fixtures, "resume-a.ipynb"), a);
  fs.copyFileSync(path.join(fixtures, "resume-b.ipynb"), b);
  out = path.join(dir, "out");
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Pids of every descendant of `pid` (from /proc), deepest last. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    frontier = [...parent].filter(([, ppid]) => frontier.includes(ppid)).map(([p]) => p);
    found.push(...frontier);
  }
  return found;
}

async function waitFor(what: string, ok: () => boolean, child: ChildProcess, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (child.exitCode !== null) throw new Error(`the runner exited (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The parts of an entry a rerun must reproduce (not its times or kernel pid). */
function essence(e: NotebookEntry): unknown {
  return {
    notebook: e.notebook,
    source: e.source,
    executed: e.executed,
    status: e.status,
    cells: e.cells,
    parameters: e.parameters,
    checks: e.checks.map((c) => ({ name: c.name, value: c.value, passed: c.passed, control: c.control })),
    figures: e.figures.map((f) => f.files.map((x) => ({ path: x.path, sha256: x.sha256 }))),
  };
}

const essences = (manifestFile: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(readJson(manifestFile).notebooks as Record<string, NotebookEntry>).map(([k, e]) => [k, essence(e)]));

describe("kazami run --resume (local)", () => {
  it("parses: --resume with --jobs; no notebooks or run options", () => {
    expect(parseRunArgs(["--resume", "o", "--jobs", "2"])).toMatchObject({ resume: "o", jobs: 2, executor: "local" });
    expect(() => parseRunArgs(["--resume", "o", "--scale", "paper"])).toThrow(/takes the notebooks and options from the run recorded in o; give only --jobs or Slurm options with it, not --scale/);
  });

  it("after SIGKILL mid-suite keeps the finished notebook, runs the other; tampered outputs and changed notebooks run again", async () => {
    const hold = path.join(dir, "hold");
    fs.writeFileSync(hold, "");
    const t0 = Date.now();
    // 1. A run of a and b, killed (runner and kernels, SIGKILL) while b waits on the hold file.
    const runner = spawn(process.execPath, [path.join(root, "dist/cli.js"), "run", a, b, "--out", out], {
      env: { ...process.env, KAZAMI_TEST_HOLD: hold },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    runner.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    await waitFor("a's record and b's waiting cell", () => fs.existsSync(path.join(out, "local/tasks/0.json")) && fs.existsSync(`${hold}.started`), runner);
    const pids = [runner.pid as number, ...descendants(runner.pid as number)];
    expect(pids.length, "the runner, b's kernel and its engine").toBeGreaterThanOrEqual(3);
    const exited = new Promise((resolve) => runner.once("exit", resolve));
    for (const pid of pids) process.kill(pid, "SIGKILL");
    await exited;
    expect(stderr).toContain("[resume-a] ok");
    expect(stderr).not.toContain("[resume-b] ok");
    expect(fs.existsSync(path.join(out, "local/tasks/1.json")), "b has no record").toBe(false);
    expect(Object.keys(readJson(path.join(out, "manifest.json")).notebooks)).toEqual(["resume-a"]);
    expect(readJson(path.join(out, "kazami.lock")).pid, "the killed runner's lock is left").toBe(runner.pid);
    const recordA = fs.readFileSync(path.join(out, "local/tasks/0.json"), "utf8");
    const executedA = fs.readFileSync(path.join(out, "notebooks/resume-a.ipynb"), "utf8");

    // 2. --resume: a kept (its record and executed notebook untouched), b runs; the stale lock is taken over.
    fs.rmSync(hold);
    const resumed = await runCaptured(["--resume", out]);
    const text = resumed.lines.join("\n");
    expect(resumed.code, text).toBe(0);
    expect(text).toContain(`${b}: runs again (no record)`);
    expect(text).toContain("resume: 1 finished run(s) kept, 1 to run");
    expect(text).toContain("2/2 notebook(s) ok (1 kept from before)");
    expect(text).not.toContain("[resume-a]");
    expect(fs.readFileSync(path.join(out, "local/tasks/0.json"), "utf8")).toBe(recordA);
    expect(fs.readFileSync(path.join(out, "notebooks/resume-a.ipynb"), "utf8")).toBe(executedA);
    expect(readJson(path.join(out, "local/tasks/1.json")).entry.status).toBe("ok");
    expect(fs.existsSync(path.join(out, "kazami.lock")), "released").toBe(false);

    // 3. The manifest has the entries a fresh run writes.
    const fresh = await runCaptured([a, b, "--out", path.join(dir, "fresh")]);
    expect(fresh.code, fresh.lines.join("\n")).toBe(0);
    expect(essences(path.join(out, "manifest.json"))).toEqual(essences(path.join(dir, "fresh/manifest.json")));
    expect(fs.existsSync(path.join(out, "index.html"))).toBe(true);

    // 4. A tampered output: a runs again and says why; b is kept.
    const recordB = fs.readFileSync(path.join(out, "local/tasks/1.json"), "utf8");
    const svg = readJson(path.join(out, "manifest.json")).notebooks["resume-a"].figures[0].files.find((f: { format: string }) => f.format === "svg").path;
    fs.appendFileSync(path.join(out, svg), "<!-- edited -->");
    const tampered = await runCaptured(["--resume", out]);
    const text2 = tampered.lines.join("\n");
    expect(tampered.code, text2).toBe(0);
    expect(text2).toContain(`${a}: runs again (output ${svg} changed since it was written)`);
    expect(text2).toContain("[resume-a] ok");
    expect(text2).not.toContain("[resume-b]");
    expect(fs.readFileSync(path.join(out, "local/tasks/1.json"), "utf8")).toBe(recordB);
    expect(fs.readFileSync(path.join(out, svg), "utf8")).not.toContain("edited");

    // 5. A changed notebook: b runs again; a is kept.
    const nb = readJson(b);
    nb.cells[4].source = [String(nb.cells[4].source.join("")).replace("0.01 * (seed + 1)", "0.02 * (seed + 1)")];
    fs.writeFileSync(b, JSON.stringify(nb, null, 1));
    const changed = await runCaptured(["--resume", out]);
    const text3 = changed.lines.join("\n");
    expect(changed.code, text3).toBe(0);
    expect(text3).toContain(`${b}: runs again (the notebook or its parameters changed since it ran)`);
    expect(text3).not.toContain("[resume-a]");
    expect(readJson(path.join(out, "manifest.json")).notebooks["resume-b"].checks[0].value).toBe(0.02);
    console.log(`kill, resume, fresh run, two more resumes: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 300_000);

  it("refuses a folder a live runner holds (its pid named), takes over the lock of one that is gone", async () => {
    const sleeper = spawn("sleep", ["60"]);
    try {
      const start = fs.readFileSync(`/proc/${sleeper.pid}/stat`, "utf8");
      const procStart = start.slice(start.lastIndexOf(")") + 2).split(" ")[19];
      fs.writeFileSync(path.join(out, "kazami.lock"), JSON.stringify({ pid: sleeper.pid, host: os.hostname(), started: "2026-01-01T00:00:00.000Z", procStart }));
      const refused = await runCaptured(["--resume", out]);
      expect(refused.code).toBe(2);
      expect(refused.lines.join("\n")).toContain(`${out} is in use by kazami run pid ${sleeper.pid}`);
      // The same pid with another start time is a reused pid, not the runner that took the lock.
      fs.writeFileSync(path.join(out, "kazami.lock"), JSON.stringify({ pid: sleeper.pid, host: os.hostname(), started: "2026-01-01T00:00:00.000Z", procStart: "1" }));
      const reused = await runCaptured(["--resume", out]);
      expect(reused.code, reused.lines.join("\n")).toBe(0);
      expect(reused.lines.join("\n")).toContain("resume: 2 finished run(s) kept, 0 to run");
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("--resume of a folder with no run says what it looked for (exit 2)", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-noresume-"));
    try {
      const { code, lines } = await runCaptured(["--resume", empty]);
      expect(code).toBe(2);
      expect(lines.join("\n")).toContain(`${empty} holds no run to resume: neither ${empty}/local/run.json (written by kazami run) nor ${empty}/slurm/sweep.json`);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
