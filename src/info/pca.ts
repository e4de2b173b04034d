/**
 * Principal component analysis (Pearson 1901; Hotelling 1933): the orthonormal directions of
 * largest sample variance of rows x [n, d]. It is the variance-maximising *linear* bottleneck, the
 * control a skeptic names for a learned latent: PCA keeps what varies most, an information
 * bottleneck keeps what predicts.
 *
 * When d ≤ n the d × d covariance is diagonalised; otherwise the n × n Gram matrix of the centred
 * snapshots (the method of snapshots, Sirovich 1987), whose eigenvectors a map to components
 * Xᵀa/‖Xᵀa‖ with the same variances. Symmetric eigenproblems by ml-matrix (tridiagonal QL).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { checkInt } from "../core/checks";
import { checkRowsFinite } from "./validate";

export interface PrincipalComponents {
  /** Sample mean [d]. */
  mean: Float64Array;
  /** Unit-norm components [d], descending variance; each with its largest-magnitude entry positive. */
  components: Float64Array[];
  /** Variance along each component (divisor n − 1), descending [k]. */
  variances: Float64Array;
  /** Fraction of the total variance along each component [k]. */
  explained: Float64Array;
}

/**
 * The first `count` principal components of rows x [n, d] (default min(n − 1, d)).
 * @example const pca = info.principalComponents(x, 3, 1); // pca.components[0]: the direction of largest variance
 */
export function principalComponents(x: Float64Array, d: number, count?: number): PrincipalComponents {
  const where = "info.principalComponents";
  checkInt(where, "d", d, 1);
  const n = checkRowsFinite(where, "x", x, d, 2);
  const k = checkInt(where, "count", count ?? Math.min(n - 1, d), 1, Math.min(n - 1, d));
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i] += x[r * d + i] / n;
  const xc = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) xc[r * d + i] = x[r * d + i] - mean[i];
  const gram = d > n, m = gram ? n : d;
  // S [m, m]: the covariance·(n − 1) (d ≤ n) or the Gram matrix X_c X_cᵀ of the snapshots (d > n)
  const S = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  if (gram) {
    for (let a = 0; a < n; a++) for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += xc[a * d + i] * xc[b * d + i];
      S[a][b] = s; S[b][a] = s;
    }
  } else {
    for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) {
      const v = xc[r * d + i];
      for (let j = 0; j <= i; j++) S[i][j] += v * xc[r * d + j];
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) S[j][i] = S[i][j];
  }
  const evd = new EigenvalueDecomposition(new Matrix(S), { assumeSymmetric: true });
  const values = evd.realEigenvalues, V = evd.eigenvectorMatrix;
  const order = Array.from(values.keys()).sort((p, q) => values[q] - values[p]).slice(0, k);
  let total = 0;
  for (let i = 0; i < m; i++) total += Math.max(S[i][i], 0);
  const components = order.map((c) => {
    const v = new Float64Array(d);
    if (gram) { for (let a = 0; a < n; a++) { const w = V.get(a, c); for (let i = 0; i < d; i++) v[i] += w * xc[a * d + i]; } }
    else for (let i = 0; i < d; i++) v[i] = V.get(i, c);
    let norm = 0, peak = 0;
    for (let i = 0; i < d; i++) { norm += v[i] * v[i]; if (Math.abs(v[i]) > Math.abs(peak)) peak = v[i]; }
    const s = (peak < 0 ? -1 : 1) / Math.sqrt(norm || 1);
    return v.map((e) => e * s);
  });
  const variances = Float64Array.from(order, (c) => Math.max(values[c], 0) / (n - 1));
  return { mean, components, variances, explained: Float64Array.from(order, (c) => (total > 0 ? Math.max(values[c], 0) / total : 0)) };
}

/** Scores of rows x [n, d] on the components: (x − mean)·component, [n, k] row-major. */
export function projectOnto(x: Float64Array, d: number, pca: PrincipalComponents): Float64Array {
  const where = "info.projectOnto";
  const n = checkRowsFinite(where, "x", x, d);
  if (pca.mean.length !== d) throw new RangeError(`${where}: the components are of dimension ${pca.mean.length}, x has ${d} columns`);
  const k = pca.components.length, out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) for (let c = 0; c < k; c++) {
    const v = pca.components[c];
    let s = 0;
    for (let i = 0; i < d; i++) s += (x[r * d + i] - pca.mean[i]) * v[i];
    out[r * k + c] = s;
  }
  return out;
}

/**
 * Anomalies of rows x [n, d]: each feature minus its mean over the rows, all divided by one rms
 * (the root mean square of every anomaly), so that directions in state space are kept — per-feature
 * scaling would distort the angles PCA and a learned encoder are compared by. Returns the scaled
 * rows [n, d], the mean [d] and the scale (units of x).
 */
export function anomalies(x: Float64Array, d: number): { rows: Float64Array; mean: Float64Array; scale: number } {
  const where = "info.anomalies";
  checkInt(where, "d", d, 1);
  const n = checkRowsFinite(where, "x", x, d, 2);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i] += x[r * d + i] / n;
  const rows = new Float64Array(n * d);
  let ss = 0;
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) { const v = x[r * d + i] - mean[i]; rows[r * d + i] = v; ss += v * v; }
  const scale = Math.sqrt(ss / (n * d));
  if (!(scale > 0)) throw new RangeError(`${where}: the rows do not vary (rms anomaly 0)`);
  for (let k = 0; k < rows.length; k++) rows[k] /= scale;
  return { rows, mean, scale };
}
