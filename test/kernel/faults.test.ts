/**
 * Fault injection (issue 7): malformed, unsigned, badly signed and oversized messages on shell,
 * control and stdin, and the same frames to the heartbeat (which must echo them). After each one the kernel must still be alive and answer a normal execute_request
 * correctly. Prints how many bad inputs were tried and how many the kernel survived.
 */
import * as fs from "node:fs";
import * as zmq from "zeromq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoint } from "../../src/kernel/connection";
import { DELIMITER, MessageHeader, Signer, encodeMessage, newMessage } from "../../src/kernel/wire";
import { TestKernel } from "./harness";

let k: TestKernel;
beforeAll(async () => {
  k = await TestKernel.start();
});
afterAll(async () => {
  await k?.stop();
});

const json = (x: unknown): Buffer => Buffer.from(JSON.stringify(x));
const header = (msgType: string): MessageHeader => newMessage(msgType, {}).header;

/** [delimiter, signature over the four parts, ...parts] with the kernel's key. */
function signed(parts: Buffer[], extra: Buffer[] = []): Buffer[] {
  return [DELIMITER, Buffer.from(k.signer.sign(parts)), ...parts, ...extra];
}
function request(msgType: string, content: unknown): Buffer[] {
  return signed([json(header(msgType)), json({}), json({}), json(content)]);
}

const MB = 1024 * 1024;

/** Each bad input: a name, the frames, and whether the kernel should answer it with an error reply. */
function badInputs(): Array<{ name: string; frames: () => Buffer[] }> {
  const wrong = new Signer("hmac-sha256", "f".repeat(64));
  const valid = (code: string) => newMessage("execute_request", { code }, { session: "x" });
  return [
    { name: "one empty frame", frames: () => [Buffer.alloc(0)] },
    { name: "garbage, no delimiter", frames: () => [Buffer.from("hello"), Buffer.from([0, 255, 13])] },
    { name: "delimiter only", frames: () => [DELIMITER] },
    { name: "truncated: delimiter, signature, header", frames: () => signed([json(header("execute_request"))]).slice(0, 3) },
    { name: "truncated: missing content frame", frames: () => signed([json(header("execute_request")), json({}), json({})]) },
    { name: "invalid JSON header (signed)", frames: () => signed([Buffer.from("{not json"), json({}), json({}), json({})]) },
    { name: "binary garbage header (signed)", frames: () => signed([Buffer.from([0xff, 0xfe, 0x00, 0x80]), json({}), json({}), json({})]) },
    { name: "header is an array (signed)", frames: () => signed([json([1, 2]), json({}), json({}), json({})]) },
    { name: "content is null (signed)", frames: () => signed([json(header("execute_request")), json({}), json({}), Buffer.from("null")]) },
    { name: "parent_header is a string (signed)", frames: () => signed([json(header("kernel_info_request")), json("p"), json({}), json({})]) },
    { name: "header without msg_type (signed)", frames: () => signed([json({ ...header("x"), msg_type: undefined }), json({}), json({}), json({})]) },
    { name: "header msg_id is a number (signed)", frames: () => signed([json({ ...header("execute_request"), msg_id: 5 }), json({}), json({}), json({ code: "1" })]) },
    { name: "unknown msg_type (signed)", frames: () => request("make_coffee_request", { sugar: 2 }) },
    { name: "execute_request without code", frames: () => request("execute_request", {}) },
    { name: "execute_request with numeric code", frames: () => request("execute_request", { code: 42 }) },
    { name: "execute_request with bad user_expressions", frames: () => request("execute_request", { code: "1", user_expressions: [1] }) },
    { name: "complete_request with negative cursor", frames: () => request("complete_request", { code: "Math.", cursor_pos: -3 }) },
    { name: "complete_request with cursor past the end", frames: () => request("complete_request", { code: "Math.", cursor_pos: 10_000 }) },
    { name: "inspect_request with string cursor", frames: () => request("inspect_request", { code: "Math", cursor_pos: "4" }) },
    { name: "history_request with unknown access type", frames: () => request("history_request", { hist_access_type: "everything", output: false, raw: true }) },
    { name: "is_complete_request without code", frames: () => request("is_complete_request", {}) },
    { name: "unsigned execute_request", frames: () => encodeMessage(valid("1"), new Signer("hmac-sha256", "")) },
    { name: "execute_request signed with another key", frames: () => encodeMessage(valid("1"), wrong) },
    {
      name: "signature of the wrong length",
      frames: () => {
        const f = encodeMessage(valid("1"), k.signer);
        f[1] = f[1].subarray(0, 20);
        return f;
      },
    },
    {
      name: "tampered content after signing",
      frames: () => {
        const f = encodeMessage(valid("1"), k.signer);
        f[5] = json({ code: "2" });
        return f;
      },
    },
    { name: "1000 frames without a delimiter", frames: () => Array.from({ length: 1000 }, (_, i) => Buffer.from(`id${i}`)) },
    { name: "valid request behind 1000 routing frames", frames: () => [...Array.from({ length: 1000 }, (_, i) => Buffer.from(`id${i}`)), ...request("kernel_info_request", {})] },
    { name: "50 MB badly signed message", frames: () => [DELIMITER, Buffer.from("0".repeat(64)), json(header("execute_request")), json({}), json({}), Buffer.alloc(50 * MB, 0x61)] },
    { name: "50 MB signed comm_msg (ignored)", frames: () => request("comm_msg", { comm_id: "c", data: { blob: "b".repeat(50 * MB) } }) },
  ];
}

