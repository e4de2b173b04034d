/**
 * Ridge regression, the linear-regression control of notebooks (a linear model on hand-made
 * features, fitted on the same data as the network):
 *
 *   w = argmin ‖Φw − y‖² + λ‖w‖²  (intercept not penalised; features standardised first)
 *
 * solved through the normal equations by Cholesky (features are few: tens to hundreds).
 * Φ is float64 [rows, features] row-major, y [rows, outputs].
 */
import { checkFinite, checkInt } from "../core/checks";

export interface RidgeModel {
  features: number;
  outputs: number;
  lambda: number;
  /** ŷ [rows, outputs] of Φ [rows, features]. */
  predict(phi: Float64Array): Float64Array;
}

/** Fits a ridge regression of y [rows, outputs] on Φ [rows, features] with penalty λ ≥ 0 (default 1e-6·rows). */
export function fitRidge(phi: Float64Array, y: Float64Array, opts: { features: number; outputs?: number; lambda?: number }): RidgeModel {
  return ridgePath(phi, y, { features: opts.features, outputs: opts.outputs, lambdas: [opts.lambda ?? 1e-6 * (phi.length / opts.features)] }, "baselines.fitRidge")[0];
}

/**
 * Ridge regressions for several penalties at once (one pass over the data builds the normal
 * equations; each λ is one Cholesky solve): the way to choose λ on a validation set.
 */
export function ridgePath(phi: Float64Array, y: Float64Array, opts: { features: number; outputs?: number; lambdas: readonly number[] }, where = "baselines.ridgePath"): RidgeModel[] {
  const p = checkInt(where, "features", opts.features, 1), q = checkInt(where, "outputs", opts.outputs ?? 1, 1);
  if (!(phi instanceof Float64Array) || !(y instanceof Float64Array)) throw new TypeError(`${where}: phi and y must be Float64Arrays`);
  const n = phi.length / p;
  if (!Number.isInteger(n) || n < 2 || y.length !== n * q) throw new RangeError(`${where}: phi must be [rows, ${p}] and y [rows, ${q}] with rows ≥ 2, got ${phi.length} and ${y.length} values`);
  if (!Array.isArray(opts.lambdas) || opts.lambdas.length === 0) throw new TypeError(`${where}: lambdas must be a non-empty array of penalties ≥ 0`);
  const lambdas = opts.lambdas.map((l, i) => checkFinite(where, `lambdas[${i}]`, l, 0));
  // standardise the features (the penalty is then scale-free) and centre y
  const mu = new Float64Array(p), sd = new Float64Array(p), ym = new Float64Array(q);
  for (let r = 0; r < n; r++) { for (let j = 0; j < p; j++) mu[j] += phi[r * p + j]; for (let o = 0; o < q; o++) ym[o] += y[r * q + o]; }
  mu.forEach((v, j) => (mu[j] = v / n)); ym.forEach((v, o) => (ym[o] = v / n));
  for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) sd[j] += (phi[r * p + j] - mu[j]) ** 2;
  sd.forEach((v, j) => (sd[j] = Math.sqrt(v / n) || 1));
  const A = new Float64Array(p * p), B = new Float64Array(p * q), z = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < p; j++) z[j] = (phi[r * p + j] - mu[j]) / sd[j];
    for (let j = 0; j < p; j++) {
      for (let k = 0; k <= j; k++) A[j * p + k] += z[j] * z[k];
      for (let o = 0; o < q; o++) B[j * q + o] += z[j] * (y[r * q + o] - ym[o]);
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) A[k * p + j] = A[j * p + k];
  return lambdas.map((lambda) => {
    const Al = Float64Array.from(A);
    for (let j = 0; j < p; j++) Al[j * p + j] += lambda;
    return ridgeModel(where, choleskySolve(where, Al, B, p, q), { p, q, lambda, mu, sd, ym });
  });
}

/** The fitted model: weights W [p, q] on features standardised by (mu, sd), plus the mean ym of y. */
function ridgeModel(where: string, W: Float64Array, c: { p: number; q: number; lambda: number; mu: Float64Array; sd: Float64Array; ym: Float64Array }): RidgeModel {
  const { p, q, lambda, mu, sd, ym } = c;
  return {
    features: p, outputs: q, lambda,
    predict(x: Float64Array): Float64Array {
      if (!(x instanceof Float64Array) || x.length % p !== 0) throw new RangeError(`${where}: predict needs a Float64Array [rows, ${p}], got length ${x?.length}`);
      const m = x.length / p, out = new Float64Array(m * q);
      for (let r = 0; r < m; r++) for (let o = 0; o < q; o++) {
        let s = ym[o];
        for (let j = 0; j < p; j++) s += ((x[r * p + j] - mu[j]) / sd[j]) * W[j * q + o];
        out[r * q + o] = s;
      }
      return out;
    },
  };
}

/** Solves A X = B for symmetric positive definite A [p, p], B [p, q]. */
function choleskySolve(where: string, A: Float64Array, B: Float64Array, p: number, q: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = A[j * p + j];
    for (let k = 0; k < j; k++) d -= L[j * p + k] ** 2;
    if (!(d > 1e-10 * A[j * p + j])) throw new RangeError(`${where}: the normal equations are singular at feature ${j} (a constant or repeated feature); raise lambda`);
    L[j * p + j] = Math.sqrt(d);
    for (let i = j + 1; i < p; i++) {
      let s = A[i * p + j];
      for (let k = 0; k < j; k++) s -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = s / L[j * p + j];
    }
  }
  const X = Float64Array.from(B);
  for (let o = 0; o < q; o++) {
    for (let i = 0; i < p; i++) { let s = X[i * q + o]; for (let k = 0; k < i; k++) s -= L[i * p + k] * X[k * q + o]; X[i * q + o] = s / L[i * p + i]; }
    for (let i = p - 1; i >= 0; i--) { let s = X[i * q + o]; for (let k = i + 1; k < p; k++) s -= L[k * p + i] * X[k * q + o]; X[i * q + o] = s / L[i * p + i]; }
  }
  return X;
}
