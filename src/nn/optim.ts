/**
 * Adam (Kingma & Ba 2015, Algorithm 1) with PyTorch's conventions: bias-corrected moments,
 * p ← p − lr·m̂/(√v̂ + ε), and optional L2 weight decay added to the gradient (torch.optim.Adam's
 * `weight_decay`). Written here rather than taken from tf.train.adam so that the learning rate can
 * follow a schedule step by step and the state is plain and inspectable.
 *
 * The moments of all variables live in one flat vector each, and a step updates all variables with
 * one chain of element-wise kernels over their concatenation (flat-weights.ts): the same bits as the
 * per-variable form, several times faster for a small model on tfjs-wasm.
 */
import * as tf from "@tensorflow/tfjs";
import { checkPositive } from "../core";
import { flatten, unflatten } from "./flat-weights";

export interface AdamOptions {
  /** Initial learning rate (> 0); the training loop changes `learningRate` per step. */
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** L2 penalty coefficient added to the gradient (default 0). */
  weightDecay?: number;
}

export class Adam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  /** Number of updates applied so far. */
  iterations = 0;
  /** First and second moments of all variables, flattened and concatenated in `variables` order. */
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly sizes: number[];

  constructor(readonly variables: tf.Variable[], opts: AdamOptions) {
    const where = "Adam";
    this.learningRate = checkPositive(where, "learningRate", opts.learningRate);
    this.beta1 = checkPositive(where, "beta1", opts.beta1 ?? 0.9, true);
    this.beta2 = checkPositive(where, "beta2", opts.beta2 ?? 0.999, true);
    if (this.beta1 >= 1 || this.beta2 >= 1) throw new RangeError(`${where}: beta1 and beta2 must be < 1, got ${this.beta1}, ${this.beta2}`);
    this.epsilon = checkPositive(where, "epsilon", opts.epsilon ?? 1e-8);
    this.weightDecay = checkPositive(where, "weightDecay", opts.weightDecay ?? 0, true);
    // inside tidy: tf.variable keeps its initial tensor registered; tidy disposes it (not the variable)
    this.sizes = variables.map((p) => p.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  /** Applies one update; `grads[i]` is the gradient of `variables[i]` (same shape). */
  step(grads: tf.Tensor[]): void {
    if (grads.length !== this.variables.length) {
      throw new RangeError(`Adam.step: expected ${this.variables.length} gradients, got ${grads.length}`);
    }
    grads.forEach((g, i) => {
      if (!(g instanceof tf.Tensor) || g.size !== this.sizes[i]) {
        throw new RangeError(`Adam.step: gradient ${i} must be a tensor of ${this.sizes[i]} elements (the shape of variable "${this.variables[i].name}", [${this.variables[i].shape.join(",")}]), got ${g instanceof tf.Tensor ? `[${g.shape.join(",")}]` : typeof g}`);
      }
    });
    this.iterations += 1;
    const t = this.iterations, { beta1: b1, beta2: b2 } = this;
    const stepSize = this.learningRate / (1 - b1 ** t);
    const vScale = 1 / (1 - b2 ** t);
    tf.tidy(() => {
      const p = flatten(this.variables);
      let g = flatten(grads);
      if (this.weightDecay > 0) g = tf.add(g, tf.mul(p, this.weightDecay));
      const m = tf.add(tf.mul(this.m, b1), tf.mul(g, 1 - b1));
      const v = tf.add(tf.mul(this.v, b2), tf.mul(tf.square(g), 1 - b2));
      this.m.assign(m);
      this.v.assign(v);
      const denom = tf.add(tf.sqrt(tf.mul(v, vScale)), this.epsilon);
      const next = unflatten(tf.sub(p, tf.mul(tf.div(m, denom), stepSize)), this.variables);
      this.variables.forEach((q, i) => q.assign(next[i]));
    });
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}
