import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import {
  type BuildingLayout, type FaceWind, cellVelocity, heatBudget, heatOperator, heatTendency, lbmWind, maskFromSolid, maxStableDt,
  netOutflow, potentialWind, randomLayout, rasterize, separation, simulateHeat, solveSteady, solveUrbanSteady, validateLayout,
} from "../../src/sim/urban";

const area = (layout: BuildingLayout) => layout.buildings.reduce((s, r) => s + (r.x1 - r.x0) * (r.y1 - r.y0), 0);
const maxAbs = (x: Float64Array) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Largest |normal velocity| on a face that touches a building. */
function buildingFaceFlow(wind: FaceWind, solid: Uint8Array): number {
  const { nx, ny } = wind.grid;
  let worst = 0;
  for (let j = 0; j < ny; j++) {
    const jm = (j - 1 + ny) % ny;
    for (let i = 0; i <= nx; i++) {
      if ((i > 0 && solid[j * nx + i - 1]) || (i < nx && solid[j * nx + i])) worst = Math.max(worst, Math.abs(wind.u[j * (nx + 1) + i]));
    }
    for (let i = 0; i < nx; i++) if (solid[j * nx + i] || solid[jm * nx + i]) worst = Math.max(worst, Math.abs(wind.v[j * nx + i]));
  }
  return worst;
}

describe("urban layouts and rasterization", () => {
  it("random layouts are seeded, respect the street width and margins, and are valid", () => {
    const a = randomLayout(new Rng(7)), b = randomLayout(new Rng(7)), c = randomLayout(new Rng(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.buildings.length).toBeGreaterThan(8);
    validateLayout(a);
    for (const [k, r] of a.buildings.entries()) {
      expect(r.x0).toBeGreaterThanOrEqual(80);
      expect(r.x1).toBeLessThanOrEqual(560);
      expect(r.y0).toBeGreaterThanOrEqual(2.5);
      expect(r.y1).toBeLessThanOrEqual(637.5);
      for (const o of a.buildings.slice(0, k)) expect(separation(r, o)).toBeGreaterThanOrEqual(5);
    }
  });

  it.each([[16, 16], [64, 64], [48, 40], [7, 13]])("covered fractions are exact at %ix%i: they sum to the building area", (nx, ny) => {
    const layout = randomLayout(new Rng(3));
    const mask = rasterize(layout, nx, ny);
    const covered = mask.fraction.reduce((s, f) => s + f, 0) * mask.grid.dx * mask.grid.dy;
    expect(Math.abs(covered - area(layout)) / area(layout)).toBeLessThan(1e-12);
  });

  it("layouts are resolution independent: 4x4 block means of the 64x64 fractions equal the 16x16 fractions", () => {
    for (const seed of [1, 2, 3]) {
      const layout = randomLayout(new Rng(seed));
      const fine = rasterize(layout, 64, 64), coarse = rasterize(layout, 16, 16);
      let worst = 0;
      for (let J = 0; J < 16; J++) for (let I = 0; I < 16; I++) {
        let s = 0;
        for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) s += fine.fraction[(4 * J + j) * 64 + 4 * I + i];
        worst = Math.max(worst, Math.abs(s / 16 - coarse.fraction[J * 16 + I]));
      }
      expect(worst).toBeLessThan(1e-12);
    }
  });

  it("a 10 m street is open at 10 m resolution and vanishes at 40 m resolution", () => {
    const layout: BuildingLayout = { domain: { lx: 640, ly: 640 }, buildings: [
      { x0: 200, y0: 200, x1: 300, y1: 400 }, { x0: 310, y0: 200, x1: 400, y1: 400 },
    ] };
    const fine = rasterize(layout, 64, 64), coarse = rasterize(layout, 16, 16);
    for (let j = 20; j < 40; j++) expect(fine.solid[j * 64 + 30]).toBe(0); // cell [300, 310] m
    for (let j = 5; j < 10; j++) expect(coarse.solid[j * 16 + 7]).toBe(1); // cell [280, 320] m, 75% covered
    expect(coarse.fraction[6 * 16 + 7]).toBeCloseTo(0.75, 14);
  });

  it("refuses malformed layouts", () => {
    const d = { lx: 100, ly: 100 };
    const bad: Array<[BuildingLayout, RegExp]> = [
      [{ domain: d, buildings: [{ x0: 10, y0: 10, x1: 50, y1: 50 }, { x0: 40, y0: 40, x1: 60, y1: 60 }] }, /buildings\[0\] and buildings\[1\] overlap/],
      [{ domain: d, buildings: [{ x0: 90, y0: 10, x1: 120, y1: 50 }] }, /lies outside the domain \[0, 100\] × \[0, 100\] m/],
      [{ domain: d, buildings: [{ x0: 50, y0: 10, x1: 40, y1: 50 }] }, /must have x0 < x1 and y0 < y1/],
      [{ domain: d, buildings: [{ x0: Number.NaN, y0: 10, x1: 40, y1: 50 }] }, /buildings\[0\].x0 must be finite/],
      [{ domain: { lx: -1, ly: 100 }, buildings: [] }, /domain.lx must be > 0/],
    ];
    for (const [layout, msg] of bad) expect(() => rasterize(layout, 8, 8)).toThrow(msg);
    expect(() => rasterize({ domain: d, buildings: [] }, 0, 8)).toThrow(/nx must be an integer/);
    console.log(`urban layouts: ${bad.length + 1} bad inputs tried, all refused`);
  });
});

