#!/usr/bin/env node
/**
 * `kazami` command line: one dispatcher, each subcommand lives with the folder that does the work.
 *
 *   kazami kernel install [--user | --prefix DIR]   install the Jupyter kernelspec
 *   kazami kernel start <connection_file>            (used by the kernelspec)
 *   kazami run <notebooks...> [--scale quick|paper] [-p name=value] [--seeds 0,1,2] [--jobs N] [--timeout s]
 *   kazami table [out/manifest.json]                 the checks as a Markdown table (for the README)
 *   kazami verify [out] [--against notebooks/reference]   compare a run with the reference (--update builds it)
 *   kazami data build <name> [--scale quick|paper]   generate and cache a dataset
 *   kazami data list
 *
 * Each subcommand module exports `main(argv: string[]): Promise<number>` (the exit code) and is
 * loaded lazily, so `kazami run` does not pay for loading tfjs and `kazami kernel` starts fast.
 */
type SubcommandMain = (argv: string[]) => Promise<number>;

const subcommands: Record<string, { summary: string; load: () => SubcommandMain }> = {
  kernel: { summary: "install or start the Jupyter kernel", load: () => require("./kernel/command").main },
  run: { summary: "execute notebooks headless; write out/", load: () => require("./runner/command").main },
  table: { summary: "print a manifest's checks (value / control per seed) as a Markdown table", load: () => require("./runner/table-command").main },
  verify: { summary: "compare a run with the committed reference (exit 1 on drift); --update builds it", load: () => require("./runner/verify-command").main },
  data: { summary: "build, list or verify cached datasets", load: () => require("./data/command").main },
};

function usage(): string {
  const rows = Object.entries(subcommands).map(([name, s]) => `  ${name.padEnd(8)} ${s.summary}`);
  return ["usage: kazami <command> [options]", "", "commands:", ...rows].join("\n");
}

async function cli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    console.log(require("../package.json").version);
    return 0;
  }
  const sub = subcommands[name];
  if (sub === undefined) {
    console.error(`kazami: unknown command "${name}"; expected one of ${Object.keys(subcommands).join(", ")}`);
    return 2;
  }
  return sub.load()(rest);
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`kazami: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
