"""Twin of bench/figure-png.ts: the same 128x128 temperature field (300 K plus two modes, cell centres
on a 10 m grid) to a PNG figure with matplotlib (Debian python3-matplotlib, Agg): imshow with the
physical extent, axis labels in m, a colorbar "T [K]", a title, savefig to PNG in memory at the
TypeScript side's pixel size (read from its last result line when present, else 540x480).
Cross-check: the colour scale's range (matplotlib autoscales to the data's min and max).
Usage: /usr/bin/python3 bench/figure-png.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import glob
import io
import json
import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from harness import emit, repeats_from_args, time_it  # noqa: E402

N, DX, DPI = 128, 10.0, 150


def temperature():
    L = N * DX
    x = (np.arange(N) + 0.5) * DX
    Y, X = np.meshgrid(x, x, indexing="ij")  # row i = y
    return 300 + 2 * np.sin(2 * np.pi * X / L) * np.cos(4 * np.pi * Y / L) + 0.5 * np.cos(6 * np.pi * (X + Y) / L)


def ts_pixels():
    """The TypeScript side's PNG size from its newest log (bench/run.sh writes out/bench/figure-png.ts.*.log)."""
    logs = sorted(glob.glob(os.path.join("out", "bench", "figure-png.ts*.log")), key=os.path.getmtime)
    for path in reversed(logs):
        lines = [l for l in open(path).read().splitlines() if l.startswith("{")]
        if lines:
            r = json.loads(lines[-1])["results"][0]
            if "widthPx" in r:
                return r["widthPx"], r["heightPx"]
    return 540, 480


def figure(t, size):
    fig = plt.figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI)
    ax = fig.add_subplot()
    im = ax.imshow(t, origin="lower", extent=[0, N * DX, 0, N * DX], cmap="viridis", interpolation="nearest")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title("T at 2 m")
    fig.colorbar(im, ax=ax, label="T [K]")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue(), im.norm.vmin, im.norm.vmax


def main():
    t, size = temperature(), ts_pixels()
    png, vmin, vmax = figure(t, size)
    if len(png) < 1000:
        raise SystemExit(f"figure-png: no PNG written ({len(png)} bytes)")
    ms, samples = time_it(lambda: figure(t, size), warmup=1, repeats=repeats_from_args(5))
    emit("figure-png", f"{N}x{N} field to a PNG figure (axes in m, colour legend, title)",
         [{"label": f"matplotlib {matplotlib.__version__}, imshow + colorbar + savefig (Agg, 1 thread)", "threads": 1, "ms": ms,
           "samplesMs": samples, "unit": "ms/figure", "pngBytes": len(png), "widthPx": size[0], "heightPx": size[1]}],
         {"matplotlib": matplotlib.__version__, "numpy": np.__version__},
         {"colorMin": {"value": float(vmin), "rtol": 1e-12}, "colorMax": {"value": float(vmax), "rtol": 1e-12}})


if __name__ == "__main__":
    main()
