// Test helpers: run a command's main in-process and capture what it writes.
import { vi } from "vitest";
import { main } from "../../src/runner/command";

export interface Captured {
  code: number;
  lines: string[];
}

/**
 * Calls main(argv) with process.stderr captured (still echoed when KAZAMI_TEST_ECHO is set);
 * `onLine` sees each complete line as it is written.
 */
export async function runCaptured(argv: string[], onLine?: (line: string) => void): Promise<Captured> {
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    if (onLine) for (const line of String(chunk).split("\n")) if (line !== "") onLine(line);
    if (process.env.KAZAMI_TEST_ECHO) write(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, lines: chunks.join("").split("\n").filter((l) => l !== "") };
  } finally {
    spy.mockRestore();
  }
}

/**
 * Calls a command's main(argv) with stdout, stderr and console.log captured (not echoed): its exit
 * code and the text each stream received.
 */
export async function captureOutput(command: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  const log = vi.spyOn(console, "log").mockImplementation((m: string) => void (stdout += `${m}\n`));
  try {
    return { code: await command(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
  }
}
