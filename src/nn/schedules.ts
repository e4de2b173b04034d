/**
 * Learning-rate schedules as data: the factor that multiplies the base learning rate at each
 * optimisation step. JSON-serialisable so that a training run is described by plain objects.
 */
import { checkInt, checkOneOf, checkPositive, describe } from "../core";

export type Schedule =
  /** lr constant. */
  | { kind: "constant" }
  /** lr·gamma^⌊step/stepSize⌋, stepSize in optimisation steps (torch StepLR; Li et al. 2020 halve every 100 epochs). */
  | { kind: "step"; stepSize: number; gamma: number }
  /** Linear warm-up over `warmup` steps, then half a cosine from lr down to lr·minFactor at the last step. */
  | { kind: "cosine"; warmup?: number; minFactor?: number };

const KINDS = ["constant", "step", "cosine"] as const;

/** Validates a schedule object (clear errors for bad fields). */
export function checkSchedule(where: string, s: unknown): Schedule {
  if (s === null || typeof s !== "object") throw new TypeError(`${where}: schedule must be an object like { kind: "cosine" }, got ${describe(s)}`);
  const o = s as Record<string, unknown>;
  const kind = checkOneOf(where, "schedule.kind", o.kind, KINDS);
  if (kind === "step") {
    checkInt(where, "schedule.stepSize", o.stepSize, 1);
    checkPositive(where, "schedule.gamma", o.gamma);
  } else if (kind === "cosine") {
    if (o.warmup !== undefined) checkInt(where, "schedule.warmup", o.warmup, 0);
    if (o.minFactor !== undefined) checkPositive(where, "schedule.minFactor", o.minFactor, true);
  }
  return s as Schedule;
}

/** The factor (≤ 1 for the built-in kinds) at `step` (0-based) of a run of `totalSteps`. */
export function scheduleFactor(s: Schedule, step: number, totalSteps: number): number {
  switch (s.kind) {
    case "constant": return 1;
    case "step": return s.gamma ** Math.floor(step / s.stepSize);
    case "cosine": {
      const warmup = s.warmup ?? 0, minFactor = s.minFactor ?? 0;
      if (step < warmup) return (step + 1) / warmup;
      const span = Math.max(1, totalSteps - 1 - warmup);
      const p = Math.min(1, (step - warmup) / span);
      return minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * p));
    }
  }
}
