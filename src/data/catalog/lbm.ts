/**
 * Lattice-Boltzmann Kármán vortex street (sim.lbm): velocity snapshots of the cylinder wake after the
 * shedding has settled, with the shedding phase of each snapshot from the transverse-velocity probe.
 */
import { sheddingFrequency, sheddingPhase, simulateVortexStreet, strouhalNumber, vortexStreet, vorticity } from "../../sim/lbm";
import { blockMean } from "../coarse";
import { registerDataset } from "../registry";

type StreetParams = {
  reynolds: number;
  diameter: number;
  velocity: number;
  length: number;
  width: number;
  spinUp: number;
  snapshots: number;
  snapshotEvery: number;
  coarsen: number;
};

const PROBE_EVERY = 2;

registerDataset<StreetParams>({
  name: "lbm-vortex-street",
  description: "Flow past a circular cylinder (D2Q9 BGK lattice Boltzmann, uniform inlet, periodic sides) after the vortex street has settled: velocity and vorticity snapshots, block-averaged, with the shedding phase of each. Lattice units. The simulation is deterministic; the seed is recorded but not used.",
  purpose: "Notebook 11 (information bottleneck): a 2D latent of the snapshots forms a ring whose angle tracks the shedding phase.",
  simulator: "sim.lbm.vortexStreet + sim.lbm.simulateVortexStreet",
  version: 1,
  seed: 0,
  scales: {
    quick: { reynolds: 100, diameter: 14, velocity: 0.1, length: 20, width: 8, spinUp: 6000, snapshots: 256, snapshotEvery: 20, coarsen: 4 },
    paper: { reynolds: 150, diameter: 20, velocity: 0.1, length: 20, width: 8, spinUp: 12000, snapshots: 2000, snapshotEvery: 20, coarsen: 2 },
  },
  arrays: (p) => {
    const ny = Math.round(p.width * p.diameter) / p.coarsen, nx = Math.round(p.length * p.diameter) / p.coarsen;
    const s = [p.snapshots, ny, nx], probes = (p.snapshots * p.snapshotEvery) / PROBE_EVERY;
    return {
      ux: { dtype: "float32", shape: s, description: "velocity along x (lattice units), block mean over coarsen² nodes [n, ny, nx]" },
      uy: { dtype: "float32", shape: s, description: "velocity along y (lattice units), block mean [n, ny, nx]" },
      vorticity: { dtype: "float32", shape: s, description: "vorticity ∂uy/∂x − ∂ux/∂y (1/step) on the full lattice, block mean [n, ny, nx]" },
      phase: { dtype: "float64", shape: [p.snapshots], description: "shedding phase of each snapshot in [0, 2π), from upward zero crossings of the probe" },
      step: { dtype: "float64", shape: [p.snapshots], description: "lattice time step of each snapshot" },
      probe: { dtype: "float64", shape: [probes], description: `transverse velocity at the wake probe (3 D behind the cylinder) every ${PROBE_EVERY} steps over the snapshot window` },
      lift: { dtype: "float64", shape: [probes], description: "lift coefficient C_L every 2 steps over the snapshot window" },
    };
  },
  build(p, ctx) {
    if (p.snapshotEvery % PROBE_EVERY !== 0) throw new RangeError(`lbm-vortex-street: snapshotEvery must be a multiple of ${PROBE_EVERY}, got ${p.snapshotEvery}`);
    const street = vortexStreet({ reynolds: p.reynolds, diameter: p.diameter, velocity: p.velocity, length: p.length, width: p.width });
    const { nx, ny } = street.lattice;
    const total = p.spinUp + p.snapshots * p.snapshotEvery;
    simulateVortexStreet(street, { steps: p.spinUp, sampleEvery: 100, onProgress: (d) => ctx.onProgress(d, total) });
    const n = p.snapshots, f = p.coarsen, coarse = (ny / f) * (nx / f);
    const ux = new Float32Array(n * coarse), uy = new Float32Array(n * coarse), w = new Float32Array(n * coarse);
    // Block mean of one [ny, nx] field, float64 → float32 (explicit).
    const reduce = (field: Float64Array) => Float32Array.from(blockMean({ data: field, shape: [ny, nx] }, f).data);
    let k = 0;
    const run = simulateVortexStreet(street, {
      steps: n * p.snapshotEvery, sampleEvery: PROBE_EVERY, snapshotEvery: p.snapshotEvery,
      onProgress: (d) => ctx.onProgress(p.spinUp + d, total),
      onSnapshot: (_step, u, v) => {
        ux.set(reduce(u), k * coarse); uy.set(reduce(v), k * coarse); w.set(reduce(vorticity(u, v, nx, ny)), k * coarse);
        k++;
      },
    });
    const phaseAll = sheddingPhase(run.probe);
    const shedding = sheddingFrequency(run.probe, PROBE_EVERY);
    ctx.info.strouhal = strouhalNumber(shedding.frequency, p.diameter, p.velocity);
    ctx.info.periodSteps = shedding.period;
    ctx.info.grid = [ny, nx];
    const phase = new Float64Array(n), step = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      // Snapshot m is taken at window step (m + 1)·snapshotEvery, which is probe sample (m + 1)·snapshotEvery/2 − 1.
      phase[m] = phaseAll[((m + 1) * p.snapshotEvery) / PROBE_EVERY - 1];
      step[m] = run.snapshotSteps[m];
    }
    const s = [n, ny / f, nx / f];
    return {
      ux: { data: ux, shape: s }, uy: { data: uy, shape: s }, vorticity: { data: w, shape: s },
      phase: { data: phase, shape: [n] }, step: { data: step, shape: [n] },
      probe: { data: run.probe, shape: [run.probe.length] }, lift: { data: run.lift, shape: [run.lift.length] },
    };
  },
});
