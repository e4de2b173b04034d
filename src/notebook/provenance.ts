/**
 * Provenance: what made an output — seed, compute backend, package versions, git commit, dataset
 * hash, notebook parameters. It goes into the metadata of every figure and check
 * (`metadata.kazami.provenance`) and from there into the runner's manifest.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { backendInfo } from "../core/backend";
import { version } from "../version";
import { ParameterValue, currentParameters } from "./parameters";

/** A dataset reference: its name and content hash (e.g. the sha256 from the data cache). */
export interface DatasetRef {
  name?: string;
  hash: string;
}

/** The provenance record. */
export interface Provenance {
  /** The seed of the random streams, from the caller or the notebook parameters; null if none. */
  seed: number | null;
  /** The tfjs backend in use (null when no backend was initialized, e.g. no tensors involved). */
  backend: { name: string; tfjsVersion: string; wasmSimd?: boolean; wasmThreads?: boolean; wasmThreadCount?: number } | null;
  /** Versions: kazami, node, vega, vega-lite, resvg, and the loaded tfjs packages. */
  packages: Record<string, string>;
  /** HEAD of the kazami checkout, null outside a git checkout; dirty = uncommitted changes. */
  git: { commit: string; dirty: boolean } | null;
  dataset?: DatasetRef;
  parameters?: Record<string, ParameterValue>;
}

/** The package's root directory (the same from src/notebook under vitest and dist/notebook). */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

let staticPart: { packages: Record<string, string>; git: Provenance["git"] } | undefined;

function packageVersion(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "ignore"], timeout: 5000, encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** Commit of the checkout that holds this package (not of an enclosing repository). */
function readGit(): Provenance["git"] {
  const top = git(["rev-parse", "--show-toplevel"]);
  if (top === undefined || path.resolve(top) !== PACKAGE_ROOT) return null;
  const commit = git(["rev-parse", "HEAD"]);
  if (commit === undefined) return null;
  const status = git(["status", "--porcelain", "--untracked-files=no"]);
  return { commit, dirty: status === undefined ? true : status !== "" };
}

function readStatic(): NonNullable<typeof staticPart> {
  if (staticPart === undefined) {
    const packages: Record<string, string> = { node: process.versions.node };
    packages.kazami = version;
    for (const name of ["vega", "vega-lite", "@resvg/resvg-js"]) {
      const v = packageVersion(name);
      if (v !== undefined) packages[name] = v;
    }
    staticPart = { packages, git: readGit() };
  }
  return staticPart;
}

function checkDataset(d: unknown): DatasetRef {
  if (typeof d === "string" && d !== "") return { hash: d };
  if (typeof d === "object" && d !== null && typeof (d as DatasetRef).hash === "string" && (d as DatasetRef).hash !== "") {
    const { name, hash } = d as DatasetRef;
    return name === undefined ? { hash } : { name: String(name), hash };
  }
  throw new TypeError(`provenance: dataset must be a hash string or { name?, hash }, got ${JSON.stringify(d)}`);
}

/**
 * The provenance of an output made now.
 * @param options.seed overrides the `seed` of the notebook parameters.
 * @param options.dataset the dataset's content hash (or `{ name, hash }`).
 */
export function provenance(options: { seed?: number; dataset?: string | DatasetRef } = {}): Provenance {
  if (options.seed !== undefined && (!Number.isSafeInteger(options.seed) || options.seed < 0)) {
    throw new RangeError(`provenance: seed must be a non-negative integer, got ${options.seed}`);
  }
  const { packages, git: gitInfo } = readStatic();
  const params = currentParameters();
  const b = backendInfo();
  const seedParam = params?.seed;
  const out: Provenance = {
    seed: options.seed ?? (typeof seedParam === "number" ? seedParam : null),
    backend: b === undefined ? null : { name: b.name, tfjsVersion: b.tfjsVersion, ...(b.wasmSimd !== undefined ? { wasmSimd: b.wasmSimd } : {}), ...(b.wasmThreads !== undefined ? { wasmThreads: b.wasmThreads } : {}), ...(b.wasmThreadCount !== undefined ? { wasmThreadCount: b.wasmThreadCount } : {}) },
    packages: { ...packages, ...(b?.packages ?? {}) },
    git: gitInfo,
  };
  if (options.dataset !== undefined) out.dataset = checkDataset(options.dataset);
  if (params !== undefined) out.parameters = { ...params };
  return out;
}
