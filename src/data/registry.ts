/**
 * The registry of named datasets — the extension point through which every simulator's data reach
 * the notebooks and the `kazami data` command.
 *
 * Adding a dataset:
 *
 *   1. Write a spec (types.ts `DatasetSpec<P>`): name, description, purpose, simulator, version,
 *      seed, parameters for the `quick` and `paper` scales, `arrays(params)` declaring every output
 *      array (dtype, shape, description) and `build(params, ctx)` returning them. The build must be
 *      deterministic given params and ctx.seed (draw randomness from ctx.rng), report progress
 *      through ctx.onProgress, and may put metadata (timings) in ctx.info.
 *   2. Call `registerDataset(spec)` from a module of src/data/catalog/ and import that module in
 *      src/data/catalog/index.ts, so the CLI and `loadDataset` know it. (Notebooks may also register
 *      an ad-hoc dataset at run time.)
 *   3. Generate its card with `kazami data card <name>` (writes datasets/<name>.md) and commit it;
 *      a test keeps the cards in sync with the specs.
 *
 * The registry validates a spec when it is registered, so a malformed entry fails at import time
 * with a message naming the entry and the field.
 */
import { type ArraySpec, type DatasetSpec, type DType, type JsonValue, SCALES } from "./types";

const NAME = /^[a-z][a-z0-9-]*$/;
const ARRAY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const DTYPES: readonly DType[] = ["float64", "float32", "int32", "uint8"];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpec = DatasetSpec<any>;

const registry = new Map<string, AnySpec>();

function isJson(v: unknown): v is JsonValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every(isJson);
  return false;
}

/** Throws unless the declared arrays are well formed. */
export function checkArraySpecs(where: string, specs: Record<string, ArraySpec>): void {
  if (typeof specs !== "object" || specs === null || Object.keys(specs).length === 0) {
    throw new TypeError(`${where}: arrays(params) must return a non-empty object of { dtype, shape, description }`);
  }
  for (const [key, a] of Object.entries(specs)) {
    if (!ARRAY_NAME.test(key)) throw new RangeError(`${where}: array name "${key}" must match ${ARRAY_NAME}`);
    if (!DTYPES.includes(a.dtype)) throw new RangeError(`${where}: array "${key}" has dtype ${JSON.stringify(a.dtype)}; expected one of ${DTYPES.join(", ")}`);
    if (!Array.isArray(a.shape) || a.shape.length === 0 || !a.shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new RangeError(`${where}: array "${key}" needs a shape of positive integers, got ${JSON.stringify(a.shape)}`);
    }
    if (typeof a.description !== "string" || a.description.length === 0) throw new TypeError(`${where}: array "${key}" needs a description`);
  }
}

/**
 * Registers a dataset. Throws if the name is taken (unless `replace`), or if any field is malformed.
 * Returns the spec.
 */
export function registerDataset<P extends { [key: string]: JsonValue }>(spec: DatasetSpec<P>, opts: { replace?: boolean } = {}): DatasetSpec<P> {
  const where = `registerDataset(${JSON.stringify(spec?.name)})`;
  if (typeof spec !== "object" || spec === null) throw new TypeError("registerDataset: spec must be an object");
  if (typeof spec.name !== "string" || !NAME.test(spec.name)) throw new RangeError(`${where}: name must match ${NAME} (kebab-case)`);
  for (const field of ["description", "purpose", "simulator"] as const) {
    if (typeof spec[field] !== "string" || spec[field].trim() === "") throw new TypeError(`${where}: ${field} must be a non-empty string`);
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new RangeError(`${where}: version must be an integer ≥ 1, got ${spec.version}`);
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed >= 2 ** 53) throw new RangeError(`${where}: seed must be an integer in [0, 2^53), got ${spec.seed}`);
  if (typeof spec.build !== "function" || typeof spec.arrays !== "function") throw new TypeError(`${where}: build and arrays must be functions`);
  for (const scale of SCALES) {
    const params = spec.scales?.[scale];
    if (typeof params !== "object" || params === null || !isJson(params)) {
      throw new TypeError(`${where}: scales.${scale} must be a plain JSON object (finite numbers, strings, booleans, null, arrays, objects)`);
    }
    checkArraySpecs(`${where} at scale ${scale}`, spec.arrays(params));
  }
  if (registry.has(spec.name) && !opts.replace) {
    throw new RangeError(`${where}: a dataset with this name is already registered; pass { replace: true } to replace it`);
  }
  registry.set(spec.name, spec);
  return spec;
}

/** Removes a registered dataset (e.g. one a test registered); returns whether it existed. */
export function unregisterDataset(name: string): boolean {
  return registry.delete(name);
}

/** The spec registered under `name`; throws listing the known names otherwise. */
export function getDataset(name: string): AnySpec {
  const spec = registry.get(name);
  if (spec === undefined) {
    const known = [...registry.keys()].sort();
    throw new RangeError(`unknown dataset ${JSON.stringify(name)}; known datasets: ${known.length > 0 ? known.join(", ") : "(none registered)"}`);
  }
  return spec;
}

/** All registered specs, sorted by name. */
export function listDatasets(): AnySpec[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}
