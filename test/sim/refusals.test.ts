// Issue 7: every simulator (and the coarse-graining operators of src/data) refuses unstable or
// meaningless parameters up front, with a RangeError/TypeError whose message names the caller, the
// parameter and the allowed range. Each row is one bad input and the message it must produce.
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/random";
import { blockMean, patchesAt, spectralCut, subsample } from "../../src/data";
import { BarotropicModel, rossbyWave, simulate as simulateBarotropic } from "../../src/sim/barotropic";
import { Burgers1d, coleHopf, randomInitialConditions, simulate as simulateBurgers, solveBatch } from "../../src/sim/burgers";
import { EulerMaruyama, Rk4, integrate } from "../../src/sim/integrators";
import { DoubleWell, DraggedTrap, OrnsteinUhlenbeck, TwoTemperature, simulateEnsemble } from "../../src/sim/langevin";
import { Lattice2d, simulateVortexStreet, tauFromViscosity, viscosityFromTau, vortexStreet } from "../../src/sim/lbm";
import { Lorenz63, simulate as simulateLorenz63 } from "../../src/sim/lorenz63";
import { Lorenz96, Lorenz96TwoScale, simulate as simulateLorenz96 } from "../../src/sim/lorenz96";
import { NavierStokes2d, randomVorticity, simulate as simulateNavierStokes, taylorGreen } from "../../src/sim/navier-stokes";
import { spectralGrid2 } from "../../src/sim/spectral";
import {
  heatOperator, lbmWind, maskFromSolid, maxStableDt, potentialWind, randomLayout, rasterize, simulateHeat, solveSteady, validateLayout,
} from "../../src/sim/urban";

type Row = [label: string, attempt: () => unknown, message: RegExp];

const ns32 = () => new NavierStokes2d({ n: 32, viscosity: 1e-3 });
const burgers64 = () => new Burgers1d({ n: 64, viscosity: 0.01 });
const sine = (n: number, amplitude: number) => Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / n));
const barotropic32 = () => new BarotropicModel({ nx: 32, ny: 32, beta: 1 });
const open16 = () => maskFromSolid({ lx: 160, ly: 160 }, 16, 16, new Uint8Array(256));
const heatOp = () => { const m = open16(); return heatOperator(m, potentialWind(m, 2).wind); };
const grid = (h: number, w: number) => ({ data: new Float64Array(h * w), shape: [h, w] });

