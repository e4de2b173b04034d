/**
 * kernel-latency, TypeScript side: the Kazami kernel driven by a zeromq.js client.
 *
 * Measures, as a notebook front end sees them:
 * - cell round trip of `1+1`: execute_request sent → execute_reply and iopub idle received (median
 *   of N, default 50, after 5 warm-up cells);
 * - start-up: process spawn → first kernel_info_reply; first cell (the engine compiles it cold);
 * - interrupt: interrupt_request sent while `while (true) {}` runs → the cell's reply (median of 5).
 * Needs `npm run build` (it starts dist/cli.js, the kernel users get).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zmq from "zeromq";
import { allocateConnection, endpoint, writeConnectionFile } from "../src/kernel/connection";
import { Message, Signer, decodeMessage, encodeMessage, newMessage } from "../src/kernel/wire";
import { emit, median, repeatsFromArgs, timeIt } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");

class Client {
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly waiting = new Map<string, { reply?: Message; idle: boolean; done: () => void }>();

  constructor(
    info: Awaited<ReturnType<typeof allocateConnection>>,
    private readonly signer: Signer,
  ) {
    this.shell.connect(endpoint(info, info.shell_port));
    this.control.connect(endpoint(info, info.control_port));
    this.iopub.connect(endpoint(info, info.iopub_port));
    this.iopub.subscribe();
    for (const s of [this.shell, this.control, this.iopub]) void this.loop(s);
  }

  private async loop(socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        const msg = decodeMessage(frames, this.signer);
        const w = this.waiting.get(String(msg.parent_header.msg_id));
        if (w === undefined) continue;
        if (socket === this.iopub) w.idle ||= msg.header.msg_type === "status" && msg.content.execution_state === "idle";
        else w.reply = msg;
        if (w.reply !== undefined && w.idle) w.done();
      }
    } catch {
      // closed
    }
  }

  /** Sends a request and resolves with its reply once the reply and iopub idle both arrived. */
  async request(channel: "shell" | "control", type: string, content: Record<string, unknown>, timeoutMs = 30_000): Promise<Message> {
    const msg = newMessage(type, content, { session: "bench", username: "bench" });
    const id = msg.header.msg_id;
    const entry: { reply?: Message; idle: boolean; done: () => void } = { idle: false, done: () => undefined };
    const finished = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`bench: no reply to ${type} in ${timeoutMs} ms`)), timeoutMs);
      entry.done = () => {
        clearTimeout(t);
        resolve();
      };
    });
    this.waiting.set(id, entry);
    await (channel === "shell" ? this.shell : this.control).send(encodeMessage(msg, this.signer));
    await finished;
    this.waiting.delete(id);
    return entry.reply as Message;
  }

  execute(code: string): Promise<Message> {
    return this.request("shell", "execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false });
  }

  close(): void {
    for (const s of [this.shell, this.control, this.iopub]) s.close();
  }
}

async function main(): Promise<void> {
  const cli = path.join(ROOT, "dist", "cli.js");
  if (!fs.existsSync(path.join(ROOT, "dist", "kernel", "start.js"))) throw new Error("bench kernel-latency: dist/kernel is missing; run `npm run build` first");
  const repeats = repeatsFromArgs(50);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-bench-"));
  const info = await allocateConnection();
  const file = path.join(dir, "kernel.json");
  await writeConnectionFile(file, info);
  const t0 = performance.now();
  const kernel = spawn(process.execPath, [cli, "kernel", "start", file], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  kernel.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new Client(info, new Signer(info.signature_scheme, info.key));
  try {
    let ready = false;
    while (!ready) {
      ready = await client.request("shell", "kernel_info_request", {}, 100).then(() => true, () => false);
      if (kernel.exitCode !== null) throw new Error(`kernel exited: ${stderr}`);
    }
    const startupMs = performance.now() - t0;
    const t1 = performance.now();
    await client.execute("1+1");
    const firstCellMs = performance.now() - t1;

    const { ms, samplesMs } = await timeIt(
      async () => {
        const r = await client.execute("1+1");
        if (r.content.status !== "ok") throw new Error(`bench: 1+1 failed: ${JSON.stringify(r.content)}`);
      },
      { warmup: 5, repeats },
    );

    const interruptSamples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const cell = client.execute("while (true) {}");
      await new Promise((r) => setTimeout(r, 300));
      const ti = performance.now();
      await client.request("control", "interrupt_request", {});
      const r = await cell;
      interruptSamples.push(performance.now() - ti);
      if (r.content.ename !== "Interrupted") throw new Error(`bench: the loop was not interrupted: ${JSON.stringify(r.content)}`);
    }
    await client.request("control", "shutdown_request", { restart: false }).catch(() => undefined);
    emit(
      "kernel-latency",
      "Jupyter cell round trip of `1+1` (execute_request → reply + idle), loopback zeromq",
      [
        {
          label: "kazami kernel (zeromq.js client)",
          ms,
          samplesMs,
          unit: "ms/cell",
          startupMs: Math.round(startupMs),
          firstCellMs: Math.round(firstCellMs),
          interruptMs: median(interruptSamples),
          interruptSamplesMs: interruptSamples,
        },
      ],
      { client: "zeromq.js", kernel: "kazami" },
    );
  } finally {
    client.close();
    setTimeout(() => kernel.kill("SIGKILL"), 3000).unref();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
