/**
 * The building layouts stored in an urban dataset (arrays `buildings` [n, maxBuildings, 4] and
 * `buildingCount` [n]), rebuilt as sim.urban layouts — so a notebook can run the solver again on
 * exactly the layouts a surrogate was tested on.
 */
import type { BuildingLayout, UrbanDomain } from "../sim/urban";
import { checkInt } from "../core/checks";
import type { Dataset } from "./types";

/** Layouts of rows [from, to) of an urban dataset (default: all), in metres. */
export function urbanLayouts(dataset: Dataset, rows?: [number, number]): BuildingLayout[] {
  const where = "data.urbanLayouts", a = dataset.arrays;
  if (a.buildings === undefined || a.buildingCount === undefined) {
    throw new RangeError(`${where}: dataset "${dataset.name}" has no buildings/buildingCount arrays (an urban dataset has them)`);
  }
  const n = a.buildingCount.shape[0], max = a.buildings.shape[1], rects = a.buildings.data, counts = a.buildingCount.data;
  const [from, to] = rows ?? [0, n];
  checkInt(where, "rows[0]", from, 0, n); checkInt(where, "rows[1]", to, from, n);
  const domain = (dataset.manifest.parameters as unknown as { domain: UrbanDomain }).domain;
  return Array.from({ length: to - from }, (_, k) => {
    const r = from + k;
    return { domain, buildings: Array.from({ length: counts[r] }, (_, b) => {
      const o = (r * max + b) * 4;
      return { x0: rects[o], y0: rects[o + 1], x1: rects[o + 2], y1: rects[o + 3] };
    }) };
  });
}
