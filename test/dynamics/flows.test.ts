import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { covarianceFlows, driftMatrix, ensembleFlows, loosKlappFlows, lyapunovFlows, type Flows, type TwoTemperatureParameters } from "../../src/dynamics";

const keys = ["heatX", "heatY", "infoX", "infoY", "entropyX", "entropyY", "mutualInformation"] as const;

function randomParameters(rng: Rng): TwoTemperatureParameters {
  for (;;) {
    const p = { rx: 0.2 + 2 * rng.uniform(), ry: 0.2 + 2 * rng.uniform(), a: 3 * rng.uniform() - 1.5, b: 3 * rng.uniform() - 1.5, Tx: 0.1 + rng.uniform(), Ty: 0.1 + rng.uniform() };
    if (p.rx * p.ry - p.a * p.b > 0.05) return p;
  }
}

/** max relative difference over the flows and Σ, relative to the largest flow (so that zeros compare). */
function difference(f: Flows, g: Flows): number {
  const scale = Math.max(...keys.map((k) => Math.abs(f[k])));
  return Math.max(...keys.map((k) => Math.abs(f[k] - g[k]) / scale), ...Array.from(f.covariance, (v, i) => Math.abs(v - g.covariance[i]) / Math.abs(f.covariance[0])));
}

describe("Loos–Klapp heat and information flows", () => {
  it("the closed forms agree with the Lyapunov-equation solution to 1e-10 for 200 random stationary systems", () => {
    const rng = new Rng(7);
    let worst = 0;
    for (let k = 0; k < 200; k++) {
      const p = randomParameters(rng);
      worst = Math.max(worst, difference(loosKlappFlows(p), lyapunovFlows(p)));
    }
    console.log(`closed form vs Lyapunov equation: worst relative difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-10);
  });

  it("stationary identities: İx + İy = 0, σx, σy ≥ 0, I ≥ 0; no flows in equilibrium (a = b, Tx = Ty) nor without coupling", () => {
    const rng = new Rng(8);
    for (let k = 0; k < 200; k++) {
      const f = loosKlappFlows(randomParameters(rng));
      expect(Math.abs(f.infoX + f.infoY)).toBeLessThan(1e-14);
      expect(f.entropyX).toBeGreaterThanOrEqual(-1e-14);
      expect(f.entropyY).toBeGreaterThanOrEqual(-1e-14);
      expect(f.mutualInformation).toBeGreaterThanOrEqual(0);
    }
    const eq = loosKlappFlows({ rx: 1, ry: 2, a: 0.7, b: 0.7, Tx: 0.4, Ty: 0.4 }); // reciprocal, one temperature: equilibrium
    for (const k of ["heatX", "heatY", "infoX", "entropyX", "entropyY"] as const) expect(Math.abs(eq[k])).toBeLessThan(1e-15);
    const free = loosKlappFlows({ rx: 1, ry: 2, a: 0, b: 0, Tx: 0.4, Ty: 1 }); // uncoupled: no flows, no information
    for (const k of ["heatX", "heatY", "infoX", "mutualInformation"] as const) expect(Math.abs(free[k])).toBeLessThan(1e-15);
  });

  it("the demon regime: Q̇x < 0 with Tx < Ty (heat drawn from the cold bath) requires İx ≤ Q̇x/Tx < 0", () => {
    const f = loosKlappFlows({ rx: 1, ry: 1, a: 0.2, b: 1.5, Tx: 0.5, Ty: 1 });
    expect(f.heatX).toBeLessThan(0);
    expect(f.infoX).toBeLessThan(f.heatX / 0.5);
    expect(f.heatY).toBeGreaterThan(0);
  });

  it("covarianceFlows refuses a covariance that is not positive definite", () => {
    expect(() => covarianceFlows(driftMatrix({ rx: 1, ry: 1, a: 0, b: 0, Tx: 1, Ty: 1 }), [1, 1], Float64Array.of(1, 2, 2, 1))).toThrow(/positive definite/);
    expect(() => loosKlappFlows({ rx: 1, ry: 1, a: 2, b: 2, Tx: 1, Ty: 1 })).toThrow(/rx·ry − a·b must be > 0/);
  });

  it("1000 Euler–Maruyama trajectories estimate Q̇x, Q̇y, İx, İy within 3% (and within 4 standard errors + the O(dt) bias)", () => {
    const p = { rx: 1, ry: 1, a: 0.2, b: 1.5, Tx: 0.5, Ty: 1 }, exact = loosKlappFlows(p);
    const e = ensembleFlows(p, { members: 1000, dt: 0.01, steps: 10_000, rng: new Rng(3) });
    for (const k of ["heatX", "heatY", "infoX", "infoY"] as const) {
      const rel = e[k].value / exact[k] - 1;
      console.log(`ensemble ${k}: ${e[k].value.toFixed(5)} ± ${e[k].stderr.toFixed(5)} vs ${exact[k].toFixed(5)} (relative ${rel.toFixed(4)})`);
      expect(Math.abs(rel)).toBeLessThan(0.03);
      expect(Math.abs(e[k].value - exact[k])).toBeLessThan(4 * e[k].stderr + 0.01 * Math.abs(exact[k]));
    }
    const free = ensembleFlows({ ...p, a: 0, b: 0 }, { members: 200, dt: 0.01, steps: 2000, rng: new Rng(4) });
    expect(Math.abs(free.infoX.value)).toBeLessThan(1e-3 * Math.abs(exact.infoX));
  });
});
