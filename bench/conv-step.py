"""Twin of bench/conv-step.ts in PyTorch (Debian python3-torch): the same SR-style CNN training step
(batch 8, 64x64x2, conv 3x3 2->32 ReLU -> 32->32 ReLU -> 32->32 ReLU -> 32->2, biases, MSE, Adam 1e-3),
NCHW as PyTorch prefers, timed with 1 and with 2 threads.
Usage: /usr/bin/python3 bench/conv-step.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import torch
import torch.nn.functional as F

from harness import emit, repeats_from_args, time_it

B, H, W, C = 8, 64, 64, 32
CHANNELS = [2, C, C, C, 2]


def make_step():
    torch.manual_seed(2025)
    convs = torch.nn.ModuleList([torch.nn.Conv2d(a, b, 3, padding=1) for a, b in zip(CHANNELS[:-1], CHANNELS[1:])])
    x, target = torch.randn(B, 2, H, W), torch.randn(B, 2, H, W)
    opt = torch.optim.Adam(convs.parameters(), lr=1e-3)
    state = {}

    def step():
        opt.zero_grad(set_to_none=True)
        h = x
        for i, conv in enumerate(convs):
            h = conv(h)
            if i < 3:
                h = F.relu(h)
        loss = F.mse_loss(h, target)
        loss.backward()
        opt.step()
        state["loss"] = loss.item()

    return step, state


def main():
    repeats = repeats_from_args(10)
    forward = 2 * B * H * W * 9 * sum(a * b for a, b in zip(CHANNELS[:-1], CHANNELS[1:]))
    gflop = 3 * forward / 1e9
    results = []
    for threads in (1, 2):
        torch.set_num_threads(threads)
        step, state = make_step()
        step()
        first = state["loss"]
        ms, samples = time_it(step, warmup=2, repeats=repeats)
        results.append({"label": f"torch {torch.__version__} ({threads} thread{'s' if threads > 1 else ''})", "threads": threads, "ms": ms,
                        "samplesMs": samples, "unit": "ms/step", "gflopPerStep": gflop, "gflops": gflop / (ms / 1e3),
                        "firstLoss": first, "lastLoss": state["loss"]})
    emit("conv-step", f"SR CNN training step: batch {B}, {H}x{W}x2, 4 conv 3x3 ({C} ch), Adam", results,
         {"torch": torch.__version__})


if __name__ == "__main__":
    main()
