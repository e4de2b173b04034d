/**
 * Seeded pseudo-random numbers that are identical on every platform and backend.
 *
 * The generator is SplitMix32-seeded xoshiro128** (Blackman & Vigna 2018): 128 bits of state,
 * 32-bit integer arithmetic only (`Math.imul`, shifts), so the stream depends on nothing but the
 * seed. Normals use the Marsaglia polar method. Every simulator and data builder draws from an
 * `Rng`; nothing in Kazami calls `Math.random` or tfjs' own random ops.
 */

const TWO_POW_32 = 4294967296;

function splitMix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seeded random stream (xoshiro128**). Same seed → same numbers, on every platform. */
export class Rng {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  /**
   * @param seed an integer in [0, 2^53); different seeds give independent-looking streams.
   */
  constructor(seed: number) {
    if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) {
      throw new RangeError(`Rng: seed must be an integer in [0, 2^53), got ${String(seed)}`);
    }
    this.seed = seed;
    // Mix both 32-bit halves of the seed into the SplitMix state.
    const st = { s: (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) | 0, 0x632be5ab) };
    this.a = splitMix32(st);
    this.b = splitMix32(st);
    this.c = splitMix32(st);
    this.d = splitMix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal N(0, 1) (Marsaglia polar method; the second variate is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Uniform integer in [lo, hiExclusive). */
  integer(lo: number, hiExclusive: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hiExclusive) || hiExclusive <= lo) {
      throw new RangeError(`Rng.integer: need integers lo < hiExclusive, got lo=${lo}, hiExclusive=${hiExclusive}`);
    }
    return lo + Math.floor(this.uniform() * (hiExclusive - lo));
  }

  /** Fills `out` with uniform draws in [lo, hi) and returns it. */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    if (!(hi > lo)) throw new RangeError(`Rng.fillUniform: need lo < hi, got lo=${lo}, hi=${hi}`);
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  /** Fills `out` with N(mean, std²) draws and returns it. */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    if (!(std >= 0)) throw new RangeError(`Rng.fillNormal: std must be ≥ 0, got ${std}`);
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /**
   * An independent child stream, a pure function of (this stream's seed, `stream`): calling it does
   * not advance this stream, so `rng.split(k)` is the same wherever it is called.
   */
  split(stream: number): Rng {
    if (!Number.isInteger(stream) || stream < 0 || stream >= 2 ** 32) {
      throw new RangeError(`Rng.split: stream must be an integer in [0, 2^32), got ${stream}`);
    }
    const st = { s: (this.seed ^ Math.imul(stream + 1, 0x9e3779b1)) | 0 };
    const hi = splitMix32(st) & 0x1fffff; // 21 bits
    const lo = splitMix32(st);
    return new Rng(hi * TWO_POW_32 + lo);
  }

  /** Fisher–Yates shuffle of `a` in place; returns `a`. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}

export { gaussianRandomField } from "./random-field";
export type { GaussianRandomFieldOptions } from "./random-field";
