"""Twin of bench/ns-step.ts: one classical RK4 step of 2D Navier-Stokes in vorticity form (128^2,
float64), the same algorithm as src/sim/navier-stokes: grid [ny, nx] (rows = y), real 2D FFTs,
zeta = lap(psi), u = -psi_y, v = psi_x, 2/3-rule mask on the nonlinear term, Nyquist derivatives
zeroed, nu = 1e-3, dt = 1e-3, forcing 0.1 (sin(x+y) + cos(x+y)).
Timed with numpy.fft (pocketfft, 1 thread) and with scipy.fft on 1 and 2 workers (the elementwise
numpy work is single-threaded in every case).
Cross-check: the mean enstrophy after CHECK_STEPS steps, compared with the TypeScript side's.
Usage: /usr/bin/python3 bench/ns-step.py [--repeats N]  -> one JSON line (bench/harness.py)."""
import numpy as np
import scipy
import scipy.fft

from harness import emit, repeats_from_args, time_it

N, NU, DT, L = 128, 1e-3, 1e-3, 2 * np.pi
CHECK_STEPS = 50  # steps from the initial field before the enstrophy cross-check
INNER = 10  # RK4 steps per timed sample

x = L * np.arange(N) / N
Y, X = np.meshgrid(x, x, indexing="ij")  # rows = y
ZETA0 = np.sin(X) * np.cos(Y) + 0.5 * np.cos(3 * X) * np.sin(2 * Y) + 0.2 * np.sin(5 * X + 2 * Y)
FORCING = 0.1 * (np.sin(X + Y) + np.cos(X + Y))

KX = np.arange(N // 2 + 1)[None, :] * np.ones((N, 1))
KY = np.fft.fftfreq(N, 1.0 / N)[:, None] * np.ones((1, N // 2 + 1))
K2 = KX**2 + KY**2
KXD = np.where(KX == N // 2, 0.0, KX)  # Nyquist derivatives zeroed
KYD = np.where(np.abs(KY) == N // 2, 0.0, KY)
INV = np.where(K2 > 0, -1.0 / np.where(K2 > 0, K2, 1.0), 0.0)
MASK = ((3 * np.abs(KX) < N) & (3 * np.abs(KY) < N)).astype(float)
LIN = -NU * K2


def make_stepper(rfft2, irfft2):
    """RK4 step Z -> Z' for the vorticity spectrum Z [N, N/2+1] with the given real FFTs."""
    F = rfft2(FORCING)

    def rhs(Z):
        psi = Z * INV
        u = irfft2(-1j * KYD * psi)
        v = irfft2(1j * KXD * psi)
        zx = irfft2(1j * KXD * Z)
        zy = irfft2(1j * KYD * Z)
        out = -MASK * rfft2(u * zx + v * zy) + F
        out[0, 0] = 0
        return out + LIN * Z

    def step(Z):
        a = rhs(Z)
        b = rhs(Z + 0.5 * DT * a)
        c = rhs(Z + 0.5 * DT * b)
        d = rhs(Z + DT * c)
        return Z + DT / 6 * (a + 2 * b + 2 * c + d)

    def initial():
        Z = rfft2(ZETA0)
        Z[0, 0] = 0
        return Z

    def enstrophy(Z):
        return float(0.5 * np.mean(irfft2(Z) ** 2))

    return initial, step, enstrophy


def main():
    repeats = repeats_from_args(20)
    variants = [
        (f"numpy {np.__version__}, numpy.fft (1 thread)", 1,
         lambda a: np.fft.rfft2(a), lambda a: np.fft.irfft2(a, s=(N, N))),
        (f"numpy + scipy {scipy.__version__}, scipy.fft (1 worker)", 1,
         lambda a: scipy.fft.rfft2(a, workers=1), lambda a: scipy.fft.irfft2(a, s=(N, N), workers=1)),
        (f"numpy + scipy {scipy.__version__}, scipy.fft (2 workers)", 2,
         lambda a: scipy.fft.rfft2(a, workers=2), lambda a: scipy.fft.irfft2(a, s=(N, N), workers=2)),
    ]
    results, checks = [], None
    for label, threads, rfft2, irfft2 in variants:
        initial, step, enstrophy = make_stepper(rfft2, irfft2)
        state = {"Z": initial()}
        for _ in range(CHECK_STEPS):
            state["Z"] = step(state["Z"])
        e = enstrophy(state["Z"])
        if not np.isfinite(e) or e <= 0:
            raise SystemExit(f"ns-step: enstrophy after {CHECK_STEPS} steps is {e} ({label})")
        if checks is None:
            checks = {"enstrophy": {"value": e, "rtol": 1e-9, "after": f"{CHECK_STEPS} steps"}}
        elif abs(e - checks["enstrophy"]["value"]) > 1e-9 * checks["enstrophy"]["value"]:
            raise SystemExit(f"ns-step: {label} disagrees with numpy.fft on the enstrophy ({e} vs {checks['enstrophy']['value']})")

        def one():
            state["Z"] = step(state["Z"])

        ms, samples = time_it(one, warmup=5, repeats=repeats, inner=INNER)
        results.append({"label": label, "threads": threads, "ms": ms, "samplesMs": samples, "unit": "ms/step", "enstrophy": e})
    emit("ns-step", f"2D Navier–Stokes RK4 step: {N}², float64, pseudo-spectral, 2/3 dealiasing", results,
         {"numpy": np.__version__, "scipy": scipy.__version__}, checks)


if __name__ == "__main__":
    main()
