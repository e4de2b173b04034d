/**
 * An overdamped Brownian particle in a harmonic trap dragged at constant speed, the standard test of
 * the Jarzynski equality ⟨e^{−W/T}⟩ = e^{−ΔF/T} (Jarzynski 1997; here ΔF = 0, the trap only moves):
 *
 *   H(x, λ) = k(x − λ)²/2,  λ(t) = λ0 + v·t,
 *   γ dx = −k(x − λ) dt + √(2γT) dW,       dW/dt = ∂H/∂λ·λ' = −k·v·(x − λ).
 *
 * The accumulated work W is carried as a second, noise-free state component: state [x, W].
 * Units: k energy/length², γ energy·time/length², T energy, v length/time.
 */
import { checkFinite, checkNonNegative, checkPositive } from "../validate";
import type { SdeModel } from "./sde";

export interface DraggedTrapConfig {
  stiffness: number;
  friction: number;
  temperature: number;
  speed: number;
  /** Trap position at t = 0 (default 0). */
  start?: number;
}

export class DraggedTrap implements SdeModel {
  readonly name = "draggedTrap";
  readonly dim = 2;
  readonly noise: Float64Array;
  readonly k: number;
  readonly gamma: number;
  readonly T: number;
  readonly v: number;
  readonly start: number;

  constructor(config: DraggedTrapConfig) {
    this.k = checkPositive(this.name, "stiffness", config.stiffness);
    this.gamma = checkPositive(this.name, "friction", config.friction);
    this.T = checkNonNegative(this.name, "temperature", config.temperature);
    this.v = checkFinite(this.name, "speed", config.speed);
    this.start = checkFinite(this.name, "start", config.start ?? 0);
    this.noise = Float64Array.of(Math.sqrt((2 * this.T) / this.gamma), 0); // [2, 1]: no noise on W
  }

  /** Trap centre λ(t). */
  position(t: number): number { return this.start + this.v * t; }

  readonly drift = (t: number, s: Float64Array, out: Float64Array): void => {
    const lam = this.position(t), r = this.k / this.gamma, kv = this.k * this.v;
    for (let o = 0; o < s.length; o += 2) {
      const dx = s[o] - lam;
      out[o] = -r * dx;
      out[o + 1] = -kv * dx;
    }
  };

  /** Refuses dt·k/γ > 0.1 (Euler–Maruyama must resolve the relaxation time γ/k of the trap). */
  checkTimeStep(dt: number): void {
    const rate = this.k / this.gamma;
    if (dt * rate > 0.1) throw new RangeError(`${this.name}: dt = ${dt} must resolve the trap relaxation time γ/k = ${(1 / rate).toPrecision(3)}: dt·k/γ must be ≤ 0.1, i.e. dt ≤ ${(0.1 / rate).toPrecision(3)}`);
  }

  toConfig(): Required<DraggedTrapConfig> { return { stiffness: this.k, friction: this.gamma, temperature: this.T, speed: this.v, start: this.start }; }
}
