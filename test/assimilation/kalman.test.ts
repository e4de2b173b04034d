import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import {
  cholesky, enkfAnalysis, ensembleCorrelation, ensembleMean, gaspariCohn, gridObservationIndices, kalmanAnalysis, kalmanForecast,
  kalmanGain, localisationTaper, matrixObservations, pointObservations, solveSpd,
} from "../../src/assimilation";
import { inverse, matmul, transpose } from "../../src/dynamics";

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
const diag = (v: number[]) => { const n = v.length, D = new Float64Array(n * n); v.forEach((x, i) => { D[i * n + i] = x; }); return D; };

// a 4-variable linear model: damped rotation in (x0, x1), shear into (x2, x3); x0 and x2 observed
const n = 4;
const M = Float64Array.of(0.9, -0.3, 0, 0, 0.3, 0.9, 0, 0, 0.2, 0, 0.8, 0.1, 0, 0.1, -0.1, 0.85);
const Q = diag([0.05, 0.05, 0.02, 0.03]);
const H = pointObservations([0, 2], n);
const R = diag([0.1, 0.2]);
const B0 = Float64Array.of(1, 0.5, 0.2, 0, 0.5, 1, 0, 0.1, 0.2, 0, 1, 0.3, 0, 0.1, 0.3, 1);

