/**
 * Exponential integrators for semilinear systems dy/dt = L∘y + N(t, y) whose stiff linear part L
 * is diagonal and real (viscosity, drag, hyperdiffusion acting on Fourier modes): the linear part is
 * integrated exactly, so the time step is limited by N only.
 *
 * `linear` holds one rate per real component of the state (for interleaved complex spectra repeat
 * each mode's rate for re and im; see `perComponent`). Units: 1/time.
 */
import type { Rhs, Stepper } from "./types";
import { checkFloat64, checkFunction } from "../validate";

/** Repeats a per-mode rate table [m] into the per-component layout [m, 2] of an interleaved spectrum. */
export function perComponent(modeRates: Float64Array): Float64Array {
  const out = new Float64Array(2 * modeRates.length);
  for (let p = 0; p < modeRates.length; p++) { out[2 * p] = modeRates[p]; out[2 * p + 1] = modeRates[p]; }
  return out;
}

function checkSplit(where: string, linear: Float64Array, nonlinear: unknown): void {
  checkFloat64(where, "linear", linear, linear.length);
  if (linear.length === 0) throw new RangeError(`${where}: linear must be non-empty`);
  for (let i = 0; i < linear.length; i++) {
    if (!Number.isFinite(linear[i])) throw new RangeError(`${where}: linear[${i}] must be finite, got ${linear[i]}`);
  }
  checkFunction(where, "nonlinear", nonlinear, "(t, y, out) => void");
}

/**
 * Integrating-factor RK4 (Lawson 1967): classical RK4 applied to v = e^{−Lt}·y. Exact for N ≡ 0.
 */
export class IfRk4 implements Stepper {
  readonly name = "ifrk4";
  readonly order = 4;
  readonly size: number;
  private dt = NaN;
  private readonly e1: Float64Array; // e^{L dt/2}
  private readonly e2: Float64Array; // e^{L dt}
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly tmp: Float64Array;
  private readonly acc: Float64Array;

  constructor(private readonly linear: Float64Array, private readonly nonlinear: Rhs) {
    checkSplit("IfRk4", linear, nonlinear);
    const n = (this.size = linear.length);
    this.e1 = new Float64Array(n); this.e2 = new Float64Array(n);
    this.a = new Float64Array(n); this.b = new Float64Array(n);
    this.tmp = new Float64Array(n); this.acc = new Float64Array(n);
  }

  private setDt(dt: number): void {
    if (dt === this.dt) return;
    for (let i = 0; i < this.size; i++) {
      this.e1[i] = Math.exp(0.5 * dt * this.linear[i]);
      this.e2[i] = this.e1[i] * this.e1[i];
    }
    this.dt = dt;
  }

  step(t: number, y: Float64Array, dt: number): void {
    checkFloat64("IfRk4.step", "y", y, this.size);
    this.setDt(dt);
    const { e1, e2, a, b, tmp, acc, nonlinear } = this, n = this.size, h2 = 0.5 * dt;
    nonlinear(t, y, a); // k1 = N(y)
    for (let i = 0; i < n; i++) { acc[i] = e2[i] * a[i]; tmp[i] = e1[i] * (y[i] + h2 * a[i]); }
    nonlinear(t + h2, tmp, b); // k2
    for (let i = 0; i < n; i++) { acc[i] += 2 * e1[i] * b[i]; tmp[i] = e1[i] * y[i] + h2 * b[i]; }
    nonlinear(t + h2, tmp, b); // k3
    for (let i = 0; i < n; i++) { acc[i] += 2 * e1[i] * b[i]; tmp[i] = e2[i] * y[i] + dt * e1[i] * b[i]; }
    nonlinear(t + dt, tmp, b); // k4
    const c = dt / 6;
    for (let i = 0; i < n; i++) y[i] = e2[i] * y[i] + c * (acc[i] + b[i]);
  }
}

/**
 * ETDRK4 of Cox & Matthews (2002, eqs. 26–29) with the φ-function coefficients evaluated by the
 * complex contour mean of Kassam & Trefethen (2005, §3; 32 points on a unit circle around hL),
 * which avoids the cancellation of the closed forms for small |hL|.
 */
