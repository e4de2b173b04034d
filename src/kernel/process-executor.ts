/**
 * An {@link Executor} that runs code in a child "engine" process (./engine/main.ts) and keeps the
 * kernel process free for the protocol: a cell stuck in `while (true) {}` blocks only the engine.
 *
 * Interrupt: a message naming the running execute request (it abandons a pending top-level await,
 * or stops the cell before it starts), and — only when the engine does not acknowledge it within
 * {@link SIGINT_AFTER_MS}, i.e. its event loop is blocked by synchronous code — SIGINT to the
 * engine, which stops a cell's synchronous code through the VM's breakOnSigint; state is kept.
 * (A SIGINT is not sent otherwise: one that lands just as the VM enters or leaves a cell's run,
 * while Node has lifted the process's SIGINT handlers, ends the engine.) If the cell has not stopped after
 * `interruptGraceMs` (a synchronous loop inside a callback cannot be stopped by a signal), the
 * engine is killed and a fresh one started: the cell reports that earlier variables are gone.
 * The same happens when the engine dies for any other reason (a native crash, running out of
 * memory, process.kill).
 */
import { ChildProcess, fork } from "node:child_process";
import * as path from "node:path";
import type { CompleteResult, DisplayOutput, ExecuteOutcome, ExecuteRequest, ExecutionSink, Executor, InspectResult, IsCompleteResult, LanguageInfo } from "./executor";
import type { EngineEvent, EngineInputReply, EngineInterrupt, EngineReplies, EngineRequest, EngineRequestBody } from "./ipc";

export interface ProcessExecutorOptions {
  /** Folder the engine runs in (the notebook's folder); default: this process's cwd. */
  cwd?: string;
  /** How long an interrupted cell may take to stop before the engine is replaced (ms, default 3000). */
  interruptGraceMs?: number;
  /** Where diagnostics of the executor itself go (default: stderr). */
  log?: (text: string) => void;
}

/** How long the engine may take to acknowledge an interrupt message before it also gets SIGINT (ms). */
export const SIGINT_AFTER_MS = 250;

type Op = EngineRequest["op"];
interface Pending {
  op: Op;
  resolve(value: EngineReplies[keyof EngineReplies]): void;
  reject(err: Error): void;
}

/** The TypeScript version tslab bundles (read from its package, without loading the compiler). */
function bundledTypeScriptVersion(): string {
  try {
    const tslabDir = path.dirname(require.resolve("tslab/package.json"));
    return (require(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [tslabDir] })) as { version: string }).version;
  } catch {
    return "5.0";
  }
}

export class ProcessExecutor implements Executor {
  readonly languageInfo: LanguageInfo = {
    name: "typescript",
    version: bundledTypeScriptVersion(),
    mimetype: "text/typescript",
    file_extension: ".ts",
    codemirror_mode: "typescript",
    pygments_lexer: "typescript",
  };
  private child!: ChildProcess;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private sink: ExecutionSink | undefined;
  private executing = false;
  /** IPC id of the running cell's execute request, once sent. */
  private executeId: number | undefined;
  private interruptTimer: NodeJS.Timeout | undefined;
  /** Sends SIGINT unless the engine acknowledges the interrupt first. */
  private sigintTimer: NodeJS.Timeout | undefined;
  private deathReason: string | undefined;
  private startFailure: string | undefined;
  private stopped = false;
  private engineReady = false;
  private cancelled = false;
  private readonly graceMs: number;
  private readonly log: (text: string) => void;
  private readonly cwd: string;

  constructor(opts: ProcessExecutorOptions = {}) {
    this.graceMs = opts.interruptGraceMs ?? 3000;
    if (!(this.graceMs > 0)) throw new RangeError(`ProcessExecutor: interruptGraceMs must be > 0, got ${opts.interruptGraceMs}`);
    this.log = opts.log ?? ((t) => process.stderr.write(`[kazami kernel] ${t}\n`));
    this.cwd = opts.cwd ?? process.cwd();
    this.spawnEngine();
  }