describe("Kalman filter", () => {
  it("the scalar gain is b/(b + r) and the analysis variance b·r/(b + r)", () => {
    const Hs = pointObservations([0], 1);
    expect(kalmanGain(Float64Array.of(2), Hs, Float64Array.of(0.5))[0]).toBeCloseTo(0.8, 14);
    const a = kalmanAnalysis({ mean: Float64Array.of(1), covariance: Float64Array.of(2) }, Float64Array.of(3), Hs, Float64Array.of(0.5));
    expect(a.mean[0]).toBeCloseTo(1 + 0.8 * 2, 14);
    expect(a.covariance[0]).toBeCloseTo(0.4, 14);
  });

  it("the analysis is Bayes' rule: P_a = (B⁻¹ + HᵀR⁻¹H)⁻¹ and x_a = P_a(B⁻¹x_b + HᵀR⁻¹y)", () => {
    const xb = Float64Array.of(0.3, -1, 2, 0.5), y = Float64Array.of(1, 1.5);
    const a = kalmanAnalysis({ mean: xb, covariance: B0 }, y, H, R);
    const Hd = H.dense(), Ri = inverse(R, 2), Bi = inverse(B0, n);
    const info = matmul(matmul(transpose(Hd, 2, n), Ri, n, 2, 2), Hd, n, 2, n).map((v, i) => v + Bi[i]);
    const Pa = inverse(info, n);
    expect(maxAbs(a.covariance, Pa)).toBeLessThan(1e-12);
    const rhs = matmul(Bi, xb, n, n, 1).map((v, i) => v + matmul(matmul(transpose(Hd, 2, n), Ri, n, 2, 2), y, n, 2, 1)[i]);
    expect(maxAbs(a.mean, matmul(Pa, rhs, n, n, 1))).toBeLessThan(1e-12);
  });

  it("a dense H gives the same gain as the point operator, and the forecast is M·P·Mᵀ + Q", () => {
    const Hm = matrixObservations(H.dense(), 2, n);
    expect(maxAbs(kalmanGain(B0, Hm, R), kalmanGain(B0, H, R))).toBeLessThan(1e-15);
    expect(Array.from(Hm.apply(Float64Array.of(1, 2, 3, 4)))).toEqual([1, 3]);
    const f = kalmanForecast({ mean: Float64Array.of(1, 0, 0, 0), covariance: B0 }, M, Q);
    expect(maxAbs(f.mean, Float64Array.of(0.9, 0.3, 0.2, 0))).toBeLessThan(1e-15);
    const ref = matmul(matmul(M, B0, n, n, n), transpose(M, n, n), n, n, n).map((v, i) => v + Q[i]);
    expect(maxAbs(f.covariance, ref)).toBeLessThan(1e-15);
  });

  it("Cholesky and the SPD solve invert a covariance; a singular or indefinite matrix is refused by name", () => {
    const L = cholesky(B0, n);
    expect(maxAbs(matmul(L, transpose(L, n, n), n, n, n), B0)).toBeLessThan(1e-14);
    expect(maxAbs(solveSpd(B0, n, diag([1, 1, 1, 1]), n), inverse(B0, n))).toBeLessThan(1e-12);
    expect(() => cholesky(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
    expect(() => kalmanGain(new Float64Array(9), H, R)).toThrow(/B \(background covariance\) must be \[4, 4\]/);
  });
});

describe("stochastic EnKF", () => {
  it("recovers the Kalman filter for a large ensemble on a linear model (10 cycles)", () => {
    const N = 20000, rng = new Rng(7), yRng = new Rng(8);
    let kf = { mean: Float64Array.of(1, -1, 0.5, 0), covariance: B0 };
    const L = cholesky(B0, n), X = new Float64Array(N * n), z = new Float64Array(n);
    for (let k = 0; k < N; k++) {
      rng.fillNormal(z);
      for (let i = 0; i < n; i++) { let s = kf.mean[i]; for (let j = 0; j <= i; j++) s += L[i * n + j] * z[j]; X[k * n + i] = s; }
    }
    let ens = X;
    const Lq = cholesky(Q, n);
    for (let cycle = 0; cycle < 10; cycle++) {
      kf = kalmanForecast(kf, M, Q);
      const next = new Float64Array(N * n);
      for (let k = 0; k < N; k++) {
        rng.fillNormal(z);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += M[i * n + j] * ens[k * n + j];
          for (let j = 0; j <= i; j++) s += Lq[i * n + j] * z[j];
          next[k * n + i] = s;
        }
      }
      const y = Float64Array.of(yRng.normal(), yRng.normal());
      const a = kalmanAnalysis(kf, y, H, R);
      const e = enkfAnalysis(next, N, y, H, { rng, obsCovariance: R, returnGain: true });
      expect(maxAbs(e.gain!, a.gain)).toBeLessThan(0.03);
      kf = a; ens = e.analysis;
    }
    const mean = ensembleMean(ens, N), P = new Float64Array(n * n);
    for (let k = 0; k < N; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * n + j] += (ens[k * n + i] - mean[i]) * (ens[k * n + j] - mean[j]) / (N - 1);
    const sd = Math.sqrt(Math.max(...Array.from({ length: n }, (_, i) => kf.covariance[i * n + i])));
    // the mean carries the gain's O(N^-1/2) sampling error times the innovations, cycle after cycle
    expect(maxAbs(mean, kf.mean)).toBeLessThan(0.1 * sd);
    let d = 0, s = 0;
    for (let i = 0; i < n * n; i++) { d += (P[i] - kf.covariance[i]) ** 2; s += kf.covariance[i] ** 2; }
    expect(Math.sqrt(d / s)).toBeLessThan(0.04);
  });

  it("a small ensemble misses the gain; a unit taper changes nothing; the perturbations are centred", () => {
    const rng = new Rng(3), N = 5, X = new Float64Array(N * n).map(() => rng.normal());
    const y = Float64Array.of(0.5, -0.5);
    const plain = enkfAnalysis(X, N, y, H, { rng: new Rng(1), obsCovariance: R, returnGain: true });
    const ones = { stateObs: new Float64Array(n * 2).fill(1), obsObs: new Float64Array(4).fill(1) };
    const tapered = enkfAnalysis(X, N, y, H, { rng: new Rng(1), obsCovariance: R, localisation: ones, returnGain: true });
    expect(maxAbs(plain.analysis, tapered.analysis)).toBeLessThan(1e-14);
    // centred perturbations: the analysis mean is the gain applied to the mean innovation
    const xb = ensembleMean(X, N), xa = ensembleMean(plain.analysis, N), hb = H.apply(xb);
    const K = plain.gain!;
    for (let i = 0; i < n; i++) expect(xa[i]).toBeCloseTo(xb[i] + K[i * 2] * (y[0] - hb[0]) + K[i * 2 + 1] * (y[1] - hb[1]), 12);
    expect(enkfAnalysis(X, N, y, H, { rng: new Rng(1), obsStd: 0.3 }).gain).toBeUndefined();
  });

  it("refuses bad input with the field named", () => {
    const X = new Float64Array(8);
    expect(() => enkfAnalysis(X, 2, Float64Array.of(0, 0), H, { rng: new Rng(1) })).toThrow(/exactly one of obsStd/);
    expect(() => enkfAnalysis(X, 2, Float64Array.of(0), H, { rng: new Rng(1), obsStd: 1 })).toThrow(/y \(observations\) must be \[2\]/);
    expect(() => enkfAnalysis(new Float64Array(6), 2, Float64Array.of(0, 0), H, { rng: new Rng(1), obsStd: 1 })).toThrow(/ensemble must be \[2, 4\]/);
    expect(() => enkfAnalysis(X, 2, Float64Array.of(0, 0), H, { rng: new Rng(1), obsStd: 1, inflation: 0.5 })).toThrow(/inflation/);
    expect(() => pointObservations([1, 1], 4)).toThrow(/distinct/);
    expect(() => pointObservations([4], 4)).toThrow(/indices\[0\]/);
  });
});

describe("observations and localisation", () => {
  it("grid observations every `spacing` points from the offset", () => {
    const idx = gridObservationIndices(65, 128, 8, [4, 0]);
    expect(idx.length).toBe(8 * 16);
    expect(idx[0]).toBe(4 * 128);
    expect(idx[1]).toBe(4 * 128 + 8);
    expect(() => gridObservationIndices(65, 128, 8, [8, 0])).toThrow(/offset\[0\]/);
  });

  it("Gaspari–Cohn: 1 at 0, continuous at r = 1 and 2, zero beyond; the taper wraps in x", () => {
    expect(gaspariCohn(0)).toBe(1);
    expect(Math.abs(gaspariCohn(1 - 1e-9) - gaspariCohn(1 + 1e-9))).toBeLessThan(1e-7);
    expect(Math.abs(gaspariCohn(2 - 1e-9))).toBeLessThan(1e-7);
    expect(gaspariCohn(2.5)).toBe(0);
    const a = Float64Array.of(0, 0.1), b = Float64Array.of(0, 6.2, 0, 3);
    const rho = localisationTaper(a, b, 0.5, { periodX: 2 * Math.PI });
    expect(rho[0]).toBeCloseTo(gaspariCohn((0.1 + 2 * Math.PI - 6.2) / 0.5), 12);
    expect(rho[1]).toBe(0);
  });

  it("ensembleCorrelation is 1 with itself and −1 with a negated copy", () => {
    const rng = new Rng(2), N = 50, X = new Float64Array(N * 3);
    for (let k = 0; k < N; k++) { const u = rng.normal(); X[3 * k] = u; X[3 * k + 1] = -2 * u; X[3 * k + 2] = rng.normal(); }
    const c = ensembleCorrelation(X, N, 0);
    expect(c[0]).toBeCloseTo(1, 12);
    expect(c[1]).toBeCloseTo(-1, 12);
    expect(Math.abs(c[2])).toBeLessThan(0.5);
  });
});