describe("urban wind", () => {
  it("potential and lattice-Boltzmann winds are divergence-free with no flow through buildings", () => {
    const mask = rasterize(randomLayout(new Rng(5)), 32, 32);
    for (const { wind, info } of [potentialWind(mask, 2), lbmWind(mask, { speed: 2, viscosity: 8 })]) {
      expect(info.converged).toBe(true);
      expect(maxAbs(netOutflow(wind, mask)) / (2 * 640)).toBeLessThan(1e-9);
      expect(buildingFaceFlow(wind, mask.solid)).toBe(0);
    }
  });

  it("with no buildings both winds are the uniform free stream", () => {
    const mask = maskFromSolid({ lx: 320, ly: 320 }, 16, 16, new Uint8Array(256));
    for (const { wind } of [potentialWind(mask, 2), lbmWind(mask, { speed: 2, viscosity: 8, tolerance: 1e-11 })]) {
      const { ux, uy } = cellVelocity(wind);
      expect(maxAbs(ux.map((v) => v - 2))).toBeLessThan(1e-8);
      expect(maxAbs(uy)).toBeLessThan(1e-9);
    }
  });

  it("buildings slow the lattice-Boltzmann wind (drag), but not the potential flow's inflow", () => {
    const mask = rasterize(randomLayout(new Rng(5)), 32, 32);
    const inflow = (w: FaceWind) => { let s = 0; for (let j = 0; j < 32; j++) s += w.u[j * 33]; return s / 32; };
    expect(inflow(potentialWind(mask, 2).wind)).toBeCloseTo(2, 12);
    const lbm = inflow(lbmWind(mask, { speed: 2, viscosity: 8 }).wind);
    console.log(`lattice-Boltzmann wind through layout 5 at 32x32: mean streamwise velocity ${lbm.toFixed(3)} m/s (free stream 2 m/s)`);
    expect(lbm).toBeLessThan(0.95 * 2);
    expect(lbm).toBeGreaterThan(0.1 * 2);
  });

  it("refuses settings the lattice cannot run", () => {
    const mask = rasterize(randomLayout(new Rng(5)), 16, 16);
    expect(() => lbmWind(mask, { speed: 2, viscosity: 1 })).toThrow(/gives lattice tau 0.503\d < 0.51 .*use viscosity ≥ 2.67 m²\/s or a finer grid/);
    const rect = maskFromSolid({ lx: 640, ly: 320 }, 16, 16, new Uint8Array(256));
    expect(() => lbmWind(rect, { speed: 2, viscosity: 8 })).toThrow(/needs square cells, got dx = 40 m and dy = 20 m/);
    expect(() => lbmWind(mask, { speed: 2, viscosity: 8, friction: 1 })).toThrow(/friction 1 1\/s is too strong .*γ·Δt = 2.00 ≥ 0.5/);
    expect(() => potentialWind(mask, -1)).toThrow(/speed must be > 0, got -1/);
  });
});

