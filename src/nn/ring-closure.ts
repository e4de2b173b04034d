/**
 * A learned closure for models on a ring of K sites (Lorenz-96): a network maps the local stencil
 * (X_{k−w}, …, X_{k+w}) of every site to its sub-grid tendency U_k — the same function at every
 * site, as the ring's shift symmetry asks (Wilks 2005; the "hybrid" models of notebook 01).
 *
 *   stencils(X)        X [rows, K] (float64) → standardised stencils [rows·K, 2w+1] (float32)
 *   fitRingClosure     trains an MLP on (stencil, U) pairs of a truth record with nn.train
 *   ringClosure        wraps the trained network as a sim.lorenz96 Closure: one batched network
 *                      call per right-hand-side evaluation for all members, float64 in and out
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, checkObject, readTensor } from "../core";
import type { Closure } from "../sim/lorenz96";
import type { Activation } from "./activations";
import type { FitProgress, FitResult } from "./fit";
import { MLP } from "./mlp";
import type { Module } from "./module";
import { train } from "./train";

/** Mean and standard deviation used to standardise a variable. */
export interface Standardisation { mean: number; std: number }

/** A trained ring closure: the network, how its inputs and outputs are scaled, and the training record. */
export interface RingClosure {
  model: Module;
  halfWidth: number;
  sites: number;
  x: Standardisation;
  u: Standardisation;
  /** The network as a sim.lorenz96 Closure (U in the units of dX/dt). */
  closure: Closure;
  training: FitResult;
}

/** Mean and (population) standard deviation of the first `n` values of a. */
export function standardisation(a: ArrayLike<number>, n = a.length): Standardisation {
  let m = 0, s = 0;
  for (let i = 0; i < n; i++) m += a[i];
  m /= n;
  for (let i = 0; i < n; i++) s += (a[i] - m) ** 2;
  return { mean: m, std: Math.sqrt(s / n) || 1 };
}

/** Standardised stencils [rows·K, 2w+1] (float32) of states X [rows, K] (float64), periodic in k. */
export function stencils(X: Float64Array, rows: number, sites: number, halfWidth: number, scale: Standardisation): tf.Tensor2D {
  const K = sites, w = halfWidth, width = 2 * w + 1, f = new Float32Array(rows * K * width);
  if (X.length < rows * K) throw new RangeError(`nn.stencils: X holds ${X.length} values, fewer than rows·K = ${rows}·${K}`);
  for (let r = 0; r < rows; r++) for (let k = 0; k < K; k++) for (let d = -w; d <= w; d++) {
    f[(r * K + k) * width + d + w] = (X[r * K + ((k + d + K) % K)] - scale.mean) / scale.std;
  }
  return tf.tensor2d(f, [rows * K, width]);
}

/** Wraps a network on stencils as a batched Closure; U = network output · u.std + u.mean. */
export function ringClosure(model: Module, sites: number, halfWidth: number, x: Standardisation, u: Standardisation): Closure {
  return (X, members, out) => {
    const p = readTensor(() => model.apply(stencils(X, members, sites, halfWidth, x)));
    for (let i = 0; i < members * sites; i++) out[i] = p[i] * u.std + u.mean;
  };
}

export interface RingClosureOptions {
  sites: number;
  /** Stencil half-width w: the network sees X_{k−w} … X_{k+w} (default 2). */
  halfWidth?: number;
  hiddenFeatures?: number[];
  activation?: Activation;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** Rows of the record held out at its end for validation (default 20%). */
  validationFraction?: number;
  seed: number;
  onProgress?: (done: number, total: number, info: FitProgress) => void;
}

/**
 * Fits an MLP closure U_k ≈ f(X_{k−w..k+w}) on a truth record X, U [rows, K] (float64): inputs
 * and outputs standardised with the fitting rows' statistics, MSE, Adam with a cosine schedule, the
 * last `validationFraction` of the rows as validation (its loss is in `training.history`).
 */
export async function fitRingClosure(X: Float64Array, U: Float64Array, opts: RingClosureOptions): Promise<RingClosure> {
  const where = "nn.fitRingClosure";
  checkObject(where, "options", opts);
  const K = checkInt(where, "sites", opts.sites, 1), w = checkInt(where, "halfWidth", opts.halfWidth ?? 2, 0, Math.floor((K - 1) / 2));
  if (X.length !== U.length || X.length % K !== 0) throw new RangeError(`${where}: X and U must both be [rows, ${K}], got lengths ${X.length} and ${U.length}`);
  const rows = X.length / K, nVal = Math.round((opts.validationFraction ?? 0.2) * rows), nFit = rows - nVal;
  if (nFit < 1) throw new RangeError(`${where}: no rows left to fit after holding out ${nVal} of ${rows}`);
  const x = standardisation(X, nFit * K), u = standardisation(U, nFit * K);
  const target = (from: number, to: number) => tf.tensor2d(Float32Array.from(U.subarray(from * K, to * K), (v) => (v - u.mean) / u.std), [(to - from) * K, 1]);
  const model = new MLP({ inFeatures: 2 * w + 1, outFeatures: 1, hiddenFeatures: opts.hiddenFeatures ?? [32, 32], activation: opts.activation ?? "tanh", seed: opts.seed });
  const fitX = stencils(X, nFit, K, w, x), fitY = target(0, nFit);
  const val = nVal > 0 ? { x: stencils(X.subarray(nFit * K), nVal, K, w, x), y: target(nFit, rows) } : undefined;
  const training = await train(model, { x: fitX, y: fitY }, {
    epochs: opts.epochs, batchSize: opts.batchSize ?? 256, learningRate: opts.learningRate ?? 3e-3, schedule: { kind: "cosine" },
    seed: opts.seed, validation: val, onProgress: opts.onProgress,
  });
  tf.dispose([fitX, fitY, ...(val ? [val.x, val.y] : [])]);
  return { model, halfWidth: w, sites: K, x, u, closure: ringClosure(model, K, w, x, u), training };
}
