/**
 * Starting, watching and stopping one kernel process, as jupyter_client's KernelManager does:
 * allocate a connection (ports + HMAC key), write the connection file (0600), spawn the
 * kernelspec's argv in its own process group, connect a client, and wait for kernel_info_reply
 * (with IOPub proven live). The process's exit is watched (that is how death is detected), and the
 * heartbeat is pinged to report a kernel that stopped answering.
 *
 * Every started kernel is registered in {@link liveKernels} until its process has exited, so the
 * command can stop all of them on SIGINT/SIGTERM and kill leftovers on exit.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { allocateConnection, writeConnectionFile } from "../kernel/connection";
import { KernelClient } from "./kernel-client";
import { KernelSpec, kernelCommand } from "./kernelspec";

/** How the kernel process ended. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Describes an exit for messages: "exited with code 1", "killed by SIGKILL". */
export function describeExit(e: KernelExit): string {
  return e.signal !== null ? `killed by ${e.signal}` : `exited with code ${e.code}`;
}

export interface StartOptions {
  /** Working directory of the kernel (the notebook's folder, as Jupyter does). */
  cwd: string;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** Time allowed from spawn to kernel_info_reply, in ms. */
  startupTimeoutMs: number;
  /** Non-fatal observations (heartbeat missed, undecodable messages). */
  onWarning?: (message: string) => void;
  /** Aborting gives up waiting for the kernel (it is then killed). */
  signal?: AbortSignal;
  /** Folder for the connection file (default: JUPYTER_RUNTIME_DIR, else the OS temp folder). */
  runtimeDir?: string;
}

/** Kernels started by this process whose process has not exited yet. */
export const liveKernels = new Set<KernelManager>();

