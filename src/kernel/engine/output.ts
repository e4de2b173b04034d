/**
 * Stream capture: what cells write to stdout/stderr, batched and bounded.
 *
 * Text is buffered (keeping the stdout/stderr interleaving) and sent when 16 K characters have
 * gathered, 50 ms after the first unsent write, before any display message, and at the end of a
 * cell. Size and age are also checked on every write, so a busy synchronous loop still streams.
 * Each cell may write `limit` characters; beyond that text is counted, not sent, and one note says
 * how much was cut (at the end of the cell, or before the next cell for late output).
 */

export type StreamName = "stdout" | "stderr";

const FLUSH_CHARS = 16_384;
const FLUSH_MS = 50;

export class OutputCapture {
  private chunks: Array<{ name: StreamName; text: string }> = [];
  private buffered = 0;
  private firstUnsentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private written = 0;
  private cut = new Map<StreamName, { chars: number; lines: number }>();

  /**
   * @param send  delivers one batch of text of one stream
   * @param limit characters of stream text each cell may show (≥ 0)
   */
  constructor(
    private readonly send: (name: StreamName, text: string) => void,
    readonly limit: number,
  ) {
    if (!Number.isFinite(limit) || limit < 0) throw new RangeError(`OutputCapture: limit must be a finite number ≥ 0, got ${limit}`);
  }

  /** Records text written by the cell (or its callbacks) to `name`. */
  write(name: StreamName, text: string): void {
    if (text.length === 0) return;
    const room = this.limit - this.written;
    if (room < text.length) {
      const dropped = text.slice(Math.max(0, room));
      const c = this.cut.get(name) ?? { chars: 0, lines: 0 };
      c.chars += dropped.length;
      for (let i = dropped.indexOf("\n"); i >= 0; i = dropped.indexOf("\n", i + 1)) c.lines += 1;
      this.cut.set(name, c);
      text = text.slice(0, Math.max(0, room));
      if (text.length === 0) return;
    }
    this.written += text.length;
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.name === name) last.text += text;
    else this.chunks.push({ name, text });
    this.buffered += text.length;
    const now = Date.now();
    if (this.firstUnsentAt === 0) this.firstUnsentAt = now;
    if (this.buffered >= FLUSH_CHARS || now - this.firstUnsentAt >= FLUSH_MS) this.flush();
    else if (this.timer === undefined) this.timer = setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Sends everything buffered. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const chunks = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    this.firstUnsentAt = 0;
    for (const c of chunks) this.send(c.name, c.text);
  }

  /** Starts a new cell's budget (first reporting what the previous period cut, if anything). */
  beginCell(): void {
    this.endCell();
    this.written = 0;
  }

  /** Flushes, then appends a note per stream saying how much was cut. */
  endCell(): void {
    this.flush();
    for (const [name, c] of this.cut) {
      this.send(
        name,
        `\n[kazami: output truncated — ${c.chars.toLocaleString("en-US")} more characters (${c.lines.toLocaleString("en-US")} lines) of ${name} ` +
          `were not shown; each cell shows at most ${this.limit.toLocaleString("en-US")} characters (set KAZAMI_MAX_OUTPUT to change)]\n`,
      );
    }
    this.cut.clear();
  }
}