  async execute(request: ExecuteRequest, sink: ExecutionSink): Promise<ExecuteOutcome> {
    if (this.executing) throw new Error("ProcessExecutor.execute: a cell is already running (the protocol layer runs one at a time)");
    this.sink = sink;
    this.executing = true;
    this.cancelled = false;
    try {
      await this.ready.catch(() => undefined); // a start failure is reported by request()
      if (this.cancelled) {
        const evalue = "execution interrupted (before the TypeScript engine had started)";
        return { status: "error", ename: "Interrupted", evalue, traceback: [`Interrupted: ${evalue}`] };
      }
      return (await this.request({ op: "execute", code: request.code, executionCount: request.executionCount, userExpressions: request.userExpressions })) as ExecuteOutcome;
    } catch (err) {
      return { status: "error", ename: "KernelEngineError", evalue: (err as Error).message, traceback: [(err as Error).message] };
    } finally {
      this.executing = false;
      this.executeId = undefined;
      if (this.interruptTimer !== undefined) clearTimeout(this.interruptTimer);
      this.interruptTimer = undefined;
      this.clearSigintTimer();
    }
  }

  async complete(code: string, cursor: number): Promise<CompleteResult> {
    return (await this.request({ op: "complete", code, cursor })) as CompleteResult;
  }

  async inspect(code: string, cursor: number, detailLevel: number): Promise<InspectResult> {
    return (await this.request({ op: "inspect", code, cursor, detailLevel })) as InspectResult;
  }

  async isComplete(code: string): Promise<IsCompleteResult> {
    return (await this.request({ op: "isComplete", code })) as IsCompleteResult;
  }

