/**
 * The machinery shared by the equivariant convolution and the equivariant sub-pixel upsampling: a
 * base filter and bias as variables, their weight-sharing plans, and the forward pass — the full
 * filter assembled by `sharedFilter`, then ONE core.conv2d (fast and differentiable on tfjs-wasm).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, conv2d, type ConvActivation } from "../../core";
import { circularPad } from "../../core";
import type { Params } from "../params";
import { TRIVIAL, type Monomial } from "./field-type";
import { filterPlan, releasePlan, sharedFilter, type FilterPlan } from "./filter-plan";

export const EQUIVARIANT_PADDINGS = ["same", "valid", "circular"] as const;
export type EquivariantPadding = (typeof EQUIVARIANT_PADDINGS)[number];

export interface SharedConv {
  weight: tf.Variable;
  bias: tf.Variable | undefined;
  plan: FilterPlan;
  biasPlan: FilterPlan | undefined;
}

/**
 * Registers "weight" (the base filter [k, k, cin, orbits]) and, when asked and allowed by the
 * constraint, "bias" (one value per output orbit whose bias may be non-zero) in `params`.
 * Initial values: uniform in ±√(N/L)/√(k²·cin) for an orbit of length L — the average of N/L
 * images divides the variance by N/L, so every entry of the full filter starts with PyTorch's
 * default variance for a conv with cin inputs.
 */
export function addSharedConv(params: Params, rng: Rng, k: number, inRep: Monomial, outRep: Monomial, n: number, bias: boolean): SharedConv {
  const plan = filterPlan(k, inRep, outRep, n);
  const fanIn = k * k * inRep.dim, size = plan.paramShape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let p = 0; p < size; p++) {
    const bound = Math.sqrt(n / plan.orbitLength[p % plan.orbits]) / Math.sqrt(fanIn);
    values[p] = (2 * rng.uniform() - 1) * bound;
  }
  const weight = params.add("weight", plan.paramShape, values);
  let biasVar: tf.Variable | undefined, biasPlan: FilterPlan | undefined;
  if (bias) {
    const bp = filterPlan(1, TRIVIAL, outRep, n, { compact: true });
    if (bp.paramShape[0] > 0) {
      const bound = 1 / Math.sqrt(fanIn);
      biasVar = params.add("bias", bp.paramShape, Float32Array.from({ length: bp.paramShape[0] }, () => (2 * rng.uniform() - 1) * bound));
      biasPlan = bp;
    }
  }
  return { weight, bias: biasVar, plan, biasPlan };
}

/** The full filter [k, k, cin, cout] and bias [cout] (if any) of a shared conv. */
export function sharedWeights(s: SharedConv): { filter: tf.Tensor4D; bias: tf.Tensor1D | undefined } {
  const filter = sharedFilter(s.weight, s.plan) as tf.Tensor4D;
  // + 0: a real copy. tfjs-wasm's fused conv reads a bias's rank from its data buffer, and its gather
  // records every output buffer as rank 4, so a gathered bias must not reach it directly.
  const bias = s.bias && s.biasPlan ? (tf.add(sharedFilter(s.bias, s.biasPlan, [s.plan.cout]), 0) as tf.Tensor1D) : undefined;
  return { filter, bias };
}

/** x [B, H, W, cin] → [B, H', W', cout]: one core.conv2d with the assembled filter. */
export function applySharedConv(x: tf.Tensor4D, s: SharedConv, padding: EquivariantPadding, activation: ConvActivation): tf.Tensor4D {
  const { filter, bias } = sharedWeights(s);
  const h = (s.plan.k - 1) / 2;
  const input = padding === "circular" ? circularPad(x, h, h) : x;
  return conv2d(input, filter, { padding: padding === "same" ? "same" : "valid", bias, activation });
}

/** Frees the plans' cached constant tensors (the variables belong to the module's params). */
export function releaseSharedConv(s: SharedConv): void {
  releasePlan(s.plan);
  if (s.biasPlan !== undefined) releasePlan(s.biasPlan);
}
