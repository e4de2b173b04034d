/**
 * Local attribution maps (Gu & Dong 2021, "Interpreting super-resolution networks with local
 * attribution maps"): path-integrated gradients along a progressive Gaussian-blur path. The path
 * starts at the input blurred with σ_max and removes the blur step by step, γ_k = G(σ_k) * x with
 * σ_k = σ_max (1 − k/K), k = 0 … K, so γ_K = x. The attribution is Σ_k ∇F(γ_{k−½}) ⊙ (γ_k − γ_{k−1})
 * with γ_{k−½} the input blurred at the mid-step σ: Gu & Dong take the gradient at each step's end,
 * an O(1/K) rule; the midpoint makes the completeness error O(1/K²): Σ A → F(x) − F(γ_0).
 * The target is typically one output window's mean (windowTarget). diffusionIndex measures how
 * spread the map is.
 */
import * as tf from "@tensorflow/tfjs";
import { checkFunction, checkInt, checkObject, checkOneOf, checkPositive, checkTensor, shapeString } from "../core";
import { pathIntegral, type AttributionResult, type PathIntegralOptions } from "./path-integral";
import type { Forward } from "./target";

export const BLUR_PADDINGS = ["reflect", "circular"] as const;

export interface LocalAttributionOptions extends PathIntegralOptions {
  /** Blur of the baseline, in pixels, > 0 (default 1.2, Gu & Dong's demo; larger for smooth fields). */
  sigma?: number;
  /** Path steps K, ≥ 1 (default 50). */
  nSteps?: number;
  /** Boundary of the blur: "reflect" (mirror without repeating the edge, default) or "circular" (periodic fields). */
  padding?: (typeof BLUR_PADDINGS)[number];
}

const WHERE = "sensitivity.localAttributionMap";

/**
 * The LAM of F = target ∘ f at x [N, H, W, C] (NHWC float32): attributions [N, H, W, C] in units of
 * F, and delta [N], the completeness error Σ A − (F(x) − F(G(σ_max) * x)).
 */
export function localAttributionMap(f: Forward, x: tf.Tensor, opts: LocalAttributionOptions = {}): Required<AttributionResult> {
  checkFunction(WHERE, "f", f, "(x [N, H, W, C]) => y [N, ...out]");
  checkTensor(WHERE, "x", x, 4, "[N, H, W, C]");
  checkObject(WHERE, "options", opts);
  const sigma = checkPositive(WHERE, "sigma", opts.sigma ?? 1.2);
  const nSteps = checkInt(WHERE, "nSteps", opts.nSteps ?? 50, 1);
  const padding = checkOneOf(WHERE, "padding", opts.padding ?? "reflect", BLUR_PADDINGS);
  const [n, h, w, c] = x.shape, size = x.size;
  const src = Float64Array.from(x.dataSync());
  const path = new Float32Array((nSteps + 1) * size); // γ_0 … γ_K, each [N, H, W, C]
  for (let k = 0; k <= nSteps; k++) path.set(gaussianBlur(src, [n, h, w, c], sigma * (1 - k / nSteps), padding), k * size);
  const start = tf.tensor(path.subarray(0, size), x.shape, "float32");
  try {
    return pathIntegral(WHERE, f, x, {
      nSteps,
      start,
      chunk: (k0, m) => {
        const rows = [m * n, h, w, c];
        const mid = new Float32Array(m * size);
        for (let k = 0; k < m; k++) mid.set(gaussianBlur(src, [n, h, w, c], sigma * (1 - (k0 + k + 0.5) / nSteps), padding), k * size);
        const after = tf.tensor(path.subarray((k0 + 1) * size, (k0 + 1 + m) * size), rows, "float32");
        const before = tf.tensor(path.subarray(k0 * size, (k0 + m) * size), rows, "float32");
        return { points: tf.tensor(mid, rows, "float32"), velocities: tf.sub(after, before) };
      },
    }, opts);
  } finally {
    start.dispose();
  }
}

/**
 * x [N, H, W, C] (row-major values) blurred with a sampled, normalised Gaussian of std `sigma`
 * pixels (σ = 0: a copy), separably along H and W, radius ⌈3σ⌉; float64 in and out.
 */
