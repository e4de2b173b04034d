// PCA, directions and ring angles against constructions with known answers.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { absCosine, anomalies, circularCorrelation, linearDirection, principalComponents, projectOnto, ringAngle, sampleGaussian } from "../../src/info";

describe("principal components", () => {
  it("rows [5000, 3] of N(0, Q diag(9, 4, 1) Qᵀ): components within |cos| > 0.999 of Q's columns, variances within 5%", () => {
    const c = Math.cos(0.7), s = Math.sin(0.7), Q = [[c, -s, 0], [s, c, 0], [0, 0, 1]], lam = [9, 4, 1];
    const S = Float64Array.from({ length: 9 }, (_, k) => { const i = Math.floor(k / 3), j = k % 3; return lam.reduce((p, l, m) => p + Q[i][m] * l * Q[j][m], 0); });
    const pca = principalComponents(sampleGaussian(S, 3, 5000, new Rng(1)), 3);
    pca.components.forEach((v, m) => expect(absCosine(v, Q.map((row) => row[m]))).toBeGreaterThan(0.999));
    pca.variances.forEach((v, m) => expect(Math.abs(v / lam[m] - 1)).toBeLessThan(0.05));
    expect(pca.explained.reduce((p, e) => p + e, 0)).toBeCloseTo(1, 10);
  });

  it("d > n uses the snapshot (Gram) method: for 30 snapshots [30, 200] each component v is an eigenvector of the sample covariance, S·v = variance·v", () => {
    const rng = new Rng(2), n = 30, d = 200, x = new Float64Array(n * d);
    const modes = [0, 1].map((m) => Float64Array.from({ length: d }, (_, i) => Math.sin((m + 1) * Math.PI * (i + 0.5) / d)));
    for (let r = 0; r < n; r++) { const a = 3 * rng.normal(), b = rng.normal(); for (let i = 0; i < d; i++) x[r * d + i] = a * modes[0][i] + b * modes[1][i] + 0.01 * rng.normal(); }
    const pca = principalComponents(x, d, 3);
    const xc = Float64Array.from(x, (v, k) => v - pca.mean[k % d]);
    pca.components.forEach((v, m) => {
      const proj = Float64Array.from({ length: n }, (_, r) => { let s = 0; for (let i = 0; i < d; i++) s += xc[r * d + i] * v[i]; return s; });
      const Sv = Float64Array.from({ length: d }, (_, i) => { let s = 0; for (let r = 0; r < n; r++) s += xc[r * d + i] * proj[r]; return s / (n - 1); });
      const err = Math.max(...Array.from(Sv, (e, i) => Math.abs(e - pca.variances[m] * v[i])));
      expect(err).toBeLessThan(1e-9 * pca.variances[0]);
    });
    expect(absCosine(pca.components[0], modes[0])).toBeGreaterThan(0.95); // 30 samples: the sample PCs mix the two modes slightly
    const scores = projectOnto(x, d, pca);
    const v0 = Array.from({ length: n }, (_, r) => scores[3 * r]).reduce((p, v) => p + v * v, 0) / (n - 1);
    expect(v0 / pca.variances[0]).toBeCloseTo(1, 10);
  });
});

describe("anomalies", () => {
  it("remove each feature's mean and divide all by one rms: zero column means, unit mean square, angles between rows kept", () => {
    const x = Float64Array.of(1, 10, 3, 14, 5, 12, 7, 20), a = anomalies(x, 2);
    expect(Array.from(a.mean)).toEqual([4, 14]);
    expect(a.rows[0] + a.rows[2] + a.rows[4] + a.rows[6]).toBeCloseTo(0, 14);
    expect(a.rows.reduce((p, v) => p + v * v, 0) / 8).toBeCloseTo(1, 14);
    expect(absCosine(a.rows.subarray(0, 2), [1 - 4, 10 - 14])).toBeCloseTo(1, 14);
    expect(() => anomalies(new Float64Array(4).fill(2), 2)).toThrow(/do not vary/);
  });
});

describe("directions and rings", () => {
  it("linearDirection recovers w of h = 2 + wᵀx exactly (R² = 1) and the direction of a monotone nonlinear read-out tanh(wᵀx)", () => {
    const x = sampleGaussian(Float64Array.of(1, 0.5, 0, 0.5, 2, 0.3, 0, 0.3, 1), 3, 2000, new Rng(3)), w = [0.3, -1.2, 0.5];
    const lin = Float64Array.from({ length: 2000 }, (_, r) => 2 + w.reduce((p, v, i) => p + v * x[3 * r + i], 0));
    const fit = linearDirection(x, 3, lin);
    expect(fit.r2).toBeCloseTo(1, 10);
    w.forEach((v, i) => expect(fit.coefficients[i]).toBeCloseTo(v, 10));
    expect(absCosine(linearDirection(x, 3, lin.map((h) => Math.tanh(0.3 * (h - 2)))).direction, w)).toBeGreaterThan(0.99);
  });

  it("ringAngle of an ellipse (semi-axes 5 and 0.5, rotated, shifted) recovers the parameter angle; circularCorrelation is +1 for θ = φ + c, −1 for θ = −φ, ~0 for independent angles", () => {
    const n = 400, phi = Float64Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n), r = 0.4, pts = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const u = 5 * Math.cos(phi[i]), v = 0.5 * Math.sin(phi[i]);
      pts[2 * i] = 3 + Math.cos(r) * u - Math.sin(r) * v; pts[2 * i + 1] = -1 + Math.sin(r) * u + Math.cos(r) * v;
    }
    const theta = ringAngle(pts);
    expect(Math.abs(circularCorrelation(theta, phi))).toBeGreaterThan(0.9999);
    expect(circularCorrelation(phi.map((p) => p + 1.3), phi)).toBeCloseTo(1, 12);
    expect(circularCorrelation(phi.map((p) => -p), phi)).toBeCloseTo(-1, 12);
    const rng = new Rng(4), a = Float64Array.from({ length: 4000 }, () => 2 * Math.PI * rng.uniform()), b = a.map(() => 2 * Math.PI * rng.uniform());
    expect(Math.abs(circularCorrelation(a, b))).toBeLessThan(0.05);
  });

  it("ringAngle refuses collinear points; absCosine refuses vectors of different lengths", () => {
    expect(() => ringAngle(Float64Array.of(0, 0, 1, 1, 2, 2, 3, 3))).toThrow(/on a line/);
    expect(() => absCosine([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});
