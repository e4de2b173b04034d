/**
 * Test harness: starts the real kernel (`node dist/cli.js kernel start <file>`) and talks to it as
 * a Jupyter client over zeromq, with raw access for fault injection. Also the environment for the
 * Python clients (Jupyter state kept in a temporary folder).
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zmq from "zeromq";
import { ConnectionInfo, allocateConnection, endpoint, writeConnectionFile } from "../../src/kernel/connection";
import { Message, Signer, decodeMessage, encodeMessage, newMessage } from "../../src/kernel/wire";

export const ROOT = path.resolve(__dirname, "..", "..");
export const PYTHON = "/usr/bin/python3";

/** Throws a clear error when the kernel has not been compiled (tests run the built kernel). */
export function requireBuilt(): void {
  for (const f of ["dist/cli.js", "dist/kernel/start.js", "dist/kernel/engine/main.js"]) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` before the kernel tests`);
  }
}

/** True when Debian's Jupyter client packages import under /usr/bin/python3. */
export function hasPythonJupyter(modules = ["jupyter_client", "nbclient", "jupyter_kernel_test"]): boolean {
  const r = spawnSync(PYTHON, ["-c", modules.map((m) => `import ${m}`).join("; ")], { encoding: "utf8" });
  return r.status === 0;
}

/** Environment for Python Jupyter clients: kernelspec from the repository, state in `dir`. */
export function jupyterEnv(dir: string): NodeJS.ProcessEnv {
  for (const sub of ["runtime", "data", "config"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  return {
    ...process.env,
    JUPYTER_PATH: ROOT,
    JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"),
    JUPYTER_DATA_DIR: path.join(dir, "data"),
    JUPYTER_CONFIG_DIR: path.join(dir, "config"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    JUPYTER_PLATFORM_DIRS: "1",
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kazami-${prefix}-`));
}

type Channel = "shell" | "control";

export interface Exchange {
  reply: Message;
  /** IOPub messages with this request as parent, from busy to idle inclusive. */
  iopub: Message[];
}

export interface StartOptions {
  cwd?: string;
  /** The kazami CLI to start (default: this repository's dist/cli.js). */
  cli?: string;
  key?: string;
  env?: NodeJS.ProcessEnv;
}

/** A running kernel plus a connected client. Always `stop()` it. */
export class TestKernel {
  readonly signer: Signer;
  readonly shell = new zmq.Dealer({ linger: 0 });
  readonly control = new zmq.Dealer({ linger: 0 });
  readonly iopub = new zmq.Subscriber({ linger: 0 });
  readonly received: Message[] = [];
  stderr = "";
  private readonly waiters = new Map<string, (m: Message) => void>();
  private readonly iopubWaiters: Array<() => void> = [];
  private closed = false;
  private shutdownSent = false;

  private constructor(
    readonly info: ConnectionInfo,
    readonly process: ChildProcess,
    readonly dir: string,
  ) {
    this.signer = new Signer(info.signature_scheme, info.key);
    this.shell.connect(endpoint(info, info.shell_port));
    this.control.connect(endpoint(info, info.control_port));
    this.iopub.connect(endpoint(info, info.iopub_port));
    this.iopub.subscribe();
    void this.loop(this.shell);
    void this.loop(this.control);
    void this.loop(this.iopub);
  }

  static async start(opts: StartOptions = {}): Promise<TestKernel> {
    requireBuilt();
    const dir = tempDir("kernel");
    const info = await allocateConnection(opts.key === undefined ? {} : { key: opts.key });
    const file = path.join(dir, "connection.json");
    await writeConnectionFile(file, info);
    const child = spawn(process.execPath, [opts.cli ?? path.join(ROOT, "dist", "cli.js"), "kernel", "start", file], {
      cwd: opts.cwd ?? dir,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const k = new TestKernel(info, child, dir);
    child.stderr?.on("data", (d: Buffer) => (k.stderr += d.toString()));
    child.stdout?.on("data", (d: Buffer) => (k.stderr += d.toString()));
    // Wait until the kernel answers and iopub is connected (the slow-joiner problem of PUB/SUB).
    for (let i = 0; i < 100; i++) {
      const { reply } = await k.request("shell", "kernel_info_request", {}, 2000).catch(() => ({ reply: undefined }));
      if (reply !== undefined && k.received.length > 0) return k;
      if (child.exitCode !== null) throw new Error(`kernel exited (${child.exitCode}): ${k.stderr}`);
    }
    await k.stop();
    throw new Error(`kernel did not become ready: ${k.stderr}`);
  }

  private async loop(socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        const msg = decodeMessage(frames, this.signer);
        if (socket === this.iopub) {
          this.received.push(msg);
          for (const w of this.iopubWaiters.splice(0)) w();
        } else {
          this.waiters.get(String(msg.parent_header.msg_id))?.(msg);
        }
      }
    } catch (err) {
      if (!this.closed) throw err;
    }
  }

  /** Sends a request; resolves with its reply and its iopub messages once status idle arrived. */
  async request(channel: Channel, msgType: string, content: Record<string, unknown>, timeoutMs = 60_000): Promise<Exchange> {
    const msg = newMessage(msgType, content, { session: "test-session", username: "test" });
    if (msgType === "shutdown_request") this.shutdownSent = true;
    return this.sendAndWait(channel, encodeMessage(msg, this.signer), msg.header.msg_id, timeoutMs);
  }

  /** Sends raw frames, then waits for the reply to `msgId` (as request() does). */
  async sendAndWait(channel: Channel, frames: Buffer[], msgId: string, timeoutMs = 60_000): Promise<Exchange> {
    const reply = new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${msgId} within ${timeoutMs} ms; kernel stderr:\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.waiters.set(msgId, (m) => {
        clearTimeout(timer);
        this.waiters.delete(msgId);
        resolve(m);
      });
    });
    await (channel === "shell" ? this.shell : this.control).send(frames);
    const r = await reply;
    const deadline = Date.now() + timeoutMs;
    const isIdle = (m: Message): boolean => m.parent_header.msg_id === msgId && m.header.msg_type === "status" && m.content.execution_state === "idle";
    while (!this.received.some(isIdle)) {
      if (Date.now() > deadline) throw new Error(`no idle status for ${msgId}`);
      await new Promise<void>((resolve) => {
        this.iopubWaiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return { reply: r, iopub: this.received.filter((m) => m.parent_header.msg_id === msgId) };
  }

  /** Sends raw frames on a channel without waiting for anything. */
  async sendRaw(channel: Channel, frames: Buffer[]): Promise<void> {
    await (channel === "shell" ? this.shell : this.control).send(frames);
  }

  execute(code: string, extra: Record<string, unknown> = {}, timeoutMs?: number): Promise<Exchange> {
    return this.request("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra }, timeoutMs);
  }

  /** The iopub messages of one exchange of a given type. */
  static of(ex: Exchange, msgType: string): Message[] {
    return ex.iopub.filter((m) => m.header.msg_type === msgType);
  }

  /** Text of all stream messages of `name` in an exchange. */
  static stream(ex: Exchange, name: "stdout" | "stderr"): string {
    return TestKernel.of(ex, "stream")
      .filter((m) => m.content.name === name)
      .map((m) => String(m.content.text))
      .join("");
  }

  async stop(): Promise<void> {
    if (!this.closed && !this.shutdownSent && this.process.exitCode === null) {
      await this.request("control", "shutdown_request", { restart: false }, 10_000).catch(() => undefined);
    }
    this.closed = true;
    for (const s of [this.shell, this.control, this.iopub]) s.close();
    if (this.process.exitCode === null && this.process.signalCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.process.kill("SIGKILL");
          resolve();
        }, 5000);
        this.process.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
