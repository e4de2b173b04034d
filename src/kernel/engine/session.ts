/**
 * A TypeScript session: cells compiled by tslab's converter (TypeScript 5.0.4, declarations of
 * earlier cells carried forward as a .d.ts) and run in this process's global context.
 *
 * Each cell becomes `(async?) function (exports, require) { ... }` run by `vm.runInThisContext`
 * with `breakOnSigint`, so a SIGINT stops a synchronous loop with an exception. Top-level awaits
 * are raced against an interrupt promise, so a SIGINT (see {@link TypeScriptSession.interrupt})
 * also ends a never-resolving await; a SIGINT during compilation stops the cell before it runs.
 * Values a cell declares live in one `exports` object shared by all cells, and they stay there
 * when a later cell fails or is interrupted.
 */
import * as vm from "node:vm";
import type * as TS from "@tslab/typescript-for-tslab";
import type { Converter, Diagnostic } from "tslab/dist/converter";
import { printQuickInfo } from "tslab/dist/inspect";
import type { CompleteResult, InspectResult } from "../executor";
import type { LocalModules } from "./modules";
import { expandShorthands, originalPosition, restoreDiagnostics } from "./shorthand";
import { CellMap, type CellPosition, takeInlineSourceMaps } from "./source-maps";

/** What running a cell came to. */
export type RunResult =
  | { kind: "ok"; hasValue: boolean; value: unknown }
  | { kind: "compile"; diagnostics: Diagnostic[] }
  | { kind: "thrown"; value: unknown }
  | { kind: "interrupted"; how: string };

/** Where the compiled cell finds its `exports` and `require` (a global only cells read). */
const SCOPE = Symbol.for("kazami.cellScope");
/** Lines tslab puts before the cell (`export {};`). */
const PREFIX_LINES = 1;
/** How many cells' source maps are kept for tracebacks (errors in callbacks of older cells lose their lines). */
const KEPT_CELLS = 500;

/** A position in a cell, with that cell's source line. */
export interface CellLocation extends CellPosition {
  text: string;
}

class AwaitInterrupted extends Error {}

export class TypeScriptSession {
  private prevDecl = "";
  private readonly values: Record<string | symbol, unknown> = {};
  private rejectPendingAwait: ((err: Error) => void) | undefined;
  private interruptPending = false;
  private readonly cells = new Map<string, { map: CellMap; lines: string[] }>();

