// The exact denoiser of Gaussian data x_0 ~ N(m, s²) (every element independent), as an nn.Module
// reading cond.t: E[ε | x_t] or E[x_0 | x_t] under q(x_t | x_0) = N(√ᾱ_t·x_0, 1 − ᾱ_t).
import * as tf from "@tensorflow/tfjs";
import { Module, condTensor, type Conditioning } from "../../src/nn";
import type { NoiseScheduler } from "../../src/samplers";

export class GaussianDenoiser extends Module<{ m: number; s: number }> {
  readonly className = "GaussianDenoiser";
  private readonly slope: Float32Array;
  private readonly offset: Float32Array;

  constructor(scheduler: NoiseScheduler, m: number, s: number) {
    super({ m, s });
    const T = scheduler.config.numTrainTimesteps, eps = scheduler.config.predictionType === "epsilon";
    this.slope = new Float32Array(T);
    this.offset = new Float32Array(T);
    scheduler.alphasCumprod.forEach((ab, t) => {
      const v = ab * s * s + 1 - ab, r = Math.sqrt(ab);
      // epsilon: √(1−ᾱ)(x − √ᾱ m)/v; sample: m + √ᾱ s² (x − √ᾱ m)/v
      const k = eps ? Math.sqrt(1 - ab) / v : (r * s * s) / v;
      this.slope[t] = k;
      this.offset[t] = eps ? -k * r * m : m - k * r * m;
    });
  }

  apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor {
    const t = condTensor("GaussianDenoiser", cond, "t", "[batch]").toInt();
    const shape = [x.shape[0], ...new Array<number>(x.rank - 1).fill(1)];
    return tf.add(tf.mul(x, tf.gather(tf.tensor1d(this.slope), t).reshape(shape)), tf.gather(tf.tensor1d(this.offset), t).reshape(shape));
  }
}

/** Mean and standard deviation of an array. */
export function moments(a: ArrayLike<number>): { mean: number; std: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < a.length; i++) { s += a[i]; s2 += a[i] * a[i]; }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(s2 / a.length - mean * mean) };
}
