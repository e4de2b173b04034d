/**
 * The one-pass gradient attributions: saliency |∇F(x)| (Simonyan et al. 2014; captum's Saliency)
 * and gradient × input ∇F(x) ⊙ (x − b) (captum's InputXGradient, b = 0 by default), the first-order
 * Taylor term whose completeness gap Σ A − (F(x) − F(b)) measures how nonlinear F is between b and x.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBoolean, checkFunction, checkObject } from "../core";
import { checkInput, resolveBaseline } from "./integrated-gradients";
import { rowSums, type AttributionResult } from "./path-integral";
import { targetGradients, targetValues, type Forward, type Target } from "./target";

export interface SaliencyOptions {
  target?: Target;
  /** Absolute value of the gradient (default true, as captum). */
  abs?: boolean;
}

export interface GradientXInputOptions {
  target?: Target;
  /** Reference input b, shaped like x or a number (default 0). */
  baseline?: tf.Tensor | number;
}

/** ∂F/∂x at x [N, ...in] (|·| unless abs = false): attributions [N, ...in] in units of F per unit of x. */
export function saliency(f: Forward, x: tf.Tensor, opts: SaliencyOptions = {}): AttributionResult {
  const where = "sensitivity.saliency";
  checkFunction(where, "f", f, "(x [N, ...in]) => y [N, ...out]");
  checkInput(where, x);
  checkObject(where, "options", opts);
  const abs = checkBoolean(where, "abs", opts.abs, true);
  targetValues(where, f, x, opts.target);
  const g = targetGradients(f, x, opts.target);
  if (!abs) return { attributions: g };
  const a = tf.abs(g);
  g.dispose();
  return { attributions: a };
}

/** ∇F(x) ⊙ (x − b) at x [N, ...in]: attributions [N, ...in] in units of F, and the completeness delta [N]. */
export function gradientXInput(f: Forward, x: tf.Tensor, opts: GradientXInputOptions = {}): Required<AttributionResult> {
  const where = "sensitivity.gradientXInput";
  checkFunction(where, "f", f, "(x [N, ...in]) => y [N, ...out]");
  checkInput(where, x);
  checkObject(where, "options", opts);
  const b = resolveBaseline(where, x, opts.baseline);
  const fx = targetValues(where, f, x, opts.target), fb = targetValues(where, f, b, opts.target);
  const attributions = tf.tidy(() => tf.mul(targetGradients(f, x, opts.target), tf.sub(x, b)));
  b.dispose();
  const s = rowSums(attributions);
  return { attributions, delta: Float64Array.from(s, (v, i) => v - (fx[i] - fb[i])) };
}
