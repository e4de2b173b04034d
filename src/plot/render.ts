/**
 * Rendering a Vega-Lite spec to SVG (vega-lite compile → vega View, renderer "none", `toSVG`) and to
 * PNG (@resvg/resvg-js with the DejaVu fonts of Debian's fonts-dejavu-core).
 *
 * Vega renders asynchronously (its dataflow and image loading are promise-based), but a value that
 * displays itself in Jupyter must produce its bundle synchronously. So rendering runs in a worker
 * thread and `render` blocks on it (Atomics.wait + receiveMessageOnPort): one public, synchronous
 * call, using only Vega's public API. The worker starts on first use, is unref'd (never keeps the
 * process alive) and is reused.
 */
import * as fs from "fs";
import * as path from "path";
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from "worker_threads";
import { Spec } from "./compose";

/** Where the DejaVu fonts are expected (Debian package fonts-dejavu-core). */
export const FONT_DIR = "/usr/share/fonts/truetype/dejavu";

/** Options of `render`. */
export interface RenderOptions {
  /** Also render a PNG (default true). */
  png?: boolean;
  /** PNG pixels per SVG pixel (default 1.5: crisp on most screens, small files). */
  pngScale?: number;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

/** What `render` produces. */
export interface Rendering {
  svg: string;
  /** PNG bytes, unless `png: false`. */
  png?: Buffer;
  /** Size of the SVG in px. */
  width: number;
  height: number;
  /** Vega-Lite and Vega warnings (e.g. dropped encodings); empty for a clean spec. */
  warnings: string[];
  /** Wall time of compile + SVG and of PNG rasterization, ms. */
  svgMs: number;
  pngMs: number;
}

// The worker: plain CommonJS so it runs the same from dist/ and under vitest. Requests arrive on
// `port`; each answer is posted back and then signalled on `flag[0]`.
const WORKER_SOURCE = `
const { workerData } = require("worker_threads");
const { port, flag, paths, fontDir } = workerData;
let lib, startupError;
try {
  lib = { vega: require(paths.vega), vl: require(paths.vegaLite), Resvg: require(paths.resvg).Resvg };
} catch (e) { startupError = "cannot load the renderer: " + (e && e.message || e); }
function answer(msg) { port.postMessage(msg); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
port.on("message", async (req) => {
  if (startupError) return answer({ ok: false, message: startupError });
  const warnings = [];
  const logger = {
    _level: 2,
    level(l) { if (l === undefined) return this._level; this._level = l; return this; },
    error(...a) { throw new Error(a.join(" ")); },
    warn(...a) { warnings.push(a.map(String).join(" ")); return this; },
    info() { return this; },
    debug() { return this; },
  };
  let view, stage = "Vega-Lite could not compile the spec";
  try {
    const t0 = performance.now();
    const vg = lib.vl.compile(req.spec, { logger }).spec;
    stage = "Vega could not render the compiled spec";
    view = new lib.vega.View(lib.vega.parse(vg), { renderer: "none", logger });
    const svg = await view.toSVG();
    const head = svg.slice(0, svg.indexOf(">"));
    const width = Number((/ width="([\\d.]+)"/.exec(head) || [])[1]), height = Number((/ height="([\\d.]+)"/.exec(head) || [])[1]);
    const t1 = performance.now();
    let png;
    stage = "resvg could not rasterize the SVG";
    if (req.png) {
      png = new lib.Resvg(svg, {
        fitTo: { mode: "zoom", value: req.pngScale },
        font: { fontDirs: [fontDir], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans",
                sansSerifFamily: "DejaVu Sans", serifFamily: "DejaVu Serif", monospaceFamily: "DejaVu Sans Mono" },
      }).render().asPng();
    }
    answer({ ok: true, svg, png, width, height, warnings, svgMs: t1 - t0, pngMs: performance.now() - t1 });
  } catch (e) {
    answer({ ok: false, message: stage + ": " + String(e && e.message || e) });
  } finally {
    if (view) view.finalize();
  }
});
`;

interface RenderWorker {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let current: RenderWorker | undefined;

function startWorker(): RenderWorker {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const paths = { vega: require.resolve("vega"), vegaLite: require.resolve("vega-lite"), resvg: require.resolve("@resvg/resvg-js") };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag, paths, fontDir: FONT_DIR }, transferList: [port2] });
  worker.unref();
  port1.unref();
  const w: RenderWorker = { worker, port: port1, flag };
  worker.on("exit", () => {
    if (current === w) current = undefined;
  });
  return w;
}

function checkFonts(): void {
  if (!fs.existsSync(path.join(FONT_DIR, "DejaVuSans.ttf"))) {
    throw new Error(
      `plot.render: DejaVu fonts not found in ${FONT_DIR} (needed to rasterize text into PNGs). ` +
        `Install the Debian package fonts-dejavu-core (scripts/setup-system.sh does).`,
    );
  }
}

/**
 * Renders a Vega-Lite v5 spec to SVG and (by default) PNG, synchronously.
 * @throws Error naming the Vega-Lite/Vega failure for an invalid spec, or the missing fonts.
 */
export function render(spec: Spec, options: RenderOptions = {}): Rendering {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new TypeError(`plot.render: spec must be a Vega-Lite spec object, got ${spec === null ? "null" : typeof spec}`);
  }
  const png = options.png ?? true;
  const pngScale = options.pngScale ?? 1.5;
  const timeoutMs = options.timeoutMs ?? 120_000;
  if (!(pngScale > 0 && pngScale <= 8)) throw new RangeError(`plot.render: pngScale must be in (0, 8], got ${pngScale}`);
  if (!(timeoutMs > 0)) throw new RangeError(`plot.render: timeoutMs must be > 0, got ${timeoutMs}`);
  if (png) checkFonts();
  const w = (current ??= startWorker());
  Atomics.store(w.flag, 0, 0);
  w.port.postMessage({ spec, png, pngScale });
  if (Atomics.wait(w.flag, 0, 0, timeoutMs) === "timed-out") {
    current = undefined;
    void w.worker.terminate();
    throw new Error(`plot.render: rendering did not finish within ${timeoutMs} ms`);
  }
  const reply = receiveMessageOnPort(w.port)?.message as
    | { ok: true; svg: string; png?: Uint8Array; width: number; height: number; warnings: string[]; svgMs: number; pngMs: number }
    | { ok: false; message: string }
    | undefined;
  if (reply === undefined) throw new Error("plot.render: the render worker signalled but sent no reply");
  if (!reply.ok) throw new Error(`plot.render: ${reply.message}`);
  return {
    svg: reply.svg,
    ...(reply.png ? { png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength) } : {}),
    width: reply.width,
    height: reply.height,
    warnings: reply.warnings,
    svgMs: reply.svgMs,
    pngMs: reply.pngMs,
  };
}
