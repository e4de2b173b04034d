#!/usr/bin/env bash
# The README's figures command (`npm run figures`): set-up, build, then every notebook at quick scale
# through the runner (two at a time). Outputs: out/notebooks, out/figures, out/manifest.json and the
# gallery out/index.html. Extra arguments go to `kazami run` (e.g. -p seed=1, --scale paper).
# Ends by verifying out/ against the committed reference (notebooks/reference/<backend>/, quick
# scale, seed 0): the drift table, out/verify.html; the exit code is the run's if it failed, else
# the verification's (1 drift, 2 a notebook or check missing). With extra arguments the run is not
# the reference's (other seed, scale or parameters), so it is not verified, and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh figures
[ -d node_modules ] || npm ci
npm run --silent build
status=0
node dist/cli.js run notebooks/*.ipynb --scale quick --jobs 2 "$@" || status=$?
if [ "$status" -ge 128 ]; then exit "$status"; fi # interrupted: no verification
if [ "$#" -gt 0 ]; then
  echo "figures: not verified against notebooks/reference (it is for quick scale, seed 0, default parameters; extra arguments given: $*)" >&2
  exit "$status"
fi
echo "figures: verifying out/ against notebooks/reference (kazami verify out) …" >&2
verify=0
node dist/cli.js verify out --against notebooks/reference || verify=$?
case "$verify" in
  0) echo "figures: verified — every notebook reproduces the reference within its tolerances (out/verify.html)" >&2 ;;
  1) echo "figures: verified — DRIFT from the reference (drift table above, out/verify.html)" >&2 ;;
  *) echo "figures: verified — a notebook, check or figure of the reference is MISSING from out/ (out/verify.html)" >&2 ;;
esac
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$verify"