  async interrupt(): Promise<void> {
    if (!this.executing || this.interruptTimer !== undefined) return;
    if (!this.engineReady) {
      this.cancelled = true; // a SIGINT now would kill an engine that has no handler yet
      return;
    }
    const child = this.child;
    const id = this.executeId;
    if (id === undefined) {
      this.cancelled = true; // not sent yet: execute() answers "interrupted" instead of sending it
      return;
    }
    // The message names the cell, so it can neither miss it (an interrupt read in the same chunk
    // as its execute request, before the request started) nor hit the next cell (an interrupt read
    // late, after the interrupted cell ended and the next one arrived) — both measured with the
    // engine stopped while they arrive. SIGINT only if the engine's loop is blocked (see above).
    if (child.connected) child.send({ op: "interrupt", id } satisfies EngineInterrupt);
    this.sigintTimer = setTimeout(() => {
      this.sigintTimer = undefined;
      if (this.executing && this.executeId === id && this.child === child) child.kill("SIGINT");
    }, Math.min(SIGINT_AFTER_MS, this.graceMs / 2));
    this.interruptTimer = setTimeout(() => {
      if (this.executing && this.child === child) {
        this.deathReason = `the cell did not stop within ${this.graceMs / 1000} s of the interrupt (a synchronous loop inside a callback cannot be interrupted)`;
        child.kill("SIGKILL");
      }
    }, this.graceMs);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      if (child.connected) child.disconnect(); // the engine exits on disconnect
      else child.kill("SIGKILL");
    });
  }

  private async request(body: EngineRequestBody): Promise<EngineReplies[keyof EngineReplies]> {
    if (this.startFailure !== undefined) throw new Error(this.startFailure);
    if (this.stopped) throw new Error("the kernel is shutting down");
    await this.ready;
    const id = this.nextId++;
    if (body.op === "execute") this.executeId = id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op: body.op, resolve, reject });
      this.child.send({ ...body, id } as EngineRequest, (err) => {
        if (err && this.pending.delete(id)) reject(new Error(`cannot reach the TypeScript engine: ${err.message}`));
      });
    });
  }

  private spawnEngine(): void {
    this.deathReason = undefined;
    this.engineReady = false;
    const child = fork(path.join(__dirname, "engine", "main.js"), [], {
      cwd: this.cwd,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true, // own process group: a Ctrl-C meant for the kernel's group reaches it once, via us
      execArgv: [],
      serialization: "json",
    });
    this.child = child;
    let stderrTail = "";
    const relay = (chunk: Buffer): void => {
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-4000);
      process.stderr.write(chunk);
    };
    child.stdout?.on("data", relay);
    child.stderr?.on("data", relay);
    let started = false;
    this.ready = new Promise<void>((resolve, reject) => {
      child.on("message", (event: EngineEvent) => {
        if (event.op === "ready") {
          started = true;
          this.engineReady = true;
          resolve();
        }
        this.onEvent(event);
      });
      child.once("exit", (code, signal) => {
        if (!started && !this.stopped) {
          this.startFailure = `the TypeScript engine exited while starting (${signal ?? `exit code ${code}`}): ${stderrTail.trim().slice(-1000)}`;
          reject(new Error(this.startFailure));
        }
        this.onExit(child, code, signal);
      });
      child.on("error", (err) => this.log(`engine process error: ${err.message}`));
    });
    this.ready.catch(() => undefined); // reported to each request instead
  }

  private clearSigintTimer(): void {
    if (this.sigintTimer !== undefined) clearTimeout(this.sigintTimer);
    this.sigintTimer = undefined;
  }

  private onEvent(event: EngineEvent): void {
    switch (event.op) {
      case "ready":
        return;
      case "interrupting":
        if (event.id === this.executeId) this.clearSigintTimer(); // its loop is free: no SIGINT needed
        return;
      case "stream":
        this.sink?.stream(event.name, event.text);
        return;
      case "display": {
        const out = JSON.parse(event.json) as DisplayOutput;
        if (event.update) this.sink?.updateDisplay(out);
        else this.sink?.display(out);
        return;
      }
      case "clear":
        this.sink?.clearOutput(event.wait);
        return;
      case "input": {
        const answer = (reply: Omit<EngineInputReply, "op" | "inputId">): void => {
          if (this.child.connected) this.child.send({ op: "inputReply", inputId: event.inputId, ...reply } satisfies EngineInputReply);
        };
        if (this.sink === undefined) answer({ error: { name: "StdinNotImplementedError", message: "no execution is running to ask for input" } });
        else this.sink.input(event.prompt, event.password).then((value) => answer({ value }), (err: Error) => answer({ error: { name: err.name, message: err.message } }));
        return;
      }
      case "reply":
      case "failed": {
        const p = this.pending.get(event.id);
        if (p === undefined) return;
        this.pending.delete(event.id);
        if (event.op === "reply") p.resolve(event.value);
        else p.reject(new Error(`the TypeScript engine failed to ${p.op}: ${event.message}`));
      }
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    const how = this.stopped ? "the kernel is shutting down" : this.deathReason ?? `the TypeScript engine exited unexpectedly (${signal ?? `exit code ${code}`})`;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (p.op === "execute") {
        const interrupted = this.deathReason !== undefined;
        p.resolve({
          status: "error",
          ename: interrupted ? "Interrupted" : "KernelEngineDied",
          evalue: `${how}; a fresh TypeScript session was started, so variables from earlier cells are gone`,
          traceback: [`${interrupted ? "Interrupted" : "KernelEngineDied"}: ${how}; a fresh TypeScript session was started, so variables from earlier cells are gone`],
        });
      } else {
        p.reject(new Error(how));
      }
    }
    if (this.stopped) return;
    if (this.startFailure !== undefined) {
      this.log(`not restarting: ${this.startFailure}`);
      this.stopped = true;
      return;
    }
    this.log(`${how}; starting a fresh engine`);
    if (!this.executing) this.sink?.stream("stderr", `[kazami: ${how}; a fresh TypeScript session was started, so variables from earlier cells are gone]\n`);
    this.spawnEngine();
  }
}
