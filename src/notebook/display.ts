/**
 * `display` / `updateDisplay` / `clearOutput`: show values in the notebook now (not only as the
 * cell's last expression), and replace a shown output in place by its display id. Outside the
 * kernel (vitest, plain node) the text/plain form is printed to stdout instead.
 */
import { kernelHost, plainText, toDisplayData } from "./mime";

/** Options of `display`. */
export interface DisplayOptions {
  /** Name this output so that `updateDisplay` can replace it later. */
  displayId?: string;
}

function checkId(who: string, id: unknown): void {
  if (typeof id !== "string" || id === "") throw new TypeError(`${who}: displayId must be a non-empty string, got ${JSON.stringify(id)}`);
}

/**
 * Displays a value: figures, tables and checks as their rich bundles, anything else as text.
 * @example notebook.display(notebook.figure(plot.heatmap(T)), { displayId: "snapshot" })
 */
export function display(value: unknown, options: DisplayOptions = {}): void {
  if (options.displayId !== undefined) checkId("display", options.displayId);
  const d = toDisplayData(value);
  const host = kernelHost();
  if (host === undefined) {
    process.stdout.write(plainText(d) + "\n");
    return;
  }
  host.display(d.data, d.metadata, options.displayId !== undefined ? { display_id: options.displayId } : {});
}

/**
 * Replaces every output shown with `displayId` by `value` (update_display_data). Outside the
 * kernel the new text/plain is printed.
 */
export function updateDisplay(value: unknown, options: { displayId: string }): void {
  checkId("updateDisplay", options?.displayId);
  const d = toDisplayData(value);
  const host = kernelHost();
  if (host === undefined) {
    process.stdout.write(plainText(d) + "\n");
    return;
  }
  host.updateDisplay(d.data, d.metadata, { display_id: options.displayId });
}

/** Clears the cell's output (now, or just before the next output with `wait: true`). No-op outside the kernel. */
export function clearOutput(options: { wait?: boolean } = {}): void {
  kernelHost()?.clearOutput(options.wait ?? false);
}
