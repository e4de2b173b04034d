/**
 * Reading a JSON file the runner wrote earlier (a manifest, a task record), which may be absent or
 * not what it should be: absent is not a problem; unreadable JSON or the wrong shape is reported
 * and treated as absent, so the caller starts afresh instead of failing.
 */
import * as fs from "node:fs";

/**
 * Reads `file` as JSON. Returns undefined when it does not exist; when it is not valid JSON, or
 * `accept` refuses it, `onProblem` is told "<file> is not valid JSON (…)" or "<file> <invalid>" and
 * undefined is returned. Other I/O errors are thrown.
 */
export async function readJsonIfPresent<T>(file: string, accept: (value: unknown) => value is T, invalid: string, onProblem: (message: string) => void): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    onProblem(`${file} is not valid JSON (${(err as Error).message})`);
    return undefined;
  }
  if (accept(value)) return value;
  onProblem(`${file} ${invalid}`);
  return undefined;
}
