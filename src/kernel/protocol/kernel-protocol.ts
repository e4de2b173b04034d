/**
 * The kernel side of the Jupyter messaging protocol 5.3, independent of sockets and of how code
 * runs: it receives verified messages, answers them through `send`, and drives an {@link Executor}.
 *
 * - Shell requests are served one at a time, in arrival order. Control requests (interrupt,
 *   shutdown, kernel_info) are served at once, even while a cell runs.
 * - Every served request is wrapped in iopub status busy/idle with the request as parent.
 * - A request whose content breaks the spec gets an error reply (ename "BadRequest") naming the
 *   field; unknown message types are ignored with a warning (the spec asks no reply).
 * - After a failed execute_request with stop_on_error (the default), execute_requests that were
 *   already queued are answered "aborted" (the spec's behaviour); later ones run normally.
 */
import { randomUUID } from "node:crypto";
import type { ConnectionInfo } from "../connection";
import type { Executor } from "../executor";
import { Message, PROTOCOL_VERSION, newMessage } from "../wire";
import { codePointToUtf16, utf16ToCodePoint } from "./codepoints";
import { BadRequest, Content } from "./content";
import { execute } from "./execute";
import { History } from "./history";
import type { Channel, RequestChannel } from "./transport";

export interface KernelIdentity {
  implementationVersion: string;
  banner: string;
  helpLinks: Array<{ text: string; url: string }>;
}

export interface KernelProtocolOptions {
  executor: Executor;
  connection: ConnectionInfo;
  identity: KernelIdentity;
  send(channel: Channel, msg: Message<unknown>): void;
  /** Called once, after the shutdown_reply went out. */
  onShutdown(restart: boolean): void;
  warn(text: string): void;
}

type Reply = Record<string, unknown> | undefined;
type Handler = (msg: Message, channel: RequestChannel) => Promise<Reply>;

export class KernelProtocol {
  /** Session id of every message the kernel sends. */
  readonly session = randomUUID();
  private executionCount = 0;
  private readonly history = new History();
  private readonly shellQueue: Array<{ msg: Message; aborted: boolean }> = [];
  private shellRunning = false;
  private shuttingDown = false;
  private readonly handlers: Record<string, Handler>;
  /** The input_request waiting for its input_reply (one at a time: cells run one at a time). */
  private pendingInput: { requestId: string; resolve(value: string): void; reject(err: Error): void } | undefined;

  constructor(private readonly opts: KernelProtocolOptions) {
    const ex = opts.executor;
    this.handlers = {
      kernel_info_request: async () => this.kernelInfo(),
      connect_request: async () => {
        const { shell_port, iopub_port, stdin_port, control_port, hb_port } = opts.connection;
        return { status: "ok", shell_port, iopub_port, stdin_port, control_port, hb_port };
      },
      execute_request: (msg) => this.execute(msg),
      complete_request: async (msg) => {
        const c = new Content("complete_request", msg.content);
        const code = c.string("code");
        const cursor = codePointToUtf16(code, c.integer("cursor_pos", Number.MAX_SAFE_INTEGER, 0) as number);
        const r = await ex.complete(code, cursor);
        return { status: "ok", matches: r.matches, cursor_start: utf16ToCodePoint(code, r.cursorStart), cursor_end: utf16ToCodePoint(code, r.cursorEnd), metadata: r.metadata };
      },
      inspect_request: async (msg) => {
        const c = new Content("inspect_request", msg.content);
        const code = c.string("code");
        const cursor = codePointToUtf16(code, c.integer("cursor_pos", Number.MAX_SAFE_INTEGER, 0) as number);
        const r = await ex.inspect(code, cursor, c.integer("detail_level", 0, 0) as number);
        return { status: "ok", found: r.found, data: r.data, metadata: r.metadata };
      },
      is_complete_request: async (msg) => {
        const r = await ex.isComplete(new Content("is_complete_request", msg.content).string("code"));
        return r.indent === undefined ? { status: r.status } : { status: r.status, indent: r.indent };
      },
      history_request: async (msg) => ({ status: "ok", history: this.historyOf(msg) }),
      comm_info_request: async () => ({ status: "ok", comms: {} }),
      comm_open: async (msg) => {
        // No comm targets exist: the spec asks to close the comm at once.
        const commId = new Content("comm_open", msg.content).string("comm_id");
        this.publish(msg, "comm_close", { comm_id: commId, data: {} });
        return undefined;
      },
      comm_msg: async () => undefined,
      comm_close: async () => undefined,
      interrupt_request: async () => {
        this.cancelInput("interrupted while waiting for input");
        await ex.interrupt();
        return { status: "ok" };
      },
      shutdown_request: async (msg) => ({ status: "ok", restart: new Content("shutdown_request", msg.content).boolean("restart", false) }),
    };
  }

  /** Entry point for every verified message. */
  receive(channel: RequestChannel, msg: Message): void {
    if (this.shuttingDown) return;
    if (channel === "stdin") {
      this.inputReply(msg);
      return;
    }
    if (channel === "control") {
      void this.serve(channel, msg, false);
      return;
    }
    this.shellQueue.push({ msg, aborted: false });
    void this.pumpShell();
  }

  /** Publishes an iopub message (parent: `parent`), topic "kernel.<session>.<type>". */
  publish(parent: Message, msgType: string, content: Record<string, unknown>): void {
    const msg = newMessage(msgType, content, { parent, session: this.session, username: "kernel" });
    msg.identities = [Buffer.from(`kernel.${this.session}.${msgType}`)];
    this.opts.send("iopub", msg);
  }

