/**
 * The client side of the Jupyter messaging protocol over zeromq (the channels JupyterLab opens):
 * DEALER sockets for shell, control and stdin, a SUBSCRIBER for iopub, a REQ for the heartbeat.
 *
 * Replies on shell/control are matched to requests by `parent_header.msg_id`; IOPub messages are
 * routed to the handler registered for the request that caused them (registered before the
 * request is sent, so nothing is missed). The client knows nothing about notebooks.
 */
import { randomUUID } from "node:crypto";
import * as zmq from "zeromq";
import { Message, Signer, decodeMessage, encodeMessage, newMessage } from "../kernel/wire";
import { ConnectionInfo, endpoint } from "../kernel/connection";

/** Something the client noticed but could not attribute to a request (bad signature, stray reply). */
export type ClientWarning = (message: string) => void;

/** Thrown to pending requests when the client is closed before their reply came. */
export class ClientClosedError extends Error {
  override name = "ClientClosedError";
}

type Channel = "shell" | "control";
type AnyMessage = Message<Record<string, unknown>>;

interface Pending {
  resolve(reply: AnyMessage): void;
  reject(err: Error): void;
}

/** A connected Jupyter client. Create with {@link KernelClient.connect}; always {@link close} it. */
export class KernelClient {
  /** The session id sent in every header (also the routing id of the shell/stdin sockets). */
  readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly shell: zmq.Dealer;
  private readonly control: zmq.Dealer;
  private readonly stdin: zmq.Dealer;
  private readonly iopub: zmq.Subscriber;
  private hb: zmq.Request;
  private readonly pending = new Map<string, Pending>();
  private readonly iopubHandlers = new Map<string, (msg: AnyMessage) => void>();
  private iopubCount = 0;
  private closed = false;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly warn: ClientWarning,
  ) {
    this.signer = new Signer(info.signature_scheme, info.key);
    const routingId = this.session;
    this.shell = new zmq.Dealer({ routingId, linger: 0 });
    this.control = new zmq.Dealer({ linger: 0 });
    this.stdin = new zmq.Dealer({ routingId, linger: 0 });
    this.iopub = new zmq.Subscriber({ linger: 0 });
    this.hb = this.newHeartbeatSocket();
  }

  /** Connects every channel of the kernel described by `info` and starts receiving. */
  static connect(info: ConnectionInfo, warn: ClientWarning = () => undefined): KernelClient {
    const c = new KernelClient(info, warn);
    c.shell.connect(endpoint(info, info.shell_port));
    c.control.connect(endpoint(info, info.control_port));
    c.stdin.connect(endpoint(info, info.stdin_port));
    c.iopub.connect(endpoint(info, info.iopub_port));
    c.iopub.subscribe();
    void c.receiveLoop(c.shell, "shell");
    void c.receiveLoop(c.control, "control");
    void c.receiveLoop(c.stdin, "stdin");
    void c.receiveLoop(c.iopub, "iopub");
    return c;
  }

  /** Number of IOPub messages received so far (any parent): proves the subscription is live. */
  get iopubReceived(): number {
    return this.iopubCount;
  }

  /**
   * Sends a request on shell or control. `onIopub` receives every IOPub message whose parent is
   * this request, from before the send (so none is missed) until {@link stopIopub}(msgId).
   * Returns the request's msg_id and a promise of its reply.
   */
  request(
    channel: Channel,
    msgType: string,
    content: Record<string, unknown>,
    onIopub?: (msg: AnyMessage) => void,
  ): { msgId: string; reply: Promise<AnyMessage> } {
    if (this.closed) throw new ClientClosedError(`cannot send ${msgType}: the client is closed`);
    const msg = newMessage(msgType, content, { session: this.session, username: "kazami-runner" });
    const msgId = msg.header.msg_id;
    if (onIopub) this.iopubHandlers.set(msgId, onIopub);
    const reply = new Promise<AnyMessage>((resolve, reject) => this.pending.set(msgId, { resolve, reject }));
    const socket = channel === "shell" ? this.shell : this.control;
    socket.send(encodeMessage(msg, this.signer)).catch((err: Error) => {
      const p = this.pending.get(msgId);
      this.pending.delete(msgId);
      p?.reject(new Error(`sending ${msgType} on ${channel} failed: ${err.message}`));
    });
    return { msgId, reply };
  }

  /** Stops routing IOPub messages of request `msgId`. */
  stopIopub(msgId: string): void {
    this.iopubHandlers.delete(msgId);
  }

  /**
   * One heartbeat round trip: resolves true when the kernel echoes within `timeoutMs`, false
   * otherwise (the socket is then replaced, since a REQ socket that lost its reply is stuck).
   */
  async heartbeat(timeoutMs: number): Promise<boolean> {
    if (this.closed) return false;
    const payload = Buffer.from(randomUUID());
    const hb = this.hb;
    try {
      hb.receiveTimeout = timeoutMs;
      hb.sendTimeout = timeoutMs;
      await hb.send(payload);
      const [echo] = await hb.receive();
      return echo.equals(payload);
    } catch {
      if (this.closed) return false;
      hb.close();
      this.hb = this.newHeartbeatSocket();
      return false;
    }
  }

  /** Closes every socket; pending requests are rejected with ClientClosedError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) s.close();
    for (const [id, p] of this.pending) p.reject(new ClientClosedError(`client closed before the reply to ${id}`));
    this.pending.clear();
    this.iopubHandlers.clear();
  }

  private newHeartbeatSocket(): zmq.Request {
    const hb = new zmq.Request({ linger: 0, relaxed: true, correlate: true });
    hb.connect(endpoint(this.info, this.info.hb_port));
    return hb;
  }

  private async receiveLoop(socket: zmq.Dealer | zmq.Subscriber, name: string): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: AnyMessage;
        try {
          msg = decodeMessage(frames, this.signer);
        } catch (err) {
          this.warn(`${name}: dropped an undecodable message (${(err as Error).message})`);
          continue;
        }
        this.dispatch(name, msg);
      }
    } catch (err) {
      if (!this.closed) this.warn(`${name}: receiving stopped (${(err as Error).message})`);
    }
  }

  private dispatch(channel: string, msg: AnyMessage): void {
    const parentId = (msg.parent_header as { msg_id?: string }).msg_id;
    if (channel === "iopub") {
      this.iopubCount += 1;
      if (parentId !== undefined) this.iopubHandlers.get(parentId)?.(msg);
      return;
    }
    if (channel === "stdin") {
      // allow_stdin is always false; a kernel asking anyway gets an empty line rather than a hang.
      if (msg.header.msg_type === "input_request") {
        const reply = newMessage("input_reply", { value: "" }, { parent: msg, session: this.session, username: "kazami-runner" });
        void this.stdin.send(encodeMessage(reply, this.signer)).catch(() => undefined);
      }
      return;
    }
    const p = parentId === undefined ? undefined : this.pending.get(parentId);
    if (p === undefined) return; // a late or duplicate reply (e.g. to a repeated kernel_info_request)
    this.pending.delete(parentId as string);
    p.resolve(msg);
  }
}
