"""Twin of bench/l96-ensemble.ts: a Lorenz-96 ensemble (K = 40, F = 8) of 1000 members x 1000 RK4
steps of dt = 0.01, float64, numpy vectorised over the members: the tendency
(X[k+1] - X[k-2]) * X[k-1] - X[k] + F with np.roll along the ring, RK4's stages accumulated as
src/sim/integrators' Rk4 does (acc = k1 + 2 k2 + 2 k3, y += dt/6 (acc + k4)). numpy's elementwise
work is single-threaded. The start, X = F + u - 1/2 with u from the same uint32 LCG, and the order of
operations are the TypeScript side's, so the final mean and variance are cross-checked to 1e-12.
Usage: /usr/bin/python3 bench/l96-ensemble.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import numpy as np

from harness import emit, repeats_from_args, time_it

K, F, MEMBERS, STEPS, DT = 40, 8.0, 1000, 1000, 0.01


def lcg(seed, count):
    s, out = seed % 4294967296, np.empty(count)
    for i in range(count):
        s = (1664525 * s + 1013904223) % 4294967296
        out[i] = s / 4294967296
    return out


def rhs(x):
    return (np.roll(x, -1, axis=1) - np.roll(x, 2, axis=1)) * np.roll(x, 1, axis=1) - x + F


def run(x0):
    y, h2, c = x0.copy(), 0.5 * DT, DT / 6
    for _ in range(STEPS):
        k = rhs(y)
        acc = k.copy()
        k = rhs(y + h2 * k)
        acc += 2 * k
        k = rhs(y + h2 * k)
        acc += 2 * k
        k = rhs(y + DT * k)
        y += c * (acc + k)
    return y


def main():
    x0 = (F + lcg(96, MEMBERS * K) - 0.5).reshape(MEMBERS, K)
    final = run(x0)
    mean = float(np.sum(final) / final.size)
    variance = float(np.sum((final - mean) ** 2) / final.size)
    ms, samples = time_it(lambda: run(x0), warmup=1, repeats=repeats_from_args(5))
    emit("l96-ensemble", f"Lorenz-96 ensemble: K = {K}, F = {F:g}, {MEMBERS} members x {STEPS} RK4 steps (dt {DT}), float64",
         [{"label": f"numpy {np.__version__}, vectorised over members (1 thread)", "threads": 1, "ms": ms, "samplesMs": samples,
           "unit": "ms/run", "mean": mean, "variance": variance}],
         {"numpy": np.__version__},
         {"finalMean": {"value": mean, "rtol": 1e-12, "after": f"{STEPS} steps"},
          "finalVariance": {"value": variance, "rtol": 1e-12, "after": f"{STEPS} steps"}})


if __name__ == "__main__":
    main()
