"""Python side of the bench harness (see bench/README.md): timing helpers and the result line.

A Python twin calls emit(...) once; its last stdout line is
  {"bench": name, "side": "python", "title": ..., "results": [{label, ms, samplesMs, unit, ...}], "env": {...}}
"""
import json
import os
import platform
import statistics
import sys
import time


def time_it(fn, warmup=2, repeats=10, inner=1):
    """Times fn(): returns (median ms per call, list of samples in ms)."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner * 1e3)
    return statistics.median(samples), samples


def repeats_from_args(fallback):
    """Repeats from argv (--repeats N) or env BENCH_REPEATS, else fallback."""
    raw = None
    if "--repeats" in sys.argv:
        raw = sys.argv[sys.argv.index("--repeats") + 1]
    elif os.environ.get("BENCH_REPEATS"):
        raw = os.environ["BENCH_REPEATS"]
    n = fallback if raw is None else int(raw)
    if n < 1:
        raise ValueError(f"bench: repeats must be a positive integer, got {raw}")
    return n


def emit(bench, title, results, env=None, checks=None):
    """Prints the Python side's result line. checks: {name: {"value": x, "rtol": r, ...}}, compared
    with the TypeScript side's checks of the same name by the report (bench/harness.ts)."""
    line = {
        "bench": bench,
        "side": "python",
        "title": title,
        "results": results,
        "env": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(), **(env or {})},
    }
    if checks is not None:
        line["checks"] = checks
    print(json.dumps(line))
