import { describe, expect, it } from "vitest";
import { Rng, gaussianRandomField } from "../../src/core/random";
import { filteredNoise } from "../../src/core/random-field";
import { randomNormalTensor, randomUniformTensor } from "../../src/core/random-tensor";

/** Naive DFT power |X_m|² of a real 1D signal, m = 0..n/2 (independent of fft.js). */
function power1(x: Float64Array): Float64Array {
  const n = x.length, out = new Float64Array(n / 2 + 1);
  for (let m = 0; m <= n / 2; m++) {
    let re = 0, im = 0;
    for (let j = 0; j < n; j++) {
      const th = (-2 * Math.PI * m * j) / n;
      re += x[j] * Math.cos(th);
      im += x[j] * Math.sin(th);
    }
    out[m] = re * re + im * im;
  }
  return out;
}

/** Least-squares slope of y on x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxy / sxx;
}

describe("gaussianRandomField", () => {
  it("same seed gives the same field; different seeds differ", () => {
    const a = gaussianRandomField([64, 32], new Rng(5));
    const b = gaussianRandomField([64, 32], new Rng(5));
    const c = gaussianRandomField([64, 32], new Rng(6));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.some((v, i) => v !== c[i])).toBe(true);
    expect(a.length).toBe(64 * 32);
  });

  it("[256] and [32,64]: every sample has zero mean; ensemble variance is std² within 5 standard errors", () => {
    for (const shape of [[256], [32, 64]] as const) {
      const rng = new Rng(11);
      const ms: number[] = [];
      for (let s = 0; s < 300; s++) {
        const f = gaussianRandomField(shape, rng, { alpha: 2, tau: 3, std: 2 });
        const mean = f.reduce((a, b) => a + b, 0) / f.length;
        expect(Math.abs(mean)).toBeLessThan(1e-12);
        ms.push(f.reduce((a, b) => a + b * b, 0) / f.length);
      }
      const avg = ms.reduce((a, b) => a + b, 0) / ms.length;
      const se = Math.sqrt(ms.reduce((a, b) => a + (b - avg) ** 2, 0) / (ms.length - 1) / ms.length);
      expect(Math.abs(avg - 4)).toBeLessThan(5 * se);
    }
  });

  it("[512], τ=0, α=2: per-mode power falls as k^(−2α) = k^−4 (log-log slope within 0.1)", () => {
    const n = 512, rng = new Rng(3), acc = new Float64Array(n / 2 + 1);
    for (let s = 0; s < 100; s++) {
      const p = power1(gaussianRandomField([n], rng, { alpha: 2, tau: 0 }));
      for (let m = 0; m < acc.length; m++) acc[m] += p[m];
    }
    expect(acc[0] / acc[1]).toBeLessThan(1e-20);
    const ms = [...Array(120).keys()].map((i) => i + 4);
    const s = slope(ms.map(Math.log), ms.map((m) => Math.log(acc[m])));
    expect(Math.abs(s + 4)).toBeLessThan(0.1);
  });

  it("[256], α=1.5, τ=40, length 2: the spectrum follows (τ² + k²)^(−α), k = 2πm/length (ratio flat within 15%)", () => {
    const n = 256, rng = new Rng(4), acc = new Float64Array(n / 2 + 1);
    for (let s = 0; s < 200; s++) {
      const p = power1(gaussianRandomField([n], rng, { alpha: 1.5, tau: 40, length: 2 }));
      for (let m = 0; m < acc.length; m++) acc[m] += p[m];
    }
    const ratio = (m: number) => acc[m] / Math.pow(40 ** 2 + (Math.PI * m) ** 2, -1.5);
    // average neighbouring modes to tame chi-square noise, then compare low, middle and high k
    const band = (m0: number) => [0, 1, 2, 3, 4, 5, 6, 7].reduce((a, d) => a + ratio(m0 + d), 0) / 8;
    const r = [band(1), band(20), band(60), band(110)];
    for (const v of r) expect(Math.abs(v / r[0] - 1)).toBeLessThan(0.15);
  });

  it("[64,64], τ=0, α=2.5: 2D per-mode power falls as |k|^−5", () => {
    const n = 64, rng = new Rng(8);
    const acc = new Map<number, number[]>();
    for (let s = 0; s < 20; s++) {
      const f = gaussianRandomField([n, n], rng, { alpha: 2.5, tau: 0 });
      // 2D DFT power on modes (mx, my) with 0 ≤ mx, my ≤ 20, |m| ≥ 3, by separable sums
      const re = new Float64Array(n * 21), im = new Float64Array(n * 21);
      for (let j = 0; j < n; j++) for (let mx = 0; mx <= 20; mx++) {
        let a = 0, b = 0;
        for (let i = 0; i < n; i++) {
          const th = (-2 * Math.PI * mx * i) / n;
          a += f[j * n + i] * Math.cos(th);
          b += f[j * n + i] * Math.sin(th);
        }
        re[j * 21 + mx] = a;
        im[j * 21 + mx] = b;
      }
      for (let my = 0; my <= 20; my++) for (let mx = 0; mx <= 20; mx++) {
        const k2 = mx * mx + my * my;
        if (k2 < 9) continue;
        let a = 0, b = 0;
        for (let j = 0; j < n; j++) {
          const th = (-2 * Math.PI * my * j) / n, c = Math.cos(th), sn = Math.sin(th);
          a += re[j * 21 + mx] * c - im[j * 21 + mx] * sn;
          b += re[j * 21 + mx] * sn + im[j * 21 + mx] * c;
        }
        const list = acc.get(k2) ?? [];
        list.push(a * a + b * b);
        acc.set(k2, list);
      }
    }
    const xs: number[] = [], ys: number[] = [];
    for (const [k2, list] of acc) {
      xs.push(0.5 * Math.log(k2));
      ys.push(Math.log(list.reduce((a, b) => a + b, 0) / list.length));
    }
    expect(Math.abs(slope(xs, ys) + 5)).toBeLessThan(0.15);
  });

  it("rejects bad shapes and parameters with clear errors", () => {
    const rng = new Rng(0);
    expect(() => gaussianRandomField([100], rng)).toThrow(/n must be a power of two in \[2, 65536\].*got 100/);
    expect(() => gaussianRandomField([64, 48], rng)).toThrow(/nx must be a power of two.*got 48/);
    expect(() => gaussianRandomField([64, 64], rng, { alpha: 0 })).toThrow(/alpha must be > 0, got 0/);
    expect(() => gaussianRandomField([64], rng, { tau: -1 })).toThrow(/tau must be ≥ 0, got -1/);
    expect(() => gaussianRandomField([64], rng, { length: [1, 2] })).toThrow(/1D field takes one period length/);
    expect(() => gaussianRandomField([2, 2, 2] as unknown as [number], rng)).toThrow(TypeError);
  });
});

describe("filteredNoise", () => {
  it("[32, 64], periods [1, 2]: with the Matérn amplitude it is gaussianRandomField up to its constant scale", () => {
    const alpha = 2.5, tau = 7, length = [1, 2] as const;
    const f = filteredNoise([32, 64], new Rng(8), (k) => (tau * tau + k * k) ** (-alpha / 2), { length });
    const g = gaussianRandomField([32, 64], new Rng(8), { alpha, tau, length });
    const ratio = g[0] / f[0];
    let err = 0, max = 0;
    for (let p = 0; p < f.length; p++) { err = Math.max(err, Math.abs(g[p] - ratio * f[p])); max = Math.max(max, Math.abs(g[p])); }
    expect(err / max).toBeLessThan(1e-12);
    expect(Math.abs(f.reduce((a, b) => a + b, 0) / f.length)).toBeLessThan(1e-15);
  });

  it("[256]: a band-pass amplitude leaves only the modes inside the band", () => {
    const f = filteredNoise([256], new Rng(1), (k) => (k >= 10 * 2 * Math.PI && k <= 20 * 2 * Math.PI ? 1 : 0));
    const p = power1(f), total = p.reduce((a, b) => a + b, 0);
    const inside = p.slice(10, 21).reduce((a, b) => a + b, 0);
    expect(1 - inside / total).toBeLessThan(1e-20);
  });

  it("rejects a non-finite amplitude and a non-function, naming them", () => {
    expect(() => filteredNoise([16], new Rng(0), (k) => 1 / (k - 2 * Math.PI))).toThrow(/amplitude\(6\.28.*\) must be finite, got Infinity/);
    expect(() => filteredNoise([16], new Rng(0), 3 as unknown as (k: number) => number)).toThrow(TypeError);
    expect(() => filteredNoise([16, 12], new Rng(0), () => 1)).toThrow(/filteredNoise: nx must be a power of two.*got 12/);
  });
});

describe("random tensors", () => {
  it("randomNormalTensor [3,5,7,2]: float32 values equal the Rng's draws rounded once", () => {
    const t = randomNormalTensor([3, 5, 7, 2], new Rng(21), 1, 0.5);
    expect(t.shape).toEqual([3, 5, 7, 2]);
    expect(t.dtype).toBe("float32");
    const ref = new Rng(21).fillNormal(new Float64Array(210), 1, 0.5);
    expect(Array.from(t.dataSync())).toEqual(Array.from(Float32Array.from(ref)));
    t.dispose();
  });

  it("randomUniformTensor [1000]: values in [lo, hi), and hi itself is never produced", () => {
    const t = randomUniformTensor([1000], new Rng(2), -2, 3);
    const v = t.dataSync();
    expect(v.every((x) => x >= -2 && x < 3)).toBe(true);
    t.dispose();
  });

  it("rejects bad shapes and parameters", () => {
    expect(() => randomNormalTensor([2, -1], new Rng(0))).toThrow(/non-negative integers, got \[2,-1\]/);
    expect(() => randomNormalTensor([2], new Rng(0), 0, -1)).toThrow(/std ≥ 0/);
    expect(() => randomUniformTensor([2], new Rng(0), 1, 1)).toThrow(/lo < hi/);
  });
});