const rows: Row[] = [
  // Navier–Stokes
  ["NS negative viscosity", () => new NavierStokes2d({ n: 32, viscosity: -1e-3 }), /navierStokes: viscosity must be ≥ 0, got -0.001/],
  ["NS viscosity NaN", () => new NavierStokes2d({ n: 32, viscosity: Number.NaN }), /navierStokes: viscosity must be finite and ≥ 0, got NaN/],
  ["NS negative drag", () => new NavierStokes2d({ n: 32, viscosity: 1e-3, drag: -0.1 }), /navierStokes: drag must be ≥ 0, got -0.1/],
  ["NS grid not a power of two", () => new NavierStokes2d({ n: 48, viscosity: 1e-3 }), /navierStokes: n must be a power of two in \[8, 4096\], got 48/],
  ["NS Kolmogorov wavenumber beyond n/3", () => new NavierStokes2d({ n: 32, viscosity: 1e-3, forcing: { kind: "kolmogorov", amplitude: 1, wavenumber: 11 } }),
    /navierStokes: forcing.wavenumber must be an integer in \[1, 10.6+\d*\], got 11/],
  ["NS CFL > limit", () => { const m = ns32(); return simulateNavierStokes(m, taylorGreen(m, { amplitude: 100 }), { dt: 0.1, steps: 1, scheme: "etdrk4" }); },
    /navierStokes.simulate: CFL number .* = \d+.* exceeds the limit 1; reduce dt \(was 0.1\) below/],
  ["NS explicit scheme unstable on the viscous term", () => { const m = new NavierStokes2d({ n: 32, viscosity: 1 }); return simulateNavierStokes(m, taylorGreen(m), { dt: 0.1, steps: 1 }); },
    /navierStokes.simulate: dt = 0.1 is unstable for rk4 .*dt·max\|L\| = .* must be ≤ 2.785, i.e. dt ≤ /],
  ["NS dt = 0", () => { const m = ns32(); return simulateNavierStokes(m, taylorGreen(m), { dt: 0, steps: 1 }); }, /navierStokes.simulate: dt must be a finite number > 0, got 0/],
  ["NS cflLimit beyond RK stability", () => { const m = ns32(); return simulateNavierStokes(m, taylorGreen(m), { dt: 1e-3, steps: 1, cflLimit: 5 }); },
    /navierStokes.simulate: cflLimit must be in \(0, 2.8\], got 5/],
  ["NS unknown scheme", () => { const m = ns32(); return simulateNavierStokes(m, taylorGreen(m), { dt: 1e-3, steps: 1, scheme: "euler" as never }); },
    /navierStokes.simulate: scheme must be one of rk4, rk3-ssp, ifrk4, etdrk4, got euler/],
  ["NS negative steps", () => { const m = ns32(); return simulateNavierStokes(m, taylorGreen(m), { dt: 1e-3, steps: -1 }); }, /navierStokes.simulate: steps must be an integer ≥ 0, got -1/],
  ["NS random field peak beyond n/3", () => randomVorticity(ns32(), { rng: new Rng(1), peakWavenumber: 20 }), /randomVorticity: peakWavenumber must be in \[1, 10.6+\d*\], got 20/],
  // Burgers
  ["Burgers negative viscosity", () => new Burgers1d({ n: 64, viscosity: -0.01 }), /burgers: viscosity must be > 0, got -0.01/],
  ["Burgers zero viscosity", () => new Burgers1d({ n: 64, viscosity: 0 }), /burgers: viscosity must be > 0, got 0/],
  ["Burgers grid not a power of two", () => new Burgers1d({ n: 100, viscosity: 0.01 }), /burgers: n must be a power of two in \[16, 65536\], got 100/],
  ["Burgers CFL > limit", () => simulateBurgers(burgers64(), sine(64, 100), { dt: 0.01, steps: 1, scheme: "etdrk4" }),
    /burgers.simulate: CFL number .* exceeds the limit 1; reduce dt \(was 0.01\) below/],
  ["Burgers explicit scheme unstable on the viscous term", () => simulateBurgers(new Burgers1d({ n: 64, viscosity: 1 }), sine(64, 1), { dt: 0.01, steps: 1, scheme: "rk3-ssp" }),
    /burgers.simulate: dt = 0.01 is unstable for rk3-ssp .* must be ≤ 2.512, i.e. dt ≤ /],
  ["Burgers batch of the wrong length", () => solveBatch(burgers64(), new Float64Array(100), { dt: 1e-3, steps: 1 }),
    /burgers.solveBatch: u0 must have length batch·n with n = 64 \(\[batch, n\]\), got length 100/],
  ["Burgers GRF with infinite variance (alpha ≤ 0.5)", () => randomInitialConditions(burgers64(), 1, { rng: new Rng(1), alpha: 0.4 }), /alpha must be > 0.5 \(finite variance\), got 0.4/],
  ["Cole–Hopf negative viscosity", () => coleHopf(sine(64, 1), { viscosity: -1, time: 0.1 }), /coleHopf: viscosity must be > 0, got -1/],
  // barotropic
  ["barotropic negative hyperviscosity", () => new BarotropicModel({ nx: 32, ny: 32, beta: 1, hyperviscosity: -1 }), /barotropic: hyperviscosity must be ≥ 0, got -1/],
  ["barotropic negative drag", () => new BarotropicModel({ nx: 32, ny: 32, beta: 1, drag: -1 }), /barotropic: drag must be ≥ 0, got -1/],
  ["barotropic hyperdiffusion order 0", () => new BarotropicModel({ nx: 32, ny: 32, beta: 1, order: 0 }), /barotropic: order must be an integer in \[1, 8\], got 0/],
  ["barotropic channel rows not 2^m + 1", () => new BarotropicModel({ domain: "channel", nx: 32, ny: 16, beta: 1 }), /ny counts both wall rows and must be 2\^m \+ 1 in \[5, 2049\].*got 16/],
  ["barotropic CFL > limit", () => { const m = barotropic32(); return simulateBarotropic(m, rossbyWave(m.domain, { amplitude: 1000, m: 1, l: 1 }).zeta, { dt: 0.1, steps: 1, scheme: "etdrk4" }); },
    /barotropic.simulate: CFL number .* exceeds the limit 1; reduce dt \(was 0.1\) below/],
  ["barotropic explicit scheme unstable on hyperdiffusion", () => { const m = new BarotropicModel({ nx: 64, ny: 64, beta: 0.1, hyperviscosity: 1e-2 }); return simulateBarotropic(m, rossbyWave(m.domain, { amplitude: 0.1, m: 1, l: 1 }).zeta, { dt: 0.01, steps: 1 }); },
    /barotropic.simulate: dt = 0.01 is unstable for rk4 .* i.e. dt ≤ /],
  // Lorenz systems and the ODE driver
  ["Lorenz-63 negative sigma", () => new Lorenz63({ sigma: -1 }), /lorenz63: sigma must be > 0, got -1/],
  ["Lorenz-63 dt beyond explicit RK stability", () => simulateLorenz63(new Lorenz63(), Float64Array.of(1, 1, 1), { dt: 1, steps: 1 }),
    /lorenz63: dt = 1 is too large at t = 0.*dt·‖J\(x\)‖∞ = .* exceeds 2.5 \(explicit RK stability\); use dt ≤ /],
  ["Lorenz-63 scheme not explicit RK", () => simulateLorenz63(new Lorenz63(), Float64Array.of(1, 1, 1), { dt: 1e-3, steps: 1, scheme: "etdrk4" as never }),
    /lorenz63.simulate: scheme must be "rk4" or "rk3-ssp", got etdrk4/],
  ["Lorenz-96 too few sites", () => new Lorenz96({ sites: 3 }), /lorenz96: sites must be an integer ≥ 4, got 3/],
  ["Lorenz-96 forcing NaN", () => new Lorenz96({ forcing: Number.NaN }), /lorenz96: forcing must be finite, got NaN/],
  ["Lorenz-96 dt beyond explicit RK stability", () => simulateLorenz96(new Lorenz96({ sites: 8 }), new Float64Array(8).fill(8), { dt: 1, steps: 1 }), /dt = 1 is too large .* use dt ≤ /],
  ["two-scale Lorenz-96 negative coupling", () => new Lorenz96TwoScale({ coupling: -1 }), /coupling must be ≥ 0, got -1/],
  ["two-scale Lorenz-96 time-scale ratio 0", () => new Lorenz96TwoScale({ c: 0 }), /c must be > 0, got 0/],
  // Langevin
  ["OU dimension 0", () => new OrnsteinUhlenbeck({ dim: 0, drift: new Float64Array(0), noise: new Float64Array(0) }), /dim must be an integer in \[1, 256\], got 0/],
  ["OU Euler–Maruyama dt unstable", () => simulateEnsemble(new OrnsteinUhlenbeck({ dim: 1, drift: Float64Array.of(-10), noise: Float64Array.of(1) }), { members: 4, dt: 1, steps: 1, rng: new Rng(1), initial: Float64Array.of(0) }),
    /dt = 1 makes Euler–Maruyama unstable: .* use dt < 0.2/],
  ["OU stationary covariance of an unstable drift", () => new OrnsteinUhlenbeck({ dim: 1, drift: Float64Array.of(1), noise: Float64Array.of(1) }).stationaryCovariance(),
    /the drift matrix A is not stable \(an eigenvalue has real part ≥ 0\)/],
  ["two-temperature without a stationary state", () => new TwoTemperature({ rx: 1, ry: 1, a: 2, b: 1, Tx: 1, Ty: 1 }), /rx·ry − a·b must be > 0 for a stationary state, got -1/],
  ["two-temperature negative temperature", () => new TwoTemperature({ rx: 1, ry: 1, a: 0, b: 0, Tx: -1, Ty: 1 }), /Tx must be ≥ 0, got -1/],
  ["double well negative noise", () => new DoubleWell({ sigma: -1 }), /doubleWell: sigma must be ≥ 0, got -1/],
  ["double well dt beyond the well relaxation", () => simulateEnsemble(new DoubleWell(), { members: 2, dt: 1, steps: 1, rng: new Rng(1), initial: Float64Array.of(0) }),
    /doubleWell: dt = 1 is too large: dt·V''\(minimum\) = 2.00 must be ≤ 0.5, i.e. dt ≤ 0.250/],
  ["dragged trap zero friction", () => new DraggedTrap({ stiffness: 1, friction: 0, temperature: 1, speed: 1 }), /draggedTrap: friction must be > 0, got 0/],
  ["dragged trap dt beyond the trap relaxation", () => simulateEnsemble(new DraggedTrap({ stiffness: 1, friction: 1, temperature: 1, speed: 1 }), { members: 2, dt: 1, steps: 1, rng: new Rng(1), initial: Float64Array.of(0, 0) }),
    /draggedTrap: dt = 1 must resolve the trap relaxation time .* dt·k\/γ must be ≤ 0.1, i.e. dt ≤ 0.100/],
  ["ensemble of 0 members", () => simulateEnsemble(new DoubleWell(), { members: 0, dt: 0.01, steps: 1, rng: new Rng(1), initial: Float64Array.of(0) }), /members must be an integer ≥ 1, got 0/],
  ["ensemble with a seed instead of an rng", () => simulateEnsemble(new DoubleWell(), { members: 2, dt: 0.01, steps: 1, seed: 1, initial: Float64Array.of(0) } as never), /rng must be a core.Rng, got undefined; .* new core.Rng\(1\)/],
  // integrators used directly
  ["integrate with dt = -1", () => { const s = new Rk4(() => undefined, 1); return integrate(s, new Float64Array(1), { dt: -1, steps: 1 }); }, /rk4: dt must be > 0, got -1/],
  ["Euler–Maruyama noise of the wrong shape", () => new EulerMaruyama({ dim: 2, members: 1, drift: () => undefined, noise: new Float64Array(3), rng: new Rng(1) }),
    /EulerMaruyama: noise must have length d·p with d = 2 \(row-major \[d, p\]\), got length 3/],
  ["spectral grid not a power of two", () => spectralGrid2(12, 8), /spectralGrid2: nx must be a power of two in \[4, 65536\], got 12/],
  // lattice Boltzmann
  ["LBM tau = 1/2 (zero viscosity)", () => new Lattice2d({ nx: 8, ny: 8, tau: 0.5 }), /lbm.Lattice2d: tau must be > 0.5 .*got 0.5/],
  ["LBM tau < 1/2 (negative viscosity)", () => new Lattice2d({ nx: 8, ny: 8, tau: 0.4 }), /tau must be > 0.5 .*got 0.4/],
  ["LBM negative viscosity to tau", () => tauFromViscosity(-0.01), /lbm.tauFromViscosity: viscosity must be > 0, got -0.01/],
  ["LBM tau < 1/2 to viscosity", () => viscosityFromTau(0.4), /lbm.viscosityFromTau: tau must be > 0.5 .*got 0.4/],
  ["LBM friction ≥ 1 per step", () => new Lattice2d({ nx: 8, ny: 8, tau: 1, friction: 1 }), /lbm.Lattice2d: friction must be in \[0, 0.999\], got 1/],
  ["LBM maxMach above 1", () => new Lattice2d({ nx: 8, ny: 8, tau: 1, maxMach: 2 }), /lbm.Lattice2d: maxMach must be in \[0.000001, 1\], got 2/],
  ["LBM inlet Mach above the limit", () => new Lattice2d({ nx: 8, ny: 8, tau: 1, xBoundary: { inletVelocity: 0.5 } }),
    /lbm.Lattice2d: inlet Mach number .* exceeds maxMach 0.3 .*lower the lattice velocity \(≤ 0.173\)/],
  ["LBM vortex street with tau below the stable limit", () => vortexStreet({ reynolds: 1000, diameter: 10 }), /lbm.vortexStreet: Re = 1000 .* tau .* < 0.535 .*use a diameter ≥ \d+ nodes/],
  ["LBM vortex street lattice velocity above 0.17", () => vortexStreet({ reynolds: 100, diameter: 14, velocity: 0.2 }), /velocity must be in \[0.000001, 0.17\], got 0.2/],
  ["LBM vortex street run of 0 steps", () => simulateVortexStreet(vortexStreet({ reynolds: 20, diameter: 4 }), { steps: 0 }), /lbm.simulateVortexStreet: steps must be an integer ≥ 1, got 0/],
  // urban canopy
  ["urban negative diffusivity", () => heatOperator(open16(), potentialWind(open16(), 2).wind, { diffusivity: -1 }), /urban.heatOperator: diffusivity must be in \(0, ∞\) m²\/s, got -1/],
  ["urban negative exchange rate", () => heatOperator(open16(), potentialWind(open16(), 2).wind, { exchangeRate: -1 }), /exchangeRate must be ≥ 0, got -1/],
  ["urban heat dt beyond CFL + diffusion limit", () => { const op = heatOp(); return simulateHeat(op, new Float64Array(256), { dt: 2 * maxStableDt(op), steps: 1 }); },
    /urban.simulateHeat: dt = .* s is unstable for the tvd scheme: CFL number .* > 1; use dt ≤ .* s/],
  ["urban SSOR omega ≥ 2", () => solveSteady(heatOp(), { omega: 2 }), /urban.solveSteady: omega must be in \[0.01, 1.99\], got 2/],
  ["urban LBM wind viscosity too small for the grid", () => lbmWind(open16(), { speed: 2, viscosity: 1e-6 }), /urban.lbmWind: viscosity 0.000001 m²\/s .* tau .* < 0.51 .* use viscosity ≥ .* m²\/s or a finer grid/],
  ["urban LBM wind negative viscosity", () => lbmWind(open16(), { speed: 2, viscosity: -1 }), /urban.lbmWind: viscosity must be > 0, got -1/],
  ["urban LBM wind lattice velocity above 0.17", () => lbmWind(open16(), { speed: 2, viscosity: 10, latticeVelocity: 0.3 }), /latticeVelocity must be in \[0.0001, 0.17\], got 0.3/],
  ["urban potential wind negative speed", () => potentialWind(open16(), -1), /urban.potentialWind: speed must be > 0, got -1/],
  ["urban rasterize to 0 columns", () => rasterize(randomLayout(new Rng(1)), 0, 8), /urban.rasterize: nx must be an integer in \[1, 16384\], got 0/],
  ["urban overlapping buildings", () => validateLayout({ domain: { lx: 100, ly: 100 }, buildings: [{ x0: 10, y0: 10, x1: 40, y1: 40 }, { x0: 30, y0: 30, x1: 60, y1: 60 }] }),
    /buildings\[0\] and buildings\[1\] overlap; rectangles may touch but not overlap/],
  ["urban negative street width", () => randomLayout(new Rng(1), { minGap: -1 }), /urban.randomLayout: minGap must be ≥ 0, got -1/],
  // coarse-graining (src/data)
  ["blockMean grid not divisible by the factor", () => blockMean(grid(64, 60), 8),
    /blockMean: grid 64x60 \(H x W\) is not divisible by the factor 8 \(H % 8 = 0, W % 8 = 4\); expected H a multiple of 8 and W a multiple of 8/],
  ["blockMean factor [3, 2] on 64x64", () => blockMean(grid(64, 64), [3, 2]), /blockMean: grid 64x64 \(H x W\) is not divisible by the factor \[3, 2\].*expected H a multiple of 3/],
  ["blockMean HWC layout grid not divisible", () => blockMean({ data: new Float64Array(2 * 30 * 32 * 3), shape: [2, 30, 32, 3] }, 4, { layout: "HWC" }),
    /blockMean: grid 30x32 \(H x W\) is not divisible by the factor 4/],
  ["blockMean factor 0", () => blockMean(grid(64, 64), 0), /blockMean: factor must be a positive integer or \[fy, fx\], got 0/],
  ["subsample grid not divisible by the factor", () => subsample(grid(30, 30), 4), /subsample: grid 30x30 \(H x W\) is not divisible by the factor 4/],
  ["subsample offset outside the block", () => subsample(grid(32, 32), 2, { offset: 2 }), /subsample: offset must be integers in \[0, 2\) x \[0, 2\), got 2/],
  ["spectralCut grid not divisible by the factor", () => spectralCut(grid(64, 64), 3), /spectralCut: grid 64x64 \(H x W\) is not divisible by the factor 3/],
  ["spectralCut grid not a power of two", () => spectralCut(grid(48, 48), 2), /spectralCut: H and W must be powers of two, got 48x48/],
  ["patches: SR scale does not divide the patch size", () => patchesAt({ data: new Float64Array(32 * 32), shape: [1, 32, 32] }, Int32Array.of(0, 0, 0), { size: 10, scale: 4 }), /patchesAt: patch size 10x10 is not divisible by the scale 4/],
];

const tally = { tried: 0, refused: 0, unclear: [] as string[] };

describe("simulators and coarse-graining refuse bad parameters with a message naming the parameter and the allowed range", () => {
  afterAll(() => {
    console.log(`bad inputs tried: ${tally.tried}, refused with a clear message: ${tally.refused}` +
      (tally.unclear.length > 0 ? ` (not: ${tally.unclear.join("; ")})` : ""));
  });

  it.each(rows)("%s", (label, attempt, message) => {
    tally.tried++;
    let error: unknown;
    try {
      attempt();
    } catch (e) {
      error = e;
    }
    const clear = (error instanceof RangeError || error instanceof TypeError) && message.test(error.message);
    if (clear) tally.refused++;
    else tally.unclear.push(`${label}: ${error instanceof Error ? error.message : "no error"}`);
    expect(error, `${label} was accepted`).toBeInstanceOf(Error);
    expect(error instanceof RangeError || error instanceof TypeError, `${label}: ${(error as Error).name}`).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
