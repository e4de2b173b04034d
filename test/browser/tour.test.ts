// The tour in a real browser: Debian's classic Jupyter Notebook + headless Chromium (playwright-core).
// Opens notebooks/00-tour.ipynb (a copy, so autosave never touches the source), runs every cell
// with the Kazami kernel through the menu (Cell → Run All), and checks that the cells finished
// without errors and that a figure image is actually visible. Saves out/browser/tour.png.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserContext, Page, chromium } from "playwright-core";
import { JupyterServer, startJupyter } from "./jupyter-server";

const root = path.resolve(__dirname, "../..");
const tour = path.join(root, "notebooks", "00-tour.ipynb");
const outDir = path.join(root, "out", "browser");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const RUN_ALL_TIMEOUT_MS = 600_000;

describe("the tour in classic Jupyter Notebook, headless Chromium", () => {
  let tmp: string;
  let server: JupyterServer | undefined;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    expect(fs.existsSync(tour), `${tour} must exist`).toBe(true);
    expect(fs.existsSync(path.join(root, "dist", "index.js")), "run `npm run build` first: the kernel runs dist/").toBe(true);
    // The copy lives inside the package (out/ is git-ignored), so `import ... from "kazami"` resolves as in notebooks/.
    fs.mkdirSync(outDir, { recursive: true });
    const nbDir = fs.mkdtempSync(path.join(outDir, "nb-"));
    fs.copyFileSync(tour, path.join(nbDir, "00-tour.ipynb"));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-browser-"));
    server = await startJupyter({ notebookDir: nbDir, jupyterPath: root, stateDir: path.join(tmp, "jupyter"), timeoutMs: 60_000 });
    context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      timeout: 60_000,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60_000);
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    for (const d of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
      if (d.startsWith("nb-")) fs.rmSync(path.join(outDir, d), { recursive: true, force: true });
    }
  });

  it("runs every cell with the Kazami kernel and shows a figure", async () => {
    if (server === undefined) throw new Error("no server");
    await page.goto(`${server.url}/notebooks/00-tour.ipynb?token=${server.token}`);
    // The kernel named in the notebook's metadata is started by the page; wait for it to be idle.
    await page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: 120_000 });
    const kernelName = await page.evaluate(() => (window as any).Jupyter.notebook.kernel.name);
    expect(kernelName).toBe("kazami");

    await page.click("#celllink");
    await page.click("#run_all_cells");
    // Done when every code cell has an execution count and the kernel is idle again.
    await page.waitForFunction(
      () => {
        const nb = (window as any).Jupyter.notebook;
        const code = nb.get_cells().filter((c: any) => c.cell_type === "code" && c.get_text().trim() !== "");
        const done = code.every((c: any) => typeof c.input_prompt_number === "number");
        return done && document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null;
      },
      undefined,
      { timeout: RUN_ALL_TIMEOUT_MS, polling: 500 },
    );
    const errors = await page.locator(".output_error").allInnerTexts();
    expect(errors, "cells that raised").toEqual([]);

    const figure = page.locator(".output_png img, .output_svg svg").first();
    await figure.scrollIntoViewIfNeeded();
    await expect.poll(() => figure.isVisible()).toBe(true);
    const size = await figure.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const natural = el instanceof HTMLImageElement ? el.naturalWidth : r.width;
      return { width: r.width, height: r.height, natural };
    });
    expect(size.width).toBeGreaterThan(50);
    expect(size.height).toBeGreaterThan(50);
    expect(size.natural).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(outDir, "tour.png"), fullPage: true });
  });
});
