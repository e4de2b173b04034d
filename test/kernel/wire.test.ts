import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DELIMITER, Signer, WireError, decodeMessage, encodeMessage, newMessage } from "../../src/kernel/wire";

const KEY = "a".repeat(64);

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WireError);
    return (err as WireError).reason;
  }
  throw new Error("expected a WireError");
}

describe("wire: encode/decode", () => {
  const signer = new Signer("hmac-sha256", KEY);

  it("round-trips identities, header, parent, metadata, content and buffers", () => {
    const request = newMessage("execute_request", { code: "1+1" }, { session: "s1", username: "u" });
    request.identities = [Buffer.from("client-id")];
    const reply = newMessage("execute_reply", { status: "ok", execution_count: 1 }, { parent: request, metadata: { m: 1 }, buffers: [Buffer.from([1, 2, 3])] });
    const frames = encodeMessage(reply, signer);
    expect(frames[0].toString()).toBe("client-id");
    expect(frames[1].equals(DELIMITER)).toBe(true);
    const back = decodeMessage(frames, signer);
    expect(back.identities.map(String)).toEqual(["client-id"]);
    expect(back.header).toEqual(reply.header);
    expect(back.parent_header).toEqual(request.header);
    expect(back.metadata).toEqual({ m: 1 });
    expect(back.content).toEqual({ status: "ok", execution_count: 1 });
    expect(back.buffers.map((b) => [...b])).toEqual([[1, 2, 3]]);
  });

  it("newMessage: uuid msg_id, ISO date, version 5.3, parent's session by default", () => {
    const parent = newMessage("kernel_info_request", {}, { session: "abc" });
    const m = newMessage("kernel_info_reply", {}, { parent });
    expect(m.header.msg_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(m.header.msg_id).not.toBe(parent.header.msg_id);
    expect(new Date(m.header.date).toISOString()).toBe(m.header.date);
    expect(m.header.version).toBe("5.3");
    expect(m.header.session).toBe("abc");
  });

  it("signs with the HMAC of header, parent, metadata and content, in hex", () => {
    const m = newMessage("status", { execution_state: "idle" });
    const frames = encodeMessage(m, signer);
    const h = createHmac("sha256", KEY);
    for (const f of frames.slice(2, 6)) h.update(f);
    expect(frames[1].toString()).toBe(h.digest("hex"));
  });

  it("detects tampering of any signed frame, a wrong key, and a missing signature", () => {
    const m = newMessage("execute_request", { code: "x" });
    for (let i = 2; i < 6; i++) {
      const frames = encodeMessage(m, signer);
      const text = frames[i].toString();
      frames[i] = Buffer.from(text.replace(/}$/, ',"evil":1}'));
      expect(reason(() => decodeMessage(frames, signer))).toBe("signature");
    }
    expect(reason(() => decodeMessage(encodeMessage(m, new Signer("hmac-sha256", "b".repeat(64))), signer))).toBe("signature");
    const unsigned = encodeMessage(m, new Signer("hmac-sha256", ""));
    expect(reason(() => decodeMessage(unsigned, signer))).toBe("signature");
    const truncatedSig = encodeMessage(m, signer);
    truncatedSig[1] = truncatedSig[1].subarray(0, 10);
    expect(reason(() => decodeMessage(truncatedSig, signer))).toBe("signature");
  });

  it("with an empty key, sends an empty signature and accepts any", () => {
    const open = new Signer("hmac-sha256", "");
    const frames = encodeMessage(newMessage("x", {}), open);
    expect(frames[1].length).toBe(0);
    expect(decodeMessage(encodeMessage(newMessage("x", {}), signer), open).header.msg_type).toBe("x");
  });

  it("rejects a missing delimiter, too few frames, bad JSON and bad headers with a reason", () => {
    const good = encodeMessage(newMessage("execute_request", {}), signer);
    expect(reason(() => decodeMessage(good.filter((f) => !f.equals(DELIMITER)), signer))).toBe("delimiter");
    expect(reason(() => decodeMessage(good.slice(0, 5), signer))).toBe("frames");
    const resign = (parts: Buffer[]): Buffer[] => [DELIMITER, Buffer.from(signer.sign(parts)), ...parts];
    const header = newMessage("execute_request", {}).header;
    const ok = [Buffer.from(JSON.stringify(header)), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")];
    expect(decodeMessage(resign(ok), signer).header.msg_type).toBe("execute_request");
    expect(reason(() => decodeMessage(resign([Buffer.from("{not json"), ...ok.slice(1)]), signer))).toBe("json");
    expect(reason(() => decodeMessage(resign([ok[0], ok[1], ok[2], Buffer.from("[1,2]")]), signer))).toBe("json");
    const { msg_type: _dropped, ...noType } = header;
    expect(reason(() => decodeMessage(resign([Buffer.from(JSON.stringify(noType)), ...ok.slice(1)]), signer))).toBe("header");
    expect(reason(() => decodeMessage(resign([Buffer.from(JSON.stringify({ ...header, session: 7 })), ...ok.slice(1)]), signer))).toBe("header");
  });

  it("refuses an unknown signature scheme when a key is set", () => {
    expect(() => new Signer("hmac-nosuchdigest", KEY)).toThrow(RangeError);
    expect(() => new Signer("rsa", KEY)).toThrow(/hmac-/);
    expect(() => new Signer("hmac-sha512", KEY)).not.toThrow();
  });
});
