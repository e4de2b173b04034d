/**
 * Two linearly coupled OU variables held at two temperatures (Loos & Klapp 2020, New J. Phys. 22,
 * 123051; the Gulf Stream / Kuroshio SST analogue of Yasuda & Kohyama 2025, arXiv:2408.01133):
 *
 *   dx = (−r_x·x + a·y) dt + √(2T_x) dW_x,
 *   dy = ( b·x − r_y·y) dt + √(2T_y) dW_y,
 *
 * an OrnsteinUhlenbeck model with A = [[−r_x, a], [b, −r_y]] and B = diag(√(2T_x), √(2T_y)).
 * Stationary iff tr A < 0 and det A > 0, i.e. r_x + r_y > 0 and r_x·r_y − a·b > 0.
 */
import { checkFinite, checkNonNegative } from "../validate";
import { OrnsteinUhlenbeck } from "./ornstein-uhlenbeck";

export interface TwoTemperatureConfig {
  /** Relaxation rates r_x, r_y (1/time). */
  rx: number;
  ry: number;
  /** Couplings: a (y → x) and b (x → y) (1/time). */
  a: number;
  b: number;
  /** Temperatures (noise intensities) T_x, T_y ≥ 0 (state²/time). */
  Tx: number;
  Ty: number;
}

export class TwoTemperature extends OrnsteinUhlenbeck {
  override readonly name = "twoTemperature";
  readonly params: Readonly<TwoTemperatureConfig>;

  constructor(config: TwoTemperatureConfig) {
    const w = "twoTemperature";
    const rx = checkFinite(w, "rx", config.rx), ry = checkFinite(w, "ry", config.ry);
    const a = checkFinite(w, "a", config.a), b = checkFinite(w, "b", config.b);
    const Tx = checkNonNegative(w, "Tx", config.Tx), Ty = checkNonNegative(w, "Ty", config.Ty);
    if (!(rx + ry > 0)) throw new RangeError(`${w}: rx + ry must be > 0 for a stationary state, got ${rx + ry}`);
    if (!(rx * ry - a * b > 0)) throw new RangeError(`${w}: rx·ry − a·b must be > 0 for a stationary state, got ${rx * ry - a * b}`);
    super({ dim: 2, drift: Float64Array.of(-rx, a, b, -ry), noise: Float64Array.of(Math.sqrt(2 * Tx), 0, 0, Math.sqrt(2 * Ty)) });
    this.params = Object.freeze({ rx, ry, a, b, Tx, Ty });
  }
}
