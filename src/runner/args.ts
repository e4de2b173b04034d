/**
 * Command-line options of `kazami run` (node:util parseArgs), checked before anything starts.
 *
 *   kazami run <notebooks...> [--scale quick|paper] [-p name=value]... [--jobs N] [--timeout s]
 *                             [--out DIR] [--kernel NAME]
 */
import { parseArgs } from "node:util";

/** Parsed and checked options. */
export interface RunOptions {
  notebooks: string[];
  /** Parameter overrides in command-line order; `--scale X` is `["scale", X]`. */
  parameters: Array<[string, string]>;
  /** Notebooks run at once, one kernel each (≥ 1). */
  jobs: number;
  /** Per-cell time limit in seconds; 0 means none. */
  timeoutSeconds: number;
  /** Output folder. */
  outDir: string;
  /** Kernelspec name. */
  kernelName: string;
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
  "  manifest.json            status, timings, checks, figure hashes, provenance, parameters",
  "  index.html               a static gallery",
  "",
  "options:",
  "  --scale quick|paper      same as -p scale=<value>",
  "  -p, --parameter NAME=VALUE   set a parameter declared in the cell tagged 'parameters' (repeatable)",
  "  -j, --jobs N             notebooks run at once, one kernel each (default 1)",
  "  -t, --timeout SECONDS    time limit per cell, 0 for none (default 1200)",
  "  -o, --out DIR            output folder (default out)",
  "  --kernel NAME            kernelspec to start (default kazami)",
  "  -h, --help               show this help",
].join("\n");

export const DEFAULT_TIMEOUT_SECONDS = 1200;
const SCALES = ["quick", "paper"];

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
        jobs: { type: "string", short: "j" },
        timeout: { type: "string", short: "t" },
        out: { type: "string", short: "o" },
        kernel: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0]);
  }
  const v = parsed.values;
  if (v.help) return "help";
  const parameters: Array<[string, string]> = [];
  if (v.scale !== undefined) {
    if (!SCALES.includes(v.scale)) throw new UsageError(`--scale expects one of ${SCALES.join(", ")}, got "${v.scale}"`);
    parameters.push(["scale", v.scale]);
  }
  for (const p of v.parameter ?? []) {
    const m = /^([A-Za-z_$][A-Za-z0-9_$]*)=(.*)$/s.exec(p);
    if (m === null) throw new UsageError(`-p expects NAME=VALUE with NAME a TypeScript identifier, got "${p}"`);
    if (m[1] === "scale" && v.scale !== undefined) throw new UsageError(`scale given twice: --scale ${v.scale} and -p ${p}`);
    parameters.push([m[1], m[2]]);
  }
  const timeoutText = v.timeout ?? String(DEFAULT_TIMEOUT_SECONDS);
  const timeoutSeconds = Number(timeoutText);
  if (!/^\d+(\.\d+)?$/.test(timeoutText) || !Number.isFinite(timeoutSeconds)) {
    throw new UsageError(`--timeout expects seconds (a number ≥ 0, 0 for no limit), got "${timeoutText}"`);
  }
  if (parsed.positionals.length === 0) throw new UsageError("no notebooks given; usage: kazami run <notebooks...> [options]");
  return {
    notebooks: parsed.positionals,
    parameters,
    jobs: v.jobs === undefined ? 1 : positiveInteger("--jobs", v.jobs),
    timeoutSeconds,
    outDir: v.out ?? "out",
    kernelName: v.kernel ?? "kazami",
  };
}
