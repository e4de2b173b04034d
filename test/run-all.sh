#!/usr/bin/env bash
# The README's test command (`npm test`): system set-up, build, then every test CI runs —
# unit and property tests, the kernel's conformance suite, real Jupyter clients, the browser test
# and every notebook at quick scale through the runner. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh test
[ -d node_modules ] || npm ci
npm run --silent build
mkdir -p out
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=out/test-results.json "$@" || status=$?
node scripts/test-summary.js out/test-results.json
exit "$status"
