/**
 * Explicit Runge–Kutta steppers for dy/dt = f(t, y): forward Euler (order 1), the strong-stability-
 * preserving RK3 of Shu & Osher (1988) (order 3), and the classical RK4 (order 4). Each allocates its
 * stage buffers once, for a state of fixed length.
 */
import type { Rhs, Stepper } from "./types";
import { checkFloat64, checkFunction, checkInteger } from "../validate";

const RHS = "(t, y, dydt) => void";

/** Forward Euler: y ← y + dt·f(t, y). */
export class Euler implements Stepper {
  readonly name = "euler";
  readonly order = 1;
  private readonly k: Float64Array;
  constructor(private readonly rhs: Rhs, readonly size: number) {
    checkFunction("Euler", "rhs", rhs, RHS);
    checkInteger("Euler", "size", size, 1);
    this.k = new Float64Array(size);
  }
  step(t: number, y: Float64Array, dt: number): void {
    checkFloat64("Euler.step", "y", y, this.size);
    this.rhs(t, y, this.k);
    for (let i = 0; i < y.length; i++) y[i] += dt * this.k[i];
  }
}

/**
 * SSP-RK3 (Shu & Osher 1988, eq. 2.18): convex combinations of Euler steps,
 * y1 = y + dt f(y); y2 = ¾y + ¼(y1 + dt f(y1)); y ← ⅓y + ⅔(y2 + dt f(y2)).
 */
export class Rk3Ssp implements Stepper {
  readonly name = "rk3-ssp";
  readonly order = 3;
  private readonly k: Float64Array;
  private readonly y1: Float64Array;
  constructor(private readonly rhs: Rhs, readonly size: number) {
    checkFunction("Rk3Ssp", "rhs", rhs, RHS);
    checkInteger("Rk3Ssp", "size", size, 1);
    this.k = new Float64Array(size);
    this.y1 = new Float64Array(size);
  }
  step(t: number, y: Float64Array, dt: number): void {
    checkFloat64("Rk3Ssp.step", "y", y, this.size);
    const { k, y1 } = this, n = y.length;
    this.rhs(t, y, k);
    for (let i = 0; i < n; i++) y1[i] = y[i] + dt * k[i];
    this.rhs(t + dt, y1, k);
    for (let i = 0; i < n; i++) y1[i] = 0.75 * y[i] + 0.25 * (y1[i] + dt * k[i]);
    this.rhs(t + 0.5 * dt, y1, k);
    for (let i = 0; i < n; i++) y[i] = y[i] / 3 + (2 / 3) * (y1[i] + dt * k[i]);
  }
}

/** Classical fourth-order Runge–Kutta (Kutta 1901). */
export class Rk4 implements Stepper {
  readonly name = "rk4";
  readonly order = 4;
  private readonly k: Float64Array;
  private readonly acc: Float64Array;
  private readonly tmp: Float64Array;
  constructor(private readonly rhs: Rhs, readonly size: number) {
    checkFunction("Rk4", "rhs", rhs, RHS);
    checkInteger("Rk4", "size", size, 1);
    this.k = new Float64Array(size);
    this.acc = new Float64Array(size);
    this.tmp = new Float64Array(size);
  }
  step(t: number, y: Float64Array, dt: number): void {
    checkFloat64("Rk4.step", "y", y, this.size);
    const { k, acc, tmp, rhs } = this, n = y.length, h2 = 0.5 * dt;
    rhs(t, y, k); // k1
    for (let i = 0; i < n; i++) { acc[i] = k[i]; tmp[i] = y[i] + h2 * k[i]; }
    rhs(t + h2, tmp, k); // k2
    for (let i = 0; i < n; i++) { acc[i] += 2 * k[i]; tmp[i] = y[i] + h2 * k[i]; }
    rhs(t + h2, tmp, k); // k3
    for (let i = 0; i < n; i++) { acc[i] += 2 * k[i]; tmp[i] = y[i] + dt * k[i]; }
    rhs(t + dt, tmp, k); // k4
    const c = dt / 6;
    for (let i = 0; i < n; i++) y[i] += c * (acc[i] + k[i]);
  }
}