export class Etdrk4 implements Stepper {
  readonly name = "etdrk4";
  readonly order = 4;
  readonly size: number;
  private dt = NaN;
  private readonly e: Float64Array; // e^{hL}
  private readonly e2: Float64Array; // e^{hL/2}
  private readonly q: Float64Array; // h·φ-type coefficients
  private readonly f1: Float64Array;
  private readonly f2: Float64Array;
  private readonly f3: Float64Array;
  private readonly nu: Float64Array;
  private readonly na: Float64Array;
  private readonly nb: Float64Array;
  private readonly nc: Float64Array;
  private readonly sa: Float64Array;
  private readonly sb: Float64Array;

  constructor(private readonly linear: Float64Array, private readonly nonlinear: Rhs) {
    checkSplit("Etdrk4", linear, nonlinear);
    const n = (this.size = linear.length);
    const make = () => new Float64Array(n);
    this.e = make(); this.e2 = make(); this.q = make(); this.f1 = make(); this.f2 = make(); this.f3 = make();
    this.nu = make(); this.na = make(); this.nb = make(); this.nc = make(); this.sa = make(); this.sb = make();
  }

  private setDt(h: number): void {
    if (h === this.dt) return;
    const M = 32;
    for (let i = 0; i < this.size; i++) {
      const l = h * this.linear[i];
      let q = 0, f1 = 0, f2 = 0, f3 = 0;
      for (let j = 1; j <= M; j++) {
        const th = (Math.PI * (j - 0.5)) / M; // upper half circle; real L makes the mean real
        const zr = l + Math.cos(th), zi = Math.sin(th);
        const ez = Math.exp(zr), er = ez * Math.cos(zi), ei = ez * Math.sin(zi); // e^z
        const eh = Math.exp(zr / 2), hr = eh * Math.cos(zi / 2), hi = eh * Math.sin(zi / 2); // e^{z/2}
        // 1/z, 1/z³
        const d = zr * zr + zi * zi, ir = zr / d, ii = -zi / d;
        const i2r = ir * ir - ii * ii, i2i = 2 * ir * ii;
        const i3r = i2r * ir - i2i * ii, i3i = i2r * ii + i2i * ir;
        const z2r = zr * zr - zi * zi, z2i = 2 * zr * zi;
        // (e^{z/2} − 1)/z
        q += (hr - 1) * ir - hi * ii;
        // (−4 − z + e^z(4 − 3z + z²))/z³
        let ar = 4 - 3 * zr + z2r, ai = -3 * zi + z2i;
        let nr = -4 - zr + (er * ar - ei * ai), ni = -zi + (er * ai + ei * ar);
        f1 += nr * i3r - ni * i3i;
        // (2 + z + e^z(z − 2))/z³
        ar = zr - 2; ai = zi;
        nr = 2 + zr + (er * ar - ei * ai); ni = zi + (er * ai + ei * ar);
        f2 += nr * i3r - ni * i3i;
        // (−4 − 3z − z² + e^z(4 − z))/z³
        ar = 4 - zr; ai = -zi;
        nr = -4 - 3 * zr - z2r + (er * ar - ei * ai); ni = -3 * zi - z2i + (er * ai + ei * ar);
        f3 += nr * i3r - ni * i3i;
      }
      this.e[i] = Math.exp(l);
      this.e2[i] = Math.exp(l / 2);
      this.q[i] = (h * q) / M;
      this.f1[i] = (h * f1) / M;
      this.f2[i] = (h * f2) / M;
      this.f3[i] = (h * f3) / M;
    }
    this.dt = h;
  }

  step(t: number, y: Float64Array, dt: number): void {
    checkFloat64("Etdrk4.step", "y", y, this.size);
    this.setDt(dt);
    const { e, e2, q, f1, f2, f3, nu, na, nb, nc, sa, sb, nonlinear } = this, n = this.size, h2 = 0.5 * dt;
    nonlinear(t, y, nu);
    for (let i = 0; i < n; i++) sa[i] = e2[i] * y[i] + q[i] * nu[i]; // a
    nonlinear(t + h2, sa, na);
    for (let i = 0; i < n; i++) sb[i] = e2[i] * y[i] + q[i] * na[i]; // b
    nonlinear(t + h2, sb, nb);
    for (let i = 0; i < n; i++) sb[i] = e2[i] * sa[i] + q[i] * (2 * nb[i] - nu[i]); // c
    nonlinear(t + dt, sb, nc);
    for (let i = 0; i < n; i++) y[i] = e[i] * y[i] + f1[i] * nu[i] + 2 * f2[i] * (na[i] + nb[i]) + f3[i] * nc[i];
  }
}
