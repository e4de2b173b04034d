/**
 * The barotropic ocean jet of Yasuda & Onishi's super-resolution data assimilation (SRDA, arXiv:
 * 2308.03351; sim.barotropic.srdaJet): a zonal jet in a β-plane channel [0, 2π) × [0, π], forced by
 * τ0·sech²((y − π/2)/0.4), that meanders and sheds eddies. For each trajectory, after a spin-up:
 *
 *   high      the truth ζ on the 128 × 65 grid at every cycle (Δt = 0.25)
 *   lowTruth  the truth low-pass filtered onto the 32 × 17 grid (assimilation.channelLowPass: its
 *             Fourier modes |k| < 16 in x and in the sine series in y, as the paper's LowPassFilter)
 *   low       the low-resolution model's forecast valid at that cycle, started `lead` cycles earlier
 *             from lowTruth — the background an SR-DA network (or a bicubic) turns into a
 *             high-resolution analysis with the observations of that cycle
 *
 * Observations (every 8th grid point, noise 0.1) are drawn in the notebook, so that their noise
 * follows the notebook's seed.
 */
import type { Rng } from "../../core/random";
import { BarotropicModel, jetVorticity, randomVorticity, simulateSpectral, srdaJet } from "../../sim/barotropic";
import { channelLowPass } from "../../assimilation/lowpass";
import { registerDataset } from "../registry";

/**
 * Parameters per scale, as data. Paper: 250 trajectories of 96 cycles, the first 16 (t ≤ 4) spin-up,
 * the paper's second-order Runge–Kutta steps (1.25e-4 high, 5e-4 low); our ETDRK4 takes 0.00625 /
 * 0.0125 at quick scale (CFL number ≤ 0.7 at the jet's peak speed).
 */
export const BAROTROPIC_SRDA = {
  quick: { trajectories: 4, spinup: 40, cycles: 32, lead: 4, dtHigh: 0.00625, dtLow: 0.0125 },
  paper: { trajectories: 250, spinup: 16, cycles: 80, lead: 4, dtHigh: 1.25e-4, dtLow: 5e-4 },
};

type SrdaParams = typeof BAROTROPIC_SRDA.quick;

function initialVorticity(model: BarotropicModel, rng: Rng): Float64Array {
  const p = srdaJet("high"), d = model.domain;
  const z = jetVorticity(d, p.initialJet), noise = randomVorticity(d, { rng, rms: p.noise });
  for (let i = 0; i < z.length; i++) z[i] += noise[i];
  return z;
}

