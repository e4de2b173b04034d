/**
 * Schedulers by name: `schedulerFromConfig(s.toConfig())` rebuilds an equal scheduler (config is
 * data), and a DDPM config can build a DDIM scheduler (`new DDIMScheduler(ddpm.config)`), as in
 * diffusers' `from_config`.
 */
import { describe } from "../core";
import { BridgeScheduler } from "./bridge";
import { DDIMScheduler } from "./ddim";
import { DDPMScheduler } from "./ddpm";
import type { SerializedScheduler } from "./scheduler";

const schedulers = new Map<string, (config: never) => DDPMScheduler | DDIMScheduler | BridgeScheduler>([
  ["DDPMScheduler", (c) => new DDPMScheduler(c)],
  ["DDIMScheduler", (c) => new DDIMScheduler(c)],
  ["BridgeScheduler", (c) => new BridgeScheduler(c)],
]);

/** The registered scheduler names, sorted. */
export function schedulerNames(): string[] {
  return [...schedulers.keys()].sort();
}

/** Builds the scheduler described by `{ className, config }` (what `scheduler.toConfig()` returns). */
export function schedulerFromConfig(serialized: SerializedScheduler): DDPMScheduler | DDIMScheduler | BridgeScheduler {
  if (serialized === null || typeof serialized !== "object" || typeof serialized.className !== "string") {
    throw new TypeError(`samplers.schedulerFromConfig: expected { className, config }, got ${describe(serialized)}`);
  }
  const make = schedulers.get(serialized.className);
  if (make === undefined) throw new RangeError(`samplers.schedulerFromConfig: unknown scheduler "${serialized.className}"; known: ${schedulerNames().join(", ")}`);
  return make(serialized.config as never);
}
