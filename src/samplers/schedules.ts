/**
 * Variance schedules of discrete-time diffusion (Ho et al. 2020, §4; Nichol & Dhariwal 2021, eq. 17),
 * in float64: the noise added at step t is β_t, t = 0 … T−1, and ᾱ_t = Π_{s ≤ t} (1 − β_s) is what
 * survives of the data after t + 1 steps (x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε).
 *
 * - "linear": β_t evenly spaced from betaStart to betaEnd (DDPM: 1e-4 → 0.02 over T = 1000).
 * - "cosine": ᾱ(s) = cos²((s + 0.008)/1.008 · π/2), s = t/T, and β_t = 1 − ᾱ((t+1)/T)/ᾱ(t/T) capped
 *   at 0.999 (diffusers' "squaredcos_cap_v2"); betaStart/betaEnd are not used.
 */
import { checkFinite, checkInt, checkOneOf } from "../core";

export const BETA_SCHEDULES = ["linear", "cosine"] as const;
export type BetaSchedule = (typeof BETA_SCHEDULES)[number];

/** β_t [T] of the named schedule. */
export function betaSchedule(kind: BetaSchedule, numTimesteps: number, betaStart = 1e-4, betaEnd = 0.02): Float64Array {
  const where = "samplers.betaSchedule";
  checkOneOf(where, "kind", kind, BETA_SCHEDULES);
  const T = checkInt(where, "numTimesteps", numTimesteps, 1);
  const betas = new Float64Array(T);
  if (kind === "linear") {
    checkFinite(where, "betaStart", betaStart, 0, 1);
    checkFinite(where, "betaEnd", betaEnd, 0, 1);
    if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
      throw new RangeError(`${where}: need 0 < betaStart ≤ betaEnd < 1, got betaStart=${betaStart}, betaEnd=${betaEnd}`);
    }
    for (let t = 0; t < T; t++) betas[t] = T === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * t) / (T - 1);
  } else {
    const alphaBar = (s: number) => Math.cos(((s + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (let t = 0; t < T; t++) betas[t] = Math.min(1 - alphaBar((t + 1) / T) / alphaBar(t / T), 0.999);
  }
  return betas;
}

/** ᾱ_t = Π_{s ≤ t} (1 − β_s) [T]. */
export function alphasCumprod(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length);
  let prod = 1;
  for (let t = 0; t < betas.length; t++) out[t] = prod *= 1 - betas[t];
  return out;
}
