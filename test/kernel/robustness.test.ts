/**
 * What users do to kernels: throws in timers, unhandled rejections, floods of output,
 * process.exit, killing the engine, long synchronous cells — the kernel reports and stays up, and
 * heartbeat and control keep answering while a cell runs.
 */
import * as zmq from "zeromq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpoint } from "../../src/kernel/connection";
import { encodeMessage, newMessage } from "../../src/kernel/wire";
import { TestKernel } from "./harness";

const LIMIT = 10_000;
let k: TestKernel;
beforeAll(async () => {
  k = await TestKernel.start({ env: { KAZAMI_MAX_OUTPUT: String(LIMIT) } });
});
afterAll(async () => {
  await k?.stop();
});

/** Waits until some iopub message with parent `msgId` satisfies `pred`. */
async function waitFor(msgId: string, pred: (text: string) => boolean): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = k.received
      .filter((m) => m.parent_header.msg_id === msgId && m.header.msg_type === "stream" && m.content.name === "stderr")
      .map((m) => String(m.content.text))
      .join("");
    if (pred(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for stderr of ${msgId}`);
}

describe("robustness", () => {
  it("an exception thrown by a timer goes to stderr of its cell; the kernel stays up", async () => {
    const ex = await k.execute('setTimeout(() => { throw new Error("late boom"); }, 50); "scheduled"');
    const text = await waitFor(ex.reply.parent_header.msg_id as string, (t) => t.includes("late boom"));
    expect(text).toContain("Uncaught exception in a callback");
    expect((await k.execute("1")).reply.content.status).toBe("ok");
  });

  it("an unhandled rejection goes to stderr; the kernel stays up", async () => {
    const ex = await k.execute('Promise.reject(new Error("nobody listens")); 0');
    const text = await waitFor(ex.reply.parent_header.msg_id as string, (t) => t.includes("nobody listens"));
    expect(text).toContain("Unhandled promise rejection");
    expect((await k.execute("2")).reply.content.status).toBe("ok");
  });

  it("truncates a flood of output at the limit with a note saying how much was cut", async () => {
    const n = 50_000;
    const ex = await k.execute(`for (let i = 0; i < ${n}; i++) console.log(i)`);
    expect(ex.reply.content.status).toBe("ok");
    const out = TestKernel.stream(ex, "stdout");
    let full = "";
    for (let i = 0; i < n; i++) full += `${i}\n`;
    const shown = full.slice(0, LIMIT);
    const cut = full.slice(LIMIT);
    expect(out.startsWith(shown)).toBe(true);
    const note = out.slice(shown.length);
    expect(note).toContain(`${cut.length.toLocaleString("en-US")} more characters`);
    expect(note).toContain(`(${(cut.split("\n").length - 1).toLocaleString("en-US")} lines)`);
    expect(note.length).toBeLessThan(400);
    // the next cell has a fresh budget
    const next = await k.execute('console.log("fresh")');
    expect(TestKernel.stream(next, "stdout")).toBe("fresh\n");
  });

  it("process.exit() in a cell is reported as an error, state kept", async () => {
    await k.execute("const survivor = 7;");
    const ex = await k.execute("process.exit(3)");
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "ProcessExitError" });
    expect(ex.reply.content.evalue).toContain("process.exit(3)");
    expect(TestKernel.of(await k.execute("survivor"), "execute_result")[0].content.data).toEqual({ "text/plain": "7" });
  });

  it("an engine that dies (SIGKILL) is reported and replaced", async () => {
    const ex = await k.execute('process.kill(process.pid, "SIGKILL")');
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "KernelEngineDied" });
    expect(ex.reply.content.evalue).toContain("SIGKILL");
    expect(TestKernel.of(await k.execute("3 * 3"), "execute_result")[0].content.data).toEqual({ "text/plain": "9" });
  });

  it("heartbeat and control answer while a synchronous cell runs", async () => {
    const msg = newMessage("execute_request", { code: "const t0 = Date.now(); while (Date.now() - t0 < 1500) {}; 'done'" }, { session: "t" });
    const cell = k.sendAndWait("shell", encodeMessage(msg, k.signer), msg.header.msg_id);
    let cellDone = false;
    void cell.then(() => (cellDone = true));
    while (!k.received.some((m) => m.parent_header.msg_id === msg.header.msg_id && m.header.msg_type === "execute_input")) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const hb = new zmq.Request({ linger: 0 });
    hb.connect(endpoint(k.info, k.info.hb_port));
    await hb.send("ping");
    const [echo] = await hb.receive();
    hb.close();
    expect(echo.toString()).toBe("ping");
    const info = await k.request("control", "kernel_info_request", {});
    expect(info.reply.content.status).toBe("ok");
    expect(cellDone).toBe(false); // both answered before the cell finished
    expect((await cell).reply.content.status).toBe("ok");
  });
});