/** Analytic steady 1D solution of κθ'' − Uθ' − λθ + q = 0, θ(0) = 0, θ'(L) = 0. */
function steady1d(x: number, L: number, U: number, kappa: number, q: number, lambda: number): number {
  const s = Math.sqrt(U * U + 4 * kappa * lambda), r1 = (U + s) / (2 * kappa), r2 = (U - s) / (2 * kappa);
  const B = -(q / lambda) / (1 - (r2 / r1) * Math.exp(r2 * L - r1 * L));
  const A = (-B * r2 * Math.exp(r2 * L)) / r1;
  return q / lambda + A * Math.exp(r1 * (x - L)) + B * Math.exp(r2 * x);
}

describe("urban heat: analytic cases without buildings", () => {
  it("steady upwind solution matches the 1D advection–diffusion–relaxation solution, converging at first order", () => {
    const L = 640, U = 2, kappa = 8, q = 0.005, lambda = 0.005, errors: number[] = [];
    for (const n of [64, 256]) {
      const mask = maskFromSolid({ lx: L, ly: 40 }, n, 2, new Uint8Array(2 * n));
      const op = heatOperator(mask, potentialWind(mask, U).wind, { diffusivity: kappa, groundHeating: q, wallHeatFlux: 0, exchangeRate: lambda });
      const { theta } = solveSteady(op, { tolerance: 1e-12 });
      let err = 0;
      for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(theta[i] - steady1d(((i + 0.5) * L) / n, L, U, kappa, q, lambda)));
      errors.push(err / (q / lambda));
    }
    console.log(`1D steady vs analytic: max error / (q/λ) = ${errors.map((e) => e.toExponential(2)).join(" (n=64), ")} (n=256)`);
    expect(errors[1]).toBeLessThan(2e-3);
    expect(errors[0] / errors[1]).toBeGreaterThan(3); // 4x finer grid: first order gives ~4
  });

  it("a Gaussian puff advected and diffused by the TVD scheme matches the analytic solution", () => {
    const lx = 640, ly = 320, U = 2, kappa = 2, s0 = 20, x0 = 150, y0 = 160, T = 150;
    const exact = (x: number, y: number, t: number) => {
      const s2 = s0 * s0 + 2 * kappa * t;
      return ((s0 * s0) / s2) * Math.exp(-((x - x0 - U * t) ** 2 + (y - y0) ** 2) / (2 * s2));
    };
    const error = (nx: number, scheme: "tvd" | "upwind") => {
      const ny = nx / 2, dx = lx / nx, dy = ly / ny;
      const mask = maskFromSolid({ lx, ly }, nx, ny, new Uint8Array(nx * ny));
      const op = heatOperator(mask, potentialWind(mask, U).wind, { diffusivity: kappa, groundHeating: 0, wallHeatFlux: 0, exchangeRate: 0 });
      const theta0 = new Float64Array(nx * ny);
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) theta0[j * nx + i] = exact((i + 0.5) * dx, (j + 0.5) * dy, 0);
      const steps = Math.ceil(T / (0.8 * maxStableDt(op, scheme)));
      const run = simulateHeat(op, theta0, { dt: T / steps, steps, scheme });
      const theta = run.theta[run.theta.length - 1];
      let e2 = 0, n2 = 0;
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
        const ex = exact((i + 0.5) * dx, (j + 0.5) * dy, T);
        e2 += (theta[j * nx + i] - ex) ** 2; n2 += ex * ex;
      }
      return Math.sqrt(e2 / n2);
    };
    const tvd64 = error(64, "tvd"), tvd128 = error(128, "tvd"), upwind128 = error(128, "upwind");
    console.log(`Gaussian puff relative L2 error: TVD ${tvd64.toExponential(2)} (64x32), ${tvd128.toExponential(2)} (128x64); upwind ${upwind128.toExponential(2)} (128x64)`);
    expect(tvd128).toBeLessThan(0.04);
    expect(tvd64 / tvd128).toBeGreaterThan(3);
    expect(upwind128).toBeGreaterThan(5 * tvd128);
  });
});

