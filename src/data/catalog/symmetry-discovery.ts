/**
 * Pairs related by a small group element, from which an L-conv learns the generator (Dehmamy et
 * al. 2021, arXiv:2109.07103, §5 "symmetry discovery"):
 *
 *   ring   white random signals x on a ring of d sites and x translated by δ sites, x'(s) = x(s − δ)
 *          (exact, by Fourier interpolation): the generator is −∂_s
 *   noise  the same signals and exp(δA)·x for a fixed random antisymmetric A (a norm-preserving map
 *          of the d-dimensional signal space that is not a translation: the symmetry-broken control)
 *   plane  K points drawn from a radially invariant distribution (independent isotropic Gaussians:
 *          particles in a harmonic trap at equilibrium) and the same points turned by an angle θ
 *          about the origin: the generator is I_K ⊗ J
 */
import type { Rng } from "../../core/random";
import { registerDataset } from "../registry";

export const SYMMETRY_DISCOVERY = {
  quick: { ringSamples: 2000, sites: 31, shift: 0.02, planeSamples: 2000, points: 8, angle: 0.05 },
  // the L-conv paper's sizes: 50 000 pairs, a ring of 20 sites, 7×7-pixel images (≈ 25 planar points = 50 coordinates)
  paper: { ringSamples: 50000, sites: 20, shift: 0.02, planeSamples: 50000, points: 25, angle: 0.05 },
};

type Params = typeof SYMMETRY_DISCOVERY.quick;

/** exp(M) by its Taylor series (M small: ‖M‖ ≲ 1), d×d row-major, float64. */
function expm(M: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d), term = new Float64Array(d * d), next = new Float64Array(d * d);
  for (let i = 0; i < d; i++) { out[i * d + i] = 1; term[i * d + i] = 1; }
  for (let n = 1; n <= 30; n++) {
    next.fill(0);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) {
      const t = term[i * d + k] / n;
      if (t !== 0) for (let j = 0; j < d; j++) next[i * d + j] += t * M[k * d + j];
    }
    term.set(next);
    let size = 0;
    for (let i = 0; i < d * d; i++) { out[i] += term[i]; size = Math.max(size, Math.abs(term[i])); }
    if (size < 1e-18) break;
  }
  return out;
}

/** x ~ N(0, I) on the ring written in the orthonormal real Fourier basis, and x(s − δ) for each sample. */
function ringPairs(p: Params, rng: Rng): { x: Float64Array; shifted: Float64Array } {
  const d = p.sites, n = p.ringSamples, x = new Float64Array(n * d), shifted = new Float64Array(n * d);
  const c = Math.sqrt(2 / d), c0 = 1 / Math.sqrt(d);
  for (let s = 0; s < n; s++) {
    const mean = rng.normal(), nyquist = d % 2 === 0 ? rng.normal() : 0;
    const a: number[] = [], b: number[] = [];
    for (let k = 1; 2 * k < d; k++) { a.push(rng.normal()); b.push(rng.normal()); }
    for (let i = 0; i < d; i++) {
      let v = c0 * mean + c0 * nyquist * Math.cos(Math.PI * i), w = c0 * mean + c0 * nyquist * Math.cos(Math.PI * (i - p.shift));
      for (let k = 1; 2 * k < d; k++) {
        const kap = (2 * Math.PI * k) / d;
        v += c * (a[k - 1] * Math.cos(kap * i) + b[k - 1] * Math.sin(kap * i));
        w += c * (a[k - 1] * Math.cos(kap * (i - p.shift)) + b[k - 1] * Math.sin(kap * (i - p.shift)));
      }
      x[s * d + i] = v; shifted[s * d + i] = w;
    }
  }
  return { x, shifted };
}

registerDataset<Params>({
  name: "symmetry-discovery",
  description: "Pairs related by a small transformation: white random signals on a ring of `sites` sites and their translation by `shift` sites (Fourier interpolation); the same signals under exp(shift·A) for a fixed random antisymmetric A (not a translation); `points` planar points from an isotropic Gaussian (a radially invariant ensemble) and the same points turned by `angle` radians.",
  purpose: "Notebook 08 (symmetry discovery): an L-conv fitted to the pairs learns the generator of translations (−∂_s) and of rotations (I ⊗ J); shuffled pairs and the random-A pairs are the controls.",
  simulator: "exact transformations (Fourier shift, matrix exponential by its Taylor series, planar rotation) of seeded Gaussian samples",
  version: 1,
  seed: 800,
  scales: SYMMETRY_DISCOVERY,
  arrays: (p) => ({
    ring: { dtype: "float64", shape: [p.ringSamples, p.sites], description: "x ~ N(0, I) on the ring [n, site]" },
    ringShifted: { dtype: "float64", shape: [p.ringSamples, p.sites], description: "x(s − shift), the translation of x by shift sites [n, site]" },
    ringNoise: { dtype: "float64", shape: [p.ringSamples, p.sites], description: "exp(shift·A)·x, A = noiseGenerator [n, site]" },
    noiseGenerator: { dtype: "float64", shape: [p.sites, p.sites], description: "A: random antisymmetric, scaled to the Frobenius norm of the ring derivative [site, site]" },
    plane: { dtype: "float64", shape: [p.planeSamples, 2 * p.points], description: "points (x0, y0, x1, y1, …) ~ N(0, I) [n, 2·points]" },
    planeTurned: { dtype: "float64", shape: [p.planeSamples, 2 * p.points], description: "the same points turned counterclockwise by angle about the origin [n, 2·points]" },
  }),
  build(p, ctx) {
    const d = p.sites, { x, shifted } = ringPairs(p, ctx.rng.split(0));
    // A random antisymmetric generator with ‖A‖_F = ‖∂_s‖_F = (Σ_κ κ²)^½ over the ring's resolved wavenumbers.
    const g = ctx.rng.split(1), A = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) { const v = g.normal(); A[i * d + j] = v; A[j * d + i] = -v; }
    let target = 0, norm = 0;
    for (let k = 1; 2 * k < d; k++) target += 2 * ((2 * Math.PI * k) / d) ** 2;
    for (const v of A) norm += v * v;
    for (let i = 0; i < A.length; i++) A[i] *= Math.sqrt(target / norm);
    const E = expm(A.map((v) => v * p.shift), d), noise = new Float64Array(x.length);
    for (let s = 0; s < p.ringSamples; s++) for (let i = 0; i < d; i++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += E[i * d + j] * x[s * d + j];
      noise[s * d + i] = v;
    }
    const K = p.points, n = p.planeSamples, plane = new Float64Array(n * 2 * K), turned = new Float64Array(n * 2 * K);
    const rng = ctx.rng.split(2), c = Math.cos(p.angle), s = Math.sin(p.angle);
    for (let q = 0; q < n * K; q++) {
      const qx = rng.normal(), qy = rng.normal();
      plane[2 * q] = qx; plane[2 * q + 1] = qy;
      turned[2 * q] = c * qx - s * qy; turned[2 * q + 1] = s * qx + c * qy;
    }
    ctx.onProgress(1, 1);
    return {
      ring: { data: x, shape: [p.ringSamples, d] }, ringShifted: { data: shifted, shape: [p.ringSamples, d] },
      ringNoise: { data: noise, shape: [p.ringSamples, d] }, noiseGenerator: { data: A, shape: [d, d] },
      plane: { data: plane, shape: [n, 2 * K] }, planeTurned: { data: turned, shape: [n, 2 * K] },
    };
  },
});
