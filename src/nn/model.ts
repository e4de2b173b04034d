/**
 * The base of every model in src/nn: a frozen JSON config (config is data), the parameters it owns,
 * a differentiable forward pass `apply`, and a batched, gradient-free `predict`.
 *
 * `fromConfig(model.toConfig())` (see registry.ts) rebuilds an equal model: the config carries the
 * initialisation seed, so even the initial weights are equal.
 */
import * as tf from "@tensorflow/tfjs";
import { Params } from "./params";
import { checkInt, describe } from "./validate";

/** What `toConfig()` returns and `fromConfig()` takes: the registered class name and a JSON config. */
export interface SerializedModel<C = unknown> {
  className: string;
  config: C;
}

export abstract class Model<C extends object = object> {
  /** The name under which the class is registered (see registry.ts). */
  abstract readonly className: string;
  /** The architecture and initialisation seed, a deep-frozen plain JSON object. */
  readonly config: Readonly<C>;
  readonly params = new Params();

  protected constructor(config: C) {
    this.config = deepFreeze(JSON.parse(JSON.stringify(config)) as C);
  }

  /**
   * The forward pass, differentiable with respect to the parameters and to x; call it inside
   * tf.tidy / tf.variableGrads. Input and output layouts are documented by each model.
   */
  abstract apply(x: tf.Tensor): tf.Tensor;

  /**
   * apply() without gradients, in batches of `batchSize` along axis 0 (default 32) to bound memory;
   * returns a new tensor the caller disposes.
   */
  predict(x: tf.Tensor, opts: { batchSize?: number } = {}): tf.Tensor {
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${this.className}.predict: x must be a tf.Tensor, got ${describe(x)}`);
    const batchSize = checkInt(`${this.className}.predict`, "batchSize", opts.batchSize ?? 32, 1);
    const n = x.shape[0] ?? 0;
    if (n <= batchSize) return tf.tidy(() => this.apply(x));
    const parts: tf.Tensor[] = [];
    for (let i = 0; i < n; i += batchSize) {
      const size = Math.min(batchSize, n - i);
      parts.push(tf.tidy(() => this.apply(x.slice(i, size))));
    }
    const out = tf.concat(parts, 0);
    tf.dispose(parts);
    return out;
  }

  /** `{ className, config }`, a plain JSON copy. */
  toConfig(): SerializedModel<C> {
    return { className: this.className, config: JSON.parse(JSON.stringify(this.config)) as C };
  }

  /** Number of scalar parameters. */
  get numParams(): number {
    return this.params.count;
  }

  /** Frees the parameters and any cached constants. */
  dispose(): void {
    this.params.dispose();
  }
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object") {
    for (const v of Object.values(o as object)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
