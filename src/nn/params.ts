/**
 * The trainable parameters of one module: an ordered list of named float32 tf.Variables, its own
 * and those of its sub-modules (`adopt`). Names are paths local to the module ("lifting/weight",
 * "blocks/0/spectral/weightReal") and are the keys of checkpoints.
 * Initial values are drawn from a seeded core.Rng, never from tfjs' own generator, so that the same
 * seed gives the same weights on every backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../core";
import { shapeString } from "../core";

export class Params {
  private readonly entries = new Map<string, tf.Variable>();

  /** Registers a variable [shape] holding `values` (length = product of shape). */
  add(name: string, shape: number[], values: Float32Array): tf.Variable {
    if (this.entries.has(name)) throw new RangeError(`Params.add: a parameter named "${name}" already exists`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) {
      throw new RangeError(`Params.add: "${name}" has shape ${shapeString(shape)} (${size} values), got ${values.length} values`);
    }
    // Variables get tfjs' auto-generated unique names: two models may hold parameters of the same local name.
    // inside tidy: tf.variable keeps its initial tensor registered; tidy disposes it (not the variable)
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, "float32"), true));
    this.entries.set(name, v);
    return v;
  }

  /**
   * Adds every variable of `child` under `prefix/…` (the same variables, shared, not copies): how a
   * module exposes the variables of the sub-modules it is built from.
   */
  adopt(prefix: string, child: Params): void {
    for (const [name, v] of child.entries) {
      const full = `${prefix}/${name}`;
      if (this.entries.has(full)) throw new RangeError(`Params.adopt: a parameter named "${full}" already exists`);
      this.entries.set(full, v);
    }
  }

  /** The variable of that name; throws listing the known names otherwise. */
  get(name: string): tf.Variable {
    const v = this.entries.get(name);
    if (v === undefined) throw new RangeError(`Params.get: no parameter "${name}"; known: ${this.names().join(", ")}`);
    return v;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The variables in registration order (what an optimizer updates). */
  variables(): tf.Variable[] {
    return [...this.entries.values()];
  }

  /** Total number of scalar parameters. */
  get count(): number {
    let n = 0;
    for (const v of this.entries.values()) n += v.size;
    return n;
  }

  /** name → variable, for tf.io.encodeWeights. */
  named(): tf.NamedTensorMap {
    return Object.fromEntries(this.entries);
  }

  /**
   * Assigns every parameter from `values` (name → tensor of the same shape). Throws, changing nothing,
   * when a name is missing or unexpected or a shape differs.
   */
  assign(values: tf.NamedTensorMap, where = "Params.assign"): void {
    const missing = this.names().filter((n) => !(n in values));
    const extra = Object.keys(values).filter((n) => !this.entries.has(n));
    if (missing.length > 0 || extra.length > 0) {
      throw new RangeError(`${where}: parameter names differ — missing [${missing.join(", ")}], unexpected [${extra.join(", ")}]`);
    }
    for (const [name, v] of this.entries) {
      const t = values[name];
      if (t.shape.length !== v.shape.length || t.shape.some((d, i) => d !== v.shape[i])) {
        throw new RangeError(`${where}: "${name}" must have shape ${shapeString(v.shape)}, got ${shapeString(t.shape)}`);
      }
      if (t.dtype !== "float32") throw new TypeError(`${where}: "${name}" must be float32, got ${t.dtype}`);
    }
    for (const [name, v] of this.entries) v.assign(values[name]);
  }

  /** A copy of every value (kept tensors; the caller disposes them with tf.dispose). */
  snapshot(): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = {};
    for (const [name, v] of this.entries) out[name] = tf.keep(v.add(0)); // add(0): a real copy, not a shared data id
    return out;
  }

  dispose(): void {
    for (const v of this.entries.values()) v.dispose();
    this.entries.clear();
  }
}

/**
 * n values uniform in [−1/√fanIn, 1/√fanIn): PyTorch's default for nn.Linear and nn.Conv weights and
 * biases (kaiming_uniform with a = √5), so models start like their PyTorch twins.
 */
export function uniformFanIn(rng: Rng, n: number, fanIn: number): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  return Float32Array.from(rng.fillUniform(new Float64Array(n), -bound, bound));
}

/** n values uniform in [lo, hi). */
export function uniform(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  return Float32Array.from(rng.fillUniform(new Float64Array(n), lo, hi));
}
