/**
 * Reading request content defensively: each getter returns the field, its spec default when it is
 * absent, or throws a {@link BadRequest} naming the field, the expected type and what arrived.
 */

/** A request whose content does not match the messaging spec. */
export class BadRequest extends Error {
  override name = "BadRequest";
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "string" ? `a string` : typeof v;
}

export class Content {
  constructor(
    private readonly msgType: string,
    private readonly content: Record<string, unknown>,
  ) {}

  private get(name: string): unknown {
    return this.content[name];
  }

  private fail(name: string, expected: string): never {
    throw new BadRequest(`${this.msgType}: content.${name} must be ${expected}, got ${describe(this.get(name))}`);
  }

  string(name: string, fallback?: string): string {
    const v = this.get(name);
    if (v === undefined && fallback !== undefined) return fallback;
    return typeof v === "string" ? v : this.fail(name, "a string");
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === undefined || v === null) return fallback;
    return typeof v === "boolean" ? v : this.fail(name, "a boolean");
  }

  /** An integer ≥ `min`; `fallback` when absent (undefined fallback: the field is optional). */
  integer(name: string, fallback: number | undefined, min = -Infinity): number | undefined {
    const v = this.get(name);
    if (v === undefined || v === null) return fallback;
    return typeof v === "number" && Number.isInteger(v) && v >= min ? v : this.fail(name, `an integer ≥ ${min}`);
  }

  /** An object whose values are all strings (e.g. user_expressions). */
  stringMap(name: string): Record<string, string> {
    const v = this.get(name);
    if (v === undefined || v === null) return {};
    if (typeof v !== "object" || Array.isArray(v) || !Object.values(v).every((x) => typeof x === "string")) {
      return this.fail(name, "an object of strings");
    }
    return v as Record<string, string>;
  }
}
