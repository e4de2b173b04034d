/**
 * Wall-clock timing for speed comparisons inside notebooks (surrogate vs solver): warm-up calls
 * first (JIT, caches, tfjs kernel set-up), then `repeats` timed calls; the minimum is the estimate
 * least disturbed by other load on the machine, the median is reported beside it.
 */
import { checkFunction, checkInt } from "../core/checks";

export interface Timing {
  /** Fastest call (ms). */
  ms: number;
  /** Median call (ms). */
  median: number;
  /** Every timed call (ms), in order. */
  calls: number[];
}

/** Times `fn` (synchronous); returns milliseconds per call. */
export function time(fn: () => unknown, opts: { repeats?: number; warmup?: number } = {}): Timing {
  checkFunction("notebook.time", "fn", fn, "() => unknown");
  const repeats = checkInt("notebook.time", "repeats", opts.repeats ?? 3, 1), warmup = checkInt("notebook.time", "warmup", opts.warmup ?? 1, 0);
  for (let i = 0; i < warmup; i++) fn();
  const calls: number[] = [];
  for (let i = 0; i < repeats; i++) { const t0 = performance.now(); fn(); calls.push(performance.now() - t0); }
  const sorted = [...calls].sort((a, b) => a - b);
  return { ms: sorted[0], median: sorted[Math.floor(sorted.length / 2)], calls };
}
