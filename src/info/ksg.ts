/**
 * Kraskov–Stögbauer–Grassberger (KSG) k-nearest-neighbour estimate of the mutual information of
 * sampled continuous variables (Kraskov, Stögbauer & Grassberger 2004, Phys. Rev. E 69, 066138,
 * their estimator 1, eq. 8):
 *
 *   Î(X;Y) = ψ(k) + ψ(N) − ⟨ψ(n_x(i) + 1) + ψ(n_y(i) + 1)⟩_i   (nats)
 *
 * where ε_i is the max-norm distance from sample i to its k-th neighbour in the joint space
 * (max(‖x_i − x_j‖∞, ‖y_i − y_j‖∞)), and n_x(i), n_y(i) count the samples j ≠ i strictly closer
 * than ε_i in the X and the Y space. It needs no density model and is exact on average for
 * independent variables; its bias grows with I and the dimension (KSG 2004, Fig. 4).
 *
 * Cost O(N²·(dx + dy)) by brute force: ~1 s for N = 10⁴ in a few dimensions.
 */
import { checkBoolean, checkInt, checkObject } from "../core/checks";
import { checkRowsFinite, checkSameRows } from "./validate";

export interface KsgOptions {
  /** Neighbours k ≥ 1 (default 3; KSG recommend 2–4 for low bias). */
  k?: number;
  /** Scale every column to unit sample variance first (default true): the estimate then does not depend on units. */
  standardize?: boolean;
}

/** Columns of rows x [n, d] divided by their sample standard deviations (a copy). */
function standardized(x: Float64Array, d: number): Float64Array {
  const n = x.length / d, out = x.slice();
  for (let i = 0; i < d; i++) {
    let s = 0, s2 = 0;
    for (let r = 0; r < n; r++) { const v = x[r * d + i]; s += v; s2 += v * v; }
    const mean = s / n, sd = Math.sqrt(Math.max(s2 / n - mean * mean, 0));
    if (sd > 0) for (let r = 0; r < n; r++) out[r * d + i] = (x[r * d + i] - mean) / sd;
  }
  return out;
}

/** ψ(1) … ψ(m) for integers: ψ(1) = −γ, ψ(n + 1) = ψ(n) + 1/n. Index n holds ψ(n). */
function digammaTable(m: number): Float64Array {
  const psi = new Float64Array(m + 1);
  psi[1] = -0.5772156649015329;
  for (let n = 1; n < m; n++) psi[n + 1] = psi[n] + 1 / n;
  return psi;
}

/**
 * KSG estimate of I(X;Y) in nats from samples x [n, dx] and y [n, dy] (rows paired), n > k.
 * @example info.ksgMutualInformation(latent, 1, future, 3, { k: 3 })
 */
export function ksgMutualInformation(x: Float64Array, dx: number, y: Float64Array, dy: number, options: KsgOptions = {}): number {
  const where = "info.ksgMutualInformation";
  checkObject(where, "options", options);
  checkInt(where, "dx", dx, 1);
  checkInt(where, "dy", dy, 1);
  const k = checkInt(where, "k", options.k ?? 3, 1);
  const n = checkSameRows(where, checkRowsFinite(where, "x", x, dx, k + 1), checkRowsFinite(where, "y", y, dy, k + 1));
  const scale = checkBoolean(where, "standardize", options.standardize, true);
  const X = scale ? standardized(x, dx) : x, Y = scale ? standardized(y, dy) : y;
  const psi = digammaTable(n), ex = new Float64Array(n), ey = new Float64Array(n), nearest = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    nearest.fill(Infinity); // the k smallest joint distances, ascending
    for (let j = 0; j < n; j++) {
      let a = 0, b = 0;
      for (let c = 0; c < dx; c++) a = Math.max(a, Math.abs(X[i * dx + c] - X[j * dx + c]));
      for (let c = 0; c < dy; c++) b = Math.max(b, Math.abs(Y[i * dy + c] - Y[j * dy + c]));
      ex[j] = a; ey[j] = b;
      if (j === i) continue;
      const z = a > b ? a : b;
      if (z < nearest[k - 1]) {
        let p = k - 1;
        while (p > 0 && nearest[p - 1] > z) { nearest[p] = nearest[p - 1]; p--; }
        nearest[p] = z;
      }
    }
    const eps = nearest[k - 1];
    let nx = 0, ny = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (ex[j] < eps) nx++;
      if (ey[j] < eps) ny++;
    }
    sum += psi[nx + 1] + psi[ny + 1];
  }
  return psi[k] + psi[n] - sum / n;
}
