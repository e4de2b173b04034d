/**
 * Notebook parameters, papermill's convention for TypeScript notebooks.
 *
 * A code cell tagged `parameters` declares defaults, one per line:
 *
 *     let scale: "quick" | "paper" = "quick";
 *     let seed = 0;
 *     let epochs: number = 20;
 *
 * The declared type is the annotation when present (a primitive `number | string | boolean`, or a
 * union of literals), otherwise the type of the default literal. Values given on the command line
 * (`-p name=value`, always strings) are converted to that type, and a new cell tagged
 * `injected-parameters` with plain assignments (`scale = "paper";`) is inserted right after the
 * parameters cell, so the executed notebook shows exactly what was run.
 */
import { Cell, CodeCell, Notebook, cellTags, joinSource, newCellId } from "./notebook";

/** A parameter value: what a TypeScript literal in a parameters cell can be. */
export type ParameterValue = number | string | boolean;

/** One member of a declared type: a primitive type name or a literal. */
export type TypeMember = { primitive: "number" | "string" | "boolean" } | { literal: ParameterValue };

/** A parameter declared in a `parameters` cell. */
export interface ParameterDeclaration {
  name: string;
  /** The members of the declared (or inferred) type; a value is accepted if it matches any. */
  type: TypeMember[];
  /** The default value (the literal in the declaration). */
  defaultValue: ParameterValue;
  /** The declared type as written (or inferred), for messages: `"quick" | "paper"`, `number`. */
  typeText: string;
}

/** A bad parameter: unknown name, wrong type, or a notebook without a parameters cell. */
export class ParameterError extends Error {
  override name = "ParameterError";
}

const NAME = String.raw`[A-Za-z_$][A-Za-z0-9_$]*`;
const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const STRING = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`;
const LITERAL = `${STRING}|${NUMBER}|true|false`;
const DECLARATION = new RegExp(String.raw`^\s*let\s+(${NAME})\s*(?::\s*([^=]+?))?\s*=\s*(${LITERAL})\s*;?\s*(?://.*)?$`);

/** Parses a TypeScript literal (number, single/double-quoted string, true, false). */
function parseLiteral(text: string): ParameterValue | undefined {
  const t = text.trim();
  if (t === "true") return true;
  if (t === "false") return false;
  if (new RegExp(`^(?:${NUMBER})$`).test(t)) return Number(t);
  if (new RegExp(`^(?:${STRING})$`).test(t)) {
    const body = t.slice(1, -1);
    if (t.startsWith('"')) return JSON.parse(t) as string;
    return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string;
  }
  return undefined;
}

function primitiveOf(v: ParameterValue): "number" | "string" | "boolean" {
  return typeof v as "number" | "string" | "boolean";
}

/** Parses a type annotation into members; undefined when it is not a supported type. */
function parseType(text: string): TypeMember[] | undefined {
  const members: TypeMember[] = [];
  for (const part of text.split("|").map((p) => p.trim())) {
    if (part === "number" || part === "string" || part === "boolean") members.push({ primitive: part });
    else {
      const lit = parseLiteral(part);
      if (lit === undefined) return undefined;
      members.push({ literal: lit });
    }
  }
  return members.length > 0 ? members : undefined;
}

/**
 * Parses the declarations of a parameters cell's source. Lines that are blank, comments, or other
 * statements are skipped; a `let` line that is not `let name[: T] = literal;` throws, since the
 * runner could not override it.
 */
export function parseParameterDeclarations(source: string): ParameterDeclaration[] {
  const out: ParameterDeclaration[] = [];
  source.split("\n").forEach((line, i) => {
    if (!/^\s*let\s/.test(line)) return;
    const m = DECLARATION.exec(line);
    const type = m?.[2] === undefined ? undefined : parseType(m[2]);
    if (m === null || (m[2] !== undefined && type === undefined)) {
      throw new ParameterError(
        `parameters cell line ${i + 1}: expected "let name = literal;" or "let name: T = literal;" ` +
          `(T a primitive or a union of literals), got ${JSON.stringify(line.trim())}`,
      );
    }
    const defaultValue = parseLiteral(m[3]) as ParameterValue;
    const members = type ?? [{ primitive: primitiveOf(defaultValue) }];
    out.push({ name: m[1], type: members, defaultValue, typeText: m[2]?.trim() ?? primitiveOf(defaultValue) });
  });
  return out;
}

/** Index of the cell tagged `parameters`, or -1. */
export function findParametersCell(nb: Notebook): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes("parameters"));
}

