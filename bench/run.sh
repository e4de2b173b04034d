#!/usr/bin/env bash
# Runs benchmark entries side by side with their Python twins, prints a table per entry (both
# timings and the ratio) and writes out/bench/<name>.json. See bench/README.md.
#
#   bash bench/run.sh                      # every entry (bench/*.ts except harness.ts)
#   bash bench/run.sh conv-step            # one or more entries by name
#   bash bench/run.sh conv-step -- --repeats 5   # arguments after -- go to both sides
#   bash bench/run.sh --rounds 5 --ts-threads "1 2" conv-step
#
# Each round runs the TypeScript side (once per wasm thread count, for entries on the tfjs backend)
# and then the Python twin, so the sides alternate (A B A B …) and drift of the shared machine
# falls on both; the report gives each ratio's median over rounds with its min–max.
set -euo pipefail
cd "$(dirname "$0")/.."

names=()
extra=()
rounds="${BENCH_ROUNDS:-3}"
ts_threads="${BENCH_TS_THREADS:-1 2}"
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; extra=("$@"); break ;;
    --rounds) rounds="$2"; shift 2 ;;
    --ts-threads) ts_threads="$2"; shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --rounds must be a positive integer, got '$rounds'" >&2; exit 2; }
[[ "$ts_threads" =~ ^[1-8]( [1-8])*$ ]] || { echo "bench: --ts-threads must be thread counts from 1 to 8 separated by spaces, got '$ts_threads'" >&2; exit 2; }
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
  # Entries on the tfjs backend run their TypeScript side once per wasm thread count.
  threads=(1)
  grep -q "initBackend" "bench/$n.ts" && read -r -a threads <<<"$ts_threads"
  args=()
  for r in $(seq 1 "$rounds"); do
    echo "bench: $n, round $r of $rounds" >&2
    args+=(--round)
    for t in "${threads[@]}"; do
      ts_log="out/bench/$n.ts.r$r.t$t.log"
      if ! KAZAMI_WASM_THREADS="$t" node "dist-bench/bench/$n.js" "${extra[@]}" >"$ts_log"; then
        echo "bench: $n (TypeScript side, $t thread(s), round $r) failed; output in $ts_log" >&2; failed+=("$n"); continue 3
      fi
      args+=("$ts_log")
    done
    if [ -f "bench/$n.py" ]; then
      py_log="out/bench/$n.py.r$r.log"
      if ! "$PY" "bench/$n.py" "${extra[@]}" >"$py_log"; then
        echo "bench: $n (Python side, round $r) failed; output in $py_log" >&2; failed+=("$n"); continue 2
      fi
      args+=(--python "$py_log")
    fi
  done
  node dist-bench/bench/harness.js report "$n" "out/bench/$n.json" "${args[@]}" || failed+=("$n")
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
