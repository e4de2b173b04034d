import { afterEach, describe, expect, it } from "vitest";
import { onProgress, progress, progressText } from "../../src/notebook";
import { installKernelDouble } from "./kernel-double";

/** A fake stream and clock. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progressText", () => {
  it("shows label, bar, percent, counts, elapsed<eta and rate", () => {
    expect(progressText("train", 4, 10, 2000, false)).toBe("train ██████████░░░░░░░░░░░░░░ 40% 4/10 [00:02<00:03, 2.0/s]");
    expect(progressText("", 10, 10, 65_000, true)).toBe("████████████████████████ 100% 10/10 [01:05, 0.15/s]");
    expect(progressText("", 0, 0, 0, true)).toBe("████████████████████████ 100% 0/0 [00:00]");
  });
});

describe("progress outside the kernel", () => {
  it("plain-text logs (not a TTY): a line at the first tick, then at most one per interval, and the final line", () => {
    const { writes, stream } = fakeStream(false);
    const c = fakeClock();
    const bar = progress(100, { label: "steps", stream, now: c.now, minIntervalMs: 1000 });
    expect(writes).toEqual([]); // nothing until there is progress
    for (let i = 0; i < 100; i++) {
      c.advance(100);
      bar.tick();
    }
    bar.done();
    bar.done(); // idempotent
    bar.tick(); // ignored after done
    expect(writes.length).toBe(11); // t = 0.1 s, then every 1 s up to 9.1 s, then done
    expect(writes[0]).toBe("steps ░░░░░░░░░░░░░░░░░░░░░░░░ 1% 1/100 [00:00<00:10, 10.0/s]\n");
    expect(writes[writes.length - 1]).toBe("steps ████████████████████████ 100% 100/100 [00:10, 10.0/s]\n");
    expect(bar.count).toBe(100);
  });

  it("a terminal: rewrites one line with \\r and ends it with a newline", () => {
    const { writes, stream } = fakeStream(true);
    const c = fakeClock();
    const bar = progress(3, { stream, now: c.now });
    for (let i = 0; i < 3; i++) {
      c.advance(300);
      bar.tick();
    }
    bar.done();
    expect(writes.every((w) => w.startsWith("\r"))).toBe(true);
    expect(writes[0]).toContain("0% 0/3");
    expect(writes[writes.length - 1]).toMatch(/100% 3\/3 .*\x1b\[K\n$/);
    expect(writes.slice(0, -1).every((w) => !w.endsWith("\n"))).toBe(true);
  });

  it("rejects a negative or non-finite total or tick", () => {
    expect(() => progress(-1)).toThrow(RangeError);
    expect(() => progress(NaN)).toThrow(/total must be a finite number ≥ 0, got NaN/);
    expect(() => progress(3, { stream: fakeStream(false).stream }).tick(-1)).toThrow(/n must be/);
  });
});

describe("progress in the kernel", () => {
  let k: ReturnType<typeof installKernelDouble> | undefined;
  afterEach(() => k?.uninstall());

  it("displays once with a display_id, updates that id in place (throttled), finishes at 100%", () => {
    k = installKernelDouble();
    const c = fakeClock();
    const bar = progress(50, { label: "epochs", now: c.now });
    for (let i = 0; i < 50; i++) {
      c.advance(50);
      bar.tick();
    }
    bar.done();
    const [first, ...rest] = k.calls;
    expect(first.kind).toBe("display");
    const id = first.transient!.display_id!;
    expect(id).toMatch(/^kazami-progress-/);
    expect(rest.every((r) => r.kind === "update" && r.transient!.display_id === id)).toBe(true);
    expect(rest.length).toBe(13); // 2.5 s of work at ≥ 200 ms apart (12) + the final redraw
    const final = rest[rest.length - 1].data!;
    expect(Object.keys(final).sort()).toEqual(["text/html", "text/plain"]);
    expect(final["text/plain"]).toMatch(/^epochs █{24} 100% 50\/50/);
    expect(final["text/html"]).toMatch(/<progress value="100.0" max="100"/);
    expect(final["text/html"]).toContain("<span>epochs</span>");
  });

  it("two bars get different display ids", () => {
    k = installKernelDouble();
    progress(1);
    progress(1);
    expect(k.calls[0].transient!.display_id).not.toBe(k.calls[1].transient!.display_id);
  });
});

describe("onProgress adapter", () => {
  it("drives a bar from (done, total) calls, finishing at done = total; a new total starts a new bar", () => {
    const { writes, stream } = fakeStream(false);
    const c = fakeClock();
    const cb = onProgress("phase", { stream, now: c.now, minIntervalMs: 0 });
    for (let d = 1; d <= 4; d++) {
      c.advance(10);
      cb(d, 4);
    }
    for (let d = 1; d <= 2; d++) cb(d, 2);
    expect(writes.filter((w) => w.includes("100%"))).toHaveLength(2 + 2); // the last update and done() of each phase
    expect(writes.some((w) => w.includes("2/2"))).toBe(true);
    expect(writes[0]).toContain("phase");
    expect(() => cb(-1, 4)).toThrow(/done must be/);
  });
});
