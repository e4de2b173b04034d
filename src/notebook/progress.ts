/**
 * Progress bars for long work. In the kernel a bar is one output updated in place
 * (update_display_data, throttled) with an HTML <progress> element and a text fallback; outside it
 * (vitest, node scripts, CI logs) it is a text bar on stderr: rewritten in place on a terminal,
 * printed as occasional lines otherwise.
 *
 * Library code reports progress with an optional `onProgress(done, total)` callback (the
 * project's convention); `onProgress(label)` here makes such a callback that drives a bar.
 *
 * @example const bar = notebook.progress(epochs, { label: "training" });
 *          for (let e = 0; e < epochs; e++) { step(); bar.tick(); }
 *          bar.done();
 * @example sim.run(config, { onProgress: notebook.onProgress("spin-up") })
 */
import { randomUUID } from "crypto";
import { escapeHtml, kernelHost } from "./mime";

/** Options of `progress`. */
export interface ProgressOptions {
  label?: string;
  /** Least time between two redraws, ms (default 200 in the kernel and on a terminal, 5000 for plain-text logs). */
  minIntervalMs?: number;
  /** Where the text bar goes outside the kernel (default process.stderr). */
  stream?: { write(s: string): unknown; isTTY?: boolean };
  /** Clock in ms (default performance.now; tests inject one). */
  now?: () => number;
}

/** A running bar. */
export interface ProgressBar {
  /** Advances by n (default 1). */
  tick(n?: number): void;
  /** Sets the count to `done` (absolute). */
  update(done: number): void;
  /** Finishes: draws the final state (100% if the count reached the total) and stops updating. */
  done(): void;
  /** The current count. */
  readonly count: number;
}

const BAR_WIDTH = 24;

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = String(m).padStart(2, "0"), ss = String(r).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}

/** The state of a bar: fraction done, and "40% 4/10 [00:02<00:03, 2.0/s]". */
function progressStats(count: number, total: number, elapsedMs: number, finished: boolean): { frac: number; stats: string } {
  const frac = total > 0 ? Math.min(1, count / total) : 1;
  const secs = elapsedMs / 1000;
  const rate = secs > 0 ? count / secs : NaN;
  const eta = finished ? "" : `<${clock(rate > 0 ? (total - count) / rate : NaN)}`;
  const rateText = Number.isFinite(rate) ? `, ${rate >= 1 ? rate.toFixed(1) : rate.toPrecision(2)}/s` : "";
  return { frac, stats: `${Math.floor(frac * 100)}% ${num(count)}/${num(total)} [${clock(secs)}${eta}${rateText}]` };
}

/** A bar in words: "label ████░░ 40% 4/10 [00:02<00:03, 2.0/s]". */
export function progressText(label: string, count: number, total: number, elapsedMs: number, finished: boolean): string {
  const { frac, stats } = progressStats(count, total, elapsedMs, finished);
  const filled = Math.round(frac * BAR_WIDTH);
  return `${label ? label + " " : ""}${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)} ${stats}`;
}

function checkCount(who: string, name: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`${who}: ${name} must be a finite number ≥ 0, got ${String(v)}`);
}

/**
 * Starts a progress bar for `total` units of work (steps, samples, epochs; any finite number ≥ 0).
 */
export function progress(total: number, options: ProgressOptions = {}): ProgressBar {
  checkCount("notebook.progress", "total", total);
  const label = options.label ?? "";
  const now = options.now ?? (() => performance.now());
  const host = kernelHost();
  const stream = options.stream ?? process.stderr;
  const tty = host === undefined && stream.isTTY === true;
  const interval = options.minIntervalMs ?? (host !== undefined || tty ? 200 : 5000);
  checkCount("notebook.progress", "minIntervalMs", interval);
  const start = now();
  const displayId = `kazami-progress-${randomUUID()}`;
  let count = 0;
  let last = -Infinity;
  let finished = false;
  let shown = false;

  const draw = (force: boolean): void => {
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    const text = progressText(label, count, total, t - start, finished);
    if (host !== undefined) {
      const { frac, stats } = progressStats(count, total, t - start, finished);
      const html =
        `<div class="kazami-progress" style="font-family:monospace;white-space:nowrap">` +
        (label ? `<span>${escapeHtml(label)}</span> ` : "") +
        `<progress value="${(100 * frac).toFixed(1)}" max="100" style="width:16em;vertical-align:middle"></progress> ` +
        `<span>${escapeHtml(stats)}</span></div>`;
      const data = { "text/plain": text, "text/html": html };
      const metadata = { kazami: { kind: "progress" } };
      if (shown) host.updateDisplay(data, metadata, { display_id: displayId });
      else host.display(data, metadata, { display_id: displayId });
      shown = true;
    } else if (tty) {
      stream.write(`\r${text}\x1b[K${finished ? "\n" : ""}`);
    } else {
      stream.write(text + "\n");
    }
  };
  const bar: ProgressBar = {
    tick(n = 1) {
      checkCount("progress.tick", "n", n);
      if (finished) return;
      count += n;
      draw(false);
    },
    update(done: number) {
      checkCount("progress.update", "done", done);
      if (finished) return;
      count = done;
      draw(false);
    },
    done() {
      if (finished) return;
      finished = true;
      draw(true);
    },
    get count() {
      return count;
    },
  };
  // In the kernel the bar appears at once (at 0%); text bars appear on the first redraw.
  if (host !== undefined || tty) draw(true);
  return bar;
}

/**
 * An `onProgress(done, total)` callback (the library convention) that drives a progress bar: the
 * bar starts at the first call, follows `done`, and finishes when done reaches total. A call with
 * a different total (a new phase) finishes the current bar and starts another.
 */
export function onProgress(label?: string, options: Omit<ProgressOptions, "label"> = {}): (done: number, total: number) => void {
  let bar: ProgressBar | undefined;
  let barTotal = NaN;
  return (done: number, total: number) => {
    checkCount("onProgress", "total", total);
    checkCount("onProgress", "done", done);
    if (bar !== undefined && total !== barTotal) {
      bar.done();
      bar = undefined;
    }
    if (bar === undefined) {
      bar = progress(total, { ...options, label });
      barTotal = total;
    }
    bar.update(done);
    if (done >= total) {
      bar.done();
      bar = undefined;
    }
  };
}
