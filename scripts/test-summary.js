#!/usr/bin/env node
// Prints vitest's JSON report as the plain closing line "tests: N passed, N failed, N skipped".
const fs = require("fs");
const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.error(`test-summary: no vitest JSON report at ${file}`);
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
