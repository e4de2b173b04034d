/**
 * Periodic-signal analysis for vortex shedding: the period from upward zero crossings of the
 * mean-removed signal (linearly interpolated between samples), the Strouhal number St = f·D/U, and
 * a shedding phase that advances by 2π per period.
 */
import { checkPositive } from "../validate";

/** Times (in sample units, fractional) where `signal − mean` crosses zero upward. */
export function upwardCrossings(signal: Float64Array, mean = average(signal)): number[] {
  if (!(signal instanceof Float64Array)) throw new TypeError("lbm.upwardCrossings: signal must be a Float64Array");
  const out: number[] = [];
  for (let i = 1; i < signal.length; i++) {
    const a = signal[i - 1] - mean, b = signal[i] - mean;
    if (a < 0 && b >= 0) out.push(i - 1 + a / (a - b));
  }
  return out;
}

function average(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export interface SheddingFrequency {
  /** Mean period, in the time unit of `sampleInterval`. */
  period: number;
  /** 1 / period. */
  frequency: number;
  /** Number of full periods the estimate averages over. */
  periods: number;
  /** Largest relative deviation of one period from the mean (1e-3 = periodic to 0.1%). */
  periodSpread: number;
}

/**
 * Dominant period of a (nearly) periodic signal sampled every `sampleInterval` time units, from its
 * upward zero crossings. Throws if fewer than `minPeriods` (default 3) full periods are present.
 */
export function sheddingFrequency(signal: Float64Array, sampleInterval: number, minPeriods = 3): SheddingFrequency {
  checkPositive("lbm.sheddingFrequency", "sampleInterval", sampleInterval);
  const crossings = upwardCrossings(signal);
  const periods = crossings.length - 1;
  if (periods < minPeriods) {
    throw new RangeError(`lbm.sheddingFrequency: need at least ${minPeriods} full periods of the signal, found ${Math.max(periods, 0)} (${signal.length} samples); run longer or check that the flow sheds vortices`);
  }
  const period = ((crossings[periods] - crossings[0]) / periods) * sampleInterval;
  let spread = 0;
  for (let k = 1; k <= periods; k++) {
    spread = Math.max(spread, Math.abs((crossings[k] - crossings[k - 1]) * sampleInterval - period) / period);
  }
  return { period, frequency: 1 / period, periods, periodSpread: spread };
}

/** Strouhal number St = f·D/U from a frequency f, a length D and a velocity U (consistent units). */
export function strouhalNumber(frequency: number, diameter: number, velocity: number): number {
  checkPositive("lbm.strouhalNumber", "frequency", frequency);
  checkPositive("lbm.strouhalNumber", "diameter", diameter);
  checkPositive("lbm.strouhalNumber", "velocity", velocity);
  return (frequency * diameter) / velocity;
}

/**
 * Shedding phase in [0, 2π) of every sample: 0 at each upward zero crossing, advancing linearly in
 * time to the next one. Samples before the first or after the last crossing are extrapolated with
 * the neighbouring period. Throws if the signal has fewer than two upward crossings.
 */
export function sheddingPhase(signal: Float64Array): Float64Array {
  const crossings = upwardCrossings(signal);
  if (crossings.length < 2) {
    throw new RangeError(`lbm.sheddingPhase: need at least two upward zero crossings, found ${crossings.length}`);
  }
  const phase = new Float64Array(signal.length);
  let k = 0;
  for (let i = 0; i < signal.length; i++) {
    while (k < crossings.length - 2 && i >= crossings[k + 1]) k++;
    const t0 = crossings[k], t1 = crossings[k + 1];
    const p = (2 * Math.PI * (i - t0)) / (t1 - t0);
    phase[i] = ((p % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  }
  return phase;
}
