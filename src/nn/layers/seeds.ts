/**
 * Seeds of sub-modules: a module with seed s gives its k-th sub-module the seed of
 * `new Rng(s).split(k)`, a pure function of (s, k) — so a model's weights depend only on its own
 * seed, and inserting a layer does not reshuffle the others' streams.
 */
import { Rng, checkInt } from "../../core";

/** The largest seed a config accepts (core.Rng takes integers in [0, 2^53)). */
export const MAX_SEED = 2 ** 53 - 1;

/** Validates a config's seed (default 0). */
export function checkSeed(where: string, seed: unknown): number {
  return checkInt(where, "seed", seed ?? 0, 0, MAX_SEED);
}

/** The seed of sub-module `k` of a module seeded with `seed`. */
export function childSeed(seed: number, k: number): number {
  return new Rng(seed).split(k).seed;
}
