/**
 * The Jupyter messaging protocol's wire format (protocol 5.3), shared by the kernel and the runner.
 *
 * A message on a ROUTER/DEALER socket is a multipart zeromq message:
 *
 *   [identity, ..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffer, ...]
 *
 * where `signature` is the lowercase hex HMAC (keyed with the connection file's `key`, digest named
 * by `signature_scheme`, e.g. "hmac-sha256") of the four JSON frames header..content in order, or
 * the empty string when the key is empty (signing disabled).
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
import { createHmac, getHashes, randomUUID, timingSafeEqual } from "node:crypto";

/** Protocol version this module speaks (sent in every header). */
export const PROTOCOL_VERSION = "5.3";

/** The frame separating routing identities from the message proper. */
export const DELIMITER = Buffer.from("<IDS|MSG>");

/** Header of every message (all fields are strings; `date` is ISO 8601). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded message. `identities` are the zeromq routing frames (empty on PUB/DEALER sockets). */
export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: MessageHeader;
  parent_header: Partial<MessageHeader> | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** Why a multipart message was rejected; `reason` is a short machine-readable tag. */
export class WireError extends Error {
  override name = "WireError";
  constructor(
    readonly reason: "delimiter" | "frames" | "signature" | "json" | "header",
    message: string,
  ) {
    super(message);
  }
}

/** Signs and verifies messages with the connection key. An empty key disables signing. */
export class Signer {
  private readonly digest: string;
  private readonly keyBytes: Buffer;

  /**
   * @param scheme signature_scheme from the connection file, "hmac-<digest>" (e.g. "hmac-sha256")
   * @param key    the shared secret; "" means messages are neither signed nor checked
   */
  constructor(
    readonly scheme: string,
    readonly key: string,
  ) {
    if (typeof scheme !== "string" || typeof key !== "string") {
      throw new TypeError(`Signer: scheme and key must be strings, got ${typeof scheme} and ${typeof key}`);
    }
    this.keyBytes = Buffer.from(key, "utf8");
    this.digest = scheme.replace(/^hmac-/, "");
    if (key !== "" && (!scheme.startsWith("hmac-") || !getHashes().includes(this.digest))) {
      throw new RangeError(`Signer: signature_scheme must be "hmac-<digest>" with a digest Node supports (e.g. "hmac-sha256"), got "${scheme}"`);
    }
  }

  /** True when a key is set (messages are signed and verified). */
  get enabled(): boolean {
    return this.keyBytes.length > 0;
  }

  /** Hex HMAC of the frames (header, parent_header, metadata, content); "" when signing is off. */
  sign(frames: readonly Buffer[]): string {
    if (!this.enabled) return "";
    const h = createHmac(this.digest, this.keyBytes);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }

  /** Constant-time check of `signature` against the frames. Always true when signing is off. */
  verify(signature: Buffer, frames: readonly Buffer[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(frames), "ascii");
    if (signature.length !== expected.length) return false;
    return timingSafeEqual(signature, expected);
  }
}

/**
 * Encodes `msg` as multipart frames:
 * identities, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers.
 */
export function encodeMessage(msg: Message<unknown>, signer: Signer): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((x) => Buffer.from(JSON.stringify(x), "utf8"));
  return [...msg.identities, DELIMITER, Buffer.from(signer.sign(parts), "ascii"), ...parts, ...msg.buffers];
}

const HEADER_FIELDS = ["msg_id", "session", "username", "msg_type", "version"] as const;

function parseFrame(frame: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch (err) {
    throw new WireError("json", `${name} frame is not valid JSON (${(err as Error).message}; ${frame.length} bytes)`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new WireError("json", `${name} frame must be a JSON object, got ${got}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Decodes and verifies multipart frames. Throws {@link WireError} when the delimiter is missing,
 * fewer than 5 frames follow it, the signature is missing or wrong (checked before any JSON is
 * parsed), a frame is not a JSON object, or the header lacks a string msg_id, session, username,
 * msg_type or version (`date` may be absent and then reads "").
 */
export function decodeMessage(frames: Buffer[], signer: Signer): Message {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new WireError("delimiter", `no "<IDS|MSG>" delimiter among ${frames.length} frames`);
  if (frames.length < at + 6) {
    throw new WireError("frames", `expected signature, header, parent_header, metadata and content after the delimiter, got ${frames.length - at - 1} frames`);
  }
  const parts = frames.slice(at + 2, at + 6);
  const signature = frames[at + 1];
  if (signer.enabled && signature.length === 0) throw new WireError("signature", "message is unsigned but a key is set");
  if (!signer.verify(signature, parts)) throw new WireError("signature", "signature does not match (wrong key or tampered message)");
  const header = parseFrame(parts[0], "header");
  const parent_header = parseFrame(parts[1], "parent_header");
  const metadata = parseFrame(parts[2], "metadata");
  const content = parseFrame(parts[3], "content");
  for (const field of HEADER_FIELDS) {
    if (typeof header[field] !== "string") {
      throw new WireError("header", `header.${field} must be a string, got ${header[field] === undefined ? "nothing" : typeof header[field]}`);
    }
  }
  if (header.msg_id === "" || header.msg_type === "") throw new WireError("header", "header.msg_id and header.msg_type must not be empty");
  if (header.date === undefined) header.date = "";
  else if (typeof header.date !== "string") throw new WireError("header", `header.date must be a string, got ${typeof header.date}`);
  return {
    identities: frames.slice(0, at),
    header: header as unknown as MessageHeader,
    parent_header: parent_header as Partial<MessageHeader>,
    metadata,
    content,
    buffers: frames.slice(at + 6),
  };
}

/** Options of {@link newMessage}. */
export interface NewMessageOptions {
  /** The request this message answers: its identities and header are copied (routing + parent). */
  parent?: Message<unknown>;
  /** Session id (defaults to the parent's session, else a fresh uuid). */
  session?: string;
  /** Username (defaults to "kazami"). */
  username?: string;
  metadata?: Record<string, unknown>;
  buffers?: Buffer[];
}

/** A new message with a fresh uuid msg_id, the current ISO date and version "5.3". */
export function newMessage<C>(msgType: string, content: C, opts: NewMessageOptions = {}): Message<C> {
  return {
    identities: opts.parent ? [...opts.parent.identities] : [],
    header: {
      msg_id: randomUUID(),
      session: opts.session ?? opts.parent?.header.session ?? randomUUID(),
      username: opts.username ?? "kazami",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: opts.parent ? { ...opts.parent.header } : {},
    metadata: opts.metadata ?? {},
    content,
    buffers: opts.buffers ?? [],
  };
}
