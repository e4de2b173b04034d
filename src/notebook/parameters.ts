/**
 * Notebook parameters (papermill's convention, for TypeScript notebooks).
 *
 * Every notebook has one code cell tagged `parameters` that declares its defaults, one `let` per
 * line, literals only, optionally typed:
 *
 *     let scale: "quick" | "paper" = "quick";
 *     let seed = 0;
 *     let snapshots = 4;
 *
 * `kazami run nb.ipynb -p seed=3 --scale paper` inserts after it a cell tagged
 * `injected-parameters` with plain assignments (`scale = "paper"; seed = 3;`). The next cell hands
 * the values to `parameters(...)`, which validates them and records them for provenance (every
 * figure and check then carries them, and the seed):
 *
 *     const params = notebook.parameters({ scale, seed, snapshots });
 *
 * `scale` ("quick" = minutes on two CPU cores, "paper" = the original sizes) and `seed` (a
 * non-negative integer) are required; other values are numbers, strings or booleans.
 */

import { SCALES, type Scale } from "../core/contract";

export { SCALES, type Scale } from "../core/contract";

/** A parameter value: what a literal in a parameters cell can be. */
export type ParameterValue = number | string | boolean;

/** The parameters every notebook has. */
export interface BaseParameters {
  scale: Scale;
  seed: number;
}

let recorded: Readonly<Record<string, ParameterValue>> | undefined;

/**
 * Validates a notebook's parameter values and records them (a later call replaces them).
 * @returns the same values, frozen.
 * @throws TypeError for a value that is not a number/string/boolean; RangeError for a scale other
 *   than "quick" | "paper", a seed that is not a non-negative integer, or a non-finite number.
 */
export function parameters<T extends { scale: string; seed: number } & Record<string, ParameterValue>>(values: T): Readonly<T & BaseParameters> {
  const who = "notebook.parameters";
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new TypeError(`${who}: expected an object of the parameters cell's values, e.g. parameters({ scale, seed }), got ${values === null ? "null" : typeof values}`);
  }
  for (const name of ["scale", "seed"]) {
    if (!(name in values)) throw new TypeError(`${who}: every notebook declares \`${name}\` in its parameters cell; pass it: parameters({ scale, seed, ... })`);
  }
  for (const [name, v] of Object.entries(values)) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new RangeError(`${who}: "${name}" is not a valid parameter name`);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new RangeError(`${who}: ${name} must be a finite number, got ${v}`);
    } else if (typeof v !== "string" && typeof v !== "boolean") {
      throw new TypeError(`${who}: ${name} must be a number, string or boolean (a literal in the parameters cell), got ${v === null ? "null" : typeof v}`);
    }
  }
  if (!(SCALES as readonly string[]).includes(values.scale)) {
    throw new RangeError(`${who}: scale must be "quick" or "paper", got ${JSON.stringify(values.scale)}`);
  }
  if (typeof values.seed !== "number" || !Number.isSafeInteger(values.seed) || values.seed < 0) {
    throw new RangeError(`${who}: seed must be a non-negative integer, got ${JSON.stringify(values.seed)}`);
  }
  const frozen = Object.freeze({ ...values }) as Readonly<T & BaseParameters>;
  recorded = frozen;
  return frozen;
}

/** The parameters recorded by the last `parameters(...)` call, or undefined. */
export function currentParameters(): Readonly<Record<string, ParameterValue>> | undefined {
  return recorded;
}

/** Forgets the recorded parameters (for tests). */
export function resetParameters(): void {
  recorded = undefined;
}
