/**
 * Interrupt races in the engine, made deterministic by stopping the engine (SIGSTOP) while the
 * kernel's messages and signal arrive, so it reads them together on SIGCONT — what a loaded machine
 * does when the engine is not scheduled for a while. The engine is forked and spoken to over IPC
 * as ProcessExecutor does (interrupt message naming the request, then SIGINT).
 *
 * Both failed before the interrupt message named its cell: an interrupt read in the same chunk as
 * its execute request was dropped (the cell ran on; the soak's interrupted await hung), and a
 * SIGINT meant for a cell that had just finished stopped the next one.
 */
import { ChildProcess, fork } from "node:child_process";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EngineEvent, EngineInterrupt, EngineRequest } from "../../src/kernel/ipc";
import { ROOT, requireBuilt } from "./harness";

interface Engine {
  child: ChildProcess;
  send(message: EngineRequest | EngineInterrupt): void;
  /** The reply to request `id` (rejects after `ms`). */
  reply(id: number, ms?: number): Promise<Record<string, unknown>>;
}

let running: ChildProcess | undefined;
afterEach(() => {
  running?.kill("SIGKILL");
  running = undefined;
});

async function startEngine(): Promise<Engine> {
  requireBuilt();
  const child = fork(path.join(ROOT, "dist/kernel/engine/main.js"), [], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe", "ipc"], detached: true, serialization: "json" });
  running = child;
  const replies = new Map<number, Record<string, unknown>>();
  const waiters = new Map<number, () => void>();
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`engine exited (${signal ?? code})`)));
    child.on("message", (event: EngineEvent) => {
      if (event.op === "ready") resolve();
      if (event.op === "reply") {
        replies.set(event.id, event.value as unknown as Record<string, unknown>);
        waiters.get(event.id)?.();
      }
    });
  });
  return {
    child,
    send: (message) => child.send(message),
    reply: (id, ms = 20_000) =>
      new Promise((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve(replies.get(id) as Record<string, unknown>);
        };
        const timer = setTimeout(() => reject(new Error(`no reply to request ${id} within ${ms} ms`)), ms);
        if (replies.has(id)) done();
        else waiters.set(id, done);
      }),
  };
}

const execute = (id: number, code: string): EngineRequest => ({ id, op: "execute", code, executionCount: id, userExpressions: {} });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const value = (r: Record<string, unknown>): unknown => (r.result as { data: Record<string, unknown> } | undefined)?.data["text/plain"];

/** Stops the engine, does `arrive` (messages and signals queue up), lets it run again. */
async function whileStopped(engine: Engine, arrive: () => void): Promise<void> {
  engine.child.kill("SIGSTOP");
  try {
    arrive();
    await sleep(100);
  } finally {
    engine.child.kill("SIGCONT");
  }
}

describe("engine: interrupts that arrive with other messages", () => {
  it("an interrupt read together with its execute request stops that cell before it starts; the session is kept", async () => {
    const engine = await startEngine();
    engine.send(execute(1, "const kept = 41;"));
    expect((await engine.reply(1)).status).toBe("ok");
    for (const [id, code] of [[2, "await new Promise((resolve) => setTimeout(resolve, 60_000));"], [3, "while (true) {}"]] as const) {
      await whileStopped(engine, () => {
        engine.send(execute(id, code));
        engine.send({ op: "interrupt", id });
        engine.child.kill("SIGINT");
      });
      expect(await engine.reply(id), code).toMatchObject({ status: "error", ename: "Interrupted", evalue: "execution interrupted (interrupted before the cell started running)" });
    }
    engine.send(execute(4, "kept + 1"));
    expect(value(await engine.reply(4))).toBe("42");
  }, 60_000);

  it("an interrupt of a cell that already finished, read after the next cell arrived, does not stop that cell", async () => {
    const engine = await startEngine();
    engine.send(execute(1, "const kept = 41;"));
    expect((await engine.reply(1)).status).toBe("ok");
    await whileStopped(engine, () => {
      engine.send({ op: "interrupt", id: 1 }); // the kernel's interrupt, as cell 1 ended
      engine.child.kill("SIGINT");
      engine.send(execute(2, "kept + 1"));
    });
    expect(await engine.reply(2)).toMatchObject({ status: "ok" });
    expect(value(await engine.reply(2))).toBe("42");
    // A synchronous cell still stops on the SIGINT that follows its interrupt message.
    engine.send(execute(3, "while (true) {}"));
    await sleep(1000);
    engine.send({ op: "interrupt", id: 3 });
    engine.child.kill("SIGINT");
    expect(await engine.reply(3)).toMatchObject({ status: "error", ename: "Interrupted" });
    engine.send(execute(4, "kept"));
    expect(value(await engine.reply(4))).toBe("41");
  }, 60_000);
});
