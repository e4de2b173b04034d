// `kazami run --executor slurm`: the options, Slurm's outputs as the runner reads them, the sbatch
// script and task records; then a real one-node Slurm (scripts/slurm.sh: Debian's munged, slurmctld,
// slurmd, started here and stopped afterwards even on failure): the tour and notebook 08 for seeds
// 0 and 1 as one job array — the submitting command stopped with Ctrl-C, `--resume` following the
// queued tasks, one task cancelled mid-run and reported (notebook, seed, Slurm job id, log tail)
// while the others finish, then `--resume` submitting only that task; and two array tasks
// loading one dataset into a shared cache at once (one builds, the other waits for it).
// Nothing is skipped: if Slurm cannot start, the tests fail with the script's reason.
import { execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError, parseRunArgs } from "../../src/runner/args";
import { NotebookEntry } from "../../src/runner/manifest";
import { arraySpec, parseIndexRange, parseSbatchJobId, parseScontrol, parseSqueue } from "../../src/runner/slurm-queue";
import { finishedTask, hashOutputs, readTaskRecord, sha256, writeTaskRecord } from "../../src/runner/records";
import { renderSbatchScript, shellQuote } from "../../src/runner/slurm-script";
import { runCaptured } from "./capture";

const root = path.resolve(__dirname, "../..");
const readJson = (file: string): any => JSON.parse(fs.readFileSync(file, "utf8"));

