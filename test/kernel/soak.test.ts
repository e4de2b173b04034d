/**
 * Soak: one kernel executes 2,000 cells — tensor work, figures, thrown errors, printed output and
 * cells interrupted while they wait — and stays healthy: every request gets its reply, the engine
 * is never replaced, the tfjs tensor count and the engine's resident memory stay flat, and no
 * process is left behind (nor a zombie) after shutdown.
 *
 * Flatness is a least-squares slope over the samples of the second half (each taken after a full
 * collection). The first half is warm-up: the engine keeps the last 500 cells' source maps, and V8,
 * the render worker and tfjs-wasm grow to their working size (the RSS slope over cells 500–2000
 * was 13 MiB per 1,000 cells in one run, over 1000–2000 5.5).
 *
 * The bounds, per 1,000 cells, after warm-up:
 * - V8 heap after a full collection < 5 MiB (5 KiB per cell). It is exact enough to bound close:
 *   it grows about 2.2 KiB per cell even for comment-only cells sent straight to the engine
 *   (nothing run, no source map kept) — inside tslab's TypeScript watch program, not Kazami's
 *   code — and 2.4–2.7 MiB per 1,000 cells here. A figure bundle kept per figure cell (printed,
 *   tens of KiB; 200 figure cells per 1,000) would more than double it.
 * - RSS < 20 MiB (20 KiB per cell), for leaks outside the V8 heap (native: resvg, tfjs-wasm, Node
 *   buffers). RSS follows the heap's creep at about 3.5× and swings ±5 MiB between samples: 5–9.4
 *   MiB per 1,000 cells over three runs, so a bound of 10 would fail on noise; one leaked RGBA
 *   raster per figure cell (printed: the PNG's pixels × 4 bytes, over a MiB) would exceed it tenfold.
 * - The tfjs tensor count must not move at all (numTensors is exact).
 */
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as path from "node:path";
import { encodeMessage, newMessage } from "../../src/kernel/wire";
import { Exchange, ROOT, TestKernel } from "./harness";

const CELLS = 2000;
const SAMPLE_EVERY = 50;
/** Samples up to this cell are warm-up (not in the slopes). */
const WARM_UP = CELLS / 2;
/** Bounds after warm-up, MiB per 1,000 cells (see above). */
const RSS_SLOPE_LIMIT = 20;
const HEAP_SLOPE_LIMIT = 5;

let k: TestKernel;
beforeAll(async () => {
  k = await TestKernel.start({ cwd: path.join(ROOT, "notebooks") }); // where a notebook's imports resolve
}, 60_000);
afterAll(async () => {
  await k?.stop();
});

/** Parent pid and state letter of every process (from /proc). */
function processTable(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(name), { ppid: Number(ppid), state });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** Every descendant of `pid` with its state (Z: zombie). */
function descendants(pid: number): Array<{ pid: number; state: string }> {
  const table = processTable();
  const found: Array<{ pid: number; state: string }> = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    const next = [...table].filter(([, p]) => frontier.includes(p.ppid));
    found.push(...next.map(([p, { state }]) => ({ pid: p, state })));
    frontier = next.map(([p]) => p);
  }
  return found;
}

/** Least-squares slope of y against x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}

const plain = (ex: Exchange): string => String(TestKernel.of(ex, "execute_result")[0]?.content.data?.["text/plain" as never] ?? "");

/** Runs `code`, interrupts it once the kernel has started it plus `delayMs`, returns the exchange. */
async function interrupted(code: string, delayMs: number): Promise<Exchange> {
  const msg = newMessage("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false }, { session: "soak" });
  const done = k.sendAndWait("shell", encodeMessage(msg, k.signer), msg.header.msg_id);
  while (!k.received.some((m) => m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === "execute_input")) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, delayMs));
  const { reply } = await k.request("control", "interrupt_request", {});
  expect(reply.content).toEqual({ status: "ok" });
  return done;
}

