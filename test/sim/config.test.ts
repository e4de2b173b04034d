import { describe, expect, it } from "vitest";
import { NavierStokes2d } from "../../src/sim/navier-stokes";
import { Burgers1d } from "../../src/sim/burgers";
import { BarotropicModel, srdaJet } from "../../src/sim/barotropic";
import { Lorenz63 } from "../../src/sim/lorenz63";
import { Lorenz96, Lorenz96TwoScale } from "../../src/sim/lorenz96";
import { DoubleWell, DraggedTrap, OrnsteinUhlenbeck, TwoTemperature } from "../../src/sim/langevin";

describe("simulator configs are data: new Model(model.toConfig()) rebuilds an equal model", () => {
  const cases: [string, () => { toConfig(): unknown }, (c: never) => { toConfig(): unknown }][] = [
    ["NavierStokes2d", () => new NavierStokes2d({ n: 16, viscosity: 1e-3, drag: 0.1, forcing: { kind: "kolmogorov", amplitude: 1, wavenumber: 4 } }), (c) => new NavierStokes2d(c)],
    ["Burgers1d", () => new Burgers1d({ n: 64, viscosity: 0.01, length: 2 }), (c) => new Burgers1d(c)],
    ["BarotropicModel (SRDA low)", () => new BarotropicModel(srdaJet("low").config), (c) => new BarotropicModel(c)],
    ["Lorenz63", () => new Lorenz63({ rho: 30 }), (c) => new Lorenz63(c)],
    ["Lorenz96", () => new Lorenz96({ sites: 10, forcing: 6 }), (c) => new Lorenz96(c)],
    ["Lorenz96TwoScale", () => new Lorenz96TwoScale(), (c) => new Lorenz96TwoScale(c)],
    ["OrnsteinUhlenbeck", () => new OrnsteinUhlenbeck({ dim: 2, drift: Float64Array.of(-1, 0.2, 0, -2), noise: Float64Array.of(1, 0.5) }), (c) => new OrnsteinUhlenbeck(c)],
    ["DoubleWell", () => new DoubleWell({ sigma: 0.3 }), (c) => new DoubleWell(c)],
    ["DraggedTrap", () => new DraggedTrap({ stiffness: 2, friction: 1, temperature: 0.5, speed: 1 }), (c) => new DraggedTrap(c)],
  ];
  it.each(cases)("%s", (_name, make, rebuild) => {
    const a = make(), cfg = a.toConfig();
    expect(JSON.parse(JSON.stringify(rebuild(JSON.parse(JSON.stringify(cfg, replacer), reviver) as never).toConfig(), replacer)))
      .toEqual(JSON.parse(JSON.stringify(cfg, replacer)));
  });
  it("TwoTemperature keeps its physical parameters", () => {
    const p = { rx: 1, ry: 2, a: 0.3, b: 0.1, Tx: 1, Ty: 0.2 };
    expect({ ...new TwoTemperature(p).params }).toEqual(p);
  });
});

// Float64Arrays travel through JSON as tagged number lists
function replacer(_k: string, v: unknown): unknown { return v instanceof Float64Array ? { f64: Array.from(v) } : v; }
function reviver(_k: string, v: unknown): unknown { return v && typeof v === "object" && "f64" in (v as object) ? Float64Array.from((v as { f64: number[] }).f64) : v; }
