/**
 * A line of input from whoever runs the notebook, as Jupyter front ends expect: the kernel sends
 * an input_request on stdin (the front end shows a text box, masked for passwords) and the cell
 * waits for the input_reply. A headless run (kazami run, nbclient) does not accept input: the
 * call fails at once with a StdinNotImplementedError that says to pass a parameter instead.
 */
import { checkBoolean } from "../core/checks";
import { KERNEL_HOST } from "./mime";

export interface InputOptions {
  /** Mask the typed text (the front end's password box). Default false. */
  password?: boolean;
}

/** The reply to `prompt` from the front end (without the newline). */
export async function input(prompt: string, options: InputOptions = {}): Promise<string> {
  if (typeof prompt !== "string") throw new TypeError(`notebook.input: prompt must be a string, got ${typeof prompt}`);
  const password = checkBoolean("notebook.input", "options.password", options?.password, false);
  const host = (globalThis as Record<symbol, unknown>)[KERNEL_HOST] as { input?: (prompt: string, password: boolean) => Promise<string> } | undefined;
  if (typeof host?.input !== "function") {
    const err = new Error(`notebook.input(${JSON.stringify(prompt.slice(0, 80))}): no Jupyter front end to ask outside the Kazami kernel; pass the value as a parameter instead`);
    err.name = "StdinNotImplementedError";
    throw err;
  }
  return host.input(prompt, password);
}
