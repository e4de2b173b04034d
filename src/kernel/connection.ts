/**
 * Jupyter connection files: the JSON a client writes and a kernel reads to find its five sockets
 * and the signing key. https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import { writeFileAtomic } from "../core/atomic-write";

/** The contents of a connection file. Ports are TCP ports (or ipc path suffixes). */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  /** Address to bind/connect (tcp: an IP, "127.0.0.1" by default; ipc: a path prefix). */
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  /** Shared HMAC secret; "" disables signing. */
  key: string;
  /** "hmac-sha256" and the like. */
  signature_scheme: string;
  kernel_name?: string;
}

/** The five port fields, in the order Jupyter lists them. */
export const PORT_FIELDS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/** Zeromq endpoint of one channel: "tcp://127.0.0.1:5555" or "ipc://path-5555". */
export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

/**
 * Validates parsed connection-file JSON. Throws TypeError/RangeError naming the field, what was
 * expected and what arrived. `source` names the file in messages.
 */
export function validateConnectionInfo(value: unknown, source = "connection info"): ConnectionInfo {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${source}: expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  }
  const v = value as Record<string, unknown>;
  const transport = v.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") throw new RangeError(`${source}: transport must be "tcp" or "ipc", got ${JSON.stringify(transport)}`);
  const ip = v.ip ?? "127.0.0.1";
  if (typeof ip !== "string" || ip === "") throw new TypeError(`${source}: ip must be a non-empty string, got ${JSON.stringify(v.ip)}`);
  const ports: Record<string, number> = {};
  for (const field of PORT_FIELDS) {
    const p = v[field];
    if (typeof p !== "number" || !Number.isInteger(p)) throw new TypeError(`${source}: ${field} must be an integer, got ${JSON.stringify(p)}`);
    if (p <= 0 || p > 65535) throw new RangeError(`${source}: ${field} must be in 1..65535, got ${p}`);
    ports[field] = p;
  }
  if (new Set(Object.values(ports)).size !== PORT_FIELDS.length) {
    throw new RangeError(`${source}: the five ports must differ, got ${PORT_FIELDS.map((f) => `${f}=${ports[f]}`).join(", ")}`);
  }
  const key = v.key ?? "";
  if (typeof key !== "string") throw new TypeError(`${source}: key must be a string, got ${typeof key}`);
  const scheme = v.signature_scheme ?? "hmac-sha256";
  if (typeof scheme !== "string" || !/^hmac-[a-z0-9-]+$/i.test(scheme)) {
    throw new RangeError(`${source}: signature_scheme must look like "hmac-sha256", got ${JSON.stringify(v.signature_scheme)}`);
  }
  if (v.kernel_name !== undefined && typeof v.kernel_name !== "string") {
    throw new TypeError(`${source}: kernel_name must be a string when present, got ${typeof v.kernel_name}`);
  }
  return {
    transport,
    ip,
    shell_port: ports.shell_port,
    iopub_port: ports.iopub_port,
    stdin_port: ports.stdin_port,
    control_port: ports.control_port,
    hb_port: ports.hb_port,
    key,
    signature_scheme: scheme,
    ...(v.kernel_name !== undefined ? { kernel_name: v.kernel_name as string } : {}),
  };
}

/** Reads and validates a connection file (synchronously: the kernel needs it before anything). */
export function readConnectionFile(file: string): ConnectionInfo {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read connection file ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(`connection file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return validateConnectionInfo(value, `connection file ${file}`);
}

/**
 * Writes `info` to `file` readable by the owner only (mode 0600), atomically: a temporary file in
 * the same folder, fsync, rename. A reader never sees a partial file, and the key never sits in a
 * world-readable file even for a moment.
 */
export async function writeConnectionFile(file: string, info: ConnectionInfo): Promise<void> {
  const checked = validateConnectionInfo(info, `writeConnectionFile(${file})`);
  await writeFileAtomic(file, JSON.stringify(checked, null, 2) + "\n", 0o600);
}

function listenOnFreePort(ip: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, ip, () => resolve(server));
  });
}

/** Options of {@link allocateConnection}. */
export interface AllocateOptions {
  /** Loopback address to use (default "127.0.0.1"). */
  ip?: string;
  /** Signing key (default: 32 random bytes as 64 hex digits). Pass "" to disable signing. */
  key?: string;
  kernel_name?: string;
}

/**
 * A fresh ConnectionInfo on tcp with five distinct free ports on `ip`, a random 256-bit hex key
 * and "hmac-sha256". The ports are found by binding port 0 (all five held open at once so they
 * differ) and released just before returning; another process could take one in between, which
 * the kernel then reports as a bind error.
 */
export async function allocateConnection(opts: AllocateOptions = {}): Promise<ConnectionInfo> {
  const ip = opts.ip ?? "127.0.0.1";
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < PORT_FIELDS.length; i++) servers.push(await listenOnFreePort(ip));
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    return {
      transport: "tcp",
      ip,
      shell_port: ports[0],
      iopub_port: ports[1],
      stdin_port: ports[2],
      control_port: ports[3],
      hb_port: ports[4],
      key: opts.key ?? randomBytes(32).toString("hex"),
      signature_scheme: "hmac-sha256",
      ...(opts.kernel_name !== undefined ? { kernel_name: opts.kernel_name } : {}),
    };
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
