"""Twin of bench/fno-step.ts in PyTorch (Debian python3-torch): the same 2D FNO training step — batch 8,
64x64, input + 2 coordinate channels (h/H, w/W), width 32, 4 Fourier layers of 12x12 modes (rows
0..11 and H-12..H-1 of rfft2, columns 0..11), point-wise linear skips, GELU as x*sigmoid(1.702x)
after every layer but the last, projection 32 -> 128 -> 1, MSE, Adam 1e-3 — with torch.fft, timed with
1 and with 2 threads. Weights, input and target come from the same uint32 LCG as the TypeScript side,
laid out as nn.FNO's parameters (spectral weights [Ci, K, Co] per real/imag part, K = 2*12*12 modes
in rdft order: ky major, kx minor), so the losses must agree.
Usage: /usr/bin/python3 bench/fno-step.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import torch

from harness import emit, repeats_from_args, time_it

B, N, WIDTH, MODES, LAYERS, PROJECTION = 8, 64, 32, 12, 4, 128


def lcg(seed, count):
    s, out = seed % 4294967296, []
    for _ in range(count):
        s = (1664525 * s + 1013904223) % 4294967296
        out.append(s / 4294967296)
    return torch.tensor(out, dtype=torch.float64).to(torch.float32)


def gelu(x):
    return x * torch.sigmoid(1.702 * x)


class FNO2d(torch.nn.Module):
    """nn.FNO's parameters in nn.FNO's order (the LCG streams are numbered by that order)."""

    def __init__(self):
        super().__init__()
        shapes = [("lifting/weight", (3, WIDTH)), ("lifting/bias", (WIDTH,))]
        for l in range(LAYERS):
            shapes += [(f"blocks/{l}/spectral/weightReal", (WIDTH, 2 * MODES * MODES, WIDTH)),
                       (f"blocks/{l}/spectral/weightImag", (WIDTH, 2 * MODES * MODES, WIDTH)),
                       (f"blocks/{l}/skip/weight", (WIDTH, WIDTH)), (f"blocks/{l}/skip/bias", (WIDTH,))]
        shapes += [("projection/0/weight", (WIDTH, PROJECTION)), ("projection/0/bias", (PROJECTION,)),
                   ("projection/1/weight", (PROJECTION, 1)), ("projection/1/bias", (1,))]
        self.names = [n for n, _ in shapes]
        fan_in = {n: s[0] for n, s in shapes if n.endswith("weight")}
        self.p = torch.nn.ParameterList()
        for i, (name, shape) in enumerate(shapes):
            count = 1
            for d in shape:
                count *= d
            u = lcg(1000 + i, count).reshape(shape)
            if "spectral" in name:
                value = u / (WIDTH * WIDTH)
            else:
                fan = fan_in[name.replace("bias", "weight")]
                value = (2 * u - 1) / (fan ** 0.5)
            self.p.append(torch.nn.Parameter(value))
        ys = torch.arange(N, dtype=torch.float32) / N
        self.register_buffer("coords", torch.stack(torch.meshgrid(ys, ys, indexing="ij"), -1))  # [H, W, 2] = (h/H, w/W)
        self.rows = list(range(MODES)) + list(range(N - MODES, N))

    def param(self, name):
        return self.p[self.names.index(name)]

    def spectral(self, h, l):  # h [B, H, W, C] -> [B, H, W, C]
        wr, wi = self.param(f"blocks/{l}/spectral/weightReal"), self.param(f"blocks/{l}/spectral/weightImag")
        w = torch.complex(wr, wi).reshape(WIDTH, 2 * MODES, MODES, WIDTH)  # [Ci, ky, kx, Co]
        x_ft = torch.fft.rfft2(h.permute(0, 3, 1, 2))  # [B, C, H, W/2+1]
        out = torch.zeros(h.shape[0], WIDTH, N, N // 2 + 1, dtype=torch.cfloat)
        out[:, :, self.rows, :MODES] = torch.einsum("bixy,ixyo->boxy", x_ft[:, :, self.rows, :MODES], w)
        return torch.fft.irfft2(out, s=(N, N)).permute(0, 2, 3, 1)

    def forward(self, x):  # x [B, H, W, 1]
        lin = lambda h, name: h @ self.param(f"{name}/weight") + self.param(f"{name}/bias")
        h = lin(torch.cat([x, self.coords.expand(x.shape[0], N, N, 2)], -1), "lifting")
        for l in range(LAYERS):
            h = self.spectral(h, l) + lin(h, f"blocks/{l}/skip")
            if l < LAYERS - 1:
                h = gelu(h)
        return lin(gelu(lin(h, "projection/0")), "projection/1")


def main():
    repeats, warmup = repeats_from_args(10), 2
    x = lcg(1, B * N * N).reshape(B, N, N, 1)
    target = lcg(2, B * N * N).reshape(B, N, N, 1)
    results, checks = [], None
    for threads in (1, 2):
        torch.set_num_threads(threads)
        model = FNO2d()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        with torch.no_grad():
            first = torch.nn.functional.mse_loss(model(x), target).item()
        state = {}

        def step():
            opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.mse_loss(model(x), target)
            loss.backward()
            opt.step()
            state["loss"] = loss.item()

        ms, samples = time_it(step, warmup=warmup, repeats=repeats)
        with torch.no_grad():
            final = torch.nn.functional.mse_loss(model(x), target).item()
        results.append({"label": f"torch {torch.__version__} ({threads} thread{'s' if threads > 1 else ''})", "threads": threads, "ms": ms,
                        "samplesMs": samples, "unit": "ms/step", "firstLoss": first, "lastLoss": state["loss"]})
        if checks is None:
            checks = {"initialLoss": {"value": first, "rtol": 2e-5},
                      f"lossAfter{warmup + repeats}Steps": {"value": final, "rtol": 2e-4}}
    emit("fno-step", f"FNO2d training step: batch {B}, {N}x{N}, width {WIDTH}, {LAYERS} layers, {MODES}x{MODES} modes, Adam",
         results, {"torch": torch.__version__}, checks)


if __name__ == "__main__":
    main()
