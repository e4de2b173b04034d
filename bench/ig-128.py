"""Twin of bench/ig-128.ts in PyTorch (Debian python3-torch): integrated gradients with 128 steps of
the trapezoid rule on the same SRCNN (9x9 -> 64, 1x1 -> 32, 5x5 -> 1, ReLU, zero padding) for the same
2 fields 32x32x1, target the mean of the output over the 8x8 window at (12, 12), baseline 0, the
steps of both fields stacked into batches of 64 rows (32 steps x 2 fields), one forward/backward pass
per batch: captum's IntegratedGradients(method="riemann_trapezoid", internal_batch_size=64), written
out here because captum is not packaged by Debian. Timed with 1 and 2 threads.
Weights and inputs are the TypeScript side's (out/bench/ig-128.shared.*), so the attribution sums,
F(x) - F(0) and the completeness delta are cross-checked.
Usage: /usr/bin/python3 bench/ig-128.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import torch

from harness import emit, repeats_from_args, time_it
from shared_arrays import read_shared

N, H, STEPS, BATCH_ROWS, ROW, COL, SIZE = 2, 32, 128, 64, 12, 12, 8


def build(shared):
    convs = []
    for l in range(3):
        w = torch.from_numpy(shared[f"param:convs/{l}/weight"]).permute(3, 2, 0, 1).contiguous()  # [kh, kw, ci, co] -> [co, ci, kh, kw]
        b = torch.from_numpy(shared[f"param:convs/{l}/bias"])
        convs.append((w, b))

    def f(x):  # x [R, 1, H, W] -> [R, 1, H, W]
        for l, (w, b) in enumerate(convs):
            x = torch.nn.functional.conv2d(x, w, b, padding=w.shape[-1] // 2)
            if l < 2:
                x = torch.relu(x)
        return x
    return f


def target(y):  # [R, 1, H, W] -> [R]
    return y[:, 0, ROW:ROW + SIZE, COL:COL + SIZE].mean(dim=(1, 2))


def integrated_gradients(f, x, baseline):
    alphas = [k / (STEPS - 1) for k in range(STEPS)]
    weights = [(0.5 if k in (0, STEPS - 1) else 1.0) / (STEPS - 1) for k in range(STEPS)]
    diff, per_pass = x - baseline, max(1, BATCH_ROWS // x.shape[0])
    total = torch.zeros_like(x)
    for k0 in range(0, STEPS, per_pass):
        m = min(per_pass, STEPS - k0)
        a = torch.tensor(alphas[k0:k0 + m], dtype=torch.float32).view(m, 1, 1, 1, 1)
        w = torch.tensor(weights[k0:k0 + m], dtype=torch.float32).view(m, 1, 1, 1, 1)
        points = (baseline + a * diff).reshape(m * x.shape[0], *x.shape[1:]).requires_grad_(True)  # step-major rows
        (g,) = torch.autograd.grad(target(f(points)).sum(), points)
        total = total + (g.view(m, *x.shape) * (w * diff)).sum(0)
    with torch.no_grad():
        gap = target(f(x)) - target(f(baseline))
    sums = total.sum(dim=(1, 2, 3))
    return total, sums, sums - gap, gap


def main():
    shared = read_shared("ig-128")
    x = torch.from_numpy(shared["x"]).permute(0, 3, 1, 2).contiguous()  # NHWC -> NCHW
    f, baseline = build(shared), torch.zeros_like(x)
    results, checks = [], None
    for threads in (1, 2):
        torch.set_num_threads(threads)
        _, sums, delta, gap = integrated_gradients(f, x, baseline)
        ms, samples = time_it(lambda: integrated_gradients(f, x, baseline), warmup=1, repeats=repeats_from_args(5))
        results.append({"label": f"torch {torch.__version__}, batched path integral ({threads} thread{'s' if threads > 1 else ''})",
                        "threads": threads, "ms": ms, "samplesMs": samples, "unit": "ms/attribution",
                        "attributionSums": sums.tolist(), "delta": delta.tolist(), "gap": gap.tolist()})
        if checks is None:
            checks = {}
            for i in range(N):
                checks[f"attributionSum{i}"] = {"value": float(sums[i]), "rtol": 1e-4}
                checks[f"fxMinusF0_{i}"] = {"value": float(gap[i]), "rtol": 1e-4}
                checks[f"delta{i}"] = {"value": float(delta[i]), "rtol": 5e-2, "relativeToGap": float(delta[i] / gap[i])}
    emit("ig-128", f"Integrated gradients, {STEPS} steps (trapezoid): SRCNN 9-1-5 (64, 32 ch), {N} fields {H}x{H}, 8x8 window target, "
         f"{BATCH_ROWS} rows per pass", results, {"torch": torch.__version__, "captum": "not installed (not packaged by Debian); algorithm written out"}, checks)


if __name__ == "__main__":
    main()
