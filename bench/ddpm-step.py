"""Twin of bench/ddpm-step.ts in PyTorch (Debian python3-torch): the same DDPM training step of the
same 1D U-Net — a ring of 32 sites, base channels 8, depth 2 (levels of 8, 16, 32 channels, two 1x3
convolutions each), circular padding by wrapping each level's input once by the halo its valid
convolutions consume, space to depth by neighbouring pairs and back by sub-pixel convolutions,
skips added, ReLU, the sinusoidal time embedding (32 wide, max period 10000) entering each level
through its own linear map after the level's first convolution, a 1x1 head — with the linear beta
schedule (1e-4 to 0.02, T = 1000), x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps, MSE to eps, Adam 3e-3.
Timed with 1 and 2 threads. Tensors are kept as [B, W, C] (NHWC without the unit height), the layout
the TypeScript side's reshapes act on.
Weights, x_0 and every step's (t, eps) draws are the TypeScript side's (out/bench/ddpm-step.shared.*),
so the losses on the evaluation draws before and after the timed steps are cross-checked.
Usage: /usr/bin/python3 bench/ddpm-step.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import numpy as np
import torch

from harness import emit, repeats_from_args, time_it
from shared_arrays import read_shared

B, K, T, DEPTH, TIME, LR = 64, 32, 1000, 2, 32, 3e-3


def alphas_cumprod():
    t = np.arange(T, dtype=np.float64)
    betas = 1e-4 + ((0.02 - 1e-4) * t) / (T - 1)
    return np.cumprod(1 - betas)


def time_embedding(t):  # t [B] float32 -> [B, 32]
    h = TIME // 2
    omega = torch.tensor([10000.0 ** (-i / h) for i in range(h)], dtype=torch.float64).to(torch.float32)
    phase = t.view(-1, 1) * omega.view(1, h)
    return torch.cat([torch.sin(phase), torch.cos(phase)], 1)


class UNet1d(torch.nn.Module):
    def __init__(self, shared):
        super().__init__()
        self.names = [k[len("param:"):] for k in shared if k.startswith("param:")]
        self.p = torch.nn.ParameterList([torch.nn.Parameter(torch.from_numpy(shared["param:" + n]).clone()) for n in self.names])

    def w(self, name):
        return self.p[self.names.index(name)]

    def conv(self, h, name, relu=True):  # h [B, W, Ci], weight [1, k, Ci, Co], valid -> [B, W - k + 1, Co]
        y = torch.nn.functional.conv1d(h.transpose(1, 2), self.w(name + "/weight")[0].permute(2, 1, 0), self.w(name + "/bias")).transpose(1, 2)
        return torch.relu(y) if relu else y

    def shift(self, h, name, temb):
        return h + (temb @ self.w(name + "/weight") + self.w(name + "/bias")).unsqueeze(1)

    @staticmethod
    def halo(h, n):  # periodic wrap by n cells on each side of the width
        return torch.cat([h[:, -n:], h, h[:, :n]], 1)

    def forward(self, x, t):  # x [B, W, 1], t [B] float32
        temb, skips, h = time_embedding(t), [], x
        for l in range(DEPTH + 1):
            if l > 0:
                h = h.reshape(h.shape[0], h.shape[1] // 2, 2 * h.shape[2])
            z = self.conv(self.halo(h, 2), f"down/{l}/0")
            h = self.conv(self.shift(z, f"condition/time/down/{l}", temb), f"down/{l}/1")
            skips.append(h)
        for l in range(DEPTH - 1, -1, -1):
            h = self.conv(self.halo(h, 1), f"up/{l}/upsample")
            h = h.reshape(h.shape[0], h.shape[1] * 2, h.shape[2] // 2)
            z = self.conv(self.halo(h + skips[l], 2), f"up/{l}/0")
            h = self.conv(self.shift(z, f"condition/time/up/{l}", temb), f"up/{l}/1")
        return self.conv(h, "head", relu=False)


def main():
    shared = read_shared("ddpm-step")
    repeats, warmup = repeats_from_args(10), 2
    steps = warmup + repeats
    ts, eps = shared["t"], torch.from_numpy(shared["eps"]).reshape(-1, B, K, 1)
    if ts.shape[0] != steps + 1:
        raise SystemExit(f"ddpm-step: the shared draws cover {ts.shape[0] - 1} steps, this run takes {steps}: run both sides with the same --repeats")
    x0, ab = torch.from_numpy(shared["x0"]).reshape(B, K, 1), alphas_cumprod()

    def loss_of(model, s):
        a = torch.from_numpy(np.sqrt(ab[ts[s]])).to(torch.float32).view(B, 1, 1)
        b = torch.from_numpy(np.sqrt(1 - ab[ts[s]])).to(torch.float32).view(B, 1, 1)
        xt = a * x0 + b * eps[s]
        return ((model(xt, torch.from_numpy(ts[s]).to(torch.float32)) - eps[s]) ** 2).mean()

    results, checks = [], None
    for threads in (1, 2):
        torch.set_num_threads(threads)
        model = UNet1d(shared)
        opt = torch.optim.Adam(model.parameters(), lr=LR)
        with torch.no_grad():
            first = loss_of(model, steps).item()
        state = {"step": 0}

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model, state["step"])
            loss.backward()
            opt.step()
            state["step"] += 1
            state["loss"] = loss.item()

        ms, samples = time_it(step, warmup=warmup, repeats=repeats)
        with torch.no_grad():
            final = loss_of(model, steps).item()
        results.append({"label": f"torch {torch.__version__} ({threads} thread{'s' if threads > 1 else ''})", "threads": threads, "ms": ms,
                        "samplesMs": samples, "unit": "ms/step", "firstLoss": first, "lastLoss": state["loss"]})
        if checks is None:
            checks = {"initialLoss": {"value": first, "rtol": 2e-5}, f"lossAfter{steps}Steps": {"value": final, "rtol": 2e-4}}
    emit("ddpm-step", f"DDPM training step: U-Net 1D ({K} sites, base 8, depth 2, circular, time embedding 32), batch {B}, Adam",
         results, {"torch": torch.__version__}, checks)


if __name__ == "__main__":
    main()
