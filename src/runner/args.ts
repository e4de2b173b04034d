/**
 * Command-line options of `kazami run` (node:util parseArgs), checked before anything starts.
 *
 *   kazami run <notebooks...> [--scale quick|paper] [-p name=value]... [--seeds 0,1,2 | 0..9]
 *                             [--jobs N] [--timeout s] [--out DIR] [--kernel NAME]
 *                             [--executor local|slurm [--partition P] [--gpus-per-task N]
 *                              [--time HH:MM:SS] [--sbatch-arg ARG]...]
 *   kazami run --resume DIR [--jobs N] [Slurm options]
 */
import { parseArgs } from "node:util";
import { SCALES } from "../core/contract";
import { Executor, SlurmOptions, parseExecutor, parseSlurmOptions, slurmOnlyFlags } from "./slurm-args";

/** Parsed and checked options. */
export interface RunOptions {
  notebooks: string[];
  /** Parameter overrides in command-line order; `--scale X` is `["scale", X]`. */
  parameters: Array<[string, string]>;
  /**
   * `--seeds`: one run per notebook per seed, each with the seed injected as `-p seed=N` would;
   * undefined when not given. Distinct non-negative integers in command-line order.
   */
  seeds?: number[];
  /** Notebooks run at once, one kernel each (≥ 1). */
  jobs: number;
  /** Per-cell time limit in seconds; 0 means none. */
  timeoutSeconds: number;
  /** Output folder. */
  outDir: string;
  /** Kernelspec name. */
  kernelName: string;
  /** `--executor`: "local" (kernels on this machine, the default) or "slurm" (one job array). */
  executor: Executor;
  /** What the sbatch script asks for; present with `--executor slurm` (and with --resume). */
  slurm?: SlurmOptions;
  /**
   * `--resume DIR`: the output folder of an earlier run — local (DIR/local/run.json) or an
   * `--executor slurm` sweep (DIR/slurm/sweep.json); its notebooks and options come from there, and
   * only tasks not finished (by their records) run or are submitted again. As parsed, `executor`
   * is "slurm" when Slurm options were given; the folder decides (command.ts resumeOf).
   */
  resume?: string;
}

/** A bad command line; the message is one line, and the command exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = [
  "usage: kazami run <notebooks...> [options]",
  "",
  "Executes each notebook headless with the Kazami kernel and writes, under --out:",
  "  notebooks/<name>.ipynb   the executed notebook, with outputs",
  "  figures/<name>/<n>.png|svg|json   every figure",
  "  manifest.json            status, timings, checks (with their controls), figure hashes, provenance, parameters",
  "  index.html               a static gallery",
  "With --seeds and more than one seed, each notebook runs once per seed (one kernel each) into the",
  "same manifest: notebooks/<name>.seed<N>.ipynb and figures/<name>/seed<N>/<n>.png|svg|json.",
  "`kazami table out/manifest.json` prints the checks as a Markdown table, one column per seed.",
  "",
  "options:",
  "  --scale quick|paper      same as -p scale=<value>",
  "  -p, --parameter NAME=VALUE   set a parameter declared in the cell tagged 'parameters' (repeatable)",
  "  --seeds LIST             run each notebook once per seed: 0,1,2 or 0..9 or 0..4,10 (sets -p seed=N)",
  "  -j, --jobs N             notebooks run at once, one kernel each (default 1)",
  "  -t, --timeout SECONDS    time limit per cell, 0 for none (default 1200)",
  "  -o, --out DIR            output folder (default out)",
  "  --kernel NAME            kernelspec to start (default kazami)",
  "  --executor local|slurm   local: kernels on this machine (default); slurm: one sbatch job array,",
  "                           a task per notebook × seed, followed with squeue/scontrol and gathered into",
  "                           the same manifest and gallery (<out> must be on a folder the nodes share;",
  "                           --jobs N caps the tasks running at once, the script is <out>/slurm/sweep.sbatch)",
  "  --partition P, --gpus-per-task N, --time HH:MM:SS   what each Slurm task asks for",
  "  --sbatch-arg ARG         one more #SBATCH line, e.g. --sbatch-arg=--mem=16G (repeatable)",
  "  --resume DIR             continue the run in DIR (killed, interrupted or with failures): keep every",
  "                           notebook × seed that finished (same notebook, parameters and seed, outputs",
  "                           unchanged by their sha256) and run only the rest; for a Slurm sweep, follow",
  "                           the tasks still queued and submit the rest (Slurm options given replace the old)",
  "  -h, --help               show this help",
].join("\n");

export const DEFAULT_TIMEOUT_SECONDS = 1200;

/** The most runs one --seeds list may ask for. */
export const MAX_SEEDS = 10_000;

/**
 * Parses a --seeds list: comma-separated non-negative integers and inclusive ranges `a..b` (a ≤ b),
 * e.g. "0,1,2", "0..9", "0..4,10". Throws UsageError for an empty item, anything else, a
 * descending range, a repeated seed or more than MAX_SEEDS seeds.
 */
