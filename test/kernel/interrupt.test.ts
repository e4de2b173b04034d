/**
 * Interrupting cells: interrupt_request on control (interrupt_mode "message") and SIGINT to the
 * kernel process both stop `while (true) {}` and a never-resolving await, and variables defined
 * before survive. Prints how long each interrupt took (measured, not asserted).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeMessage, newMessage } from "../../src/kernel/wire";
import { Exchange, TestKernel } from "./harness";

let k: TestKernel;
beforeAll(async () => {
  k = await TestKernel.start({ env: { KAZAMI_INTERRUPT_GRACE_MS: "1500" } });
});
afterAll(async () => {
  await k?.stop();
});

/**
 * Waits until kernel `kernel` has started execute request `msgId` (its execute_input is out). An
 * interrupt sent earlier may reach the kernel first — control does not queue behind shell, as the
 * protocol wants — and then finds nothing running (a no-op, as in ipykernel): under load the
 * kernel can read both sockets in one turn, control first.
 */
async function started(kernel: TestKernel, msgId: string): Promise<void> {
  while (!kernel.received.some((m) => m.parent_header.msg_id === msgId && m.header.msg_type === "execute_input")) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts `code`, waits until it is running (execute_input seen), interrupts it with `how`. */
async function runAndInterrupt(code: string, how: () => Promise<unknown>): Promise<{ ex: Exchange; ms: number }> {
  const msg = newMessage("execute_request", { code, stop_on_error: false }, { session: "t" });
  const done = k.sendAndWait("shell", encodeMessage(msg, k.signer), msg.header.msg_id, 30_000);
  await started(k, msg.header.msg_id);
  await new Promise((r) => setTimeout(r, 200)); // let the cell reach its loop or await
  const t0 = performance.now();
  await how();
  const ex = await done;
  return { ex, ms: performance.now() - t0 };
}

const byMessage = async (): Promise<unknown> => {
  const { reply } = await k.request("control", "interrupt_request", {});
  expect(reply.header.msg_type).toBe("interrupt_reply");
  expect(reply.content).toEqual({ status: "ok" });
  return reply;
};
const bySignal = async (): Promise<unknown> => k.process.kill("SIGINT");

describe("interrupt", () => {
  it("interrupt_request stops while(true){} and keeps earlier variables", async () => {
    await k.execute("let kept = 41;");
    const { ex, ms } = await runAndInterrupt("while (true) {}", byMessage);
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "Interrupted" });
    expect(TestKernel.of(ex, "error")).toHaveLength(1);
    console.log(`interrupt_request → while(true) stopped in ${ms.toFixed(1)} ms`);
    const after = await k.execute("kept + 1");
    expect(TestKernel.of(after, "execute_result")[0].content.data).toEqual({ "text/plain": "42" });
  });

  it("interrupt_request abandons a never-resolving await and keeps earlier variables", async () => {
    const { ex, ms } = await runAndInterrupt("await new Promise(() => {})", byMessage);
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "Interrupted" });
    console.log(`interrupt_request → pending await abandoned in ${ms.toFixed(1)} ms`);
    expect(TestKernel.of(await k.execute("kept"), "execute_result")[0].content.data).toEqual({ "text/plain": "41" });
  });

  it("SIGINT to the kernel process interrupts too", async () => {
    const { ex, ms } = await runAndInterrupt("for (;;) { Math.sqrt(2); }", bySignal);
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "Interrupted" });
    console.log(`SIGINT → loop stopped in ${ms.toFixed(1)} ms`);
    expect(TestKernel.of(await k.execute("kept * 2"), "execute_result")[0].content.data).toEqual({ "text/plain": "82" });
  });

  it("an interrupt while idle is answered and harmless", async () => {
    await byMessage();
    expect((await k.execute("kept")).reply.content.status).toBe("ok");
  });

  it("an interrupt while the engine is still starting stops the cell and leaves a working kernel", async () => {
    const fresh = await TestKernel.start(); // answers kernel_info before its engine has loaded TypeScript
    try {
      const msg = newMessage("execute_request", { code: "while (true) {}", stop_on_error: false }, { session: "t" });
      const done = fresh.sendAndWait("shell", encodeMessage(msg, fresh.signer), msg.header.msg_id, 30_000);
      await started(fresh, msg.header.msg_id);
      await fresh.request("control", "interrupt_request", {});
      expect((await done).reply.content).toMatchObject({ status: "error", ename: "Interrupted" });
      expect(TestKernel.of(await fresh.execute("6 * 7"), "execute_result")[0].content.data).toEqual({ "text/plain": "42" });
    } finally {
      await fresh.stop();
    }
  });

  it("a loop the signal cannot reach (after an await) is ended by restarting the engine, and says so", async () => {
    const { ex } = await runAndInterrupt("await Promise.resolve(); while (true) {}", byMessage);
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "Interrupted" });
    expect(ex.reply.content.evalue).toContain("variables from earlier cells are gone");
    const after = await k.execute("typeof kept");
    expect(after.reply.content).toMatchObject({ status: "error", ename: "TSError" });
    expect(TestKernel.of(await k.execute("1 + 1"), "execute_result")[0].content.data).toEqual({ "text/plain": "2" });
  });
});

describe("an interrupt right as a cell starts", () => {
  it("stops the cell and keeps the session, whenever it lands after the kernel started it (compiling, entering the run, awaiting)", async () => {
    await k.execute("const kept = 41;");
    for (const waitMs of [0, 10, 25, 50, 100, 200]) {
      const msg = newMessage("execute_request", { code: "await new Promise((resolve) => setTimeout(resolve, 60_000));", stop_on_error: false }, { session: "t" });
      const pending = k.sendAndWait("shell", encodeMessage(msg, k.signer), msg.header.msg_id);
      await started(k, msg.header.msg_id);
      await new Promise((r) => setTimeout(r, waitMs));
      await k.request("control", "interrupt_request", {});
      const ex = await pending;
      expect(ex.reply.content, `interrupt ${waitMs} ms after execute_input`).toMatchObject({ status: "error", ename: "Interrupted" });
      expect(String(ex.reply.content.evalue), `interrupt ${waitMs} ms after execute_input`).not.toContain("a fresh TypeScript session");
      expect(TestKernel.of(await k.execute("kept + 1"), "execute_result")[0]?.content.data).toEqual({ "text/plain": "42" });
    }
  }, 120_000);
});
