/**
 * The contract between what evolves (a simulator's right-hand side) and how it is stepped (an
 * integrator). States are flat Float64Arrays; complex spectra are interleaved (re, im).
 */

/**
 * Right-hand side of dy/dt = f(t, y): writes f(t, y) into `dydt` (same length as y). It must not
 * modify `y` nor keep references to either array after returning.
 */
export type Rhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** A one-step method that advances a state in place. */
export interface Stepper {
  /** Name for provenance, e.g. "rk4". */
  readonly name: string;
  /** Order of accuracy in dt. */
  readonly order: number;
  /** Length of the state it was built for. */
  readonly size: number;
  /** Advances `y` (length `size`) in place from time t to t + dt. */
  step(t: number, y: Float64Array, dt: number): void;
}

/** Progress callback convention of the library: `done` of `total` units finished. */
export type OnProgress = (done: number, total: number) => void;
