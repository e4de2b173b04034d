// Test helper: Debian's classic Jupyter Notebook server on 127.0.0.1 with a random token, every
// Jupyter state folder inside a temporary folder, bounded start-up and a clean shutdown.
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { randomBytes } from "node:crypto";

export interface JupyterServer {
  url: string;
  token: string;
  /** The server's log so far (stdout + stderr). */
  log(): string;
  /** POST /api/shutdown, then SIGTERM / SIGKILL if it does not exit within the grace period. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `jupyter notebook` serving `notebookDir`, with kernelspecs found through `jupyterPath`
 * and runtime/data/config folders under `stateDir`. Resolves once /api answers (≤ `timeoutMs`).
 */
export async function startJupyter(opts: { notebookDir: string; jupyterPath: string; stateDir: string; timeoutMs: number }): Promise<JupyterServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  for (const d of ["runtime", "data", "config"]) fs.mkdirSync(path.join(opts.stateDir, d), { recursive: true });
  let log = "";
  const child: ChildProcess = spawn(
    "/usr/bin/jupyter-notebook",
    [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${opts.notebookDir}`,
      "--NotebookApp.open_browser=False",
      "--MappingKernelManager.cull_idle_timeout=0",
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    {
      env: {
        ...process.env,
        JUPYTER_PATH: opts.jupyterPath,
        JUPYTER_RUNTIME_DIR: path.join(opts.stateDir, "runtime"),
        JUPYTER_DATA_DIR: path.join(opts.stateDir, "data"),
        JUPYTER_CONFIG_DIR: path.join(opts.stateDir, "config"),
        IPYTHONDIR: path.join(opts.stateDir, "ipython"),
        PYDEVD_DISABLE_FILE_VALIDATION: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await fetch(`${url}/api/shutdown`, { method: "POST", headers: { Authorization: `token ${token}` } }).catch(() => undefined);
    for (const [signal, wait] of [[null, 10_000], ["SIGTERM", 5_000], ["SIGKILL", 5_000]] as const) {
      if (signal !== null) child.kill(signal);
      await Promise.race([exited, sleep(wait)]);
      if (child.exitCode !== null || child.signalCode !== null) return;
    }
  };
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jupyter notebook exited with code ${child.exitCode}:\n${log}`);
    const ok = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { url, token, log: () => log, stop };
    await sleep(250);
  }
  await stop();
  throw new Error(`jupyter notebook did not answer within ${opts.timeoutMs / 1000} s:\n${log}`);
}
