"""Twin of bench/galerkin-step.ts in PyTorch (Debian python3-torch): the same Galerkin-transformer
training step — tokens [8, 256, 2] at coarse cell centres, 1024 queries with 106 features, width 32,
1 head, 2 encoder blocks (Galerkin self-attention Q (LN(K)^T LN(V)) / M + feed-forward, residuals),
1 decoder block (cross-attention to the tokens), hidden width 64, 8 Fourier modes per axis of a
1280 m period, GELU as x*sigmoid(1.702x), head 32 -> 64 -> 1, air-weighted MSE, Adam 2e-3 — laid out
as nn.GalerkinTransformer's parameters (Linear weights [in, out]), timed with 1 and 2 threads.
Weights and data are the TypeScript side's (out/bench/galerkin-step.shared.*), so the losses before
and after the timed steps are cross-checked.
Usage: /usr/bin/python3 bench/galerkin-step.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import math

import torch

from harness import emit, repeats_from_args, time_it
from shared_arrays import read_shared

MODES, PERIOD, HEADS, EPS, LR = 8, 1280.0, 1, 1e-5, 2e-3


def gelu(x):
    return x * torch.sigmoid(1.702 * x)


class Galerkin(torch.nn.Module):
    def __init__(self, shared):
        super().__init__()
        names = [k[len("param:"):] for k in shared if k.startswith("param:")]
        self.names = names
        self.p = torch.nn.ParameterList([torch.nn.Parameter(torch.from_numpy(shared["param:" + n]).clone()) for n in names])
        freq = torch.zeros(2, 2 * MODES, dtype=torch.float64)  # phases = coords @ freq: column a*modes + m - 1 holds 2 pi m / L_a on row a
        for a in range(2):
            for m in range(1, MODES + 1):
                freq[a, a * MODES + m - 1] = 2 * math.pi * m / PERIOD
        self.register_buffer("freq", freq.to(torch.float32))

    def w(self, name):
        return self.p[self.names.index(name)]

    def lin(self, x, name, bias=True):
        y = x @ self.w(name + "/weight")
        return y + self.w(name + "/bias") if bias else y

    def ffn(self, x, name):
        return self.lin(gelu(self.lin(x, name + "/0")), name + "/1")

    def norm(self, t, name):  # per-head layer norm of t [B, T, h, d] over d
        mean = t.mean(-1, keepdim=True)
        var = ((t - mean) ** 2).mean(-1, keepdim=True)
        return (t - mean) * torch.rsqrt(var + EPS) * self.w(name + "/weight") + self.w(name + "/bias")

    def attention(self, x, c, name):
        B, N, C = x.shape
        M, d = c.shape[1], C // HEADS
        q = self.lin(x, name + "/query").view(B, N, HEADS, d)
        k = self.norm(self.lin(c, name + "/key").view(B, M, HEADS, d), name + "/normA")
        v = self.norm(self.lin(c, name + "/value").view(B, M, HEADS, d), name + "/normB")
        heads = lambda t: t.permute(0, 2, 1, 3)  # [B, h, T, d]
        kv = heads(k).transpose(-1, -2) @ heads(v) / M  # [B, h, d, d]
        mixed = heads(q) @ kv  # [B, h, N, d]
        return self.lin(mixed.permute(0, 2, 1, 3).reshape(B, N, C), name + "/output")

    def forward(self, values, coords, queries, features):
        phase = coords @ self.freq
        h = self.lin(values, "tokenEmbedding/values") + self.lin(torch.sin(phase), "tokenEmbedding/sin", False) + self.lin(torch.cos(phase), "tokenEmbedding/cos", False)
        h = self.lin(gelu(h), "tokenEmbedding/out")
        for l in range(2):
            h = h + self.attention(h, h, f"encoder/{l}/attention")
            h = h + self.ffn(h, f"encoder/{l}/ffn")
        phase = queries @ self.freq
        z = self.lin(torch.sin(phase), "queryEmbedding/sin") + self.lin(torch.cos(phase), "queryEmbedding/cos", False)
        z = self.lin(gelu(z + self.lin(features, "queryEmbedding/features", False)), "queryEmbedding/out")
        z = z + self.attention(z, h, "decoder/0/attention")
        z = z + self.ffn(z, "decoder/0/ffn")
        return self.ffn(z, "head")


def main():
    shared = read_shared("galerkin-step")
    data = {k: torch.from_numpy(shared[k]) for k in ("values", "coords", "queries", "features", "target", "air")}
    repeats, warmup = repeats_from_args(10), 2

    def loss_of(model):
        sq = (model(data["values"], data["coords"], data["queries"], data["features"]) - data["target"]) ** 2
        return (sq * data["air"]).sum() / torch.clamp(data["air"].sum(), min=1e-12)

    results, checks = [], None
    for threads in (1, 2):
        torch.set_num_threads(threads)
        model = Galerkin(shared)
        opt = torch.optim.Adam(model.parameters(), lr=LR)
        with torch.no_grad():
            first = loss_of(model).item()
        state = {}

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_of(model)
            loss.backward()
            opt.step()
            state["loss"] = loss.item()

        ms, samples = time_it(step, warmup=warmup, repeats=repeats)
        with torch.no_grad():
            final = loss_of(model).item()
        results.append({"label": f"torch {torch.__version__} ({threads} thread{'s' if threads > 1 else ''})", "threads": threads, "ms": ms,
                        "samplesMs": samples, "unit": "ms/step", "firstLoss": first, "lastLoss": state["loss"]})
        if checks is None:
            checks = {"initialLoss": {"value": first, "rtol": 2e-5}, f"lossAfter{warmup + repeats}Steps": {"value": final, "rtol": 2e-4}}
    emit("galerkin-step", "Galerkin transformer training step: batch 8, 16² tokens → 1024 queries (106 features), width 32, 2+1 blocks, Adam",
         results, {"torch": torch.__version__}, checks)


if __name__ == "__main__":
    main()
