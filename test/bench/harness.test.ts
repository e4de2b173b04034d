import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, expect, it, vi } from "vitest";
import { report, summariseRounds, type BenchSide } from "../../bench/harness";

const side = (s: "ts" | "python", rows: [string, number, number?][], checks?: BenchSide["checks"]): BenchSide => ({
  bench: "x", side: s, title: "a workload", env: {},
  results: rows.map(([label, ms, threads]) => ({ label, ms, samplesMs: [ms], unit: "ms/step", ...(threads !== undefined ? { threads } : {}) })),
  ...(checks ? { checks } : {}),
});

describe("bench harness: alternating rounds", () => {
  it("pairs each Python row with the TypeScript row of the same threads, per round, and summarises the ratios", () => {
    const rounds = [
      { ts: [side("ts", [["ours 1t", 100, 1]]), side("ts", [["ours 2t", 60, 2]])], python: side("python", [["torch 1t", 50, 1], ["torch 2t", 30, 2], ["numpy", 25]]) },
      { ts: [side("ts", [["ours 1t", 200, 1]]), side("ts", [["ours 2t", 120, 2]])], python: side("python", [["torch 1t", 80, 1], ["torch 2t", 60, 2], ["numpy", 50]]) },
      { ts: [side("ts", [["ours 1t", 110, 1]]), side("ts", [["ours 2t", 66, 2]])], python: side("python", [["torch 1t", 44, 1], ["torch 2t", 33, 2], ["numpy", 22]]) },
    ];
    const { rows, ratios } = summariseRounds(rounds);
    const torch1 = ratios.find((r) => r.python === "torch 1t")!;
    expect(torch1.ts).toBe("ours 1t");
    expect(torch1.perRound).toEqual([2, 2.5, 2.5]);
    expect([torch1.median, torch1.min, torch1.max]).toEqual([2.5, 2, 2.5]);
    expect(ratios.find((r) => r.python === "torch 2t")!.ts).toBe("ours 2t");
    expect(ratios.find((r) => r.python === "torch 2t")!.perRound).toEqual([2, 2, 2]);
    // no threads on the Python row: compared with the first TypeScript row
    const numpy = ratios.find((r) => r.python === "numpy")!;
    expect(numpy.ts).toBe("ours 1t");
    expect(numpy.perRound).toEqual([4, 4, 5]);
    const ours1 = rows.find((r) => r.label === "ours 1t")!;
    expect([ours1.ms, ours1.minMs, ours1.maxMs, ours1.threads]).toEqual([110, 100, 200, 1]);
    // the per-round ratio is not the ratio of the medians (drift cancels within a round)
    expect(ours1.ms / rows.find((r) => r.label === "torch 1t")!.ms).toBeCloseTo(2.2, 9);
  });

  it("report writes the JSON, and fails naming a cross-check that disagrees in any round", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    const write = (name: string, s: BenchSide) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `progress on stdout\n${JSON.stringify(s)}\n`);
      return f;
    };
    const ok = { energy: { value: 1, rtol: 1e-9 } };
    const rounds = [1, 2].map((r) => ({
      ts: [write(`t${r}.log`, side("ts", [["ours", 10 * r, 1]], ok))],
      python: write(`p${r}.log`, side("python", [["theirs", 5 * r, 1]], r === 2 ? { energy: { value: 1.1, rtol: 1e-9 } } : ok)),
    }));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const out = path.join(dir, "x.json");
    expect(() => report("x", [rounds[0]], out)).not.toThrow();
    const saved = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(saved.ratios[0]).toMatchObject({ ts: "ours", python: "theirs", perRound: [2], median: 2 });
    expect(() => report("x", rounds, out)).toThrow(/bench x: the two sides disagree on energy/);
    log.mockRestore();
  });
});
