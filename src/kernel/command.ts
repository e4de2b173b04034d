/**
 * `kazami kernel ...`:
 *
 *   kazami kernel install [--user | --prefix DIR] [--name N] [--display-name TEXT]
 *   kazami kernel start <connection_file>
 */
import { installKernelSpec } from "./install";
import { startKernel } from "./start";

const USAGE = [
  "usage: kazami kernel install [--user | --prefix DIR] [--name NAME] [--display-name TEXT]",
  "       kazami kernel start <connection_file>",
  "",
  "install  writes a Jupyter kernelspec (absolute paths to this node and package) to the user's",
  "         Jupyter data dir (--user, the default) or to DIR/share/jupyter/kernels (--prefix DIR)",
  "start    runs the kernel for a connection file (what Jupyter calls through the kernelspec)",
].join("\n");

interface InstallArgs {
  prefix?: string;
  name?: string;
  displayName?: string;
}

function parseInstall(argv: string[]): InstallArgs {
  const args: InstallArgs = {};
  let user = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`kazami kernel install: ${a} needs a value`);
      return v;
    };
    if (a === "--user") user = true;
    else if (a === "--prefix") args.prefix = value();
    else if (a === "--name") args.name = value();
    else if (a === "--display-name") args.displayName = value();
    else throw new Error(`kazami kernel install: unknown option "${a}"\n${USAGE}`);
  }
  if (user && args.prefix !== undefined) throw new Error("kazami kernel install: --user and --prefix exclude each other");
  return args;
}

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    console.log(USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub === "install") {
    const dir = installKernelSpec(parseInstall(rest));
    console.log(`installed the Kazami kernelspec in ${dir}`);
    return 0;
  }
  if (sub === "start") {
    if (rest.length !== 1) {
      console.error(`kazami kernel start: expected one argument, the connection file; got ${rest.length}\n${USAGE}`);
      return 2;
    }
    process.on("unhandledRejection", (reason) => {
      process.stderr.write(`[kazami kernel] internal error (kept running): ${reason instanceof Error ? reason.stack : String(reason)}\n`);
    });
    const code = await startKernel(rest[0]);
    // Everything is closed by now; a handle left open by user code must not keep a zombie kernel.
    setTimeout(() => process.exit(code), 1000).unref();
    return code;
  }
  console.error(`kazami kernel: unknown subcommand "${sub}"; expected install or start\n${USAGE}`);
  return 2;
}
