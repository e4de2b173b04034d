// Public API of src/sim: simulators on Float64Array (float64), each a namespace. Internals are not
// re-exported. Random functions take a core.Rng (`{ rng }`); model configs keep numeric seeds.
//
//   integrators   RK4, SSP-RK3, Euler, IF-RK4, ETDRK4, Euler–Maruyama; the shared time loop
//   spectral      real FFTs (fft.js), wavenumbers, 2/3 dealiasing, derivatives, spectra, advection step
//   navierStokes  2D incompressible NS, vorticity form, doubly periodic (decaying, Kolmogorov)
//   burgers       1D viscous Burgers (ETDRK4) with the Cole–Hopf exact solution, the FNO GRF, a CFL step rule
//   barotropic    β-plane QG flow with topography; doubly periodic or channel (the SRDA jet)
//   lorenz63, lorenz96, ode   low-order chaos with Jacobian-vector products and tangent-linear runs;
//                 lorenz96 also: closures (hybrid models), batched ensembles, forecast RMSE, climatology
//   langevin      OU / two-temperature / double-well / dragged-trap ensembles, Lyapunov equation
//   urban, lbm    urban canopy and lattice-Boltzmann (helper H5b)
export * as integrators from "./integrators";
export type { Scheme, SplitRunOptions, SplitRun } from "./split-model";
export * as spectral from "./spectral";
export * as navierStokes from "./navier-stokes";
export * as burgers from "./burgers";
export * as barotropic from "./barotropic";
export * as lorenz63 from "./lorenz63";
export * as lorenz96 from "./lorenz96";
export * as ode from "./ode";
export * as langevin from "./langevin";
export * as urban from "./urban";
export * as lbm from "./lbm";
