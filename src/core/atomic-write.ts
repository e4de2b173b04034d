/**
 * Atomic file writes: the data goes to a temporary file in the same directory, is flushed to disk,
 * then renamed over the target. A reader (or an interrupted run) sees either the old file or the
 * complete new one, never a half-written file that looks finished. Used by the runner (notebooks,
 * figures, manifest) and the kernel (connection files, mode 0600).
 */
import * as fs from "node:fs";
import * as path from "node:path";

let counter = 0;

/** Temporary sibling name of `target`, unique per process and call. */
function tempName(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/**
 * Writes `data` (a UTF-8 string or raw bytes) to `target` atomically, creating parent directories.
 * `mode` is the file permission (default 0o644); it is set explicitly on the temporary file, so a
 * secret written with 0o600 is never readable by others, whatever the umask.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempName(target);
  const handle = await fs.promises.open(tmp, "wx", mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
