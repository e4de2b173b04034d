import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allocateConnection, endpoint, readConnectionFile, writeConnectionFile } from "../../src/kernel/connection";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-conn-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("connection files", () => {
  it("allocates five distinct loopback ports and a 256-bit hex key", async () => {
    const info = await allocateConnection();
    const ports = [info.shell_port, info.iopub_port, info.stdin_port, info.control_port, info.hb_port];
    expect(new Set(ports).size).toBe(5);
    expect(info.ip).toBe("127.0.0.1");
    expect(info.transport).toBe("tcp");
    expect(info.key).toMatch(/^[0-9a-f]{64}$/);
    expect(info.signature_scheme).toBe("hmac-sha256");
    expect((await allocateConnection()).key).not.toBe(info.key);
    expect(endpoint(info, info.shell_port)).toBe(`tcp://127.0.0.1:${info.shell_port}`);
  });

  it("writes mode 0600, atomically, and reads back equal", async () => {
    const info = { ...(await allocateConnection()), kernel_name: "kazami" };
    const file = path.join(dir, "kernel-1.json");
    fs.writeFileSync(file, "old"); // overwritten by rename, never half-written
    await writeConnectionFile(file, info);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readConnectionFile(file)).toEqual(info);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("rejects bad files with messages naming the field", async () => {
    const good = await allocateConnection();
    const write = (name: string, body: string): string => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, body);
      return f;
    };
    expect(() => readConnectionFile(path.join(dir, "missing.json"))).toThrow(/cannot read connection file/);
    expect(() => readConnectionFile(write("a.json", "{oops"))).toThrow(/not valid JSON/);
    expect(() => readConnectionFile(write("b.json", JSON.stringify({ ...good, shell_port: "5" })))).toThrow(/shell_port must be an integer, got "5"/);
    expect(() => readConnectionFile(write("c.json", JSON.stringify({ ...good, hb_port: 70000 })))).toThrow(/hb_port must be in 1..65535/);
    expect(() => readConnectionFile(write("d.json", JSON.stringify({ ...good, transport: "udp" })))).toThrow(/transport must be "tcp" or "ipc"/);
    expect(() => readConnectionFile(write("e.json", JSON.stringify({ ...good, iopub_port: good.shell_port })))).toThrow(/ports must differ/);
    expect(() => readConnectionFile(write("f.json", JSON.stringify({ ...good, key: 5 })))).toThrow(/key must be a string/);
    expect(() => readConnectionFile(write("g.json", "[]"))).toThrow(/expected a JSON object, got an array/);
  });
});
