#!/usr/bin/env bash
# Runs benchmark entries side by side with their Python twins, prints a table per entry (both
# timings and the ratio) and writes out/bench/<name>.json. See bench/README.md.
#
#   bash bench/run.sh                      # every entry (bench/*.ts except harness.ts)
#   bash bench/run.sh conv-step            # one or more entries by name
#   bash bench/run.sh conv-step -- --repeats 5   # arguments after -- go to both sides
set -euo pipefail
cd "$(dirname "$0")/.."

names=()
extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
  names+=("$1"); shift
done
if [ "${#names[@]}" -eq 0 ]; then
  for f in bench/*.ts; do
    n="$(basename "$f" .ts)"
    [ "$n" = "harness" ] || names+=("$n")
  done
fi
for n in "${names[@]}"; do
  [ -f "bench/$n.ts" ] || { echo "bench: no entry bench/$n.ts (entries: $(ls bench/*.ts | xargs -n1 basename | sed 's/\.ts$//' | grep -v '^harness$' | tr '\n' ' '))" >&2; exit 2; }
done

# Python reference stack (Debian's PyTorch, numpy, SciPy under /usr/bin/python3), installed if missing.
PY=/usr/bin/python3
bash scripts/setup-system.sh bench

# TypeScript side: compile bench/*.ts (and the src files they import) into dist-bench/.
npx --no-install tsc -p bench/tsconfig.json

mkdir -p out/bench
failed=()
for n in "${names[@]}"; do
  echo "bench: running $n" >&2
  ts_log="out/bench/$n.ts.log"; py_log="-"
  if ! node "dist-bench/bench/$n.js" "${extra[@]}" >"$ts_log"; then
    echo "bench: $n (TypeScript side) failed; output in $ts_log" >&2; failed+=("$n"); continue
  fi
  if [ -f "bench/$n.py" ]; then
    py_log="out/bench/$n.py.log"
    if ! "$PY" "bench/$n.py" "${extra[@]}" >"$py_log"; then
      echo "bench: $n (Python side) failed; output in $py_log" >&2; failed+=("$n"); continue
    fi
  fi
  node dist-bench/bench/harness.js report "$n" "$ts_log" "$py_log" "out/bench/$n.json" || failed+=("$n")
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
