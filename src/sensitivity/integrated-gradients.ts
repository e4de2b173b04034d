/**
 * Integrated gradients (Sundararajan et al. 2017) in captum's form: the straight path
 * γ(α) = b + α(x − b) from a baseline b to the input, A = (x − b) ⊙ ∫₀¹ ∇F(γ(α)) dα by a quadrature
 * rule, and the completeness delta Σ A − (F(x) − F(b)). For F linear, A = ∇F ⊙ (x − b) exactly.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFunction, checkInt, checkTensor, describe, shapeString } from "../core";
import { pathIntegral, type AttributionResult, type PathIntegralOptions } from "./path-integral";
import { quadrature, type QuadratureMethod } from "./quadrature";
import type { Forward } from "./target";

export interface IntegratedGradientsOptions extends PathIntegralOptions {
  /** b, shaped like x [N, ...in], or a number filling it (default 0). */
  baseline?: tf.Tensor | number;
  /** Quadrature nodes, ≥ 1 (≥ 2 for riemann_trapezoid; default 50 as captum). */
  nSteps?: number;
  /** Quadrature rule (default "gausslegendre" as captum). */
  method?: QuadratureMethod;
}

const WHERE = "sensitivity.integratedGradients";

/** The baseline tensor [N, ...in] for x (a new tensor the caller disposes). */
export function resolveBaseline(where: string, x: tf.Tensor, baseline: tf.Tensor | number | undefined): tf.Tensor {
  if (baseline === undefined || typeof baseline === "number") {
    if (baseline !== undefined && !Number.isFinite(baseline)) throw new RangeError(`${where}: baseline must be finite, got ${baseline}`);
    return tf.fill(x.shape, baseline ?? 0);
  }
  if (!(baseline instanceof tf.Tensor)) throw new TypeError(`${where}: baseline must be a tf.Tensor shaped like x ${shapeString(x.shape)} or a number, got ${describe(baseline)}`);
  if (shapeString(baseline.shape) !== shapeString(x.shape)) {
    throw new RangeError(`${where}: baseline must have x's shape ${shapeString(x.shape)}, got ${shapeString(baseline.shape)}`);
  }
  return baseline.toFloat().add(0);
}

/** Checks x: a float32 batch [N, ...in] with N ≥ 1. */
export function checkInput(where: string, x: unknown): tf.Tensor {
  const t = checkTensor(where, "x", x, [2, 3, 4, 5], "[N, ...in] (e.g. NHWC or [N, features])");
  if (t.shape[0] < 1) throw new RangeError(`${where}: x must hold at least one sample, got shape ${shapeString(t.shape)}`);
  return t;
}

/**
 * Integrated gradients of F = target ∘ f at x [N, ...in] (float32; NHWC fields or [N, features]):
 * attributions [N, ...in] in units of F, and delta [N]. 128 steps of N samples cost
 * ⌈128·N / internalBatchSize⌉ batched forward/backward passes (+ 2 forward passes for F(x), F(b)).
 */
export function integratedGradients(f: Forward, x: tf.Tensor, opts: IntegratedGradientsOptions = {}): Required<AttributionResult> {
  checkFunction(WHERE, "f", f, "(x [N, ...in]) => y [N, ...out]");
  checkInput(WHERE, x);
  const nSteps = checkInt(WHERE, "nSteps", opts.nSteps ?? 50, 1);
  const { alphas, weights } = quadrature(opts.method ?? "gausslegendre", nSteps, WHERE);
  const start = resolveBaseline(WHERE, x, opts.baseline);
  const diff = tf.sub(x, start);
  const stepShape = [-1, ...x.shape.map(() => 1)];
  try {
    return pathIntegral(WHERE, f, x, {
      nSteps,
      start,
      chunk: (k0, c) => {
        const a = tf.tensor1d(Float32Array.from(alphas.subarray(k0, k0 + c))).reshape(stepShape);
        const w = tf.tensor1d(Float32Array.from(weights.subarray(k0, k0 + c))).reshape(stepShape);
        const rows = [c * x.shape[0], ...x.shape.slice(1)];
        return { points: tf.add(start, tf.mul(a, diff)).reshape(rows), velocities: tf.mul(w, diff).reshape(rows) };
      },
    }, opts);
  } finally {
    tf.dispose([start, diff]);
  }
}
