// Urban canopy in plan view: random building layouts (metres), exact rasterization at any
// resolution, wind (lattice Boltzmann or potential flow, projected divergence-free) and the
// finite-volume heat equation (steady SSOR, unsteady SSP-RK2 with upwind or TVD advection).
export { DEFAULT_DOMAIN, randomLayout, separation, validateLayout } from "./layout";
export type { BuildingLayout, RandomLayoutOptions, Rect, UrbanDomain } from "./layout";
export { makeGrid, maskFromSolid, rasterize } from "./raster";
export type { BuildingMask, UrbanGrid } from "./raster";
export { cellVelocity, closeBuildingFaces, connectedToColumns, netOutflow, openCells } from "./faces";
export type { FaceWind } from "./faces";
export { projectWind } from "./projection";
export type { ProjectionOptions, ProjectionResult } from "./projection";
export { lbmWind, potentialWind } from "./wind";
export type { LbmWindOptions, WindInfo, WindResult } from "./wind";
export { DEFAULT_HEAT, heatBudget, heatOperator, heatParameters } from "./heat-operator";
export type { HeatBudget, HeatOperator, HeatParameters } from "./heat-operator";
export { solveSteady } from "./heat-steady";
export type { SteadyOptions, SteadyResult } from "./heat-steady";
export { heatTendency, maxStableDt, simulateHeat } from "./heat-unsteady";
export type { AdvectionScheme, HeatRun, HeatRunOptions } from "./heat-unsteady";
export { DEFAULT_WIND, computeWind, solveUrbanSteady } from "./steady-case";
export { wallAdjacency } from "./adjacency";
export type { UrbanCaseOptions, UrbanSteadyCase, WindModel, WindOptions } from "./steady-case";
