// A test double of the kernel host (globalThis[Symbol.for("kazami.kernel")]) that records calls.
import type { MimeBundle } from "../../src/notebook";

export interface HostCall {
  kind: "display" | "update" | "clear";
  data?: MimeBundle;
  metadata?: object;
  transient?: { display_id?: string };
  wait?: boolean;
}

const KEY = Symbol.for("kazami.kernel");

/** Installs the double; returns the recorded calls and a function that removes it. */
export function installKernelDouble(): { calls: HostCall[]; uninstall: () => void } {
  const calls: HostCall[] = [];
  (globalThis as Record<symbol, unknown>)[KEY] = {
    display: (data: MimeBundle, metadata?: object, transient?: { display_id?: string }) => calls.push({ kind: "display", data, metadata, transient }),
    updateDisplay: (data: MimeBundle, metadata: object | undefined, transient: { display_id: string }) => calls.push({ kind: "update", data, metadata, transient }),
    clearOutput: (wait?: boolean) => calls.push({ kind: "clear", wait }),
  };
  return { calls, uninstall: () => delete (globalThis as Record<symbol, unknown>)[KEY] };
}