const STDERR_TAIL_BYTES = 4000;
const HEARTBEAT_PERIOD_MS = 3000;
const HEARTBEAT_MISSES_TO_WARN = 5;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A running kernel: its process, connection and client. */
export class KernelManager {
  /** kernel_info_reply content. */
  info: Record<string, unknown> = {};
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<KernelExit>;
  private exit: KernelExit | undefined;
  private stderrTail = "";
  private stopping = false;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly spec: KernelSpec,
    private readonly child: ChildProcess,
    readonly client: KernelClient,
    /** Path of the connection file (removed when the process exits). */
    readonly connectionFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        liveKernels.delete(this);
        this.stopHeartbeat();
        fs.rmSync(this.connectionFile, { force: true });
        resolve(this.exit);
      });
    });
    const keepTail = (chunk: Buffer): void => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    };
    child.stderr?.on("data", keepTail);
    child.stdout?.on("data", keepTail);
  }

  /** Process id of the kernel (also its process group id). */
  get pid(): number {
    return this.child.pid as number;
  }

  /** The exit, once the process has exited. */
  get exitStatus(): KernelExit | undefined {
    return this.exit;
  }

  /** The last few KB the kernel wrote to stdout/stderr (for failure messages). */
  get output(): string {
    return this.stderrTail;
  }

  /**
   * Starts kernel `spec` and waits until it answers kernel_info_request. Throws (after killing
   * the process) when it exits first or does not answer within `startupTimeoutMs`, quoting the
   * end of what it wrote to stderr.
   */
  static async start(spec: KernelSpec, opts: StartOptions): Promise<KernelManager> {
    const info = await allocateConnection();
    const runtimeDir = opts.runtimeDir ?? process.env.JUPYTER_RUNTIME_DIR ?? os.tmpdir();
    fs.mkdirSync(runtimeDir, { recursive: true });
    const connectionFile = path.join(runtimeDir, `kazami-kernel-${randomUUID()}.json`);
    await writeConnectionFile(connectionFile, { ...info, kernel_name: spec.name });
    const [cmd, ...args] = kernelCommand(spec, connectionFile);
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...spec.env, ...opts.env, JPY_PARENT_PID: String(process.pid) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group: a terminal Ctrl-C reaches the runner only, which stops it
    });
    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once("spawn", () => resolve(undefined));
      child.once("error", (err) => resolve(err));
    });
    if (spawned !== undefined) {
      fs.rmSync(connectionFile, { force: true });
      throw new Error(`kernel "${spec.name}": cannot start ${cmd}: ${spawned.message}`);
    }
    const client = KernelClient.connect(info, opts.onWarning);
    const km = new KernelManager(spec, child, client, connectionFile);
    liveKernels.add(km);
    try {
      await km.waitForReady(opts.startupTimeoutMs, opts.signal);
    } catch (err) {
      await km.kill();
      throw err;
    }
    km.startHeartbeat(opts.onWarning ?? (() => undefined));
    return km;
  }

  private async waitForReady(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let replied = false;
    while (Date.now() < deadline) {
      if (signal?.aborted) throw new Error(`interrupted while kernel "${this.spec.name}" was starting`);
      const { msgId, reply } = this.client.request("shell", "kernel_info_request", {});
      const outcome = await Promise.race([
        reply.then((r) => ({ reply: r })),
        this.exited.then((e) => ({ exit: e })),
        delay(Math.min(1000, Math.max(0, deadline - Date.now()))).then(() => ({ waited: true })),
      ]);
      if ("exit" in outcome) {
        throw new Error(`kernel "${this.spec.name}" ${describeExit(outcome.exit)} before it was ready${this.outputHint()}`);
      }
      if ("reply" in outcome) {
        replied = true;
        this.info = outcome.reply.content;
      }
      // Ready once a reply came and IOPub delivered something (the kernel publishes status for
      // every request), which proves the subscription is live and no output will be lost.
      if (replied && this.client.iopubReceived > 0) return;
      if (replied) await delay(100);
      this.client.stopIopub(msgId);
    }
    throw new Error(
      `kernel "${this.spec.name}" did not ${replied ? "publish on IOPub" : "answer kernel_info_request"} within ${timeoutMs / 1000} s${this.outputHint()}`,
    );
  }

  private outputHint(): string {
    const tail = this.stderrTail.trim().split("\n").slice(-5).join(" | ");
    return tail === "" ? "" : `; its last output: ${tail}`;
  }

  private startHeartbeat(warn: (message: string) => void): void {
    let misses = 0;
    const beat = async (): Promise<void> => {
      const ok = await this.client.heartbeat(HEARTBEAT_PERIOD_MS);
      if (this.exit !== undefined || this.stopping) return;
      misses = ok ? 0 : misses + 1;
      if (misses === HEARTBEAT_MISSES_TO_WARN) {
        warn(`kernel pid ${this.pid} has not answered its heartbeat for ${(misses * HEARTBEAT_PERIOD_MS) / 1000} s (still running)`);
      }
      this.heartbeatTimer = setTimeout(() => void beat(), HEARTBEAT_PERIOD_MS);
      this.heartbeatTimer.unref();
    };
    this.heartbeatTimer = setTimeout(() => void beat(), HEARTBEAT_PERIOD_MS);
    this.heartbeatTimer.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }

  /** Interrupts the running cell: interrupt_request on control, or SIGINT, per the kernelspec. */
  async interrupt(): Promise<void> {
    if (this.exit !== undefined) return;
    if (this.spec.interruptMode === "message") {
      const { reply } = this.client.request("control", "interrupt_request", {});
      await Promise.race([reply.catch(() => undefined), delay(2000), this.exited]);
    } else {
      this.signalGroup("SIGINT");
    }
  }

  /** Sends `signal` to the kernel's process group (the kernel and anything it spawned). */
  private signalGroup(signal: NodeJS.Signals): void {
    if (this.exit !== undefined) return;
    try {
      process.kill(-this.pid, signal);
    } catch {
      try {
        this.child.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /**
   * Stops the kernel: shutdown_request on control, then SIGTERM, then SIGKILL to its process
   * group, each after `graceMs` without exit. Resolves once the process has exited.
   */
  async shutdown(graceMs = 5000): Promise<KernelExit> {
    this.stopping = true;
    this.stopHeartbeat();
    if (this.exit === undefined) {
      try {
        const { reply } = this.client.request("control", "shutdown_request", { restart: false });
        reply.catch(() => undefined); // the kernel may exit before replying
      } catch {
        // client already closed: go straight to signals
      }
      await Promise.race([this.exited, delay(graceMs)]);
    }
    return this.kill(graceMs);
  }

  /** SIGTERM then (after `graceMs`) SIGKILL to the process group; closes the client. */
  async kill(graceMs = 2000): Promise<KernelExit> {
    this.stopping = true;
    this.stopHeartbeat();
    if (this.exit === undefined) {
      this.signalGroup("SIGTERM");
      await Promise.race([this.exited, delay(graceMs)]);
    }
    if (this.exit === undefined) this.signalGroup("SIGKILL");
    const exit = await this.exited;
    this.killGroupLeftovers();
    this.client.close();
    return exit;
  }

  /**
   * After the kernel exited, SIGKILL whatever is left in its process group (helpers it spawned
   * without a group of their own). The group id stays reserved while any member lives, so this
   * cannot reach an unrelated process; an empty group is simply not found.
   */
  private killGroupLeftovers(): void {
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // no process left in the group
    }
  }

  /** Immediate SIGKILL to the process group, synchronous (for process "exit" handlers). */
  killNow(): void {
    this.signalGroup("SIGKILL");
  }
}
