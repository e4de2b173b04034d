// Public API of src/sim: simulators on Float64Array (float64), each a namespace. Internals are not
// re-exported.
export * as integrators from "./integrators";
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
