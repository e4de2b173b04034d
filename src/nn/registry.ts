/**
 * Modules by name: `fromConfig({ className, config })` rebuilds any registered layer or model, so a
 * checkpoint or a JSON description is enough to recreate it, and a model can take a sub-module by
 * class name (the FNO's spectral convolution). The built-in classes are registered here;
 * `registerModel` adds others.
 */
import { describe } from "../core";
import type { Module, SerializedModule } from "./module";
import { Conv2d } from "./layers/conv2d";
import { GatedConv2d } from "./layers/gated-conv2d";
import { Linear } from "./layers/linear";
import { MultiHeadAttention } from "./layers/attention";
import { GalerkinAttention } from "./layers/galerkin-attention";
import { GroupNorm, LayerNorm } from "./layers/norms";
import { SpectralConv } from "./layers/spectral-conv";
import { TimeEmbedding } from "./layers/time-embedding";
import { CNN } from "./cnn";
import { EDSR } from "./edsr";
import { FNO } from "./fno";
import { GalerkinTransformer } from "./galerkin-transformer";
import { GatedSRNet } from "./gated-sr";
import { MLP } from "./mlp";
import { SRCNN } from "./srcnn";
import { UNet } from "./unet";
import { RingDenoiser } from "./ring-denoiser";
import { EquivariantConv2d, EquivariantSRNet, EquivariantUpsample, LConv } from "./equivariant";

type Factory = (config: never) => Module;

const registry = new Map<string, Factory>([
  ["Linear", (c) => new Linear(c)],
  ["Conv2d", (c) => new Conv2d(c)],
  ["GatedConv2d", (c) => new GatedConv2d(c)],
  ["SpectralConv", (c) => new SpectralConv(c)],
  ["LayerNorm", (c) => new LayerNorm(c)],
  ["GroupNorm", (c) => new GroupNorm(c)],
  ["TimeEmbedding", (c) => new TimeEmbedding(c)],
  ["MultiHeadAttention", (c) => new MultiHeadAttention(c)],
  ["GalerkinAttention", (c) => new GalerkinAttention(c)],
  ["FNO", (c) => new FNO(c)],
  ["GalerkinTransformer", (c) => new GalerkinTransformer(c)],
  ["CNN", (c) => new CNN(c)],
  ["SRCNN", (c) => new SRCNN(c)],
  ["EDSR", (c) => new EDSR(c)],
  ["UNet", (c) => new UNet(c)],
  ["RingDenoiser", (c) => new RingDenoiser(c)],
  ["MLP", (c) => new MLP(c)],
  ["GatedSRNet", (c) => new GatedSRNet(c)],
  ["EquivariantConv2d", (c) => new EquivariantConv2d(c)],
  ["EquivariantUpsample", (c) => new EquivariantUpsample(c)],
  ["EquivariantSRNet", (c) => new EquivariantSRNet(c)],
  ["LConv", (c) => new LConv(c)],
]);

/** Registers a module class under `className` (throws if the name is taken). */
export function registerModel<C>(className: string, factory: (config: C) => Module): void {
  if (typeof className !== "string" || className.length === 0) throw new TypeError(`nn.registerModel: className must be a non-empty string, got ${describe(className)}`);
  if (typeof factory !== "function") throw new TypeError(`nn.registerModel: factory must be a function (config) => Module, got ${describe(factory)}`);
  if (registry.has(className)) throw new RangeError(`nn.registerModel: "${className}" is already registered`);
  registry.set(className, factory as Factory);
}

/** The registered class names, sorted. */
export function modelNames(): string[] {
  return [...registry.keys()].sort();
}

/** Builds the module described by `{ className, config }` (what `module.toConfig()` returns). */
export function fromConfig(serialized: SerializedModule): Module {
  if (serialized === null || typeof serialized !== "object" || typeof serialized.className !== "string") {
    throw new TypeError(`nn.fromConfig: expected { className, config }, got ${describe(serialized)}`);
  }
  const factory = registry.get(serialized.className);
  if (factory === undefined) {
    throw new RangeError(`nn.fromConfig: unknown module "${serialized.className}"; known: ${modelNames().join(", ")}`);
  }
  return factory(serialized.config as never);
}
