/**
 * Finding a kernelspec (`<dir>/kernels/<name>/kernel.json`) the way jupyter_client does, and
 * turning it into the command that starts the kernel.
 *
 * Search order: each entry of JUPYTER_PATH, this package's own `kernels/` folder (so `kazami run`
 * starts the kernel of the same installation by default), JUPYTER_DATA_DIR, the user data dir
 * (~/.local/share/jupyter), then /usr/local/share/jupyter and /usr/share/jupyter.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface KernelSpec {
  name: string;
  /** The folder holding kernel.json ({resource_dir}). */
  resourceDir: string;
  argv: string[];
  displayName: string;
  language: string;
  /** "signal": interrupt with SIGINT; "message": send interrupt_request on the control channel. */
  interruptMode: "signal" | "message";
  env: Record<string, string>;
}

/** The folders holding `<name>/kernel.json` entries, in search order. */
export function kernelSearchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  for (const p of (env.JUPYTER_PATH ?? "").split(path.delimiter)) if (p !== "") dirs.push(path.join(p, "kernels"));
  dirs.push(path.resolve(__dirname, "..", "..", "kernels"));
  if (env.JUPYTER_DATA_DIR) dirs.push(path.join(env.JUPYTER_DATA_DIR, "kernels"));
  const dataHome = env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  dirs.push(path.join(dataHome, "jupyter", "kernels"), "/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels");
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

function parseSpec(name: string, file: string): KernelSpec {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (err) {
    throw new TypeError(`kernelspec ${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(raw.argv) || raw.argv.length === 0 || !raw.argv.every((a) => typeof a === "string")) {
    throw new TypeError(`kernelspec ${file}: "argv" must be a non-empty array of strings`);
  }
  if (!raw.argv.some((a: string) => a.includes("{connection_file}"))) {
    throw new TypeError(`kernelspec ${file}: "argv" must contain "{connection_file}"`);
  }
  const env: Record<string, string> = {};
  if (typeof raw.env === "object" && raw.env !== null) {
    for (const [k, v] of Object.entries(raw.env)) if (typeof v === "string") env[k] = v;
  }
  return {
    name,
    resourceDir: path.dirname(file),
    argv: raw.argv as string[],
    displayName: typeof raw.display_name === "string" ? raw.display_name : name,
    language: typeof raw.language === "string" ? raw.language : "",
    interruptMode: raw.interrupt_mode === "message" ? "message" : "signal",
    env,
  };
}

/** Finds and reads kernelspec `name`; throws naming the folders searched when it is not found. */
export function findKernelSpec(name: string, env: NodeJS.ProcessEnv = process.env): KernelSpec {
  const dirs = kernelSearchDirs(env);
  for (const dir of dirs) {
    const file = path.join(dir, name, "kernel.json");
    if (fs.existsSync(file)) return parseSpec(name, file);
  }
  throw new Error(`kernelspec "${name}" not found; looked in ${dirs.join(", ")} (set JUPYTER_PATH to a folder holding kernels/${name}/kernel.json)`);
}

/** The kernel's command line: argv with {connection_file} and {resource_dir} substituted. */
export function kernelCommand(spec: KernelSpec, connectionFile: string): string[] {
  return spec.argv.map((a) => a.split("{connection_file}").join(connectionFile).split("{resource_dir}").join(spec.resourceDir));
}