describe("soak", () => {
  it(`runs ${CELLS.toLocaleString("en-US")} mixed cells: every reply, flat memory and tensor count, nothing left behind`, async () => {
    // The work is defined once, so each cell compiles quickly (type-checking tfjs and plot calls
    // in every cell would triple the run time); each cell still goes through the whole pipeline.
    const setup = await k.execute(
      [
        'import * as tf from "@tensorflow/tfjs";',
        'import { core, plot, notebook } from "kazami";',
        "await core.initBackend();",
        "const state = { n: 0 };",
        'const tensorWork = (i: number): boolean => tf.tidy(() => tf.sum(tf.matMul(tf.randomNormal([32, 32], 0, 1, "float32", i), tf.randomNormal([32, 32]))).dataSync()[0]) !== undefined;',
        'const figureOf = (i: number) => notebook.figure(plot.heatmap(plot.field(Float64Array.from({ length: 64 }, (_, j) => Math.sin(j + i)), [8, 8], { name: "u" })), { caption: `soak ${i}` });',
        "// a full collection before each sample, so a slope is growth, not garbage not yet collected",
        'require("v8").setFlagsFromString("--expose-gc");',
        'const gc = require("vm").runInNewContext("gc") as () => void;',
      ].join("\n"),
      {},
      120_000,
    );
    expect(setup.reply.content.status, JSON.stringify(setup.reply.content).slice(0, 500)).toBe("ok");
    const engines = descendants(k.process.pid as number).filter((p) => p.state !== "Z");
    expect(engines.length, "one engine process").toBe(1);
    const engine = engines[0].pid;
    const at: number[] = [];
    const rss: number[] = [];
    const tensors: number[] = [];
    const heap: number[] = [];
    const external: number[] = [];
    const kinds = ["tensor", "figure", "error", "interrupt", "output", "sample"] as const;
    const count = Object.fromEntries(kinds.map((n) => [n, 0])) as Record<(typeof kinds)[number], number>;
    const ms = Object.fromEntries(kinds.map((n) => [n, 0])) as Record<(typeof kinds)[number], number>;
    let replies = 0;
    let bundleBytes = 0;
    let rasterBytes = 0;
    const t0 = Date.now();
    for (let i = 1; i <= CELLS; i++) {
      const kind = i % SAMPLE_EVERY === 0 ? "sample" : i % 10 < 4 ? "tensor" : i % 10 < 6 ? "figure" : i % 10 < 8 ? "error" : i % 50 === 8 ? "interrupt" : "output";
      const c0 = Date.now();
      let ex: Exchange;
      if (kind === "sample") {
        ex = await k.execute("gc();\nconst m = process.memoryUsage();\n`${m.rss} ${m.heapUsed} ${m.external} ${tf.memory().numTensors}`");
        const [r, h, e, t] = plain(ex).replace(/^'|'$/g, "").split(" ").map(Number);
        at.push(i);
        rss.push(r / 2 ** 20);
        heap.push(h / 2 ** 20);
        external.push(e / 2 ** 20);
        tensors.push(t);
      } else if (kind === "tensor") {
        ex = await k.execute(`tensorWork(${i})`);
        expect(plain(ex), `cell ${i}`).toBe("true");
      } else if (kind === "figure") {
        ex = await k.execute(`figureOf(${i})`);
        expect(ex.reply.content.status, `cell ${i}: ${JSON.stringify(ex.reply.content).slice(0, 300)}`).toBe("ok");
        expect(Object.keys(TestKernel.of(ex, "execute_result")[0]?.content.data ?? {}), `cell ${i}`).toContain("image/png");
        const data = TestKernel.of(ex, "execute_result")[0].content.data as Record<string, string>;
        bundleBytes = JSON.stringify(data).length;
        const png = Buffer.from(data["image/png"], "base64"); // IHDR: width and height at bytes 16 and 20
        rasterBytes = png.readUInt32BE(16) * png.readUInt32BE(20) * 4;
      } else if (kind === "error") {
        ex = await k.execute(`state.n += 1;\nthrow new RangeError("soak error ${i}");`, { stop_on_error: false });
        expect(ex.reply.content, `cell ${i}`).toMatchObject({ status: "error", ename: "RangeError", evalue: `soak error ${i}` });
      } else if (kind === "interrupt") {
        ex = await interrupted("await new Promise((resolve) => setTimeout(resolve, 60_000));", 50);
        expect(ex.reply.content, `cell ${i}`).toMatchObject({ status: "error", ename: "Interrupted" });
        expect(String(ex.reply.content.evalue), `cell ${i}: the session is kept`).not.toContain("fresh TypeScript session");
      } else {
        ex = await k.execute(`console.log("line ${i}"); state.n`);
        expect(TestKernel.stream(ex, "stdout"), `cell ${i}`).toBe(`line ${i}\n`);
      }
      expect(ex.reply.header.msg_type, `cell ${i}`).toBe("execute_reply");
      replies++;
      count[kind]++;
      ms[kind] += Date.now() - c0;
      if (i % 100 === 0) k.received.length = 0; // the harness keeps iopub messages; drop the ones already checked
    }
    const seconds = (Date.now() - t0) / 1000;
    const after = at.map((a, j) => [a, j] as const).filter(([a]) => a > WARM_UP).map(([, j]) => j);
    const slopeOf = (y: number[]): number => slope(after.map((j) => at[j]), after.map((j) => y[j])) * 1000; // per 1,000 cells
    const rssSlope = slopeOf(rss);
    const mib = (y: number[]): string => y.map((v) => v.toFixed(0)).join(" ");
    console.log(
      `soak: ${replies} replies to ${CELLS} cells in ${seconds.toFixed(0)} s (${kinds.map((n) => `${count[n]} ${n} ${(ms[n] / Math.max(1, count[n])).toFixed(0)} ms`).join(", ")}); ` +
        `slopes after cell ${WARM_UP}, per 1,000 cells: engine RSS ${rssSlope.toFixed(2)} MiB (${((rssSlope * 1024) / 1000).toFixed(2)} KiB per cell), ` +
        `V8 heap ${slopeOf(heap).toFixed(2)} MiB (a figure bundle is ${(bundleBytes / 1024).toFixed(0)} KiB, its RGBA raster ${(rasterBytes / 1024).toFixed(0)} KiB), external ${slopeOf(external).toFixed(2)} MiB, tensors ${slopeOf(tensors).toFixed(3)} (count ${[...new Set(tensors)].join(", ")}); ` +
        `samples every ${SAMPLE_EVERY} cells, MiB — RSS ${mib(rss)}; heap ${mib(heap)}; external ${mib(external)}`,
    );
    expect(replies).toBe(CELLS);
    expect(new Set(tensors).size, "the tfjs tensor count stays flat").toBe(1);
    expect(rssSlope, "engine RSS slope after warm-up, MiB per 1,000 cells").toBeLessThan(RSS_SLOPE_LIMIT);
    expect(slopeOf(heap), "engine V8 heap slope after warm-up, MiB per 1,000 cells").toBeLessThan(HEAP_SLOPE_LIMIT);
    expect(descendants(k.process.pid as number).map((p) => p.pid), "the engine was never replaced").toEqual([engine]);
    expect(plain(await k.execute("state.n"))).toBe(String(count.error));

    const kernel = k.process.pid as number;
    await k.stop();
    for (let t = 0; t < 50 && (fs.existsSync(`/proc/${engine}`) || fs.existsSync(`/proc/${kernel}`)); t++) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(`/proc/${kernel}`), "the kernel process is gone (reaped, not a zombie)").toBe(false);
    expect(fs.existsSync(`/proc/${engine}`), "the engine process is gone").toBe(false);
    expect(descendants(process.pid).filter((p) => p.state === "Z"), "no zombie children of the test process").toEqual([]);
  }, 1_500_000);
});
