/**
 * Models by name: `fromConfig({ className, config })` rebuilds any registered model, so a
 * checkpoint or a JSON description is enough to recreate it. The built-in classes are registered
 * here; `registerModel` adds others.
 */
import type { Model, SerializedModel } from "./model";
import { MLP } from "./mlp";
import { FNO } from "./fno";
import { CNN } from "./cnn";
import { UNet } from "./unet";
import { describe } from "./validate";

type Factory = (config: never) => Model;

const registry = new Map<string, Factory>([
  ["FNO", (c) => new FNO(c)],
  ["CNN", (c) => new CNN(c)],
  ["UNet", (c) => new UNet(c)],
  ["MLP", (c) => new MLP(c)],
]);

/** Registers a model class under `className` (throws if the name is taken). */
export function registerModel<C>(className: string, factory: (config: C) => Model): void {
  if (typeof className !== "string" || className.length === 0) throw new TypeError(`nn.registerModel: className must be a non-empty string, got ${describe(className)}`);
  if (typeof factory !== "function") throw new TypeError(`nn.registerModel: factory must be a function (config) => Model, got ${describe(factory)}`);
  if (registry.has(className)) throw new RangeError(`nn.registerModel: "${className}" is already registered`);
  registry.set(className, factory as Factory);
}

/** The registered class names, sorted. */
export function modelNames(): string[] {
  return [...registry.keys()].sort();
}

/** Builds the model described by `{ className, config }` (what `model.toConfig()` returns). */
export function fromConfig(serialized: SerializedModel): Model {
  if (serialized === null || typeof serialized !== "object" || typeof serialized.className !== "string") {
    throw new TypeError(`nn.fromConfig: expected { className, config }, got ${describe(serialized)}`);
  }
  const factory = registry.get(serialized.className);
  if (factory === undefined) {
    throw new RangeError(`nn.fromConfig: unknown model "${serialized.className}"; known models: ${modelNames().join(", ")}`);
  }
  return factory(serialized.config as never);
}