export function parseSeeds(text: string): number[] {
  const expected = `--seeds expects non-negative integers or ranges a..b separated by commas (e.g. 0,1,2 or 0..9)`;
  const seeds: number[] = [];
  const seen = new Set<number>();
  const add = (seed: number): void => {
    if (seen.has(seed)) throw new UsageError(`--seeds lists seed ${seed} more than once in "${text}"`);
    if (seeds.length >= MAX_SEEDS) throw new UsageError(`--seeds "${text}" asks for more than ${MAX_SEEDS} runs per notebook`);
    seen.add(seed);
    seeds.push(seed);
  };
  if (text.trim() === "") throw new UsageError(`${expected}, got an empty list`);
  for (const raw of text.split(",")) {
    const item = raw.trim();
    const range = /^(\d+)\.\.(\d+)$/.exec(item);
    const single = /^\d+$/.test(item);
    if (!single && range === null) throw new UsageError(`${expected}, got ${item === "" ? "an empty item" : `"${item}"`} in "${text}"`);
    const [lo, hi] = range === null ? [Number(item), Number(item)] : [Number(range[1]), Number(range[2])];
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) throw new UsageError(`--seeds: "${item}" is beyond the largest safe integer`);
    if (lo > hi) throw new UsageError(`--seeds: range "${item}" runs backwards; write ${hi}..${lo}`);
    if (hi - lo >= MAX_SEEDS) throw new UsageError(`--seeds "${text}" asks for more than ${MAX_SEEDS} runs per notebook`);
    for (let seed = lo; seed <= hi; seed++) add(seed);
  }
  return seeds;
}

function positiveInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} expects a positive integer, got "${text}"`);
  return Number(text);
}

/**
 * Parses `kazami run` arguments. Returns "help" for -h/--help; throws UsageError (one line) for
 * unknown options, missing values, malformed -p, bad numbers, or no notebooks.
 */
export function parseRunArgs(argv: string[]): RunOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        scale: { type: "string" },
        parameter: { type: "string", short: "p", multiple: true },
        seeds: { type: "string", multiple: true },
        jobs: { type: "string", short: "j" },
        timeout: { type: "string", short: "t" },
        out: { type: "string", short: "o" },
        kernel: { type: "string" },
        executor: { type: "string" },
        partition: { type: "string" },
        "gpus-per-task": { type: "string" },
        time: { type: "string" },
        "sbatch-arg": { type: "string", multiple: true },
        resume: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    // parseArgs' hint for a value starting with "-" (--sbatch-arg=--mem=16G) is on a later line.
    const lines = (err as Error).message.split("\n");
    const dash = lines.find((l) => l.startsWith("To specify an option argument starting with a dash"));
    throw new UsageError(dash === undefined ? lines[0] : `${lines[0]} ${dash}`);
  }
  const v = parsed.values;
  if (v.help) return "help";
  const parameters: Array<[string, string]> = [];
  if (v.scale !== undefined) {
    if (!(SCALES as readonly string[]).includes(v.scale)) throw new UsageError(`--scale expects one of ${SCALES.join(", ")}, got "${v.scale}"`);
    parameters.push(["scale", v.scale]);
  }
  for (const p of v.parameter ?? []) {
    const m = /^([A-Za-z_$][A-Za-z0-9_$]*)=(.*)$/s.exec(p);
    if (m === null) throw new UsageError(`-p expects NAME=VALUE with NAME a TypeScript identifier, got "${p}"`);
    if (m[1] === "scale" && v.scale !== undefined) throw new UsageError(`scale given twice: --scale ${v.scale} and -p ${p}`);
    parameters.push([m[1], m[2]]);
  }
  let seeds: number[] | undefined;
  if (v.seeds !== undefined) {
    if (v.seeds.length > 1) throw new UsageError(`--seeds given ${v.seeds.length} times (${v.seeds.join(" and ")}); give one list, e.g. --seeds 0,1,2`);
    seeds = parseSeeds(v.seeds[0]);
    const seedParameter = parameters.find(([name]) => name === "seed");
    if (seedParameter !== undefined) {
      throw new UsageError(`--seeds ${v.seeds[0]} and -p seed=${seedParameter[1]} both set the seed; use --seeds alone (it runs one kernel per seed)`);
    }
  }
  const timeoutText = v.timeout ?? String(DEFAULT_TIMEOUT_SECONDS);
  const timeoutSeconds = Number(timeoutText);
  if (!/^\d+(\.\d+)?$/.test(timeoutText) || !Number.isFinite(timeoutSeconds)) {
    throw new UsageError(`--timeout expects seconds (a number ≥ 0, 0 for no limit), got "${timeoutText}"`);
  }
  const jobs = v.jobs === undefined ? 1 : positiveInteger("--jobs", v.jobs);
  let executor: Executor;
  let slurm: SlurmOptions | undefined;
  try {
    executor = parseExecutor(v.executor);
    slurm = parseSlurmOptions(v, v.jobs === undefined ? undefined : jobs);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const slurmOnly = slurmOnlyFlags(v);
  if (executor === "local" && v.resume === undefined && slurmOnly.length > 0) throw new UsageError(`${slurmOnly.join(", ")} ${slurmOnly.length === 1 ? "needs" : "need"} --executor slurm`);
  if (v.resume !== undefined) {
    const runFlags = (["scale", "parameter", "seeds", "out", "kernel", "timeout", "executor"] as const).filter((k) => v[k] !== undefined);
    if (parsed.positionals.length > 0 || runFlags.length > 0) {
      const what = [...parsed.positionals, ...runFlags.map((k) => `--${k}`)].join(", ");
      throw new UsageError(`--resume ${v.resume} takes the notebooks and options from the run recorded in ${v.resume}; give only --jobs or Slurm options with it, not ${what}`);
    }
    return {
      notebooks: [],
      parameters: [],
      jobs,
      timeoutSeconds,
      outDir: v.resume,
      kernelName: "kazami",
      executor: slurmOnly.length > 0 ? "slurm" : "local",
      slurm,
      resume: v.resume,
    };
  }
  if (parsed.positionals.length === 0) throw new UsageError("no notebooks given; usage: kazami run <notebooks...> [options]");
  return {
    notebooks: parsed.positionals,
    parameters,
    ...(seeds === undefined ? {} : { seeds }),
    jobs,
    timeoutSeconds,
    outDir: v.out ?? "out",
    kernelName: v.kernel ?? "kazami",
    executor,
    ...(executor === "slurm" ? { slurm } : {}),
  };
}
