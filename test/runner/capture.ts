// Test helper: runs `kazami run` in-process and captures its stderr lines.
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
