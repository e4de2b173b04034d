/**
 * `kazami table [MANIFEST]`: prints the Markdown table of a manifest's checks (default
 * out/manifest.json) on stdout — notebook, check, condition, control, `value / control` per seed,
 * pass/fail — for the README. Exit code 0, or 2 (one line on stderr) when the manifest is missing
 * or unreadable.
 */
import { parseArgs } from "node:util";
import { readManifest } from "./manifest";
import { manifestTable } from "./table";

export const TABLE_USAGE = [
  "usage: kazami table [MANIFEST]",
  "",
  "Prints a Markdown table of every check in MANIFEST (default out/manifest.json, as written by",
  "`kazami run`): notebook | check | condition | control | one column per seed with `value / control` | result.",
].join("\n");

/** Entry point of `kazami table`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const fail = (message: string): number => {
    process.stderr.write(`kazami table: ${message}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { help: { type: "boolean", short: "h" } } });
  } catch (err) {
    return fail((err as Error).message.split("\n")[0]);
  }
  if (parsed.values.help) {
    console.log(TABLE_USAGE);
    return 0;
  }
  if (parsed.positionals.length > 1) return fail(`expected one manifest, got ${parsed.positionals.length}: ${parsed.positionals.join(" ")}`);
  const file = parsed.positionals[0] ?? "out/manifest.json";
  let problem: string | undefined;
  let manifest;
  try {
    manifest = await readManifest(file, (p) => (problem = p));
  } catch (err) {
    return fail(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (problem !== undefined) return fail(problem);
  if (manifest === undefined) return fail(`${file}: no such manifest (run \`kazami run\` first)`);
  process.stdout.write(manifestTable(manifest));
  return 0;
}
