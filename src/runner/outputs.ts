/**
 * Turns the IOPub messages a kernel publishes while running a cell into nbformat 4 outputs, with
 * the semantics of nbclient/JupyterLab:
 *
 * - `stream`: text appended to the previous output when it is the same stream, else a new output;
 * - `display_data` / `execute_result`: a new output; a `transient.display_id` registers it so that
 *   later updates find it (in this cell or any later one);
 * - `update_display_data`: replaces data and metadata of every output shown with that display_id
 *   (and adds no output of its own);
 * - `clear_output`: clears the cell's outputs now, or with `wait: true` just before the next output;
 * - `error`: an error output (ename, evalue, traceback);
 * - `execute_input`: records the execution count.
 */
import { MimeBundle, Output } from "./notebook";

/** The parts of an IOPub message the collector reads. */
export interface IopubMessage {
  msg_type: string;
  content: Record<string, unknown>;
}

type RichOutput = Extract<Output, { output_type: "display_data" | "execute_result" }>;

/** display_id → the outputs shown with it, shared by all cells of one notebook run. */
export class DisplayRegistry {
  private readonly byId = new Map<string, Set<RichOutput>>();

  /** Remembers that `output` was shown with `displayId`. */
  register(displayId: string, output: RichOutput): void {
    let set = this.byId.get(displayId);
    if (set === undefined) this.byId.set(displayId, (set = new Set()));
    set.add(output);
  }

  /** Replaces data and metadata of every output shown with `displayId`; returns how many. */
  update(displayId: string, data: MimeBundle, metadata: Record<string, unknown>): number {
    const set = this.byId.get(displayId);
    if (set === undefined) return 0;
    for (const o of set) {
      o.data = data;
      o.metadata = metadata;
    }
    return set.size;
  }

  /** Forgets `outputs` (they were cleared from their cell). */
  forget(outputs: readonly Output[]): void {
    const gone = new Set(outputs);
    for (const set of this.byId.values()) for (const o of set) if (gone.has(o)) set.delete(o);
  }
}

function asBundle(v: unknown): MimeBundle {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as MimeBundle) : {};
}

function displayIdOf(content: Record<string, unknown>): string | undefined {
  const id = asBundle(content.transient).display_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** Collects the outputs of one cell. */
export class CellOutputs {
  /** The cell's outputs so far, in nbformat 4 form. */
  outputs: Output[] = [];
  /** execution_count from execute_input / execute_result, null until known. */
  executionCount: number | null = null;
  private clearPending = false;

  constructor(private readonly registry: DisplayRegistry) {}

  /** Applies one IOPub message addressed to this cell. Unknown message types are ignored. */
  handle(msg: IopubMessage): void {
    const c = msg.content;
    switch (msg.msg_type) {
      case "execute_input":
        if (typeof c.execution_count === "number") this.executionCount = c.execution_count;
        return;
      case "clear_output":
        if (c.wait === true) this.clearPending = true;
        else this.clear();
        return;
      case "update_display_data": {
        const id = displayIdOf(c);
        if (id !== undefined) this.registry.update(id, asBundle(c.data), asBundle(c.metadata));
        return;
      }
      case "stream":
        this.stream(c.name === "stderr" ? "stderr" : "stdout", typeof c.text === "string" ? c.text : "");
        return;
      case "display_data":
      case "execute_result": {
        const data = asBundle(c.data);
        const metadata = asBundle(c.metadata);
        const id = displayIdOf(c);
        if (id !== undefined) this.registry.update(id, data, metadata);
        const out: RichOutput =
          msg.msg_type === "display_data"
            ? { output_type: "display_data", data, metadata }
            : {
                output_type: "execute_result",
                execution_count: typeof c.execution_count === "number" ? c.execution_count : this.executionCount,
                data,
                metadata,
              };
        if (out.output_type === "execute_result" && out.execution_count !== null) this.executionCount = out.execution_count;
        this.push(out);
        if (id !== undefined) this.registry.register(id, out);
        return;
      }
      case "error":
        this.push({
          output_type: "error",
          ename: String(c.ename ?? "Error"),
          evalue: String(c.evalue ?? ""),
          traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
        });
        return;
      default:
        return;
    }
  }

  /** The error output of this cell, if any. */
  error(): Extract<Output, { output_type: "error" }> | undefined {
    return this.outputs.find((o): o is Extract<Output, { output_type: "error" }> => o.output_type === "error");
  }

  private clear(): void {
    this.registry.forget(this.outputs);
    this.outputs = [];
    this.clearPending = false;
  }

  private push(out: Output): void {
    if (this.clearPending) this.clear();
    this.outputs.push(out);
  }

  private stream(name: "stdout" | "stderr", text: string): void {
    if (this.clearPending) this.clear();
    const last = this.outputs[this.outputs.length - 1];
    if (last !== undefined && last.output_type === "stream" && last.name === name) {
      last.text = (Array.isArray(last.text) ? last.text.join("") : last.text) + text;
    } else {
      this.outputs.push({ output_type: "stream", name, text });
    }
  }
}
