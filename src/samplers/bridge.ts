/**
 * The image-to-image Schrödinger bridge of I2SB (Liu et al. 2023, arXiv:2302.05872): a Gaussian
 * bridge between a clean sample x_0 (n = 0) and its degraded version x_1 (n = T) — here the
 * interpolated low-resolution field — with a symmetric noise schedule β_i, i = 0 … T−1.
 *
 * On the grid n = 0 … T, σ_n² = Σ_{i<n} β_i (variance accumulated from x_0) and σ̄_n² = Σ_{i≥n} β_i
 * (still to come before x_1). The bridge's marginal (I2SB eq. 11, the product of two Gaussians):
 *
 *   q(x_n | x_0, x_1) = N(μ_n, v_n),  μ_n = σ̄_n²/(σ_n² + σ̄_n²)·x_0 + σ_n²/(σ_n² + σ̄_n²)·x_1,
 *                                     v_n = σ_n²·σ̄_n²/(σ_n² + σ̄_n²)
 *
 * so training needs no simulation (`addNoise`). The network predicts ε = (x_n − x_0)/σ_n
 * ("epsilon", I2SB's label) or x_0 ("sample"). Sampling starts from x_T = x_1 and steps from n to
 * the previous visited m < n by the posterior q(x_m | x̂_0, x_n) (I2SB eq. 12):
 *
 *   x_m = (δ²·x̂_0 + σ_m²·x_n)/σ_n² + √(σ_m²δ²/σ_n²)·z,   δ² = σ_n² − σ_m²
 *
 * (z omitted by the "ode" option, I2SB's OT-ODE, and on the last step, which lands on x̂_0), with
 * any number of visited steps. β_i rises as (√βs + (√βe − √βs)·i/(T/2 − 1))² over the first half
 * and mirrors it in the second.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBoolean, checkFinite, checkInt, checkObject, checkOneOf, describe, shapeString } from "../core";
import { PREDICTION_TYPES, perSample, stepNoise, timestepList, type PredictionType, type SchedulerOutput, type SerializedScheduler, type StepNoise } from "./scheduler";

export interface BridgeSchedulerConfig {
  /** Number T of steps between x_0 and x_1 (even, default 1000). */
  numTrainTimesteps?: number;
  /** β at both ends (default 1e-4). */
  betaStart?: number;
  /** β at the middle (default 3e-4: σ_T² ≈ 0.18, for data of unit scale). */
  betaEnd?: number;
  /** What the network predicts (default "epsilon": (x_n − x_0)/σ_n). */
  predictionType?: PredictionType;
}

export interface BridgeStepOptions extends StepNoise {
  /** Deterministic steps (I2SB's OT-ODE; default false). */
  ode?: boolean;
}

/** The marginal's coefficients at n: μ_n = a·x_0 + b·x_1, variance v. */
export interface BridgeMarginal {
  a: number;
  b: number;
  variance: number;
}

export class BridgeScheduler {
  readonly className = "BridgeScheduler";
  readonly config: Readonly<Required<BridgeSchedulerConfig>>;
  /** β_i [T] (float64). */
  readonly betas: Float64Array;
  /** σ_n² [T + 1]: variance accumulated from x_0. */
  readonly sigma2: Float64Array;
  /** σ̄_n² [T + 1]: variance left before x_1. */
  readonly sigmaBar2: Float64Array;
  private visited: Int32Array;

  constructor(config: BridgeSchedulerConfig = {}) {
    const where = "BridgeScheduler";
    checkObject(where, "config", config);
    const c = {
      numTrainTimesteps: checkInt(where, "numTrainTimesteps", config.numTrainTimesteps ?? 1000, 2),
      betaStart: checkFinite(where, "betaStart", config.betaStart ?? 1e-4, 0),
      betaEnd: checkFinite(where, "betaEnd", config.betaEnd ?? 3e-4, 0),
      predictionType: checkOneOf(where, "predictionType", config.predictionType ?? "epsilon", PREDICTION_TYPES),
    };
    const T = c.numTrainTimesteps, half = T / 2;
    if (T % 2 !== 0) throw new RangeError(`${where}: numTrainTimesteps must be even (a symmetric schedule), got ${T}`);
    if (!(c.betaStart > 0 && c.betaEnd >= c.betaStart)) throw new RangeError(`${where}: need 0 < betaStart ≤ betaEnd, got betaStart=${c.betaStart}, betaEnd=${c.betaEnd}`);
    this.config = Object.freeze(c);
    this.betas = new Float64Array(T);
    for (let i = 0; i < half; i++) {
      const r = half === 1 ? 0 : i / (half - 1);
      this.betas[i] = this.betas[T - 1 - i] = (Math.sqrt(c.betaStart) + (Math.sqrt(c.betaEnd) - Math.sqrt(c.betaStart)) * r) ** 2;
    }
    this.sigma2 = new Float64Array(T + 1);
    this.sigmaBar2 = new Float64Array(T + 1);
    for (let n = 1; n <= T; n++) this.sigma2[n] = this.sigma2[n - 1] + this.betas[n - 1];
    for (let n = T - 1; n >= 0; n--) this.sigmaBar2[n] = this.sigmaBar2[n + 1] + this.betas[n];
    this.visited = new Int32Array(0);
    this.setTimesteps(T);
  }

  /** The visited steps, decreasing from T (x_1) to the last network evaluation; the sampler ends at n = 0. */
  get timesteps(): Int32Array {
    return this.visited.slice();
  }

  get numInferenceSteps(): number {
    return this.visited.length;
  }

