/**
 * Where in *their* cell an error happened: tslab compiles a cell in two stages (TypeScript → ES
 * module, then ES module → CommonJS), and the JavaScript that runs has other lines than the cell.
 * Both stages are made to emit inline source maps ({@link withInlineSourceMaps}); a {@link CellMap}
 * composes them, so a V8 position in the compiled cell maps back to the line and column the user
 * typed. Frames in the library's compiled code map through the package's own source maps
 * ({@link packageFrameMapper}), so they name `src/…ts` lines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import { decode, type SourceMapMappings } from "@jridgewell/sourcemap-codec";

const INLINE_MAP = /^\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
/** The file name of tslab's second stage (its `esModuleToCommonJSModule`). */
const SECOND_STAGE_FILE = "custom.js";

/**
 * The TypeScript module tslab uses, with its two compile stages made to emit inline source maps:
 * the watch program of stage one (every cell and local module) and the `transpileModule` call of
 * stage two. The module's exports are read-only getters, so this is a wrapper object that
 * delegates every other name; install it in place of the module before tslab's converter loads.
 */
export function withInlineSourceMaps(ts: typeof TS): typeof TS {
  const wrapped: Record<string, unknown> = {};
  for (const key of Object.keys(ts)) Object.defineProperty(wrapped, key, { enumerable: true, configurable: true, get: () => (ts as unknown as Record<string, unknown>)[key] });
  const createHost = ts.createWatchCompilerHost as (...args: unknown[]) => unknown;
  Object.defineProperty(wrapped, "createWatchCompilerHost", {
    enumerable: true,
    value: (rootFiles: unknown, options: TS.CompilerOptions, ...rest: unknown[]) => createHost(rootFiles, { ...options, inlineSourceMap: true, sourceMap: false }, ...rest),
  });
  Object.defineProperty(wrapped, "transpileModule", {
    enumerable: true,
    value: (input: string, options: TS.TranspileOptions) =>
      ts.transpileModule(input, options.fileName === SECOND_STAGE_FILE ? { ...options, compilerOptions: { ...options.compilerOptions, inlineSourceMap: true } } : options),
  });
  return wrapped as unknown as typeof TS;
}

/**
 * The code without its trailing inline source-map comments, and those maps as they were written
 * (base64 JSON, in order): decoding waits until a traceback needs them ({@link CellMap}).
 */
export function takeInlineSourceMaps(output: string): { code: string; maps: string[] } {
  const maps: string[] = [];
  const kept = output.split("\n").filter((line) => {
    const m = INLINE_MAP.exec(line);
    if (m) maps.push(m[1]);
    return !m;
  });
  return { code: kept.join("\n"), maps };
}

/** The decoded mappings of an inline source map's base64 JSON. */
function decodeInline(base64: string): SourceMapMappings {
  return decode((JSON.parse(Buffer.from(base64, "base64").toString("utf8")) as { mappings: string }).mappings);
}

/** The source position (0-based line and column) of a 0-based generated position, if mapped. */
function lookup(mappings: SourceMapMappings, line: number, column: number): { line: number; column: number } | undefined {
  const segments = mappings[line];
  if (segments === undefined || segments.length === 0) return undefined;
  let best = segments[0];
  for (const s of segments) {
    if (s[0] > column) break;
    best = s;
  }
  return best.length >= 4 ? { line: best[2] as number, column: best[3] as number } : undefined;
}

/** A position in the cell as typed: 1-based line and column (the convention of stack traces). */
export interface CellPosition {
  line: number;
  column: number;
}

/**
 * Maps positions of a compiled cell back to the cell. `first` is stage one's inline map (base64
 * JSON; source: the cell after tslab's one-line module prefix), `second` stage two's, decoded on
 * the first lookup (most cells never raise); `toOriginal` maps a 0-based (line, column) of the
 * code given to tslab to the code the user typed (the shorthand expansion).
 */
export class CellMap {
  private decoded: { first: SourceMapMappings; second: SourceMapMappings } | undefined;

  constructor(
    private readonly first: string,
    private readonly second: string,
    private readonly prefixLines: number,
    private readonly headLength: number,
    private readonly toOriginal: (line: number, column: number) => { line: number; column: number },
  ) {}

  /**
   * The cell position of a V8 position (1-based line and column) in the script that ran, whose
   * first line starts with `headLength` characters of wrapper; undefined when it is not the cell's.
   */
  locate(line: number, column: number): CellPosition | undefined {
    const col = line === 1 ? column - 1 - this.headLength : column - 1;
    const maps = (this.decoded ??= { first: decodeInline(this.first), second: decodeInline(this.second) });
    const esm = lookup(maps.second, line - 1, Math.max(0, col));
    const ts = esm && lookup(maps.first, esm.line, esm.column);
    if (ts === undefined || ts.line < this.prefixLines) return undefined;
    const at = this.toOriginal(ts.line - this.prefixLines, ts.column);
    return { line: at.line + 1, column: at.column + 1 };
  }
}

/**
 * Maps frames in the package's compiled JavaScript (`dist/…js`, built with source maps) to the
 * TypeScript they came from: `(path, line, column)` 1-based → `src/…ts` path, line and column, or
 * undefined. Maps are read on first use, so starting the engine costs nothing (Node's own
 * source-map support would parse every loaded module's map, tfjs's included).
 */
export function packageFrameMapper(distDir: string): (file: string, line: number, column: number) => { file: string; line: number; column: number } | undefined {
  const maps = new Map<string, { source: string; mappings: SourceMapMappings } | null>();
  const prefix = distDir.endsWith(path.sep) ? distDir : distDir + path.sep;
  const load = (file: string) => {
    if (!maps.has(file)) {
      let entry: { source: string; mappings: SourceMapMappings } | null = null;
      try {
        const raw = JSON.parse(fs.readFileSync(`${file}.map`, "utf8")) as { sources: string[]; sourceRoot?: string; mappings: string };
        if (raw.sources.length === 1) entry = { source: path.resolve(path.dirname(file), raw.sourceRoot ?? "", raw.sources[0]), mappings: decode(raw.mappings) };
      } catch {
        entry = null; // no map beside it: the frame stays as it is
      }
      maps.set(file, entry);
    }
    return maps.get(file) ?? null;
  };
  return (file, line, column) => {
    if (!file.startsWith(prefix) || !file.endsWith(".js")) return undefined;
    const map = load(file);
    const at = map && lookup(map.mappings, line - 1, column - 1);
    return map && at ? { file: map.source, line: at.line + 1, column: at.column + 1 } : undefined;
  };
}