describe("fault injection", () => {
  it("survives every malformed input on shell and control and answers the next valid request", async () => {
    const inputs = badInputs();
    let tried = 0;
    let survived = 0;
    const failures: string[] = [];
    const stdin = new zmq.Dealer({ linger: 0 });
    stdin.connect(endpoint(k.info, k.info.stdin_port));
    const hb = new zmq.Request({ linger: 0 });
    hb.connect(endpoint(k.info, k.info.hb_port));
    for (const channel of ["shell", "control", "stdin", "hb"] as const) {
      for (const input of inputs) {
        if (channel !== "shell" && input.name.startsWith("50 MB")) continue; // once is enough
        tried += 1;
        if (channel === "stdin") await stdin.send(input.frames());
        else if (channel === "hb") {
          const frames = input.frames();
          await hb.send(frames.length > 0 ? frames : [Buffer.alloc(0)]);
          const echo = await hb.receive();
          if (!Buffer.concat(echo).equals(Buffer.concat(frames))) failures.push(`hb did not echo: ${input.name}`);
        } else await k.sendRaw(channel, input.frames());
        const check = await k.execute(`${tried} * 2`, {}, 30_000).catch((err: Error) => err);
        const ok =
          !(check instanceof Error) &&
          check.reply.content.status === "ok" &&
          (TestKernel.of(check, "execute_result")[0]?.content.data as Record<string, string>)["text/plain"] === String(tried * 2) &&
          k.process.exitCode === null;
        if (ok) survived += 1;
        else failures.push(`${channel}: ${input.name}`);
      }
    }
    stdin.close();
    hb.close();
    console.log(`fault suite: ${tried} bad inputs tried, ${survived} survived (kernel alive, next execute answered correctly)`);
    expect(failures).toEqual([]);
    expect(survived).toBe(tried);
    expect(k.stderr).toContain("dropped a message");
    expect(k.stderr).toContain('unknown type "make_coffee_request"');
  });

  it("answers a signed request with bad content by an error reply naming the field", async () => {
    const msg = newMessage("is_complete_request", { code: 7 }, { session: "x" });
    const { reply } = await k.sendAndWait("shell", encodeMessage(msg, k.signer), msg.header.msg_id);
    expect(reply.content).toMatchObject({ status: "error", ename: "BadRequest" });
    expect(reply.content.evalue).toContain("content.code must be a string, got number");
  });
});

describe("signatures", () => {
  it("never executes a message signed with the wrong key, unsigned or tampered (its side effect does not happen)", async () => {
    const marker = `${k.dir}/side-effect`;
    const code = (tag: string) => `require("fs").appendFileSync(${JSON.stringify(marker)}, "${tag}\\n")`;
    const attempts = [
      encodeMessage(newMessage("execute_request", { code: code("wrong-key") }, { session: "x" }), new Signer("hmac-sha256", "0".repeat(64))),
      encodeMessage(newMessage("execute_request", { code: code("unsigned") }, { session: "x" }), new Signer("hmac-sha256", "")),
      (() => {
        const f = encodeMessage(newMessage("execute_request", { code: code("honest") }, { session: "x" }), k.signer);
        f[5] = json({ code: code("tampered") });
        return f;
      })(),
    ];
    for (const frames of attempts) await k.sendRaw("shell", frames);
    for (const frames of attempts) await k.sendRaw("control", frames);
    // A correctly signed request after them: once it is answered, the earlier ones were processed.
    expect((await k.execute("1")).reply.content.status).toBe("ok");
    expect(fs.existsSync(marker)).toBe(false);
    // The same code, correctly signed, does run (the check above can fail).
    await k.execute(code("signed"));
    expect(fs.readFileSync(marker, "utf8")).toBe("signed\n");
  });

  it("binds only to the loopback address of the connection file", () => {
    if (!fs.existsSync("/proc/net/tcp")) return;
    const listening = fs
      .readFileSync("/proc/net/tcp", "utf8")
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f[3] === "0A") // LISTEN
      .map((f) => f[1].split(":"))
      .map(([addr, port]) => ({ addr, port: parseInt(port, 16) }));
    const ports = [k.info.shell_port, k.info.iopub_port, k.info.stdin_port, k.info.control_port, k.info.hb_port];
    const ours = listening.filter((l) => ports.includes(l.port));
    expect(ours.map((l) => l.port).sort()).toEqual([...ports].sort());
    for (const l of ours) expect(l.addr).toBe("0100007F"); // 127.0.0.1, little-endian hex
  });
});

describe("unsigned mode", () => {
  it("with an empty key, runs unsigned messages (and warns at start)", async () => {
    const open = await TestKernel.start({ key: "" });
    try {
      const ex = await open.execute("20 + 22");
      expect(TestKernel.of(ex, "execute_result")[0].content.data).toEqual({ "text/plain": "42" });
      expect(open.stderr).toContain("empty key");
    } finally {
      await open.stop();
    }
  });
});