  /** Visits k ≤ T steps: n_i = round(T·(k − i)/k), i = 0 … k−1 (then 0). */
  setTimesteps(numInferenceSteps: number): void {
    const T = this.config.numTrainTimesteps;
    const k = checkInt("BridgeScheduler.setTimesteps", "numInferenceSteps", numInferenceSteps, 1, T);
    this.visited = Int32Array.from({ length: k }, (_, i) => Math.round((T * (k - i)) / k));
  }

  /** The visited step after n (0 after the last); throws when n is not visited. */
  previousTimestep(n: number): number {
    const i = this.visited.indexOf(n);
    if (i < 0) throw new RangeError(`BridgeScheduler.step: timestep ${String(n)} is not one of the ${this.visited.length} visited by setTimesteps (${Array.from(this.visited.slice(0, 4)).join(", ")}${this.visited.length > 4 ? ", …" : ""})`);
    return i + 1 < this.visited.length ? this.visited[i + 1] : 0;
  }

  /** The analytic marginal at n ∈ [0, T]: μ_n = a·x_0 + b·x_1 and variance v_n (module comment). */
  marginal(n: number): BridgeMarginal {
    checkInt("BridgeScheduler.marginal", "n", n, 0, this.config.numTrainTimesteps);
    const s = this.sigma2[n], sb = this.sigmaBar2[n], tot = s + sb;
    return { a: sb / tot, b: s / tot, variance: (s * sb) / tot };
  }

  /**
   * A draw of the bridge's marginal: a·x_0 + b·x_1 + √v·ε per sample at steps n [B] (integers in
   * [0, T]). original (x_0), degraded (x_1), noise [B, …] of one shape. Returns a new tensor.
   */
  addNoise(original: tf.Tensor, degraded: tf.Tensor, noise: tf.Tensor, timesteps: readonly number[] | Int32Array | tf.Tensor): tf.Tensor {
    const where = "BridgeScheduler.addNoise";
    for (const [name, t] of [["degraded", degraded], ["noise", noise]] as const) {
      if (!(original instanceof tf.Tensor) || !(t instanceof tf.Tensor) || t.shape.join() !== original.shape.join()) {
        throw new RangeError(`${where}: original, degraded and noise must be tensors of one shape [batch, …]; original is ${describe(original)}, ${name} ${describe(t)}`);
      }
    }
    const m = timestepList(where, timesteps, original.shape[0], this.config.numTrainTimesteps).map((n) => this.marginal(n));
    return tf.tidy(() => tf.addN([
      tf.mul(perSample(m.map((q) => q.a), original), original), tf.mul(perSample(m.map((q) => q.b), degraded), degraded),
      tf.mul(perSample(m.map((q) => Math.sqrt(q.variance)), noise), noise),
    ]));
  }

  /** The training target at steps n [B] ≥ 1: (x_n − x_0)/σ_n ("epsilon") or x_0 ("sample"). */
  trainingTarget(original: tf.Tensor, noisy: tf.Tensor, timesteps: readonly number[]): tf.Tensor {
    if (this.config.predictionType === "sample") return original;
    timesteps.forEach((n, i) => checkInt("BridgeScheduler.trainingTarget", `timesteps[${i}]`, n, 1, this.config.numTrainTimesteps));
    return tf.tidy(() => tf.mul(tf.sub(noisy, original), perSample(timesteps.map((n) => 1 / Math.sqrt(this.sigma2[n])), noisy)));
  }

  /** x̂_0 from the network's output at step n on x_n (a new tensor). */
  predictOriginal(modelOutput: tf.Tensor, n: number, sample: tf.Tensor): tf.Tensor {
    if (!(modelOutput instanceof tf.Tensor) || !(sample instanceof tf.Tensor) || modelOutput.shape.join() !== sample.shape.join()) {
      throw new RangeError(`BridgeScheduler.step: modelOutput and sample must be tensors of the same shape, got ${describe(modelOutput)} and ${describe(sample)}`);
    }
    if (this.config.predictionType === "sample") return modelOutput.clone();
    return tf.tidy(() => tf.sub(sample, tf.mul(modelOutput, Math.sqrt(this.sigma2[n]))));
  }

  /** One posterior step from visited n to the previous visited m (module comment); opts.rng or opts.noise unless ode or m = 0. */
  step(modelOutput: tf.Tensor, timestep: number, sample: tf.Tensor, opts: BridgeStepOptions = {}): SchedulerOutput {
    const m = this.previousTimestep(timestep);
    const ode = checkBoolean("BridgeScheduler.step", "ode", opts.ode, false);
    const x0 = this.predictOriginal(modelOutput, timestep, sample);
    const sn = this.sigma2[timestep], sm = this.sigma2[m], d = sn - sm;
    const std = ode || m === 0 ? 0 : Math.sqrt((sm * d) / sn);
    const z = std > 0 ? stepNoise("BridgeScheduler.step", sample, opts) : undefined;
    const prevSample = tf.tidy(() => {
      const mean = tf.add(tf.mul(x0, d / sn), tf.mul(sample, sm / sn));
      return z === undefined ? mean : tf.add(mean, tf.mul(z, std));
    });
    z?.dispose();
    return { prevSample, predOriginalSample: x0 };
  }

  /** `{ className, config }`, a plain JSON copy. */
  toConfig(): SerializedScheduler<Required<BridgeSchedulerConfig>> {
    return { className: this.className, config: JSON.parse(JSON.stringify(this.config)) };
  }
}

/** Checks that x_1 is a tensor [B, …] with axis 0 the sample. */
export function checkDegraded(where: string, x1: unknown): tf.Tensor {
  if (!(x1 instanceof tf.Tensor) || x1.rank < 2) throw new TypeError(`${where}: degraded must be a tensor [batch, …], got ${describe(x1)}`);
  if (x1.dtype !== "float32") throw new TypeError(`${where}: degraded must be float32, got ${x1.dtype} (shape ${shapeString(x1.shape)})`);
  return x1;
}
