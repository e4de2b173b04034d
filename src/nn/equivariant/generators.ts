/**
 * Reference generators and the measures that compare a learned generator with them (notebook 08,
 * Dehmamy et al. 2021 §5). Matrices are row-major d×d Float64Arrays, float64.
 *
 *   ringDerivative(d)        the generator of translations on a ring of d sites (spacing 1): the
 *                            spectral derivative, exp(δ·D) = shift by δ sites for band-limited signals
 *   rotationGenerator(K)     the generator of rotations of K points in the plane, I_K ⊗ J with
 *                            J = [[0, −1], [1, 0]] on (x, y): d/dθ (R_θ q) = J q
 *   matrixCosine(A, B)       ⟨A, B⟩_F / (‖A‖_F ‖B‖_F), the paper's "cosine correlation"
 *   symmetricFraction(L)     ‖(L + Lᵀ)/2‖_F / ‖L‖_F: 0 for an antisymmetric (norm-preserving) generator
 *   fourierDiagonalFraction  the share of ‖L‖²_F on the diagonal of F L F* (F the unitary DFT): 1 when
 *                            the Fourier modes are L's eigenvectors (any translation-invariant L)
 *   fourierDiagonal(L)       that diagonal, (F L F*)_kk: L's eigenvalues when the Fourier modes are its
 *                            eigenvectors (−iκ_k for −∂_s)
 */

function checkSquare(where: string, a: ArrayLike<number>): number {
  const d = Math.round(Math.sqrt(a.length));
  if (d * d !== a.length || d === 0) throw new RangeError(`${where}: expected a square matrix (d² values), got ${a.length} values`);
  return d;
}

/**
 * The spectral derivative on a ring of d sites: D[i, j] = (1/d) Σ_κ iκ·e^{iκ(i−j)} over the
 * wavenumbers κ = 2πk/d with |k| < d/2 (the Nyquist mode of even d is dropped: a real signal's
 * derivative there is not defined). Antisymmetric; (D x)_i = x'(i) for band-limited x.
 */
export function ringDerivative(d: number): Float64Array {
  if (!Number.isInteger(d) || d < 2) throw new RangeError(`ringDerivative: d must be an integer ≥ 2, got ${d}`);
  const D = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 1; 2 * k < d; k++) { const kap = (2 * Math.PI * k) / d; s += -2 * kap * Math.sin(kap * (i - j)); }
    D[i * d + j] = s / d;
  }
  return D;
}

/** I_K ⊗ J on K planar points stored [x0, y0, x1, y1, …] (2K × 2K). */
export function rotationGenerator(points: number): Float64Array {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`rotationGenerator: points must be an integer ≥ 1, got ${points}`);
  const d = 2 * points, J = new Float64Array(d * d);
  for (let p = 0; p < points; p++) { J[(2 * p) * d + 2 * p + 1] = -1; J[(2 * p + 1) * d + 2 * p] = 1; }
  return J;
}

/** ⟨A, B⟩_F / (‖A‖_F ‖B‖_F) (0 when either is zero). */
export function matrixCosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`matrixCosine: sizes differ (${a.length} vs ${b.length})`);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** ‖(L + Lᵀ)/2‖_F / ‖L‖_F. */
export function symmetricFraction(L: ArrayLike<number>): number {
  const d = checkSquare("symmetricFraction", L);
  let sym = 0, all = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    const s = 0.5 * (L[i * d + j] + L[j * d + i]);
    sym += s * s; all += L[i * d + j] ** 2;
  }
  return all === 0 ? 0 : Math.sqrt(sym / all);
}

/**
 * (F L F*)_kk = (1/d) Σ_{i,j} e^{−2πik(i−j)/d} L[i, j] for k = 0 … d−1 (F[k, j] = e^{−2πikj/d}/√d, the
 * unitary DFT; k and d − k are the wavenumbers ±κ, κ = 2πk/d).
 */
export function fourierDiagonal(L: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const d = checkSquare("fourierDiagonal", L);
  const c = new Float64Array(d), s = new Float64Array(d), re = new Float64Array(d), im = new Float64Array(d);
  for (let m = 0; m < d; m++) { c[m] = Math.cos((2 * Math.PI * m) / d); s[m] = Math.sin((2 * Math.PI * m) / d); }
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      const m = (((k * (i - j)) % d) + d) % d;
      re[k] += c[m] * L[i * d + j]; im[k] -= s[m] * L[i * d + j];
    }
    re[k] /= d; im[k] /= d;
  }
  return { re, im };
}

/** Σ_k |(F L F*)_kk|² / ‖L‖²_F (see fourierDiagonal). */
export function fourierDiagonalFraction(L: ArrayLike<number>): number {
  const { re, im } = fourierDiagonal(L);
  let diag = 0, all = 0;
  for (let i = 0; i < L.length; i++) all += L[i] ** 2;
  for (let k = 0; k < re.length; k++) diag += re[k] ** 2 + im[k] ** 2;
  return all === 0 ? 0 : diag / all;
}
