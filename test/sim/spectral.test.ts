import { describe, expect, it } from "vitest";
import { RealFft1, RealFft2, spectralGrid2, energySpectrum, isotropicSpectrum, parsevalMean, velocityFromVorticity, vorticityFromVelocity } from "../../src/sim/spectral";

function field(nx: number, ny: number, seed = 1): Float64Array {
  const out = new Float64Array(nx * ny);
  for (let q = 0; q < out.length; q++) out[q] = Math.sin(12.9898 * (q + seed) * (q % 7 + 1)) * 43758.5453 % 1;
  return out;
}

function naiveDft2(x: Float64Array, nx: number, ny: number): Float64Array {
  const nxh = nx / 2 + 1, out = new Float64Array(ny * nxh * 2);
  for (let l = 0; l < ny; l++) for (let k = 0; k < nxh; k++) {
    let re = 0, im = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const a = -2 * Math.PI * (k * i / nx + l * j / ny);
      re += x[j * nx + i] * Math.cos(a); im += x[j * nx + i] * Math.sin(a);
    }
    out[(l * nxh + k) * 2] = re; out[(l * nxh + k) * 2 + 1] = im;
  }
  return out;
}

describe("RealFft2", () => {
  it.each([[8, 4], [4, 16], [16, 16]])("matches a naive DFT and round-trips with nx=%i, ny=%i", (nx, ny) => {
    const x = field(nx, ny);
    const f = new RealFft2(nx, ny);
    const X = f.forward(x), ref = naiveDft2(x, nx, ny);
    let err = 0;
    for (let q = 0; q < X.length; q++) err = Math.max(err, Math.abs(X[q] - ref[q]));
    expect(err).toBeLessThan(1e-12);
    const back = f.inverse(X);
    for (let q = 0; q < x.length; q++) expect(back[q]).toBeCloseTo(x[q], 13);
  });

  it("refuses sizes fft.js cannot do, naming the parameter", () => {
    expect(() => new RealFft2(12, 8)).toThrow(/nx must be a power of two/);
    expect(() => new RealFft2(8, 2)).toThrow(/ny must be a power of two in \[4/);
    const f = new RealFft2(8, 8);
    expect(() => f.forward(new Float64Array(60))).toThrow(/x must have length 64 \(shape \[8, 8\]\), got length 60/);
    expect(() => f.forward(new Float32Array(64) as unknown as Float64Array)).toThrow(TypeError);
  });
});

describe("RealFft1", () => {
  it("round-trips and keeps the imaginary parts of k = 0, n/2 out (numpy irfft)", () => {
    const f = new RealFft1(16), x = field(16, 1);
    const X = f.forward(x);
    expect(X[1]).toBe(0);
    X[1] = 5; X[17] = 7;
    const back = f.inverse(X);
    for (let i = 0; i < 16; i++) expect(back[i]).toBeCloseTo(x[i], 13);
  });

  it.each([4, 16, 1024])("the half-size inverse equals the naive inverse DFT of the Hermitian spectrum (n=%i)", (n) => {
    const f = new RealFft1(n), nh = n / 2 + 1, spec = field(2 * nh, 1, 3).map((v) => v - 0.5), copy = spec.slice();
    const back = f.inverse(spec);
    let err = 0, scale = 0;
    for (let j = 0; j < n; j++) {
      let v = spec[0] + spec[n] * Math.cos(Math.PI * j); // k = 0 and n/2, imaginary parts ignored
      for (let k = 1; k < n / 2; k++) {
        const t = (2 * Math.PI * k * j) / n;
        v += 2 * (spec[2 * k] * Math.cos(t) - spec[2 * k + 1] * Math.sin(t));
      }
      err = Math.max(err, Math.abs(back[j] - v / n)); scale = Math.max(scale, Math.abs(v / n));
    }
    expect(err / scale).toBeLessThan(1e-12);
    expect(Array.from(spec)).toEqual(Array.from(copy)); // not modified
  });
});

describe("spectral operators and spectra", () => {
  it("velocity ↔ vorticity round-trip and the energy spectrum sums to the mean kinetic energy", () => {
    const n = 32, L = 3, g = spectralGrid2(n, n, L, L), f = new RealFft2(n, n);
    const zeta = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      const x = (i * L) / n, y = (j * L) / n, k = (2 * Math.PI) / L;
      zeta[j * n + i] = Math.sin(k * x) * Math.cos(2 * k * y) + 0.3 * Math.cos(3 * k * x + k * y);
    }
    const zh = f.forward(zeta), uh = new Float64Array(zh.length), vh = new Float64Array(zh.length);
    velocityFromVorticity(g, zh, uh, vh);
    const back = vorticityFromVelocity(g, uh, vh, new Float64Array(zh.length));
    for (let q = 0; q < zh.length; q++) expect(back[q]).toBeCloseTo(zh[q], 9);
    const u = f.inverse(uh), v = f.inverse(vh);
    let ke = 0, z2 = 0;
    for (let q = 0; q < u.length; q++) { ke += 0.5 * (u[q] ** 2 + v[q] ** 2); z2 += 0.5 * zeta[q] ** 2; }
    const E = energySpectrum(g, zh), Z = isotropicSpectrum(g, zh);
    expect(E.values.reduce((a, b) => a + b, 0)).toBeCloseTo(ke / (n * n), 12);
    expect(Z.values.reduce((a, b) => a + b, 0)).toBeCloseTo(z2 / (n * n), 12);
    // the energy sits in the shells |k| = √5·k0 and √10·k0 → bins 2 and 3
    const top = [...E.values].map((e, m) => [e, m]).sort((a, b) => b[0] - a[0]).slice(0, 2).map((p) => p[1]).sort();
    expect(top).toEqual([2, 3]);
  });

  it("parsevalMean gives the grid means of ½u² + ½v² (w = 1/|k|²) and of ½f² (w = 1) on a non-square grid", () => {
    const nx = 16, ny = 8, g = spectralGrid2(nx, ny, 2, 1), f = new RealFft2(nx, ny);
    // a zero-mean field without Nyquist modes (the velocity drops them: kxDeriv, kyDeriv are 0 there)
    const X = f.forward(field(nx, ny, 3)), nxh = nx / 2 + 1;
    for (let p = 0; p < X.length / 2; p++) if (p === 0 || p % nxh === nx / 2 || Math.floor(p / nxh) === ny / 2) { X[2 * p] = 0; X[2 * p + 1] = 0; }
    const x = f.inverse(X), uh = new Float64Array(X.length), vh = new Float64Array(X.length);
    velocityFromVorticity(g, X, uh, vh);
    const u = f.inverse(uh), v = f.inverse(vh);
    let ke = 0, half = 0;
    for (let q = 0; q < x.length; q++) { ke += 0.5 * (u[q] ** 2 + v[q] ** 2); half += 0.5 * x[q] ** 2; }
    expect(parsevalMean(g, X, (k2) => (k2 > 0 ? 1 / k2 : 0))).toBeCloseTo(ke / x.length, 13);
    expect(parsevalMean(g, X, () => 1)).toBeCloseTo(half / x.length, 13);
    expect(() => parsevalMean(g, new Float64Array(10), () => 1)).toThrow(/spec must have length 144 \(shape \[8, 9, 2\]\), got length 10/);
  });
});