describe("--executor slurm options", () => {
  it("parses the Slurm flags, --jobs as the array's cap, --seeds 0..9", () => {
    const o = parseRunArgs([
      "a.ipynb", "--seeds", "0..9", "--scale", "paper", "--executor", "slurm", "--partition", "gpu", "--gpus-per-task", "1",
      "--time", "02:00:00", "--sbatch-arg=--mem=16G", "--sbatch-arg=--account=abc", "--jobs", "4",
    ]);
    expect(o).toMatchObject({
      seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      executor: "slurm",
      slurm: { partition: "gpu", gpusPerTask: 1, time: "02:00:00", sbatchArgs: ["--mem=16G", "--account=abc"], maxRunning: 4 },
    });
    expect(parseRunArgs(["a.ipynb"])).toMatchObject({ executor: "local" });
    expect(parseRunArgs(["a.ipynb"])).not.toHaveProperty("slurm");
    expect(parseRunArgs(["a.ipynb", "--executor", "slurm"])).toMatchObject({ slurm: { sbatchArgs: [] } });
    expect((parseRunArgs(["a.ipynb", "--executor", "slurm"]) as any).slurm).not.toHaveProperty("maxRunning");
    for (const t of ["90", "1:30", "1-0", "1-12:00:00", "100:00:00"]) expect(parseRunArgs(["a.ipynb", "--executor", "slurm", "--time", t])).toMatchObject({ slurm: { time: t } });
  });

  it.each([
    [["--executor", "pbs"], /--executor expects one of local, slurm, got "pbs"/],
    [["--partition", "gpu"], /--partition needs --executor slurm/],
    [["--time", "1:00", "--gpus-per-task", "1"], /--gpus-per-task, --time need --executor slurm/],
    [["--executor", "slurm", "--gpus-per-task", "0"], /--gpus-per-task expects a positive integer, got "0"/],
    [["--executor", "slurm", "--time", "2h"], /--time expects a Slurm time limit such as HH:MM:SS/],
    [["--executor", "slurm", "--partition", "a b"], /--partition expects a partition name/],
    [["--executor", "slurm", "--sbatch-arg", "mem=1G"], /--sbatch-arg expects one sbatch option starting with "-"/],
    [["--executor", "slurm", "--sbatch-arg=--mem=1G\n#SBATCH --x"], /on one line/],
    [["--executor", "slurm", "--sbatch-arg", "--mem=1G"], /argument is ambiguous\. To specify an option argument starting with a dash use '--sbatch-arg=-XYZ'/],
    [["--executor", "slurm", "--sbatch-arg=--array=0-3"], /--array is set by kazami run/],
    [["--executor", "slurm", "--sbatch-arg=-o", "x"], /-o is set by kazami run/],
  ])("refuses %j", (flags, message) => {
    expect(() => parseRunArgs(["a.ipynb", ...flags])).toThrow(UsageError);
    expect(() => parseRunArgs(["a.ipynb", ...flags])).toThrow(message);
  });

  it("--resume DIR takes only Slurm options (and --jobs)", () => {
    expect(parseRunArgs(["--resume", "out", "--time", "1:00:00"])).toMatchObject({ resume: "out", outDir: "out", executor: "slurm", slurm: { time: "1:00:00" } });
    expect(() => parseRunArgs(["--resume", "out", "a.ipynb"])).toThrow(/--resume out takes the notebooks and options from the run recorded in out; give only --jobs or Slurm options with it, not a\.ipynb/);
    expect(() => parseRunArgs(["--resume", "out", "--seeds", "0,1"])).toThrow(/not --seeds/);
  });

  it("kazami run --resume of a folder without a sweep says so (exit 2)", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-noresume-"));
    try {
      const { code, lines } = await runCaptured(["--resume", empty]);
      expect(code).toBe(2);
      expect(lines.join("\n")).toMatch(/holds no run to resume: neither .*\/local\/run\.json \(written by kazami run\) nor .*\/slurm\/sweep\.json \(by kazami run --executor slurm\) exists/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("Slurm's outputs as the runner reads them", () => {
  it("sbatch --parsable, squeue -r (folded pending tasks too), scontrol show job -o", () => {
    expect(parseSbatchJobId("12\n")).toBe("12");
    expect(parseSbatchJobId("12;cluster\n")).toBe("12");
    expect(() => parseSbatchJobId("sbatch: error")).toThrow(/expected a job id/);
    expect(parseIndexRange("1-3,7,9-13:2%2")).toEqual([1, 2, 3, 7, 9, 11, 13]);
    const q = parseSqueue("12_0|RUNNING\n12_[2-4%2]|PENDING\n13_5|COMPLETING\ngarbage\n");
    expect([...q]).toEqual([["12_0", "RUNNING"], ["12_2", "PENDING"], ["12_3", "PENDING"], ["12_4", "PENDING"], ["13_5", "COMPLETING"]]);
    const line =
      "JobId=14 ArrayJobId=12 ArrayTaskId=3 JobName=kazami-out UserId=root(0) JobState=CANCELLED Reason=None ExitCode=0:15 " +
      "RunTime=00:00:41 NodeList=vm Command=/tmp/a b/sweep.sbatch";
    expect(parseScontrol(`${line}\nJobId=12 ArrayJobId=12 ArrayTaskId=4-5 JobState=PENDING ExitCode=0:0\n`)).toEqual(
      new Map([["12_3", { state: "CANCELLED", exitCode: "0:15", nodeList: "vm", runTime: "00:00:41" }]]),
    );
    expect(arraySpec([5, 0, 1, 2, 7, 8])).toBe("0-2,5,7-8");
    expect(arraySpec([3], 2)).toBe("3%2");
  });

  it("the sbatch script: one array, logs per task, the asked resources, each task listed", () => {
    const s = renderSbatchScript({
      jobName: "kazami-out",
      tasks: [
        { index: 0, source: "notebooks/00-tour.ipynb", seed: 0, runName: "00-tour.seed0" },
        { index: 1, source: "notebooks/00-tour.ipynb", seed: 1, runName: "00-tour.seed1" },
      ],
      throttle: 1,
      slurm: { partition: "gpu", gpusPerTask: 2, time: "1:00:00", sbatchArgs: ["--mem=16G"] },
      logDir: "/o/slurm/logs",
      cwd: "/home/me/my repo",
      node: "/usr/bin/node",
      taskEntry: "/r/dist/runner/slurm-task.js",
      sweepFile: "/o/slurm/sweep.json",
    });
    const directives = s.split("\n").filter((l) => l.startsWith("#SBATCH"));
    expect(directives).toEqual([
      "#SBATCH --job-name=kazami-out", "#SBATCH --array=0-1%1", "#SBATCH --output=/o/slurm/logs/%A_%a.log", "#SBATCH --ntasks=1",
      "#SBATCH --partition=gpu", "#SBATCH --gpus-per-task=2", "#SBATCH --time=1:00:00", "#SBATCH --mem=16G",
    ]);
    expect(s).toContain("#   task 1: notebooks/00-tour.ipynb seed 1 → 00-tour.seed1");
    expect(s).toContain(`cd '/home/me/my repo'\nexec /usr/bin/node /r/dist/runner/slurm-task.js /o/slurm/sweep.json "$SLURM_ARRAY_TASK_ID"\n`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe("task records", () => {
  it("a task is finished only with its key, status ok and every output as recorded", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-records-"));
    try {
      fs.mkdirSync(path.join(out, "notebooks"));
      fs.mkdirSync(path.join(out, "figures/a"), { recursive: true });
      fs.writeFileSync(path.join(out, "notebooks/a.ipynb"), "{}");
      fs.writeFileSync(path.join(out, "figures/a/1.png"), "png");
      const entry = {
        notebook: "a", source: "a.ipynb", executed: "notebooks/a.ipynb", status: "ok", started: "", durationSeconds: 1, cells: { total: 1, run: 1 },
        parameters: {}, checks: [], provenance: [],
        figures: [{ index: 1, cell: 1, files: [{ path: "figures/a/1.png", format: "png", sha256: sha256("png"), bytes: 3 }] }],
      } as NotebookEntry;
      const dir = path.join(out, "slurm/tasks");
      expect(await finishedTask(out, "k1", await readTaskRecord(dir, 0))).toBe("no record");
      await writeTaskRecord(dir, out, "k1", 0, entry, { slurmJob: "12_0", host: "vm" });
      const record = await readTaskRecord(dir, 0);
      expect(record).toMatchObject({ key: "k1", index: 0, runName: "a", place: { slurmJob: "12_0" } });
      expect(record?.outputs).toEqual(await hashOutputs(out, entry));
      expect(await finishedTask(out, "k1", record)).toBe(true);
      expect(await finishedTask(out, "k2", record)).toBe("the notebook or its parameters changed since it ran");
      expect(await finishedTask(out, "k1", { ...(record as any), entry: { ...entry, status: "check-failed" } })).toBe("it ended check-failed");
      fs.writeFileSync(path.join(out, "figures/a/1.png"), "other");
      expect(await finishedTask(out, "k1", record)).toBe("output figures/a/1.png changed since it was written");
      fs.rmSync(path.join(out, "notebooks/a.ipynb"));
      expect(await finishedTask(out, "k1", record)).toBe("output notebooks/a.ipynb is missing");
      fs.writeFileSync(path.join(dir, "1.json"), "{");
      const problems: string[] = [];
      expect(await readTaskRecord(dir, 1, (p) => problems.push(p))).toBeUndefined();
      expect(problems[0]).toMatch(/1\.json is not valid JSON/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

/** Two consecutive free TCP ports (slurmctld's and slurmd's). */
async function freePorts(): Promise<number> {
  const free = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const s: net.Server = net.createServer().once("error", () => resolve(false)).once("listening", () => s.close(() => resolve(true)));
      s.listen(port, "127.0.0.1");
    });
  for (let tries = 0; tries < 50; tries++) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    if ((await free(base)) && (await free(base + 1))) return base;
  }
  throw new Error("no two consecutive free ports for slurmctld and slurmd");
}

const sh = (cmd: string, args: string[]): Promise<{ code: number; out: string }> =>
  new Promise((resolve) => {
    execFile(cmd, args, { cwd: root, env: process.env, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, out: `${stdout}${stderr}` }),
    );
  });

describe("a real one-node Slurm", () => {
  // Made in beforeAll (not when the file is collected), so a filtered run leaves nothing behind.
  let base = "";
  let cluster = "";
  let out = ""; // the "shared folder": the tasks write here, the runner gathers
  const saved: Record<string, string | undefined> = {};
  const setEnv = (k: string, v: string): void => {
    saved[k] = process.env[k];
    process.env[k] = v;
  };

  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-slurm-"));
    cluster = path.join(base, "cluster");
    out = path.join(base, "out");
    fs.chmodSync(base, 0o755); // munged, running as the munge user, must reach its socket in here
    setEnv("KAZAMI_SLURM_PORT", String(await freePorts()));
    const started = await sh("bash", ["scripts/slurm.sh", "start", cluster]);
    if (started.code !== 0) throw new Error(`bash scripts/slurm.sh start failed (exit ${started.code}):\n${started.out}`);
    setEnv("SLURM_CONF", path.join(cluster, "slurm.conf"));
    setEnv("JUPYTER_PATH", root);
    setEnv("KAZAMI_DATA_CACHE", path.join(base, "cache"));
  }, 180_000);

  afterAll(async () => {
    const stopped = cluster === "" ? { code: 0, out: "" } : await sh("bash", ["scripts/slurm.sh", "stop", cluster]);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (base !== "") fs.rmSync(base, { recursive: true, force: true });
    expect(stopped.code, stopped.out).toBe(0);
  }, 120_000);

  it("tour + notebook 08 × seeds 0, 1 as a job array; the follower stopped, a cancelled task reported, --resume runs only it", async () => {
    expect(fs.existsSync(path.join(root, "dist", "runner", "slurm-task.js")), "run `npm run build` first: the tasks run dist/").toBe(true);
    const notebooks = ["notebooks/00-tour.ipynb", "notebooks/08-symmetry-discovery.ipynb"];

    // 1. Submit from a child `kazami run` and stop it (Ctrl-C) once the array is in: the tasks go on.
    const submit = await new Promise<{ code: number | null; lines: string[] }>((resolve) => {
      const args = [path.join(root, "dist/cli.js"), "run", ...notebooks, "--seeds", "0..1", "--scale", "quick", "--executor", "slurm", "--out", out, "--time", "00:15:00"];
      const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ["ignore", "ignore", "pipe"] });
      const lines: string[] = [];
      let rest = "";
      child.stderr.on("data", (d: Buffer) => {
        const parts = (rest + d.toString()).split("\n");
        rest = parts.pop() ?? "";
        for (const l of parts) {
          lines.push(l);
          if (/submitted array job \d+/.test(l)) child.kill("SIGINT");
        }
      });
      const killer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.on("close", (code) => {
        clearTimeout(killer);
        resolve({ code, lines: rest === "" ? lines : [...lines, rest] });
      });
    });
    const submitText = submit.lines.join("\n");
    const arrayJob = /submitted array job (\d+)/.exec(submitText)?.[1];
    expect(arrayJob, submitText).toBeDefined();
    expect(submit.code, submitText).toBe(130);
    expect(submit.lines[0]).toMatch(/2 notebook\(s\) × 2 seed\(s\) = 4 task\(s\) as a Slurm job array; script .*slurm\/sweep\.sbatch/);
    expect(submitText).toMatch(new RegExp(`submitted array job ${arrayJob} \\(--array=0-3, time 00:15:00\\)`));
    expect(submitText).toContain(`task(s) of array job ${arrayJob} keep running in Slurm. kazami run --resume ${out} follows them`);

    // A new sweep into the same folder meanwhile is refused: it would mix records with the running one.
    const clash = await runCaptured([...notebooks, "--seeds", "0..1", "--executor", "slurm", "--out", out]);
    expect(clash.code, clash.lines.join("\n")).toBe(2);
    expect(clash.lines.join("\n")).toContain(`array job ${arrayJob} of an earlier sweep into ${out} is still queued or running; follow it with kazami run --resume ${out}`);

    // 2. --resume follows the queued tasks (nothing submitted); one is cancelled mid-run, as a user's
    //    scancel would, once its log shows cells running.
    let cancelled: string | undefined;
    const victim = 3; // 08-symmetry-discovery, seed 1: it runs for tens of seconds, time to cancel it mid-run
    let over = false;
    const run = runCaptured(["--resume", out]);
    const canceller = (async () => {
      const log = path.join(out, "slurm/logs", `${arrayJob}_${victim}.log`);
      while (cancelled === undefined && !over) {
        await new Promise((r) => setTimeout(r, 500));
        if (fs.existsSync(log) && /cell 3\/\d+/.test(fs.readFileSync(log, "utf8"))) {
          cancelled = `${arrayJob}_${victim}`;
          execFileSync("scancel", [cancelled]);
        }
      }
    })();
    const first = await run.finally(() => (over = true));
    await canceller;
    const text = first.lines.join("\n");
    expect(cancelled, text).toBeDefined();
    expect(first.code, text).toBe(1);
    expect(text).toContain("resume: 0 finished task(s) kept, 4 still queued from before, 0 to submit");
    expect(text).not.toContain("submitted array job");
    expect(text).toMatch(/\d\/4 task\(s\) done \(\d ok, \d failed\), \d running, \d pending in array job \d+ \[\d+:\d\d\]/);
    // The failure: notebook, seed, Slurm job id and state, then the tail of its log.
    const failed = first.lines.findIndex((l) => l.includes("FAILED"));
    expect(first.lines[failed]).toMatch(
      new RegExp(`FAILED notebooks/08-symmetry-discovery\\.ipynb \\(seed 1\\), Slurm job ${cancelled} \\(CANCELLED, exit code [0-9:]+\\): `),
    );
    expect(first.lines[failed + 1]).toMatch(new RegExp(`last lines of .*slurm/logs/${cancelled}\\.log:`));
    expect(first.lines.slice(failed + 2).join("\n")).toMatch(/\| .*CANCELLED AT/);
    expect(first.lines.filter((l) => l.includes("FAILED"))).toHaveLength(1);
    expect(text).toContain(`kazami run --resume ${out} submits the 1 failed task(s) again`);
    // The others kept going: three ok entries in one manifest, and the cancelled one as not ok.
    let manifest = readJson(path.join(out, "manifest.json"));
    const status = (m: any): Record<string, string> => Object.fromEntries(Object.entries(m.notebooks).map(([k, e]: [string, any]) => [k, e.status]));
    expect(status(manifest)).toEqual({
      "00-tour.seed0": "ok", "00-tour.seed1": "ok", "08-symmetry-discovery.seed0": "ok", "08-symmetry-discovery.seed1": expect.not.stringMatching(/^ok$/),
    });
    const keptFigure = fs.readFileSync(path.join(out, "figures/00-tour/seed0/1.png"));

    // --resume: only the cancelled task again, into the same manifest.
    const second = await runCaptured(["--resume", out]);
    const text2 = second.lines.join("\n");
    expect(second.code, text2).toBe(0);
    expect(text2).toMatch(/08-symmetry-discovery\.ipynb \(seed 1\): runs again \((it ended \S+|no record)\)/);
    expect(text2).toContain("resume: 3 finished task(s) kept, 0 still queued from before, 1 to submit");
    expect(text2).toMatch(/submitted array job \d+ \(--array=3, time 00:15:00\)/);
    expect(text2).toMatch(/4\/4 task\(s\) ok \(3 kept from before\)/);
    manifest = readJson(path.join(out, "manifest.json"));
    expect(Object.values(status(manifest))).toEqual(["ok", "ok", "ok", "ok"]);
    expect(fs.readFileSync(path.join(out, "figures/00-tour/seed0/1.png")).equals(keptFigure)).toBe(true);
    // Exactly what a local sweep writes: per-seed notebooks and figures, hashes as in the manifest.
    for (const [key, e] of Object.entries(manifest.notebooks) as Array<[string, any]>) {
      expect(e.executed).toBe(`notebooks/${key}.ipynb`);
      expect(readJson(path.join(out, e.executed)).metadata.kazami.run.status).toBe("ok");
      expect(e.figures.length).toBeGreaterThan(0);
      for (const f of e.figures) for (const file of f.files) {
        expect(file.path).toMatch(new RegExp(`^figures/${e.notebook}/seed${e.seed}/`));
        expect(sha256(fs.readFileSync(path.join(out, file.path)))).toBe(file.sha256);
      }
    }
    const gallery = fs.readFileSync(path.join(out, "index.html"), "utf8");
    expect(gallery).toContain("2 notebook(s), 4 runs");
    expect(gallery).toContain("2/2 runs ok");
    const sweep = readJson(path.join(out, "slurm/sweep.json"));
    expect(sweep.submissions.map((s: any) => s.indices)).toEqual([[0, 1, 2, 3], [3]]);
  }, 900_000);

  it("two array tasks loading one dataset into the shared cache: one builds it, the other waits and loads it", async () => {
    const probe = path.join(base, "probe.js");
    const results = path.join(base, "probe");
    fs.mkdirSync(results);
    // Each task waits for the other to be up (a barrier of files), then both ask for the same
    // entry (lorenz96-closure quick builds in seconds): the build lock must make one wait.
    fs.writeFileSync(
      probe,
      [
        `const fs = require("fs");`,
        `const { data } = require(${JSON.stringify(path.join(root, "dist"))});`,
        `const dir = ${JSON.stringify(results)}, me = process.env.SLURM_ARRAY_TASK_ID;`,
        `fs.writeFileSync(dir + "/ready-" + me, "");`,
        `const both = () => fs.existsSync(dir + "/ready-0") && fs.existsSync(dir + "/ready-1");`,
        `(async () => {`,
        `  while (!both()) await new Promise((r) => setTimeout(r, 20));`,
        `  const d = await data.loadDataset("lorenz96-closure", { scale: "quick", seed: 4242, log: (m) => console.error(m) });`,
        `  fs.writeFileSync(dir + "/" + me + ".json", JSON.stringify({ built: d.built, dir: d.directory }));`,
        `})();`,
      ].join("\n"),
    );
    const r = await sh("sbatch", ["--parsable", "--array=0-1", `--output=${base}/probe-%a.log`, "--wait", `--wrap=${process.execPath} ${probe}`]);
    const logs = [0, 1].map((i) => (fs.existsSync(`${base}/probe-${i}.log`) ? fs.readFileSync(`${base}/probe-${i}.log`, "utf8") : "(no log)")).join("\n");
    expect(r.code, `${r.out}\n${logs}`).toBe(0);
    const got = [0, 1].map((i) => readJson(path.join(results, `${i}.json`)));
    expect(got.map((g) => g.built).sort()).toEqual([false, true]);
    expect(got[0].dir).toBe(got[1].dir);
    expect(logs).toMatch(/waiting for process \d+ that is building it/);
  }, 300_000);
});