export function gaussianBlur(x: Float64Array, shape: readonly [number, number, number, number], sigma: number, padding: (typeof BLUR_PADDINGS)[number] = "reflect"): Float64Array {
  const [n, h, w, c] = shape;
  if (x.length !== n * h * w * c) throw new RangeError(`sensitivity.gaussianBlur: x has ${x.length} values, expected ${shapeString([...shape])}`);
  checkPositive("sensitivity.gaussianBlur", "sigma", sigma, true);
  if (sigma === 0) return Float64Array.from(x);
  const r = Math.ceil(3 * sigma), kernel = new Float64Array(2 * r + 1);
  let s = 0;
  for (let i = -r; i <= r; i++) s += (kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma)));
  for (let i = 0; i < kernel.length; i++) kernel[i] /= s;
  const index = (i: number, len: number) => {
    if (padding === "circular") return ((i % len) + len) % len;
    if (len === 1) return 0;
    const period = 2 * (len - 1);
    const m = ((i % period) + period) % period;
    return m < len ? m : period - m;
  };
  const along = (src: Float64Array, axis: 1 | 2) => {
    const out = new Float64Array(src.length), len = axis === 1 ? h : w;
    for (let b = 0; b < n; b++) for (let y = 0; y < h; y++) for (let z = 0; z < w; z++) for (let ch = 0; ch < c; ch++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) {
        const yy = axis === 1 ? index(y + i, len) : y, zz = axis === 2 ? index(z + i, len) : z;
        acc += kernel[i + r] * src[((b * h + yy) * w + zz) * c + ch];
      }
      out[((b * h + y) * w + z) * c + ch] = acc;
    }
    return out;
  };
  return along(along(x, 1), 2);
}

/**
 * A target for an NHWC output y [N, H, W, C]: the mean of channel `channel` over the window
 * rows [row, row + height) × columns [col, col + width), one value per sample [N].
 */
export function windowTarget(row: number, col: number, height: number, width: number, channel = 0): (y: tf.Tensor) => tf.Tensor {
  const where = "sensitivity.windowTarget";
  for (const [name, v, lo] of [["row", row, 0], ["col", col, 0], ["height", height, 1], ["width", width, 1], ["channel", channel, 0]] as const) checkInt(where, name, v, lo);
  return (y) => {
    const t = checkTensor(where, "y", y, 4, "[N, H, W, C]");
    const [n, h, w, c] = t.shape;
    if (row + height > h || col + width > w || channel >= c) {
      throw new RangeError(`${where}: window rows ${row}…${row + height - 1}, columns ${col}…${col + width - 1}, channel ${channel} lies outside y ${shapeString(t.shape)}`);
    }
    return t.slice([0, row, col, channel], [n, height, width, 1]).mean([1, 2, 3]);
  };
}

/**
 * Gu & Dong's diffusion index of attribution maps [N, ...] (NHWC maps: |A| summed over channels
 * first): DI = 100 (1 − G), G the Gini index of the |A| values, G = Σ_i (2i − m − 1) a_(i) / (m Σ a)
 * over the m sorted values. DI ≈ 0: all attribution on one pixel; DI = 100: spread evenly.
 * Returns [N] (a map of zeros has DI 100 by convention: nothing concentrates it).
 */
export function diffusionIndex(attributions: tf.Tensor): Float64Array {
  const a = checkTensor("sensitivity.diffusionIndex", "attributions", attributions, [2, 3, 4], "[N, ...] (NHWC maps or [N, features])");
  const mags = tf.tidy(() => (a.rank === 4 ? tf.abs(a).sum(3) : tf.abs(a)).reshape([a.shape[0], -1]));
  const [n, m] = mags.shape as [number, number], v = mags.dataSync();
  mags.dispose();
  const out = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const sorted = Float64Array.from(v.subarray(s * m, (s + 1) * m)).sort();
    let num = 0, den = 0;
    for (let i = 0; i < m; i++) { num += (2 * (i + 1) - m - 1) * sorted[i]; den += sorted[i]; }
    out[s] = den > 0 ? 100 * (1 - num / (m * den)) : 100;
  }
  return out;
}
