// End to end: notebooks/00-tour at quick scale, seed 0, through `kazami run`, then `kazami verify`
// against the committed reference (notebooks/reference/<backend>/00-tour.json) → exit 0; the same
// run against a copy of the reference with the check's value moved past its tolerance → 1, and
// with a check the run does not make → 2.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureOutput, runCaptured } from "./capture";
import { main as verify } from "../../src/runner/verify-command";
import type { ReferenceFile } from "../../src/runner/reference";

const root = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kazami-verify-tour-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const verifyCaptured = (argv: string[]) => captureOutput(verify, argv);

describe("kazami verify on a real run of notebooks/00-tour", () => {
  it("reproduces the committed reference; a moved value drifts (1); an extra reference check is missing (2)", async () => {
    expect(fs.existsSync(path.join(root, "dist", "cli.js")), "run `npm run build` first: the kernel runs dist/").toBe(true);
    const out = path.join(tmp, "run");
    const { code, lines } = await runCaptured([path.join(root, "notebooks", "00-tour.ipynb"), "--scale", "quick", "-p", "seed=0", "--out", out]);
    expect(code, lines.join("\n")).toBe(0);
    const against = path.join(root, "notebooks", "reference");
    const ok = await verifyCaptured([out, "--against", against, "--notebook", "00-tour"]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/00-tour: reproduced/);
    expect(fs.readFileSync(path.join(out, "verify.html"), "utf8")).toContain("00-tour");

    const backend = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).notebooks["00-tour"].provenance[0].backend.name as string;
    const ref = JSON.parse(fs.readFileSync(path.join(against, backend, "00-tour.json"), "utf8")) as ReferenceFile;
    const moved = structuredClone(ref);
    const c = moved.checks[0];
    moved.checks[0] = { ...c, reference: (c.reference as number) + 2 * c.tolerance };
    fs.mkdirSync(path.join(tmp, "moved", backend), { recursive: true });
    fs.writeFileSync(path.join(tmp, "moved", backend, "00-tour.json"), JSON.stringify(moved));
    const drift = await verifyCaptured([out, "--against", path.join(tmp, "moved")]);
    expect(drift.code, drift.stdout).toBe(1);
    expect(drift.stdout).toContain(`${c.name}`);
    expect(drift.stdout).toMatch(/DRIFT/);

    const extra = structuredClone(ref);
    extra.checks.push({ ...c, name: "a claim this notebook does not check", position: extra.checks.length });
    fs.mkdirSync(path.join(tmp, "extra", backend), { recursive: true });
    fs.writeFileSync(path.join(tmp, "extra", backend, "00-tour.json"), JSON.stringify(extra));
    const missing = await verifyCaptured([out, "--against", path.join(tmp, "extra")]);
    expect(missing.code, missing.stdout).toBe(2);
    expect(missing.stdout).toMatch(/the run has no check named "a claim this notebook does not check"/);
  }, 300_000);
});
