import { describe, expect, it } from "vitest";
import { CellOutputs, DisplayRegistry, IopubMessage } from "../../src/runner/outputs";

const m = (msg_type: string, content: Record<string, unknown>): IopubMessage => ({ msg_type, content });

describe("CellOutputs", () => {
  it("merges consecutive text of the same stream and keeps streams apart", () => {
    const c = new CellOutputs(new DisplayRegistry());
    for (const msg of [
      m("status", { execution_state: "busy" }),
      m("execute_input", { code: "x", execution_count: 3 }),
      m("stream", { name: "stdout", text: "a\n" }),
      m("stream", { name: "stdout", text: "b" }),
      m("stream", { name: "stderr", text: "warn\n" }),
      m("stream", { name: "stdout", text: "c\n" }),
    ]) c.handle(msg);
    expect(c.executionCount).toBe(3);
    expect(c.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "a\nb" },
      { output_type: "stream", name: "stderr", text: "warn\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
    ]);
  });

  it("applies update_display_data to the output with that display_id, in this or an earlier cell", () => {
    const registry = new DisplayRegistry();
    const first = new CellOutputs(registry);
    first.handle(m("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "bar" } }));
    first.handle(m("display_data", { data: { "text/plain": "other" }, metadata: {}, transient: {} }));
    const second = new CellOutputs(registry);
    second.handle(m("update_display_data", { data: { "text/plain": "100%" }, metadata: { done: true }, transient: { display_id: "bar" } }));
    second.handle(m("update_display_data", { data: { "text/plain": "?" }, metadata: {}, transient: { display_id: "unknown" } }));
    expect(first.outputs[0]).toEqual({ output_type: "display_data", data: { "text/plain": "100%" }, metadata: { done: true } });
    expect(first.outputs[1]).toMatchObject({ data: { "text/plain": "other" } });
    expect(second.outputs).toEqual([]);
  });

  it("clear_output clears at once, or with wait just before the next output", () => {
    const c = new CellOutputs(new DisplayRegistry());
    c.handle(m("stream", { name: "stdout", text: "1" }));
    c.handle(m("clear_output", { wait: false }));
    expect(c.outputs).toEqual([]);
    c.handle(m("stream", { name: "stdout", text: "2" }));
    c.handle(m("clear_output", { wait: true }));
    expect(c.outputs).toHaveLength(1);
    c.handle(m("display_data", { data: { "text/plain": "3" }, metadata: {} }));
    expect(c.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "3" }, metadata: {} }]);
  });

  it("a cleared display no longer receives updates", () => {
    const registry = new DisplayRegistry();
    const c = new CellOutputs(registry);
    c.handle(m("display_data", { data: { "text/plain": "a" }, metadata: {}, transient: { display_id: "d" } }));
    const old = c.outputs[0];
    c.handle(m("clear_output", { wait: false }));
    expect(registry.update("d", { "text/plain": "b" }, {})).toBe(0);
    expect(old).toMatchObject({ data: { "text/plain": "a" } });
  });

  it("records execute_result with its count and error with ename, evalue and traceback", () => {
    const c = new CellOutputs(new DisplayRegistry());
    c.handle(m("execute_result", { execution_count: 7, data: { "text/plain": "42", "application/json": { a: 1 } }, metadata: {} }));
    c.handle(m("error", { ename: "RangeError", evalue: "bad", traceback: ["RangeError: bad", "    at cell:1"] }));
    expect(c.executionCount).toBe(7);
    expect(c.outputs[0]).toEqual({
      output_type: "execute_result",
      execution_count: 7,
      data: { "text/plain": "42", "application/json": { a: 1 } },
      metadata: {},
    });
    expect(c.error()).toEqual({ output_type: "error", ename: "RangeError", evalue: "bad", traceback: ["RangeError: bad", "    at cell:1"] });
  });
});
