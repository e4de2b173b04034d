/**
 * Installing the kernelspec: `<kernels dir>/<name>/kernel.json` (+ logos) whose argv holds absolute
 * paths to this Node binary and this package's dist/cli.js, so the kernel starts the same
 * installation regardless of PATH. Nothing else is touched.
 *
 * Where (as jupyter_client looks for kernelspecs):
 * - user (default): `$JUPYTER_DATA_DIR/kernels`, else `$XDG_DATA_HOME/jupyter/kernels`, else
 *   `~/.local/share/jupyter/kernels`;
 * - prefix DIR: `DIR/share/jupyter/kernels` (e.g. a virtualenv or conda prefix).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPackageRoot } from "./engine/modules";

export interface InstallOptions {
  /** Install under this prefix instead of the user's data dir. */
  prefix?: string;
  /** Kernel name (folder name): letters, digits, ".", "_", "-". Default "kazami". */
  name?: string;
  /** Display name in the notebook UI. Default "TypeScript (Kazami)". */
  displayName?: string;
  env?: NodeJS.ProcessEnv;
}

/** The kernelspec JSON for a kernel started as `argv0 cli kernel start {connection_file}`. */
export function kernelSpec(node: string, cli: string, displayName: string): Record<string, unknown> {
  return {
    argv: [node, cli, "kernel", "start", "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    interrupt_mode: "message",
    metadata: { debugger: false },
  };
}

/** The kernels folder install() writes to for `opts`. */
export function kernelsDir(opts: InstallOptions = {}): string {
  const env = opts.env ?? process.env;
  if (opts.prefix !== undefined) return path.resolve(opts.prefix, "share", "jupyter", "kernels");
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR, "kernels");
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.resolve(dataHome, "jupyter", "kernels");
}

/** Writes the kernelspec; returns the folder holding kernel.json. */
export function installKernelSpec(opts: InstallOptions = {}): string {
  const name = opts.name ?? "kazami";
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new RangeError(`kernel install: --name must use letters, digits, ".", "_" or "-", got "${name}"`);
  const root = findPackageRoot(__dirname);
  const cli = path.join(root, "dist", "cli.js");
  if (!fs.existsSync(cli)) throw new Error(`kernel install: ${cli} does not exist; run \`npm run build\` first`);
  const dir = path.join(kernelsDir(opts), name);
  fs.mkdirSync(dir, { recursive: true });
  const spec = kernelSpec(process.execPath, cli, opts.displayName ?? (name === "kazami" ? "TypeScript (Kazami)" : `TypeScript (Kazami, ${name})`));
  const tmp = path.join(dir, `.kernel.json.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 2) + "\n");
  fs.renameSync(tmp, path.join(dir, "kernel.json"));
  const resources = path.join(root, "kernels", "kazami");
  for (const logo of ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]) {
    const from = path.join(resources, logo);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, logo));
  }
  return dir;
}
