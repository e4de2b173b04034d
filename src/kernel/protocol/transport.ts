/**
 * The kernel's five zeromq sockets: ROUTER for shell, control and stdin, PUB for iopub, REP for
 * the heartbeat — bound only to the connection file's address.
 *
 * Every incoming multipart message is decoded and its HMAC verified (../wire.ts); anything that
 * fails (unsigned, badly signed, truncated, not JSON, missing header fields) is dropped with a
 * rate-limited warning and never reaches a handler. Sends are queued per socket (zeromq.js allows
 * one send in flight per socket) and never throw. The heartbeat echoes on its own loop, which no
 * request handler can delay.
 */
import * as zmq from "zeromq";
import { ConnectionInfo, endpoint } from "../connection";
import { Message, Signer, WireError, decodeMessage, encodeMessage } from "../wire";

export type RequestChannel = "shell" | "control" | "stdin";
export type Channel = RequestChannel | "iopub";

/** Logs at most `burst` warnings per `windowMs`, then how many were suppressed. */
export class RateLimitedLog {
  private windowStart = 0;
  private count = 0;
  private suppressed = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly burst = 20,
    private readonly windowMs = 10_000,
  ) {}

  warn(text: string): void {
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0) this.write(`(${this.suppressed} similar warnings suppressed)`);
      this.windowStart = now;
      this.count = 0;
      this.suppressed = 0;
    }
    if (this.count < this.burst) {
      this.count += 1;
      this.write(text);
    } else {
      this.suppressed += 1;
    }
  }
}

type Handler = (channel: RequestChannel, msg: Message) => void;

export class ZmqTransport {
  private readonly sockets: { shell: zmq.Router; control: zmq.Router; stdin: zmq.Router; iopub: zmq.Publisher; hb: zmq.Reply };
  private readonly queues = new Map<Channel, Promise<void>>();
  private closed = false;
  /** Counts of dropped messages by reason (for diagnostics and tests). */
  readonly dropped: Record<string, number> = {};

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly signer: Signer,
    private readonly warnings: RateLimitedLog,
  ) {
    const opts = { linger: 1000 };
    this.sockets = {
      shell: new zmq.Router(opts),
      control: new zmq.Router(opts),
      stdin: new zmq.Router(opts),
      iopub: new zmq.Publisher(opts),
      hb: new zmq.Reply(opts),
    };
  }

  /** Binds all five sockets; throws naming the channel and address that could not be bound. */
  static async bind(info: ConnectionInfo, signer: Signer, warnings: RateLimitedLog): Promise<ZmqTransport> {
    const t = new ZmqTransport(info, signer, warnings);
    const ports = { shell: info.shell_port, control: info.control_port, stdin: info.stdin_port, iopub: info.iopub_port, hb: info.hb_port };
    try {
      for (const [name, port] of Object.entries(ports) as Array<[keyof typeof ports, number]>) {
        const address = endpoint(info, port);
        await t.sockets[name].bind(address).catch((err: Error) => {
          throw new Error(`cannot bind the ${name} socket to ${address}: ${err.message}`);
        });
      }
    } catch (err) {
      t.closeSockets();
      throw err;
    }
    return t;
  }

  /** Starts the receive loops; `handler` gets every verified request. */
  listen(handler: Handler): void {
    for (const channel of ["shell", "control", "stdin"] as const) void this.receive(channel, handler);
    void this.heartbeat();
  }

  /** Queues `msg` on `channel` (identities route ROUTER replies; on iopub they are the topic). */
  send(channel: Channel, msg: Message<unknown>): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = encodeMessage(msg, this.signer);
    } catch (err) {
      this.warnings.warn(`cannot encode ${msg.header.msg_type} for ${channel}: ${(err as Error).message}`);
      return;
    }
    const socket = this.sockets[channel];
    const previous = this.queues.get(channel) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (this.closed) return;
      try {
        await socket.send(frames);
      } catch (err) {
        if (!this.closed) this.warnings.warn(`sending ${msg.header.msg_type} on ${channel} failed: ${(err as Error).message}`);
      }
    });
    this.queues.set(channel, next);
  }

  /** Waits for queued sends to go out (bounded by `timeoutMs`), then closes every socket. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.closed) return;
    const pending = Promise.all([...this.queues.values()]);
    await Promise.race([pending, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.closed = true;
    this.closeSockets();
  }

  private closeSockets(): void {
    for (const s of Object.values(this.sockets)) if (!s.closed) s.close();
  }

  private async receive(channel: RequestChannel, handler: Handler): Promise<void> {
    const socket = this.sockets[channel];
    while (!this.closed) {
      let frames: Buffer[];
      try {
        frames = await socket.receive();
      } catch (err) {
        if (this.closed || socket.closed) return;
        this.warnings.warn(`${channel}: receive failed: ${(err as Error).message}`);
        continue;
      }
      let msg: Message;
      try {
        msg = decodeMessage(frames, this.signer);
      } catch (err) {
        const reason = err instanceof WireError ? err.reason : "other";
        this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
        this.warnings.warn(`${channel}: dropped a message (${(err as Error).message})`);
        continue;
      }
      try {
        handler(channel, msg);
      } catch (err) {
        this.warnings.warn(`${channel}: handling ${msg.header.msg_type} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }

  private async heartbeat(): Promise<void> {
    const hb = this.sockets.hb;
    while (!this.closed) {
      try {
        const frames = await hb.receive();
        await hb.send(frames);
      } catch (err) {
        if (this.closed || hb.closed) return;
        this.warnings.warn(`heartbeat: ${(err as Error).message}`);
      }
    }
  }

  /** The address the sockets are bound to (for logs). */
  get address(): string {
    return `${this.info.transport}://${this.info.ip}`;
  }
}