/** The parameters declared by a notebook (empty when it has no parameters cell). */
export function notebookParameters(nb: Notebook): ParameterDeclaration[] {
  const i = findParametersCell(nb);
  return i < 0 ? [] : parseParameterDeclarations(joinSource(nb.cells[i].source));
}

function matches(member: TypeMember, raw: string): ParameterValue | undefined {
  if ("literal" in member) {
    const lit = member.literal;
    if (typeof lit === "string") return raw === lit ? lit : undefined;
    const parsed = parseLiteral(raw);
    return parsed === lit ? lit : undefined;
  }
  switch (member.primitive) {
    case "string":
      return raw;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : undefined;
    case "number": {
      const n = new RegExp(`^\\s*(?:${NUMBER})\\s*$`).test(raw) ? Number(raw) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
  }
}

/**
 * Converts command-line values (strings) to the declared types of `declarations`. Throws a
 * ParameterError naming the parameter, the expected type and the value that arrived, or, for an
 * unknown name, listing the known ones. `where` prefixes messages (the notebook path).
 */
export function resolveParameters(
  declarations: ParameterDeclaration[],
  given: ReadonlyArray<readonly [string, string]>,
  where: string,
): Record<string, ParameterValue> {
  const byName = new Map(declarations.map((d) => [d.name, d]));
  const out: Record<string, ParameterValue> = {};
  for (const [name, raw] of given) {
    const decl = byName.get(name);
    if (decl === undefined) {
      const known = declarations.length > 0 ? declarations.map((d) => d.name).join(", ") : "(none: no cell tagged parameters)";
      throw new ParameterError(`${where}: unknown parameter "${name}"; known parameters: ${known}`);
    }
    let value: ParameterValue | undefined;
    for (const member of decl.type) {
      value = matches(member, raw);
      if (value !== undefined) break;
    }
    if (value === undefined) {
      throw new ParameterError(`${where}: parameter "${name}" expects ${decl.typeText}, got ${JSON.stringify(raw)}`);
    }
    out[name] = value;
  }
  return out;
}

/** TypeScript source of a literal for `value` (strings JSON-quoted, which is valid TypeScript). */
function literalSource(value: ParameterValue): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Returns a deep copy of `nb` with the `injected-parameters` cell (re)placed right after the
 * parameters cell. An existing `injected-parameters` cell (from an earlier run) is removed first, as
 * papermill does. With no values the notebook is returned without an injected cell. The copy shares
 * nothing with `nb`, so runs of one notebook (the seeds of a sweep, run at once) each fill their own
 * cells' outputs and metadata.
 */
export function injectParameters(nb: Notebook, values: Record<string, ParameterValue>): Notebook {
  const cells: Cell[] = structuredClone(nb.cells.filter((c) => !cellTags(c).includes("injected-parameters")));
  const copy: Notebook = { ...nb, metadata: structuredClone(nb.metadata), cells };
  const names = Object.keys(values);
  if (names.length === 0) return copy;
  const at = findParametersCell(copy);
  if (at < 0) throw new ParameterError("cannot inject parameters: the notebook has no code cell tagged parameters");
  const source = ["// Parameters", ...names.map((n) => `${n} = ${literalSource(values[n])};`)].join("\n");
  const injected: CodeCell = {
    cell_type: "code",
    metadata: { tags: ["injected-parameters"] },
    source,
    execution_count: null,
    outputs: [],
  };
  if (nb.nbformat_minor >= 5) injected.id = newCellId();
  cells.splice(at + 1, 0, injected);
  return copy;
}