  /**
   * @param converter tslab's converter, created with this process's cwd as the notebook folder
   * @param cellRequire the `require` cells use
   * @param local compiled local modules, fed by the converter's side outputs
   * @param ts the TypeScript module tslab bundles (to parse cells)
   */
  constructor(
    private readonly converter: Converter,
    cellRequire: NodeJS.Require,
    private readonly local: LocalModules,
    private readonly ts: typeof TS,
  ) {
    const values = this.values;
    // TypeScript emits `Object.defineProperty(exports, name, { get })` for re-exported imports; a
    // later cell must be able to assign the name, so getters are stored as plain values.
    const exportsProxy = new Proxy(values, {
      defineProperty(_target, prop, attrs) {
        if (prop !== "__esModule") values[prop] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
    (globalThis as Record<symbol, unknown>)[SCOPE] = { exports: exportsProxy, require: cellRequire };
  }

  /**
   * Compiles and runs `code`. `filename` names the cell in stack traces (e.g. "In[3]"). With
   * `keepDeclarations` false (user expressions) later cells do not see its declarations.
   */
  async run(code: string, filename: string, keepDeclarations = true): Promise<RunResult> {
    this.interruptPending = false;
    const expansion = expandShorthands(this.ts, code);
    const converted = this.converter.convert(this.prevDecl, expansion.code);
    if (converted.sideOutputs) this.local.update(converted.sideOutputs.map((o) => ({ path: o.path, data: takeInlineSourceMaps(o.data).code })));
    if (converted.diagnostics.length > 0) return { kind: "compile", diagnostics: restoreDiagnostics(converted.diagnostics, expansion, code) };
    // A SIGINT (or interrupt message) that came while compiling is delivered now; honour it before
    // running anything. Two turns of the loop: the poll phase that reads signals and IPC comes
    // between two check phases, and a signal read only after a synchronous cell started would be
    // lost to breakOnSigint's watchdog (measured: `while (true) {}` interrupted as it left
    // compilation ran on until the engine was replaced).
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    if (this.interruptPending) return { kind: "interrupted", how: "interrupted before the cell started running" };
    const declOutput = converted.declOutput ?? "";
    if (!converted.output) {
      if (keepDeclarations) this.prevDecl = declOutput;
      return { kind: "ok", hasValue: false, value: undefined };
    }
    const head = converted.hasToplevelAwait ? "(async function (exports, require) { " : "(function (exports, require) { ";
    const compiled = takeInlineSourceMaps(converted.output);
    this.remember(filename, compiled.maps, head.length, expansion, code);
    const source = `${head}${compiled.code}\n})(globalThis[Symbol.for("kazami.cellScope")].exports, globalThis[Symbol.for("kazami.cellScope")].require)`;
    if (keepDeclarations) this.prevDecl = declOutput; // names assigned before a failure stay usable
    let returned: unknown;
    try {
      returned = vm.runInThisContext(source, { filename, breakOnSigint: true, displayErrors: false });
    } catch (err) {
      if ((err as { code?: unknown })?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") return { kind: "interrupted", how: "SIGINT stopped synchronous code" };
      return { kind: "thrown", value: err };
    }
    if (converted.hasToplevelAwait) {
      const interrupted = new Promise<never>((_, reject) => (this.rejectPendingAwait = reject));
      const pending = returned as Promise<unknown>;
      try {
        await Promise.race([pending, interrupted]);
      } catch (err) {
        if (err instanceof AwaitInterrupted) {
          pending.catch(() => undefined); // a later rejection of the abandoned cell is not news
          return { kind: "interrupted", how: "a pending await was abandoned" };
        }
        return { kind: "thrown", value: err };
      } finally {
        this.rejectPendingAwait = undefined;
      }
    }
    const name = converted.lastExpressionVar;
    if (name === undefined || !(name in this.values)) return { kind: "ok", hasValue: false, value: undefined };
    const value = this.values[name];
    delete this.values[name];
    return { kind: "ok", hasValue: value !== undefined, value };
  }

  /**
   * The cell position (and source line) of a V8 position in the script named `filename`; null when
   * the script is a known cell's but the position is in the engine's wrapper, undefined when unknown.
   */
  locate(filename: string, line: number, column: number): CellLocation | null | undefined {
    const cell = this.cells.get(filename);
    if (cell === undefined) return undefined;
    const at = cell.map.locate(line, column);
    return at ? { ...at, text: cell.lines[at.line - 1] ?? "" } : null;
  }

  private remember(filename: string, maps: ReturnType<typeof takeInlineSourceMaps>["maps"], headLength: number, expansion: ReturnType<typeof expandShorthands>, code: string): void {
    if (maps.length !== 2) return; // both stages' maps, or none to trust
    this.cells.delete(filename);
    this.cells.set(filename, { map: new CellMap(maps[0], maps[1], PREFIX_LINES, headLength, originalPosition(expansion, code)), lines: code.split("\n") });
    if (this.cells.size > KEPT_CELLS) this.cells.delete(this.cells.keys().next().value as string);
  }

  /**
   * Interrupts the cell being run: abandons the await it is blocked on, or, while it is still
   * being compiled, stops it before it starts. (Synchronous code is stopped by the VM itself.)
   */
  interrupt(): void {
    const reject = this.rejectPendingAwait;
    if (reject === undefined) {
      this.interruptPending = true;
      return;
    }
    this.rejectPendingAwait = undefined;
    reject(new AwaitInterrupted("interrupted"));
  }

  /** Completions at UTF-16 offset `cursor`, with TypeScript's entry kinds as types. */
  complete(code: string, cursor: number): CompleteResult {
    const info = this.converter.complete(this.prevDecl, code, cursor);
    const kinds = new Map<string, string>();
    for (const e of info.original?.entries ?? []) if (!kinds.has(e.name)) kinds.set(e.name, e.kind);
    const types = info.candidates.map((text) => ({ start: info.start, end: info.end, text, type: kinds.get(text) ?? "" }));
    return { matches: info.candidates, cursorStart: info.start, cursorEnd: info.end, metadata: { _jupyter_types_experimental: types } };
  }

  /** Quick info (signature and documentation) of the symbol at or just before `cursor`. */
  inspect(code: string, cursor: number): InspectResult {
    // TypeScript answers an unresolved name with kind "" and type "any": that is "not found".
    const at = (pos: number) => {
      const info = pos >= 0 ? this.converter.inspect(this.prevDecl, code, pos) : undefined;
      return info && info.kind !== "" ? info : undefined;
    };
    const info = at(cursor) ?? at(cursor - 1);
    if (!info) return { found: false, data: {}, metadata: {} };
    return { found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
  }
}
