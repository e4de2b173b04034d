/**
 * The kernel against the messaging spec 5.3, message by message, through a real zeromq client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMessage, encodeMessage } from "../../src/kernel/wire";
import { TestKernel } from "./harness";

let k: TestKernel;
beforeAll(async () => {
  k = await TestKernel.start();
});
afterAll(async () => {
  await k?.stop();
});

const types = (ex: { iopub: Array<{ header: { msg_type: string } }> }): string[] => ex.iopub.map((m) => m.header.msg_type);

describe("kernel_info", () => {
  it("replies ok with protocol 5.3 and TypeScript language_info, on shell and control", async () => {
    for (const channel of ["shell", "control"] as const) {
      const { reply, iopub } = await k.request(channel, "kernel_info_request", {});
      expect(reply.header.msg_type).toBe("kernel_info_reply");
      const c = reply.content as Record<string, any>;
      expect(c.status).toBe("ok");
      expect(c.protocol_version).toBe("5.3");
      expect(c.implementation).toBe("kazami");
      expect(c.language_info).toMatchObject({ name: "typescript", mimetype: "text/typescript", file_extension: ".ts", codemirror_mode: "typescript" });
      expect(c.language_info.version).toMatch(/^5\.0\./);
      expect(c.help_links.length).toBeGreaterThan(0);
      expect(iopub.map((m) => m.content.execution_state)).toEqual(["busy", "idle"]);
    }
  });
});

describe("execute", () => {
  it("publishes busy, execute_input, execute_result, idle and counts executions", async () => {
    const a = await k.execute("1 + 1");
    expect(types(a)).toEqual(["status", "execute_input", "execute_result", "status"]);
    const n = a.reply.content.execution_count as number;
    expect(TestKernel.of(a, "execute_input")[0].content).toEqual({ code: "1 + 1", execution_count: n });
    expect(TestKernel.of(a, "execute_result")[0].content).toEqual({ execution_count: n, data: { "text/plain": "2" }, metadata: {} });
    expect(a.reply.content).toMatchObject({ status: "ok", execution_count: n, user_expressions: {}, payload: [] });
    const b = await k.execute("const noValue = 3;");
    expect(b.reply.content.execution_count).toBe(n + 1);
    expect(types(b)).not.toContain("execute_result");
  });

  it("streams stdout and stderr in order", async () => {
    const ex = await k.execute('console.log("out 1"); console.error("err 1"); process.stdout.write("out 2\\n")');
    const streams = TestKernel.of(ex, "stream").map((m) => [m.content.name, m.content.text]);
    expect(streams).toEqual([["stdout", "out 1\n"], ["stderr", "err 1\n"], ["stdout", "out 2\n"]]);
  });

  it("reports a thrown error as error reply + iopub error (ename, evalue, traceback)", async () => {
    const ex = await k.execute('function failing() { throw new RangeError("out of range"); }\nfailing()');
    const err = TestKernel.of(ex, "error")[0].content;
    expect(err).toMatchObject({ ename: "RangeError", evalue: "out of range" });
    expect((err.traceback as string[]).join("\n")).toContain("failing");
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "RangeError", evalue: "out of range" });
    expect(types(ex)).toEqual(["status", "execute_input", "error", "status"]);
  });

  it("reports type errors with the cell's line and column", async () => {
    const ex = await k.execute('const ok = 1;\nconst n: number = "text";');
    const err = TestKernel.of(ex, "error")[0].content;
    expect(err.ename).toBe("TSError");
    expect(err.evalue).toContain("cell:2:7");
    expect(err.evalue).toContain("TS2322");
    expect((err.traceback as string[])[0]).toContain('const n: number = "text";');
  });

  it("runs every request after an error (no silent drop window)", async () => {
    await k.execute('throw new Error("first")');
    const after = await k.execute("40 + 2");
    expect(after.reply.content.status).toBe("ok");
    expect(TestKernel.of(after, "execute_result")[0].content.data).toEqual({ "text/plain": "42" });
  });

  it("answers execute_requests queued behind a failing one with stop_on_error as aborted, later ones normally", async () => {
    const fail = newMessage("execute_request", { code: 'await new Promise((r) => setTimeout(r, 300)); throw new Error("stop")', stop_on_error: true }, { session: "s" });
    const queued = newMessage("execute_request", { code: "1" }, { session: "s" });
    const pFail = k.sendAndWait("shell", encodeMessage(fail, k.signer), fail.header.msg_id);
    const pQueued = k.sendAndWait("shell", encodeMessage(queued, k.signer), queued.header.msg_id);
    expect((await pFail).reply.content.status).toBe("error");
    expect((await pQueued).reply.content.status).toBe("aborted");
    const tolerant = newMessage("execute_request", { code: 'await new Promise((r) => setTimeout(r, 300)); throw new Error("go on")', stop_on_error: false }, { session: "s" });
    const next = newMessage("execute_request", { code: "2" }, { session: "s" });
    const pTolerant = k.sendAndWait("shell", encodeMessage(tolerant, k.signer), tolerant.header.msg_id);
    const pNext = k.sendAndWait("shell", encodeMessage(next, k.signer), next.header.msg_id);
    expect((await pTolerant).reply.content.status).toBe("error");
    expect((await pNext).reply.content.status).toBe("ok");
  });

  it("silent: no execute_input or result, count unchanged; store_history false: not counted", async () => {
    const before = (await k.execute("0")).reply.content.execution_count as number;
    const silent = await k.execute("5", { silent: true });
    expect(types(silent)).toEqual(["status", "status"]);
    expect(silent.reply.content.execution_count).toBe(before);
    const unstored = await k.execute("6", { store_history: false });
    expect(unstored.reply.content.execution_count).toBe(before);
    expect((await k.execute("7")).reply.content.execution_count).toBe(before + 1);
  });

  it("evaluates user_expressions after the code", async () => {
    const ex = await k.execute("const ue = 20;", { user_expressions: { double: "ue * 2", bad: "nope.x" } });
    const ue = ex.reply.content.user_expressions as Record<string, any>;
    expect(ue.double).toEqual({ status: "ok", data: { "text/plain": "40" }, metadata: {} });
    expect(ue.bad.status).toBe("error");
    expect(ue.bad.ename).toBe("TSError");
  });

  it("sees earlier cells' variables everywhere, shorthand properties included", async () => {
    await k.execute("let seed = 5; const label = 'x';");
    const ex = await k.execute("const meta = { seed, label, nested: { seed } };\nJSON.stringify(meta)");
    expect(TestKernel.of(ex, "execute_result")[0].content.data).toEqual({ "text/plain": `'{"seed":5,"label":"x","nested":{"seed":5}}'` });
    const err = await k.execute("const m2 = { seed }; const wrong: number = label;");
    expect(err.reply.content.evalue).toContain("cell:1:28"); // columns of the code as written
  });

  it("keeps async results: top-level await returns the awaited value", async () => {
    const ex = await k.execute("await Promise.resolve(7) * 6");
    expect(TestKernel.of(ex, "execute_result")[0].content.data).toEqual({ "text/plain": "42" });
  });
});

describe("display", () => {
  const K = 'globalThis[Symbol.for("kazami.kernel")]';

  it("sends display_data with several MIME types, JSON values, metadata and display_id; then updates it", async () => {
    const spec = { mark: "point", data: { values: [{ x: 1 }] } };
    const ex = await k.execute(
      `${K}.display({ "text/plain": "fig", "image/png": new Uint8Array([137, 80, 78, 71]), "application/vnd.vegalite.v5+json": ${JSON.stringify(spec)} }, { kazami: { kind: "figure" } }, { display_id: "d1" });\n` +
        `${K}.updateDisplay({ "text/plain": "fig v2" }, undefined, { display_id: "d1" });`,
    );
    const [d] = TestKernel.of(ex, "display_data");
    expect(d.content.data).toEqual({ "text/plain": "fig", "image/png": "iVBORw==", "application/vnd.vegalite.v5+json": spec });
    expect(d.content.metadata).toEqual({ kazami: { kind: "figure" } });
    expect(d.content.transient).toEqual({ display_id: "d1" });
    const [u] = TestKernel.of(ex, "update_display_data");
    expect(u.content).toEqual({ data: { "text/plain": "fig v2" }, metadata: {}, transient: { display_id: "d1" } });
  });

  it("clear_output carries wait", async () => {
    const ex = await k.execute(`${K}.clearOutput(true); ${K}.clearOutput()`);
    expect(TestKernel.of(ex, "clear_output").map((m) => m.content)).toEqual([{ wait: true }, { wait: false }]);
  });

  it("rejects bad bundles with a TypeError naming the problem", async () => {
    const ex = await k.execute(`${K}.display({ "text/html": 5 })`);
    expect(ex.reply.content).toMatchObject({ status: "error", ename: "TypeError" });
    expect(ex.reply.content.evalue).toContain('"text/html" must be a string');
    const noId = await k.execute(`${K}.updateDisplay({ "text/plain": "x" }, {}, {})`);
    expect(noId.reply.content.evalue).toContain("display_id");
  });

  it("shows objects through Symbol.for('Jupyter.display'): plain bundle and {data, metadata}", async () => {
    const plain = await k.execute('({ [Symbol.for("Jupyter.display")]() { return { "text/markdown": "**m**", "text/plain": "m" }; } })');
    expect(TestKernel.of(plain, "execute_result")[0].content).toMatchObject({ data: { "text/markdown": "**m**", "text/plain": "m" }, metadata: {} });
    const full = await k.execute('({ [Symbol.for("Jupyter.display")]() { return { data: { "application/json": { a: 1 } }, metadata: { tag: "t" } }; } })');
    expect(TestKernel.of(full, "execute_result")[0].content).toMatchObject({ data: { "application/json": { a: 1 } }, metadata: { tag: "t" } });
  });

  it("shows other values with util.inspect", async () => {
    const ex = await k.execute('({ a: 1, b: "two", c: [1, 2] })');
    expect(TestKernel.of(ex, "execute_result")[0].content.data).toEqual({ "text/plain": "{ a: 1, b: 'two', c: [ 1, 2 ] }" });
    expect(TestKernel.of(await k.execute("null"), "execute_result")[0].content.data).toEqual({ "text/plain": "null" });
    expect(TestKernel.of(await k.execute("undefined"), "execute_result")).toEqual([]);
  });
});

describe("other shell requests", () => {
  it("complete_request counts cursor positions in code points", async () => {
    const code = 'const s = "😀é"; Math.ma';
    const cps = [...code].length;
    const { reply } = await k.request("shell", "complete_request", { code, cursor_pos: cps });
    expect(reply.content).toMatchObject({ status: "ok", matches: ["max"], cursor_start: cps - 2, cursor_end: cps });
  });

  it("inspect_request finds documentation", async () => {
    const { reply } = await k.request("shell", "inspect_request", { code: "Math.max", cursor_pos: 8, detail_level: 0 });
    expect(reply.content.status).toBe("ok");
    expect(reply.content.found).toBe(true);
    expect((reply.content.data as Record<string, string>)["text/plain"]).toContain("max(...values: number[]): number");
    const missing = await k.request("shell", "inspect_request", { code: "   ", cursor_pos: 1 });
    expect(missing.reply.content).toMatchObject({ status: "ok", found: false });
  });

  it("is_complete_request: complete, incomplete with indent, invalid", async () => {
    const ask = async (code: string) => (await k.request("shell", "is_complete_request", { code })).reply.content;
    expect(await ask("let a = 1")).toEqual({ status: "complete" });
    expect(await ask("if (a) {")).toEqual({ status: "incomplete", indent: "  " });
    expect((await ask("let = ;")).status).toBe("invalid");
  });

  it("history_request: tail, range and search within the session", async () => {
    await k.execute("const histA = 1");
    await k.execute("const histB = 2");
    const tail = (await k.request("shell", "history_request", { hist_access_type: "tail", n: 2, output: false, raw: true })).reply.content.history as any[];
    expect(tail.map((h) => h[2])).toEqual(["const histA = 1", "const histB = 2"]);
    const [session, line] = tail[0];
    const range = (await k.request("shell", "history_request", { hist_access_type: "range", session, start: line, stop: line + 2, output: true, raw: true })).reply.content.history as any[];
    expect(range).toEqual([[session, line, ["const histA = 1", null]], [session, line + 1, ["const histB = 2", null]]]);
    const search = (await k.request("shell", "history_request", { hist_access_type: "search", pattern: "const hist?*", output: false, raw: true })).reply.content.history as any[];
    expect(search.map((h) => h[2])).toEqual(["const histA = 1", "const histB = 2"]);
  });

  it("comm_info_request gets a comm_info_reply; comm_open is closed at once", async () => {
    const { reply } = await k.request("shell", "comm_info_request", {});
    expect(reply.header.msg_type).toBe("comm_info_reply");
    expect(reply.content).toEqual({ status: "ok", comms: {} });
    const open = newMessage("comm_open", { comm_id: "c1", target_name: "nothing", data: {} }, { session: "s" });
    await k.sendRaw("shell", encodeMessage(open, k.signer));
    const after = await k.execute("1");
    expect(after.reply.content.status).toBe("ok");
    const close = k.received.find((m) => m.header.msg_type === "comm_close" && m.parent_header.msg_id === open.header.msg_id);
    expect(close?.content).toEqual({ comm_id: "c1", data: {} });
  });

  it("`name?` pages the documentation (execute_reply payload), unknown names say so", async () => {
    const ex = await k.execute("Math.max?");
    expect(ex.reply.content.status).toBe("ok");
    const [page] = ex.reply.content.payload as Array<Record<string, any>>;
    expect(page.source).toBe("page");
    expect(page.data["text/plain"]).toContain("Returns the larger of a set of supplied numeric expressions");
    const none = await k.execute("?noSuchThing");
    expect(TestKernel.stream(none, "stdout")).toBe("No documentation found for `noSuchThing`.\n");
  });

  it("answers malformed content with a BadRequest error reply naming the field", async () => {
    const { reply } = await k.request("shell", "execute_request", { silent: false });
    expect(reply.content).toMatchObject({ status: "error", ename: "BadRequest" });
    expect(reply.content.evalue).toContain("content.code must be a string");
  });
});
