/**
 * The kernel's input history for history_request, kept in memory for this kernel process
 * (IPython's access types: tail, range and search; https://jupyter-client.readthedocs.io/en/stable/messaging.html#history).
 */

/** [session, line, input] or, with output, [session, line, [input, output | null]]. */
export type HistoryEntry = [number, number, string] | [number, number, [string, string | null]];

interface Stored {
  line: number;
  input: string;
  output: string | null;
}

/** The session number of this kernel process's history. */
export const CURRENT_SESSION = 1;

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

export class History {
  private readonly entries: Stored[] = [];

  /** Records cell `line` (its execution count) with the text/plain of its result, if any. */
  add(line: number, input: string, output: string | null): void {
    this.entries.push({ line, input, output });
  }

  private format(list: Stored[], output: boolean): HistoryEntry[] {
    return list.map((e) => (output ? [CURRENT_SESSION, e.line, [e.input, e.output]] : [CURRENT_SESSION, e.line, e.input]));
  }

  /** The last `n` entries (all when n is undefined). */
  tail(n: number | undefined, output: boolean): HistoryEntry[] {
    return this.format(n === undefined ? this.entries : this.entries.slice(Math.max(0, this.entries.length - n)), output);
  }

  /**
   * Lines start ≤ line < stop of `session` (0 or CURRENT_SESSION: this process; other sessions
   * are not kept, so they are empty). `stop` undefined: to the end.
   */
  range(session: number, start: number, stop: number | undefined, output: boolean): HistoryEntry[] {
    if (session !== 0 && session !== CURRENT_SESSION) return [];
    return this.format(this.entries.filter((e) => e.line >= start && (stop === undefined || e.line < stop)), output);
  }

  /**
   * Entries whose whole input matches the glob `pattern` (`*`, `?`), oldest first; with `unique`
   * each input once (its latest occurrence); the last `n` of them when n is given.
   */
  search(pattern: string, n: number | undefined, unique: boolean, output: boolean): HistoryEntry[] {
    const re = globToRegExp(pattern);
    let found = this.entries.filter((e) => re.test(e.input));
    if (unique) {
      const latest = new Map<string, Stored>();
      for (const e of found) {
        latest.delete(e.input);
        latest.set(e.input, e);
      }
      found = [...latest.values()];
    }
    if (n !== undefined) found = found.slice(Math.max(0, found.length - n));
    return this.format(found, output);
  }
}
