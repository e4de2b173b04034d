#!/usr/bin/env node
// `npm run build`: compiles src/ into a fresh folder beside dist/ and swaps it in with renames, so
// a kernel or notebook run that is using dist/ never sees it half-deleted or half-written, and no
// stale output of a moved module survives. Concurrent builds each use their own folder; the last
// to finish wins. Exits with tsc's status (outputs are still swapped in when tsc reports type
// errors, as tsc itself emits them).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const next = path.join(root, `.dist-next-${process.pid}`);
const old = path.join(root, `.dist-old-${process.pid}`);
const dist = path.join(root, "dist");
fs.rmSync(next, { recursive: true, force: true });
// The `tsc` npm scripts always ran: node_modules/.bin/tsc (today tslab's TypeScript, the one cells are checked with)
const tsc = fs.realpathSync(path.join(root, "node_modules", ".bin", "tsc"));
const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json"), "--outDir", next], { stdio: "inherit" });
if (!fs.existsSync(path.join(next, "index.js"))) {
  fs.rmSync(next, { recursive: true, force: true });
  process.exit(r.status || 1);
}
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(next, dist);
fs.rmSync(old, { recursive: true, force: true });
process.exit(r.status ?? 1);
