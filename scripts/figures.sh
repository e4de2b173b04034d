#!/usr/bin/env bash
# The README's figures command (`npm run figures`): set-up, build, then every notebook at quick scale
# through the runner (two at a time). Outputs: out/notebooks, out/figures, out/manifest.json and the
# gallery out/index.html. Extra arguments go to `kazami run` (e.g. -p seed=1, --scale paper).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh figures
[ -d node_modules ] || npm ci
npm run --silent build
exec node dist/cli.js run notebooks/*.ipynb --scale quick --jobs 2 "$@"
