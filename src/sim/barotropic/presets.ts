/**
 * The barotropic ocean-jet configuration of Yasuda & Onishi (2024), "Spatio-temporal super-
 * resolution data assimilation (SRDA) utilizing deep neural networks with domain generalization",
 * arXiv:2308.03351, §3 and their code's constants: channel [0, 2π) × [0, π], β = 0.1, drag 1e-2,
 * biharmonic diffusion 1e-5, jet forcing τ0 = 0.3·sech²((y − π/2)/0.4), initial jet U0 = 3 plus
 * noise of amplitude 0.0025; high resolution 128 × 65, low 32 × 17 (rows include the walls).
 */
import type { BarotropicConfig } from "./model";

export interface SrdaJetPreset {
  config: BarotropicConfig;
  /** Time step of the paper's (second-order RK) integration; RK4/ETDRK4 accept larger ones. */
  dt: number;
  /** Model time between assimilation cycles (0.25), and the paper's number of cycles (96). */
  cycleTime: number;
  cycles: number;
  /** Initial jet U0·sech²((y − y0)/σ) and the amplitude of the random vorticity perturbation. */
  initialJet: { amplitude: number; center: number; width: number };
  noise: number;
}

export function srdaJet(resolution: "high" | "low"): SrdaJetPreset {
  if (resolution !== "high" && resolution !== "low") throw new RangeError(`srdaJet: resolution must be "high" or "low", got ${String(resolution)}`);
  const high = resolution === "high";
  return {
    config: {
      domain: "channel", nx: high ? 128 : 32, ny: high ? 65 : 17, lx: 2 * Math.PI, ly: Math.PI,
      beta: 0.1, drag: 1e-2, hyperviscosity: 1e-5, order: 2,
      forcing: { kind: "zonal-jet", amplitude: 0.3, center: Math.PI / 2, width: 0.4 },
    },
    dt: high ? 1.25e-4 : 5e-4,
    cycleTime: 0.25,
    cycles: 96,
    initialJet: { amplitude: 3, center: Math.PI / 2, width: 0.4 },
    noise: 0.0025,
  };
}
