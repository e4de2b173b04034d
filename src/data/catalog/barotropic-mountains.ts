/**
 * Stationary Rossby waves behind random Gaussian mountains (sim.barotropic.mountainWaveDisplacement):
 * an eastward current U = 0.5 on a doubly periodic β-plane [0, 2π)², β = 1, drag μ = 0.3, started
 * from rest over three mountains placed at random side by side in the western (upstream) part of the domain;
 * each sample keeps the topographic PV η, the time-mean streamline displacement δy = ψ'/U over
 * t ∈ [6, 10] and the mountains themselves. Notebook 09 trains a CNN on η → δy and explains the
 * mean δy in a box downstream ("the meander") by attributions, against re-simulating with each
 * mountain removed.
 */
import { mountainField, mountainWaveDisplacement, mountainWaveDomain, placeMountains } from "../../sim/barotropic";
import { registerDataset } from "../registry";

const L = 2 * Math.PI;
/** The flow: U = 0.5, β = 1, drag 0.3, from rest to t = 10, δy averaged over t ∈ [6, 10] (snapshots every 1). */
const FLOW = { lx: L, ly: L, beta: 1, drag: 0.3, order: 2, uniformFlow: 0.5, time: 10, averageFrom: 6, saveInterval: 1 };
/**
 * Three mountains of half-width 0.3 side by side upstream, x ∈ [0.6, 1.2], y ∈ [1, 5.3], centres ≥ 2
 * apart, η0 log-uniform in [0.25, 4] (1/time). Version 1 scattered them over x ∈ [0.6, 2.6],
 * y ∈ [1.6, 4.7], ≥ 1.4 apart, η0 uniform in [0.25, 3]: a mountain often sat in another's lee
 * wave, the box-mean response was far from additive over mountains (in 40 simulator-only draws
 * Σ_m ΔF_m missed F by ~30% on average; side by side 5–10%), and removal and any additive split
 * ranked the mountains differently even on the simulator itself. Log-uniform heights make the
 * mountains of one run differ by larger factors (fewer near-ties in the removal ranking) while a
 * tall one still saturates. Chosen on simulator-only draws and pilot datasets, never on the
 * notebook's test runs.
 */
const MOUNTAINS = { count: 3, width: 0.3, minHeight: 0.25, maxHeight: 4, heights: "logUniform" as const, region: [0.6, 1.2, 1, 5.3] as [number, number, number, number], minSeparation: 2 };

/**
 * Parameters per scale, as data: `setup` is sim.barotropic.MountainWaveSetup (the notebook's brute
 * force re-simulates with it); the downstream box is in grid cells (rows = y, columns = x),
 * x ∈ [3.9, 5.1], y ∈ [2.4, 3.9] at both scales. Hyperviscosity scales as Δx⁴ with the grid.
 */
export const BAROTROPIC_MOUNTAINS = {
  quick: { samples: 360, grid: 32, box: { row: 12, col: 20, height: 8, width: 6 }, mountains: MOUNTAINS, setup: { nx: 32, ny: 32, dt: 0.1, hyperviscosity: 1e-4, ...FLOW } },
  paper: { samples: 3600, grid: 64, box: { row: 24, col: 40, height: 16, width: 12 }, mountains: MOUNTAINS, setup: { nx: 64, ny: 64, dt: 0.05, hyperviscosity: 6.25e-6, ...FLOW } },
};

type Params = typeof BAROTROPIC_MOUNTAINS.quick;

registerDataset<Params>({
  name: "barotropic-mountains",
  description: "Eastward current U = 0.5 over three random Gaussian mountains side by side upstream (half-width 0.3, centres in x ∈ [0.6, 1.2], y ∈ [1, 5.3], ≥ 2 apart, topographic PV η0 log-uniform in [0.25, 4]) on a doubly periodic β-plane [0, 2π)² (β = 1, drag 0.3, biharmonic hyperviscosity), from rest: topography η and the time-mean streamline displacement δy = ψ'/U over t ∈ [6, 10] (stationary Rossby lee waves).",
  purpose: "Notebook 09 (nonlinear sensitivity): a CNN surrogate η → δy, attributions of the mean δy in a downstream box (integrated gradients, saliency, gradient × input) against brute-force mountain removal.",
  simulator: "sim.barotropic.mountainWaveDisplacement (BarotropicModel with uniformFlow and topography, ETDRK4, 2/3 dealiasing); mountains sim.barotropic.placeMountains + mountainField",
  version: 2,
  seed: 0,
  scales: BAROTROPIC_MOUNTAINS,
  arrays: (p) => ({
    topography: { dtype: "float64", shape: [p.samples, p.grid, p.grid], description: "topographic PV η = f0·h/H [samples, y, x] (1/time), rows y_j = 2πj/grid" },
    displacement: { dtype: "float64", shape: [p.samples, p.grid, p.grid], description: "time-mean streamline displacement δy = ψ'/U over [averageFrom, time] [samples, y, x] (length)" },
    mountains: { dtype: "float64", shape: [p.samples, p.mountains.count, 4], description: "mountains [samples, mountain, (x, y, η0, half-width)] (length, length, 1/time, length)" },
  }),
  build(p, ctx) {
    const setup = p.setup, d = mountainWaveDomain(setup), m = p.mountains;
    const cells = p.grid * p.grid, eta = new Float64Array(p.samples * cells), dy = new Float64Array(p.samples * cells);
    const table = new Float64Array(p.samples * m.count * 4), t0 = performance.now();
    for (let b = 0; b < p.samples; b++) {
      const ms = placeMountains({ rng: ctx.rng.split(b), count: m.count, box: m.region, minSeparation: m.minSeparation, minHeight: m.minHeight, maxHeight: m.maxHeight, width: m.width, heights: m.heights });
      const field = mountainField(d, ms);
      eta.set(field, b * cells);
      dy.set(mountainWaveDisplacement(setup, field), b * cells);
      ms.forEach((mt, i) => table.set([mt.x, mt.y, mt.height, mt.width], (b * m.count + i) * 4));
      ctx.onProgress(b + 1, p.samples);
    }
    ctx.info.solverSecondsPerSample = (performance.now() - t0) / 1000 / p.samples;
    const s = [p.samples, p.grid, p.grid];
    return { topography: { data: eta, shape: s }, displacement: { data: dy, shape: s }, mountains: { data: table, shape: [p.samples, m.count, 4] } };
  },
});