registerDataset<SrdaParams>({
  name: "barotropic-srda",
  description: "Barotropic ocean jet in a β-plane channel [0, 2π) × [0, π] with free-slip walls (β = 0.1, drag 1e-2, biharmonic diffusion 1e-5, jet forcing 0.3·sech²((y − π/2)/0.4); initial jet 3·sech²((y − π/2)/0.4) plus random vorticity of rms 0.0025): the truth ζ at 128 × 65 every cycle (Δt = 0.25) after a spin-up, the truth low-pass filtered onto 32 × 17, and the 32 × 17 model's forecast valid at each cycle, started `lead` cycles earlier from the filtered truth.",
  purpose: "Notebook 10 (super-resolution data assimilation): an SR-DA network maps the low-resolution forecast and sparse observations (every 8th point, noise 0.1, drawn in the notebook) to the high-resolution analysis, against bicubic interpolation of the forecast and an ensemble Kalman filter with the low-resolution model.",
  simulator: "sim.barotropic.BarotropicModel with sim.barotropic.srdaJet('high' and 'low') (ETDRK4, 2/3 dealiasing, channel as a sine series in y); initial fields sim.barotropic.jetVorticity + randomVorticity; low-pass assimilation.channelLowPass (data.spectralCut of the odd extension)",
  version: 1,
  seed: 1000,
  scales: BAROTROPIC_SRDA,
  arrays: (p) => ({
    high: { dtype: "float32", shape: [p.trajectories, p.cycles, 65, 128], description: "truth vorticity ζ [trajectory, cycle, y, x] on the 128 × 65 grid (rows y_j = jπ/64 including both walls, where ζ = 0; x_i = 2πi/128), 1/time" },
    lowTruth: { dtype: "float32", shape: [p.trajectories, p.cycles, 17, 32], description: "the truth low-pass filtered onto the 32 × 17 grid [trajectory, cycle, y, x] (rows y_j = jπ/16, x_i = 2πi/32)" },
    low: { dtype: "float32", shape: [p.trajectories, p.cycles, 17, 32], description: "the 32 × 17 model's forecast valid at the cycle, started `lead` cycles earlier from lowTruth [trajectory, cycle, y, x]" },
    time: { dtype: "float64", shape: [p.cycles], description: "model time of each cycle (spin-up included; the jet starts at t = 0)" },
  }),
  build(p, ctx) {
    const hi = srdaJet("high"), lo = srdaJet("low");
    const hiModel = new BarotropicModel(hi.config), loModel = new BarotropicModel(lo.config);
    const T = p.trajectories, C = p.cycles, nh = 65 * 128, nl = 17 * 32;
    const stepsHi = Math.round(hi.cycleTime / p.dtHigh), stepsLo = Math.round(lo.cycleTime / p.dtLow);
    if (Math.abs(stepsHi * p.dtHigh - hi.cycleTime) > 1e-9 || Math.abs(stepsLo * p.dtLow - lo.cycleTime) > 1e-9) {
      throw new RangeError(`barotropic-srda: dtHigh (${p.dtHigh}) and dtLow (${p.dtLow}) must divide the cycle time ${hi.cycleTime}`);
    }
    if (p.lead < 1 || p.lead > p.spinup) throw new RangeError(`barotropic-srda: lead must be in [1, spinup = ${p.spinup}] cycles, got ${p.lead}`);
    const high = new Float32Array(T * C * nh), lowTruth = new Float32Array(T * C * nl), low = new Float32Array(T * C * nl);
    const t0 = performance.now();
    let hiSeconds = 0;
    for (let tr = 0; tr < T; tr++) {
      let spec = hiModel.toSpectral(initialVorticity(hiModel, ctx.rng.split(tr)));
      const filtered: Float64Array[] = []; // lowTruth of every cycle from spinup − lead on
      for (let c = 0; c < p.spinup + C; c++) {
        if (c >= p.spinup - p.lead) {
          const z = hiModel.toGrid(spec), f = channelLowPass(z, 65, 128, 4);
          filtered.push(f);
          if (c >= p.spinup) {
            const k = tr * C + c - p.spinup;
            high.set(z, k * nh); lowTruth.set(f, k * nl);
            const fc = simulateSpectral(loModel, loModel.toSpectral(filtered[filtered.length - 1 - p.lead]), { dt: p.dtLow, steps: p.lead * stepsLo, scheme: "etdrk4" });
            low.set(loModel.toGrid(fc.spectrum), k * nl);
          }
        }
        const s = performance.now();
        if (c < p.spinup + C - 1) spec = simulateSpectral(hiModel, spec, { dt: p.dtHigh, steps: stepsHi, scheme: "etdrk4" }).spectrum;
        hiSeconds += (performance.now() - s) / 1000;
        ctx.onProgress(tr * (p.spinup + C) + c + 1, T * (p.spinup + C));
      }
    }
    ctx.info.highSecondsPerCycle = hiSeconds / (T * (p.spinup + C - 1));
    ctx.info.buildSeconds = (performance.now() - t0) / 1000;
    const time = Float64Array.from({ length: C }, (_, c) => (p.spinup + c) * hi.cycleTime);
    return {
      high: { data: high, shape: [T, C, 65, 128] }, lowTruth: { data: lowTruth, shape: [T, C, 17, 32] },
      low: { data: low, shape: [T, C, 17, 32] }, time: { data: time, shape: [C] },
    };
  },
});
