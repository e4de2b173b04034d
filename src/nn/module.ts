/**
 * The base of every layer and model in src/nn: a frozen JSON config (config is data), the
 * trainable variables it owns and those of the sub-modules it registers, a differentiable forward
 * pass `apply(x, cond?)`, and a batched, gradient-free `predict`.
 *
 * Composition: a module builds its sub-modules in its constructor and registers each under a name
 * (`this.register("lifting", new Linear({...}))`); their variables then appear in the parent's
 * `params` as "lifting/weight", … — the names checkpoints use. `fromConfig(m.toConfig())` (see
 * registry.ts) rebuilds an equal module: the config carries the initialisation seed, so even the
 * initial weights are equal.
 *
 * Conditioning: `cond` is a tensor or a record of tensors whose axis 0 is the sample, like x's (a
 * diffusion time step [B], a coarse field [B, H, W, C], a class [B, k]); what a module reads from it
 * is documented by the module. Modules that take no conditioning ignore it.
 */
import * as tf from "@tensorflow/tfjs";
import { checkInt, describe } from "../core";
import { Params } from "./params";

/** What a module's `apply` may be conditioned on; axis 0 of every tensor is the sample. */
export type Conditioning = tf.Tensor | Readonly<Record<string, tf.Tensor>>;

/** What `toConfig()` returns and `fromConfig()` takes: the registered class name and a JSON config. */
export interface SerializedModule<C = unknown> {
  className: string;
  config: C;
}

export abstract class Module<C extends object = object> {
  /** The name under which the class is registered (see registry.ts). */
  abstract readonly className: string;
  /** The architecture and initialisation seed, a deep-frozen plain JSON object. */
  readonly config: Readonly<C>;
  /** Every trainable variable of this module and its sub-modules, by path name. */
  readonly params = new Params();
  private readonly children: Module[] = [];
  private readonly childNames: string[] = [];

  protected constructor(config: C) {
    this.config = deepFreeze(JSON.parse(JSON.stringify(config)) as C);
  }

  /**
   * The forward pass, differentiable with respect to the variables, to x and to cond; call it
   * inside tf.tidy / tf.variableGrads. Layouts are documented by each module.
   */
  abstract apply(x: tf.Tensor, cond?: Conditioning): tf.Tensor;

  /** Registers a sub-module: its variables join this module's under `name/…`. Returns it. */
  protected register<M extends Module>(name: string, module: M): M {
    this.params.adopt(name, module.params);
    this.children.push(module);
    this.childNames.push(name);
    return module;
  }

  /**
   * The sub-module registered under `path`, nested paths joined by "/" as in parameter names
   * ("convs/2", "blocks/0/conv"). Throws a RangeError listing the known paths.
   */
  submodule(path: string): Module {
    if (typeof path !== "string") throw new TypeError(`${this.className}.submodule: path must be a string, got ${describe(path)}`);
    for (let i = 0; i < this.children.length; i++) {
      const name = this.childNames[i], child = this.children[i];
      if (path === name) return child;
      if (path.startsWith(`${name}/`) && child.submodulePaths().includes(path.slice(name.length + 1))) return child.submodule(path.slice(name.length + 1));
    }
    throw new RangeError(`${this.className}.submodule: no sub-module "${path}"; known: ${this.submodulePaths().join(", ") || "none"}`);
  }

  /** Every registered sub-module's path, depth first ("convs/0", "convs/1", "blocks/0/conv", …). */
  submodulePaths(): string[] {
    return this.children.flatMap((c, i) => [this.childNames[i], ...c.submodulePaths().map((p) => `${this.childNames[i]}/${p}`)]);
  }

  /**
   * Runs `body` with every forward output of this module passed through `tap` (which may record it
   * or return a replacement of the same shape), then restores the module: an activation hook for
   * layer attributions (Grad-CAM). Both entry points, `apply` and a module's `applyUnchecked` when
   * it has one, are tapped; a call of one from inside the other is tapped once, at the outer call.
   */
  tapped<T>(tap: (y: tf.Tensor) => tf.Tensor, body: () => T): T {
    const self = this as unknown as Record<string, unknown>;
    const restore: (() => void)[] = [];
    let depth = 0;
    for (const key of ["apply", "applyUnchecked"]) {
      const original = self[key];
      if (typeof original !== "function") continue;
      const own = Object.prototype.hasOwnProperty.call(self, key);
      self[key] = (...args: unknown[]) => {
        depth++;
        try {
          const y = (original as (...a: unknown[]) => unknown).apply(this, args);
          return depth === 1 && y instanceof tf.Tensor ? tap(y) : y;
        } finally {
          depth--;
        }
      };
      restore.push(() => { if (own) self[key] = original; else delete self[key]; });
    }
    try {
      return body();
    } finally {
      for (const r of restore) r();
    }
  }

  /** The trainable variables, in registration order (what an optimizer updates). */
  variables(): tf.Variable[] {
    return this.params.variables();
  }

  /**
   * apply() without gradients, in batches of `batchSize` along axis 0 (default 32) to bound memory;
   * `cond` is sliced along axis 0 with x. Returns a new tensor the caller disposes.
   */
  predict(x: tf.Tensor, opts: { batchSize?: number; cond?: Conditioning } = {}): tf.Tensor {
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${this.className}.predict: x must be a tf.Tensor, got ${describe(x)}`);
    const batchSize = checkInt(`${this.className}.predict`, "batchSize", opts.batchSize ?? 32, 1);
    const n = x.shape[0] ?? 0, cond = opts.cond;
    if (n <= batchSize) return tf.tidy(() => this.apply(x, cond));
    const parts: tf.Tensor[] = [];
    for (let i = 0; i < n; i += batchSize) {
      const size = Math.min(batchSize, n - i);
      parts.push(tf.tidy(() => this.apply(x.slice(i, size), sliceConditioning(cond, i, size))));
    }
    const out = tf.concat(parts, 0);
    tf.dispose(parts);
    return out;
  }

  /** `{ className, config }`, a plain JSON copy. */
  toConfig(): SerializedModule<C> {
    return { className: this.className, config: JSON.parse(JSON.stringify(this.config)) as C };
  }

  /** Number of scalar parameters. */
  get numParams(): number {
    return this.params.count;
  }

  /** Frees the variables and any cached constants of this module and its sub-modules. */
  dispose(): void {
    for (const c of this.children) c.dispose();
    this.params.dispose();
  }
}

/** Rows [from, from + size) of every tensor of a conditioning. */
export function sliceConditioning(cond: Conditioning | undefined, from: number, size: number): Conditioning | undefined {
  if (cond === undefined) return undefined;
  if (cond instanceof tf.Tensor) return cond.slice(from, size);
  return Object.fromEntries(Object.entries(cond).map(([k, t]) => [k, t.slice(from, size)]));
}

/**
 * The tensor `key` of a conditioning record (or the conditioning itself when it is a bare tensor
 * and `key` is the module's only input), with a clear error when it is missing.
 */
export function condTensor(where: string, cond: Conditioning | undefined, key: string, layout: string): tf.Tensor {
  const t = cond instanceof tf.Tensor ? cond : cond?.[key];
  if (!(t instanceof tf.Tensor)) {
    throw new TypeError(`${where}: needs cond.${key} ${layout}, got ${cond === undefined ? "no cond" : describe(cond instanceof tf.Tensor ? cond : cond[key])}`);
  }
  return t;
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object") {
    for (const v of Object.values(o as object)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
