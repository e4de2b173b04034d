/**
 * How cells find modules.
 *
 * - `import ... from "kazami"` resolves to the package that contains this kernel, for types and at
 *   run time, wherever the notebook lives. tslab's compiler resolves modules from the notebook's
 *   folder (Node10 resolution), so the engine makes `<cwd>/node_modules/kazami` an alias of the
 *   package root inside TypeScript's file system view (tslab does the same for itself); the
 *   compiler then reads the compiled `dist/*.d.ts` (real paths, outside the notebook's rootDir, so
 *   not re-emitted). At run time the cell's `require` sends "kazami" and "kazami/..." to the package
 *   root (Node's self-reference through package.json "exports").
 * - Relative imports of `.ts` files next to the notebook are compiled by tslab ("side outputs") and
 *   loaded from memory.
 * - `require("tslab")` returns tslab's public API with its display functions wired to this kernel.
 */
import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";

/** The package name notebooks import. */
export const PACKAGE_NAME = "kazami";

/** The nearest folder at or above `from` whose package.json is named "kazami". Throws if none. */
export function findPackageRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      try {
        if ((JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // an unreadable package.json is not ours; keep looking upwards
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the "${PACKAGE_NAME}" package root above ${from}`);
  }
}

/** The subset of TypeScript's `sys` the alias patches (all path-taking file system queries). */
interface FileSystemView {
  fileExists(p: string): boolean;
  directoryExists(p: string): boolean;
  readFile(p: string, encoding?: string): string | undefined;
  realpath?(p: string): string;
  getDirectories(p: string): string[];
}

/**
 * Makes `<cwd>/node_modules/<name>` read as `root` in `sys` (TypeScript's `ts.sys`). Must run
 * before the compiler host is created (it binds `realpath` then). `realpath` maps the alias to the
 * real path, so compiled declaration files carry their real names.
 */
export function aliasPackageForTypeScript(sys: FileSystemView, cwd: string, name: string, root: string): void {
  const alias = path.join(cwd, "node_modules", name).replace(/\\/g, "/");
  const real = root.replace(/\\/g, "/");
  const map = (p: string): string => {
    const q = p.replace(/\\/g, "/");
    return q === alias || q.startsWith(alias + "/") ? real + q.slice(alias.length) : p;
  };
  const { fileExists, directoryExists, readFile, realpath, getDirectories } = sys;
  sys.fileExists = (p) => fileExists.call(sys, map(p));
  sys.directoryExists = (p) => directoryExists.call(sys, map(p)) || p.replace(/\\/g, "/") === path.posix.dirname(alias);
  sys.readFile = (p, encoding) => readFile.call(sys, map(p), encoding);
  sys.getDirectories = (p) => getDirectories.call(sys, map(p));
  sys.realpath = (p) => (realpath ? realpath.call(sys, map(p)) : map(p));
}

/** Compiled local modules (tslab side outputs), keyed by absolute .js path. */
export class LocalModules {
  private readonly sources = new Map<string, string>();
  private readonly loaded = new Map<string, Module>();

  /** Registers new compiled code; a changed file is reloaded on its next require. */
  update(outputs: ReadonlyArray<{ path: string; data: string }>): void {
    for (const out of outputs) {
      const file = path.resolve(out.path);
      this.loaded.delete(file);
      this.sources.set(file, out.data);
    }
  }

  /** The exports of local module `id` required from `dir`, or undefined when it is not local. */
  load(id: string, dir: string, makeRequire: (dir: string) => NodeJS.Require): unknown {
    if (!id.startsWith("./") && !id.startsWith("../")) return undefined;
    let file = path.resolve(dir, id);
    if (path.extname(file) === "") file += ".js";
    const cached = this.loaded.get(file);
    if (cached) return cached.exports;
    const source = this.sources.get(file);
    if (source === undefined) return undefined;
    const mod = new Module(file, module) as Module & { _compile(code: string, filename: string): void };
    mod.filename = file;
    mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
    mod.require = makeRequire(path.dirname(file));
    this.loaded.set(file, mod);
    try {
      mod._compile(source, file);
    } catch (err) {
      this.loaded.delete(file);
      throw err;
    }
    return mod.exports;
  }
}

/**
 * The `require` cells (and local modules) use: "kazami" → the package root, "tslab" → tslab with
 * display wired through `tslabDisplay`, local compiled modules from memory, else Node's resolution
 * from `dir`.
 */
export function createCellRequire(
  dir: string,
  packageRoot: string,
  local: LocalModules,
  tslabDisplay: (out: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean) => void,
): NodeJS.Require {
  const nodeRequire = Module.createRequire(path.join(dir, "__kazami_cell__.js"));
  const packageRequire = Module.createRequire(path.join(packageRoot, "package.json"));
  const make = (d: string): NodeJS.Require => createCellRequire(d, packageRoot, local, tslabDisplay);
  const cellRequire = ((id: string): unknown => {
    if (id === PACKAGE_NAME || id.startsWith(PACKAGE_NAME + "/")) return packageRequire(id);
    if (id === "tslab") {
      (packageRequire("tslab/dist/jupyter") as { lastWriteDisplayData: unknown }).lastWriteDisplayData = tslabDisplay;
      return packageRequire("tslab");
    }
    const localExports = local.load(id, dir, make);
    return localExports !== undefined ? localExports : nodeRequire(id);
  }) as NodeJS.Require;
  return Object.assign(cellRequire, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions });
}