describe("urban heat with buildings", () => {
  const layout = randomLayout(new Rng(11));
  const mask = rasterize(layout, 32, 32);
  const wind = lbmWind(mask, { speed: 2, viscosity: 8 }).wind;
  const op = heatOperator(mask, wind);

  it("conserves heat: the summed tendency equals the boundary and source budget, for any field", () => {
    const rng = new Rng(4), theta = rng.fillUniform(new Float64Array(1024), -1, 3);
    for (const scheme of ["upwind", "tvd"] as const) {
      const tendency = heatTendency(op, theta, scheme);
      const total = tendency.reduce((s, v) => s + v, 0) * op.volume;
      const b = heatBudget(op, theta);
      expect(Math.abs(total - b.storage) / (b.ground + b.walls)).toBeLessThan(1e-12);
      for (let c = 0; c < 1024; c++) if (mask.solid[c]) expect(tendency[c]).toBe(0);
    }
  });

  it("lets no heat into buildings: hot buildings do not warm uniform air, and building cells never change", () => {
    const noWind: FaceWind = { grid: mask.grid, u: new Float64Array(32 * 33), v: new Float64Array(1024) };
    const quiet = heatOperator(mask, noWind, { groundHeating: 0, wallHeatFlux: 0, exchangeRate: 0 });
    const theta = new Float64Array(1024).map((_, c) => (mask.solid[c] ? 100 : 1));
    const tendency = heatTendency(quiet, theta, "tvd");
    let touched = 0;
    for (let j = 0; j < 32; j++) for (let i = 1; i < 32; i++) {
      const c = j * 32 + i;
      if (mask.solid[c]) continue;
      expect(tendency[c]).toBe(0); // only the inlet column (i = 0) exchanges with the inflow
      if (mask.solid[c - 1] || (i < 31 && mask.solid[c + 1])) touched++;
    }
    expect(touched).toBeGreaterThan(10);
    const run = simulateHeat(op, theta, { steps: 50 });
    const last = run.theta[run.theta.length - 1];
    for (let c = 0; c < 1024; c++) if (mask.solid[c]) expect(last[c]).toBe(100);
  });

  it("steady state: the budget closes, θ ≥ 0, and the unsteady upwind run converges to it", () => {
    const steady = solveSteady(op, { tolerance: 1e-12 });
    const b = heatBudget(op, steady.theta);
    expect(Math.abs(b.storage) / (b.ground + b.walls)).toBeLessThan(1e-9);
    expect(Math.min(...steady.theta)).toBeGreaterThanOrEqual(0);
    const run = simulateHeat(op, new Float64Array(1024), { steps: 3000, scheme: "upwind" });
    const diff = maxAbs(run.theta[1].map((v, c) => v - steady.theta[c]));
    console.log(`urban 32x32: steady θ max ${maxAbs(steady.theta).toFixed(3)} K in ${steady.sweeps} SSOR sweeps; |unsteady(t=${(3000 * run.dt).toFixed(0)} s) − steady| = ${diff.toExponential(2)} K`);
    expect(diff / maxAbs(steady.theta)).toBeLessThan(1e-4);
  });

  it("refuses unstable time steps and unsolvable steady problems", () => {
    const dtMax = maxStableDt(op, "tvd");
    expect(maxStableDt(op, "upwind")).toBeGreaterThan(dtMax);
    expect(() => simulateHeat(op, new Float64Array(1024), { dt: 1.5 * dtMax, steps: 1 }))
      .toThrow(/dt = .* s is unstable for the tvd scheme: CFL number .*, diffusion number .* > 1; use dt ≤ /);
    expect(() => simulateHeat(op, new Float64Array(10), { steps: 1 })).toThrow(/theta0 must have length 1024 \(shape \[32, 32\]\)/);
    expect(() => simulateHeat(op, new Float64Array(1024), { steps: 1, scheme: "lax" as never })).toThrow(/scheme must be "upwind" or "tvd"/);
    // A heated courtyard sealed by buildings cannot reach a steady state without exchange with the air above.
    const ring = new Uint8Array(256);
    for (let k = 5; k <= 9; k++) { ring[5 * 16 + k] = 1; ring[9 * 16 + k] = 1; ring[k * 16 + 5] = 1; ring[k * 16 + 9] = 1; }
    const courtyard = maskFromSolid({ lx: 160, ly: 160 }, 16, 16, ring);
    const sealed = heatOperator(courtyard, potentialWind(courtyard, 2).wind, { exchangeRate: 0 });
    expect(() => solveSteady(sealed)).toThrow(/heated air cell \([6-8], [6-8]\) cannot lose heat with exchangeRate 0 .*set exchangeRate > 0/);
    // A wall of buildings across the whole width stops the wind: the air behind it has no outflow.
    const wall = new Uint8Array(256);
    for (let j = 0; j < 16; j++) wall[j * 16 + 8] = 1;
    const blocked = maskFromSolid({ lx: 160, ly: 160 }, 16, 16, wall);
    const blockedWind = potentialWind(blocked, 2).wind;
    expect(maxAbs(blockedWind.u)).toBeLessThan(1e-12);
    expect(() => solveSteady(heatOperator(blocked, blockedWind, { exchangeRate: 0 }))).toThrow(/heated air cell \((9|1[0-5]), \d+\) cannot lose heat with exchangeRate 0/);
    const blockedOp = heatOperator(blocked, blockedWind, { exchangeRate: 0.005 });
    const blockedSteady = solveSteady(blockedOp, { tolerance: 1e-10 });
    expect(Math.abs(heatBudget(blockedOp, blockedSteady.theta).storage) / heatBudget(blockedOp, blockedSteady.theta).ground).toBeLessThan(1e-8);
    expect(() => heatOperator(mask, wind, { diffusivity: 0 })).toThrow(/diffusivity must be in/);
    expect(() => heatOperator(mask, wind, { groundHeating: -1 })).toThrow(/groundHeating must be ≥ 0, got -1/);
    console.log("urban heat: 7 bad inputs tried, all refused");
  });

  it("solveUrbanSteady is deterministic and reports its timings", () => {
    const a = solveUrbanSteady(layout, { nx: 32 }), b = solveUrbanSteady(layout, { nx: 32 });
    expect(a.theta).toEqual(b.theta);
    expect(a.windInfo.model).toBe("lbm");
    expect(a.seconds.total).toBeGreaterThan(0);
    expect(a.seconds.total).toBeGreaterThanOrEqual(a.seconds.wind + a.seconds.heat);
    const p = solveUrbanSteady(layout, { nx: 32, wind: { model: "potential" } });
    expect(p.windInfo.model).toBe("potential");
    expect(() => solveUrbanSteady(layout, { nx: 32, wind: { model: "les" as never } })).toThrow(/wind model must be "lbm" or "potential", got "les"/);
  });
});