  /** Asks the client of `parent` (an execute_request) for input on stdin; see execute.ts. */
  private requestInput(parent: Message, prompt: string, password: boolean): Promise<string> {
    this.cancelInput("a new input request replaced this one");
    const request = newMessage("input_request", { prompt, password }, { parent, session: this.session, username: "kernel" });
    return new Promise<string>((resolve, reject) => {
      this.pendingInput = { requestId: request.header.msg_id, resolve, reject };
      this.opts.send("stdin", request); // the shell request's identities route it to the same client
    });
  }

  private inputReply(msg: Message): void {
    const pending = this.pendingInput;
    if (msg.header.msg_type !== "input_reply") {
      this.opts.warn(`stdin: ignoring a message of type "${msg.header.msg_type.slice(0, 100)}" (only input_reply is expected)`);
      return;
    }
    // jupyter_client sends input_reply without a parent header; one that names another request is stale
    const answers = (msg.parent_header as { msg_id?: unknown }).msg_id;
    if (pending === undefined || (answers !== undefined && answers !== pending.requestId)) {
      this.opts.warn("stdin: ignoring an input_reply that answers no pending input_request");
      return;
    }
    this.pendingInput = undefined;
    const value = (msg.content as { value?: unknown }).value;
    if (typeof value === "string") pending.resolve(value);
    else pending.reject(new BadRequest(`input_reply: content.value must be a string, got ${value === null ? "null" : typeof value}`));
  }

  private cancelInput(why: string): void {
    const pending = this.pendingInput;
    this.pendingInput = undefined;
    pending?.reject(Object.assign(new Error(why), { name: "Interrupted" }));
  }

  private async pumpShell(): Promise<void> {
    if (this.shellRunning) return;
    this.shellRunning = true;
    try {
      for (let next = this.shellQueue.shift(); next !== undefined && !this.shuttingDown; next = this.shellQueue.shift()) {
        await this.serve("shell", next.msg, next.aborted);
      }
    } finally {
      this.shellRunning = false;
    }
  }

  private async serve(channel: RequestChannel, msg: Message, aborted: boolean): Promise<void> {
    const type = msg.header.msg_type;
    const handler = this.handlers[type];
    if (handler === undefined) {
      this.opts.warn(`${channel}: ignoring a message of unknown type "${type.slice(0, 100)}"`);
      return;
    }
    const replyType = type.endsWith("_request") ? type.slice(0, -"_request".length) + "_reply" : undefined;
    this.publish(msg, "status", { execution_state: "busy" });
    try {
      const content = aborted ? { status: "aborted", execution_count: this.executionCount } : await handler(msg, channel);
      if (content !== undefined && replyType !== undefined) this.reply(channel, msg, replyType, content);
    } catch (err) {
      const bad = err instanceof BadRequest;
      if (!bad) this.opts.warn(`${channel}: ${type} failed: ${(err as Error).stack ?? String(err)}`);
      const evalue = (err as Error).message ?? String(err);
      if (replyType !== undefined) this.reply(channel, msg, replyType, { status: "error", ename: bad ? "BadRequest" : "KernelError", evalue, traceback: [evalue] });
    } finally {
      this.publish(msg, "status", { execution_state: "idle" });
    }
    if (type === "shutdown_request") {
      this.shuttingDown = true;
      this.opts.onShutdown((msg.content as { restart?: unknown }).restart === true);
    }
  }

  private reply(channel: RequestChannel, parent: Message, msgType: string, content: Record<string, unknown>): void {
    this.opts.send(channel, newMessage(msgType, content, { parent, session: this.session, username: "kernel" }));
  }

  private async execute(msg: Message): Promise<Reply> {
    const r = await execute(
      {
        executor: this.opts.executor,
        history: this.history,
        publish: (parent, type, content) => this.publish(parent, type, content),
        nextExecutionCount: (count) => (count ? ++this.executionCount : this.executionCount),
        requestInput: (parent, prompt, password) => this.requestInput(parent, prompt, password),
      },
      msg,
    );
    if (r.failed && r.stopOnError) for (const queued of this.shellQueue) if (queued.msg.header.msg_type === "execute_request") queued.aborted = true;
    return r.content;
  }

  private historyOf(msg: Message): unknown[] {
    const c = new Content("history_request", msg.content);
    const output = c.boolean("output", false);
    const access = c.string("hist_access_type", "tail");
    switch (access) {
      case "tail":
        return this.history.tail(c.integer("n", undefined, 0), output);
      case "range":
        return this.history.range(c.integer("session", 0) as number, c.integer("start", 0) as number, c.integer("stop", undefined), output);
      case "search":
        return this.history.search(c.string("pattern", "*"), c.integer("n", undefined, 0), c.boolean("unique", false), output);
      default:
        throw new BadRequest(`history_request: content.hist_access_type must be "tail", "range" or "search", got "${access.slice(0, 50)}"`);
    }
  }

  private kernelInfo(): Record<string, unknown> {
    const { identity, executor } = this.opts;
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "kazami",
      implementation_version: identity.implementationVersion,
      language_info: executor.languageInfo,
      banner: identity.banner,
      debugger: false,
      help_links: identity.helpLinks,
    };
  }
}
