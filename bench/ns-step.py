"""Reference for bench/ns-step.ts: one RK4 step of 2D Navier–Stokes (vorticity form, 128², float64)
in numpy, the same algorithm as src/sim/navier-stokes: grid [ny, nx] (rows = y), numpy.fft.rfft2,
zeta = lap(psi), u = -psi_y, v = psi_x, 2/3-rule mask on the nonlinear term, Nyquist derivatives
zeroed, nu = 1e-3, dt = 1e-3, forcing 0.1 (sin(x+y) + cos(x+y)).
Usage: /usr/bin/python3 bench/ns-step.py [steps] [n]  -> one JSON line."""
import json
import sys
import time

import numpy as np

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
n = int(sys.argv[2]) if len(sys.argv) > 2 else 128
nu, dt, L = 1e-3, 1e-3, 2 * np.pi

x = L * np.arange(n) / n
Y, X = np.meshgrid(x, x, indexing="ij")  # rows = y
zeta0 = np.sin(X) * np.cos(Y) + 0.5 * np.cos(3 * X) * np.sin(2 * Y) + 0.2 * np.sin(5 * X + 2 * Y)
forcing = 0.1 * (np.sin(X + Y) + np.cos(X + Y))

i = np.arange(n // 2 + 1)[None, :]
j = np.fft.fftfreq(n, 1.0 / n)[:, None]
kx = i * np.ones((n, 1))
ky = j * np.ones((1, n // 2 + 1))
k2 = kx**2 + ky**2
kxd = np.where(kx == n // 2, 0.0, kx)
kyd = np.where(np.abs(ky) == n // 2, 0.0, ky)
inv = np.where(k2 > 0, -1.0 / np.where(k2 > 0, k2, 1.0), 0.0)
mask = ((3 * np.abs(kx) < n) & (3 * np.abs(ky) < n)).astype(float)
lin = -nu * k2
F = np.fft.rfft2(forcing)


def rhs(Z):
    psi = Z * inv
    u = np.fft.irfft2(-1j * kyd * psi, s=(n, n))
    v = np.fft.irfft2(1j * kxd * psi, s=(n, n))
    zx = np.fft.irfft2(1j * kxd * Z, s=(n, n))
    zy = np.fft.irfft2(1j * kyd * Z, s=(n, n))
    out = -mask * np.fft.rfft2(u * zx + v * zy) + F
    out[0, 0] = 0
    return out + lin * Z


def step(Z):
    a = rhs(Z)
    b = rhs(Z + 0.5 * dt * a)
    c = rhs(Z + 0.5 * dt * b)
    d = rhs(Z + dt * c)
    return Z + dt / 6 * (a + 2 * b + 2 * c + d)


Z = np.fft.rfft2(zeta0)
Z[0, 0] = 0
for _ in range(5):
    Z = step(Z)
t0 = time.perf_counter()
for _ in range(steps):
    Z = step(Z)
ms = (time.perf_counter() - t0) / steps * 1e3
z = np.fft.irfft2(Z, s=(n, n))
print(json.dumps({"impl": f"numpy {np.__version__}", "n": n, "steps": steps, "msPerStep": ms,
                  "enstrophy": float(0.5 * np.mean(z**2))}))
